using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;

namespace Assistant.Bot.Tests.Infrastructure;

/// <summary>
/// Plays a Bot Framework channel's Connector service: a tiny Kestrel app on 127.0.0.1 used as serviceUrl, recording
/// every activity the bot POSTs to /v3/conversations/{conversationId}/activities[/{replyToId}].
/// </summary>
public sealed class FakeChannel : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly SemaphoreSlim _signal = new(0);

    public sealed record Received(string Path, string? Authorization, Activity Activity);

    private FakeChannel(WebApplication app) => _app = app;

    public Uri ServiceUrl { get; private set; } = null!;

    public IReadOnlyCollection<Received> All => _received.ToArray();

    /// <param name="replyStatus">The status every POST gets (after it is recorded): 200 with an id, or an error status.</param>
    public static async Task<FakeChannel> StartAsync(int replyStatus = StatusCodes.Status200OK)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var channel = new FakeChannel(app);
        app.MapPost("/v3/conversations/{conversationId}/activities/{**rest}", async (HttpContext ctx) =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            var json = await reader.ReadToEndAsync();
            var activity = JsonConvert.DeserializeObject<Activity>(json)!;
            channel._received.Enqueue(new Received(ctx.Request.Path, ctx.Request.Headers.Authorization.ToString(), activity));
            channel._signal.Release();
            return replyStatus == StatusCodes.Status200OK
                ? Results.Json(new { id = "reply-" + Guid.NewGuid().ToString("N") })
                : Results.StatusCode(replyStatus);
        });
        await app.StartAsync();
        channel.ServiceUrl = new Uri(app.Urls.Single().TrimEnd('/') + "/");
        return channel;
    }

    /// <summary>Waits for the first message activity replying to <paramref name="replyToId"/>.</summary>
    public async Task<Received> WaitForMessageAsync(string replyToId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var hit = _received.FirstOrDefault(r => r.Activity.Type == ActivityTypes.Message && r.Activity.ReplyToId == replyToId);
            if (hit is not null)
            {
                return hit;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No reply to {replyToId}; received: {string.Join(", ", _received.Select(r => r.Path))}");
            }

            await _signal.WaitAsync(left);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _signal.Dispose();
    }
}
