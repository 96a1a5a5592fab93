using System.Globalization;
using Assistant.Audit;
using Assistant.Bot.DirectLine;
using Assistant.Conversation.State;
using Assistant.Triage;
using Assistant.Triage.Storage;
using Microsoft.Extensions.Options;

namespace Assistant.Bot.Retention;

/// <summary>How many records one retention run deleted, per store.</summary>
public sealed record RetentionCounts(int TriageDossiers, int ConversationStates, int DirectLineConversations);

/// <summary>
/// The retention job (Law 91/2025/QH15: personal data is kept no longer than its purpose needs). At start and then once a
/// day on the host's clock it deletes triage records stored more than Triage:RetentionDays ago (with their overrides and
/// subject index), conversation state idle for more than Conversation:StateRetentionDays, and Direct Line conversations
/// idle for more than Bot:DirectLine:IdleExpiry; then appends one "retention.purge" audit row with the counts (never an id).
/// </summary>
public sealed partial class RetentionPurgeService(
    IServiceProvider services, IOptions<TriageOptions> triage, TimeProvider time, ILogger<RetentionPurgeService> logger) : BackgroundService
{
    /// <summary>Time between two runs.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    /// <summary>The actor of the audit rows this job writes.</summary>
    public const string Actor = "system:retention";

    /// <summary>Completed runs (tests wait on it instead of sleeping).</summary>
    public event Action<RetentionCounts>? Completed;

    private DateTimeOffset _nextRun;

    /// <summary>One run: purges every store and records the counts in the audit trail.</summary>
    public async Task<RetentionCounts> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Scheduled from this run's start, before anything can observe the run: a clock moved meanwhile is not missed.
        _nextRun = now + Interval;
        var days = triage.Value.RetentionDays;
        var dossiers = days > 0 ? services.GetRequiredService<TriageStore>().PurgeStoredBefore(now - TimeSpan.FromDays(days)) : 0;
        var states = services.GetService<ConversationStateStore>() is { } state ? await state.PurgeIdleAsync(ct) : 0;
        var directLine = services.GetService<DirectLineConversationStore>()?.Sweep() ?? 0;
        var counts = new RetentionCounts(dossiers, states, directLine);
        services.GetRequiredService<IAuditTrail>().Append(new AuditEntry(
            Actor, "system", null, AuditActions.RetentionPurge,
            string.Create(CultureInfo.InvariantCulture, $"triage={dossiers};conversation-state={states};directline={directLine}"),
            null, AuditOutcomes.Ok));
        LogPurged(logger, dossiers, states, directLine);
        Completed?.Invoke(counts);
        return counts;
    }

    /// <summary>
    /// Opens the triage store before the host serves anything: keys that cannot read it stop the start with
    /// <see cref="Assistant.Triage.Protection.DossierKeysUnavailableException"/>, rather than failing later, request by request.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<TriageStore>();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed run is retried on the next one; the host keeps serving.
                LogFailed(logger, e);
            }
            var wait = _nextRun - time.GetUtcNow();
            if (wait <= TimeSpan.Zero) continue;
            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention purge: {Dossiers} triage records, {States} conversation states, {DirectLine} Direct Line conversations deleted")]
    private static partial void LogPurged(ILogger logger, int dossiers, int states, int directLine);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention purge failed; retried at the next run")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
