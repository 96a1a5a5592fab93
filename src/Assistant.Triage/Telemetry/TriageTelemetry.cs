using System.Diagnostics;
using System.Diagnostics.Metrics;
using Assistant.Triage.Storage;

namespace Assistant.Triage.Telemetry;

/// <summary>
/// Triage's spans and metrics, with System.Diagnostics only (the host's OpenTelemetry subscribes to "Assistant.*").
/// Attributes are the dossier's id, procedure and unit codes, confidence and counts; never the description, the applicant
/// or an identity number.
/// </summary>
public static class TriageTelemetry
{
    public const string Name = "Assistant.Triage";

    /// <summary>Where a triage request came from: the officers' API (stored) or the chat command (not stored).</summary>
    public const string FromApi = "api";
    public const string FromChat = "chat";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "assistant.triage.requests", "{request}", "Triage requests by source (api, chat) and outcome.");

    public static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "assistant.errors", "{error}", "Errors by kind (error.type) and area (assistant.area).");

    /// <summary>One request from <paramref name="source"/> that ended as <paramref name="outcome"/>.</summary>
    public static void CountRequest(string source, string outcome) =>
        Requests.Add(1, new KeyValuePair<string, object?>("assistant.triage.source", source), new KeyValuePair<string, object?>("assistant.triage.outcome", outcome));

    /// <summary>One error of <paramref name="kind"/> (an exception type's name or a short code) in <paramref name="area"/>.</summary>
    public static void CountError(string area, string kind) =>
        Errors.Add(1, new KeyValuePair<string, object?>("assistant.area", area), new KeyValuePair<string, object?>("error.type", kind));
}

/// <summary>
/// The queue's depth per unit as an observable gauge ("assistant.triage.queue.depth", tag assistant.unit.code), read
/// from the store when a reader collects (once per export interval), not on every submission. Made by the DI's
/// <see cref="IMeterFactory"/>, so that the gauge lives and dies with the host that owns the store.
/// </summary>
public sealed class TriageQueueMetrics
{
    public TriageQueueMetrics(IMeterFactory meters, TriageStore store)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(store);
        var meter = meters.Create(TriageTelemetry.Name);
        meter.CreateObservableGauge("assistant.triage.queue.depth", () => Observe(store), "{dossier}", "Dossiers in the triage queue, by unit.");
    }

    private static IEnumerable<Measurement<long>> Observe(TriageStore store)
    {
        IReadOnlyList<(string Unit, long Count)> counts;
        try
        {
            counts = store.CountByUnit();
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or Microsoft.Data.Sqlite.SqliteException)
        {
            // A store closed during shutdown, or a locked file: no measurement this time rather than a failed export.
            TriageTelemetry.CountError("triage", e.GetType().Name);
            return [];
        }
        return counts.Select(c => new Measurement<long>(c.Count, new KeyValuePair<string, object?>("assistant.unit.code", c.Unit)));
    }
}

/// <summary>Creates <see cref="TriageQueueMetrics"/> when the host starts (a gauge nobody resolves would never exist).</summary>
internal sealed class TriageQueueMetricsStarter(IServiceProvider services) : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // A host without metrics (no IMeterFactory registered) has nobody to read the gauge.
        if (services.GetService(typeof(IMeterFactory)) is not null) _ = services.GetService(typeof(TriageQueueMetrics));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
