using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Assistant.Bot.Hosting;

/// <summary>
/// How the host stops (section "Shutdown"): on SIGTERM (systemd stop, Ctrl+C) it first drains — work already accepted
/// finishes, new work is refused with 503 — then stops the server, the background services, and closes the stores.
/// </summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Shutdown";

    /// <summary>The whole stop, drain included (the host's <see cref="HostOptions.ShutdownTimeout"/>). 5 s to 10 min.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The part of <see cref="Timeout"/> kept after the drain for stopping the background services, committing the
    /// index and closing the databases: the drain ends at <see cref="Timeout"/> minus this, whatever is still running.
    /// </summary>
    public TimeSpan CloseReserve { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the drain may last at most.</summary>
    public TimeSpan DrainTimeout => Timeout - CloseReserve;

    internal static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(5);
    internal static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);
}

internal sealed class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>
{
    public ValidateOptionsResult Validate(string? name, ShutdownOptions options)
    {
        if (options.Timeout < ShutdownOptions.MinTimeout || options.Timeout > ShutdownOptions.MaxTimeout)
            return ValidateOptionsResult.Fail($"Shutdown:Timeout must be between {ShutdownOptions.MinTimeout} and {ShutdownOptions.MaxTimeout} (it is {options.Timeout}).");
        if (options.CloseReserve < TimeSpan.FromSeconds(1) || options.CloseReserve > options.Timeout / 2)
            return ValidateOptionsResult.Fail($"Shutdown:CloseReserve must be at least 00:00:01 and at most half of Shutdown:Timeout (it is {options.CloseReserve}).");
        return ValidateOptionsResult.Success;
    }
}

/// <summary>Replies kept in memory until their client fetches them (a Direct Line conversation).</summary>
public interface IPendingDelivery
{
    /// <summary>Something was appended after the client's last read.</summary>
    bool HasUnread { get; }

    /// <summary>Dropped from memory: nothing left to deliver.</summary>
    bool IsEvicted { get; }

    /// <summary>When the client last read the conversation (<see cref="DateTimeOffset.MinValue"/>: never).</summary>
    DateTimeOffset LastReadAt { get; }
}

/// <summary>
/// The graceful stop. While the host runs it counts the work in flight: HTTP requests (<see cref="DrainMiddleware"/>)
/// and Direct Line turns that run after their POST was answered. When the host is asked to stop it starts draining
/// before the server stops listening (<see cref="IHostedLifecycleService.StoppingAsync"/> runs before any service's
/// StopAsync): new requests get 503 with a Vietnamese message, /healthz/ready answers "Draining", and the stop waits
/// until the accepted requests and turns are done and the Direct Line replies they produced have been fetched by their
/// clients (those still polling), at most <see cref="ShutdownOptions.DrainTimeout"/>. Then the host goes on as usual: Kestrel stops, the
/// background services stop (indexing commits what it finished), the container disposes the stores (SQLite files
/// closed, the Lucene writer released).
/// </summary>
public sealed partial class ShutdownDrain(IOptions<ShutdownOptions> options, TimeProvider time, ILogger<ShutdownDrain> logger) : IHostedLifecycleService, IDisposable
{
    /// <summary>
    /// A client that has not read its conversation for this long is taken as gone (Web Chat polls about once a second):
    /// the drain does not wait for it.
    /// </summary>
    internal static readonly TimeSpan ClientGoneAfter = TimeSpan.FromSeconds(10);

    private readonly object _gate = new();
    private readonly CancellationTokenSource _hardStop = new();
    private readonly ConcurrentDictionary<IPendingDelivery, byte> _undelivered = new();
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private bool _draining;

    /// <summary>True once the host has been asked to stop.</summary>
    public bool IsDraining
    {
        get
        {
            lock (_gate) return _draining;
        }
    }

    /// <summary>Requests and turns running now.</summary>
    public int InFlight
    {
        get
        {
            lock (_gate) return _inFlight;
        }
    }

    /// <summary>Cancelled when the drain runs out of time: accepted work still running then is abandoned.</summary>
    public CancellationToken HardStop => _hardStop.Token;

    /// <summary>Counts new work in; false (nothing counted) once draining: the caller refuses it.</summary>
    public bool TryEnter()
    {
        lock (_gate)
        {
            if (_draining) return false;
            _inFlight++;
            return true;
        }
    }

    /// <summary>Counts in work that belongs to something already accepted (a Direct Line turn of an answered POST, a read of its replies).</summary>
    public void EnterAccepted()
    {
        lock (_gate) _inFlight++;
    }

    public void Exit()
    {
        lock (_gate)
        {
            if (--_inFlight == 0 && _draining) _idle.TrySetResult();
        }
    }

    /// <summary>A Direct Line turn appended replies: the drain waits until its client has read them.</summary>
    public void RepliesAppended(IPendingDelivery conversation)
    {
        if (conversation.HasUnread) _undelivered[conversation] = 0;
    }

    /// <summary>A client read its conversation's activities.</summary>
    public void RepliesRead(IPendingDelivery conversation)
    {
        if (!conversation.HasUnread) _undelivered.TryRemove(conversation, out _);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The drain: runs before the server and the background services are stopped.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        Task idle;
        int inFlight;
        lock (_gate)
        {
            _draining = true;
            inFlight = _inFlight;
            if (_inFlight == 0) _idle.TrySetResult();
            idle = _idle.Task;
        }
        LogDrainStarted(logger, inFlight);
        var started = time.GetTimestamp();
        // The drain's own deadline on the host's clock, and the host's stop token (Shutdown:Timeout) above it.
        using var timeout = new CancellationTokenSource(options.Value.DrainTimeout, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await idle.WaitAsync(deadline.Token);
            // Turns are done; their Direct Line replies sit in memory until the clients poll (about once a second).
            while (PendingDeliveries() > 0)
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, deadline.Token);
            LogDrained(logger, time.GetElapsedTime(started).TotalSeconds);
        }
        catch (OperationCanceledException)
        {
            LogDrainTimedOut(logger, InFlight, PendingDeliveries(), time.GetElapsedTime(started).TotalSeconds);
            await _hardStop.CancelAsync();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private int PendingDeliveries()
    {
        var now = time.GetUtcNow();
        var pending = 0;
        foreach (var conversation in _undelivered.Keys)
        {
            if (!conversation.HasUnread || conversation.IsEvicted || now - conversation.LastReadAt > ClientGoneAfter)
                _undelivered.TryRemove(conversation, out _);
            else
                pending++;
        }
        return pending;
    }

    public void Dispose() => _hardStop.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: draining {InFlight} requests and turns in flight; new requests get 503")]
    private static partial void LogDrainStarted(ILogger logger, int inFlight);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drained in {Seconds:0.0} s: every accepted request and turn finished and its replies were fetched")]
    private static partial void LogDrained(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drain timed out after {Seconds:0.0} s with {InFlight} requests or turns still running and {Undelivered} Direct Line conversations with unread replies (Shutdown:Timeout)")]
    private static partial void LogDrainTimedOut(ILogger logger, int inFlight, int undelivered, double seconds);
}

/// <summary>
/// Counts every request in for <see cref="ShutdownDrain"/>; while draining answers new ones 503 with a Vietnamese
/// message (and "Connection: close", so a client behind a balancer reconnects elsewhere), except the health endpoints
/// and the reads of a Direct Line conversation, which let clients fetch the replies of turns accepted before.
/// </summary>
internal sealed class DrainMiddleware(RequestDelegate next, ShutdownDrain drain)
{
    internal const string DrainingMessage = "Trợ lý đang tạm dừng để khởi động lại hoặc bảo trì. Xin vui lòng thử lại sau ít phút.";

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase))
        {
            if (drain.IsDraining && path.Equals(Assistant.ServiceDefaults.ServiceDefaultsExtensions.ReadyPath, StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.CacheControl = "no-store";
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("Draining", context.RequestAborted);
                return;
            }
            await next(context);
            return;
        }

        var readsReplies = HttpMethods.IsGet(context.Request.Method) && path.StartsWithSegments("/v3/directline/conversations", StringComparison.OrdinalIgnoreCase);
        if (readsReplies) drain.EnterAccepted();
        else if (!drain.TryEnter())
        {
            context.Response.Headers.RetryAfter = "30";
            context.Response.Headers.Connection = "close";
            await BotJson.WriteErrorAsync(context.Response, StatusCodes.Status503ServiceUnavailable, "ShuttingDown", DrainingMessage, context.RequestAborted);
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            drain.Exit();
        }
    }
}
