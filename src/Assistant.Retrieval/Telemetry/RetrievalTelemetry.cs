using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Assistant.Retrieval.Telemetry;

/// <summary>
/// The retrieval core's spans and metrics, with System.Diagnostics only: the host decides whether anything listens
/// (OpenTelemetry in the bot and the indexer CLI subscribe to "Assistant.*"). Attributes are ids, counts and codes; never
/// a question, a chunk's text or a file's name (an archive file may be named after a parcel or a person).
/// </summary>
public static class RetrievalTelemetry
{
    public const string Name = "Assistant.Retrieval";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Bucket boundaries in seconds for latencies from a millisecond to ten seconds (OpenTelemetry's HTTP ones).</summary>
    public static readonly IReadOnlyList<double> SecondsBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    public static readonly Histogram<double> SearchDuration = Meter.CreateHistogram(
        "assistant.retrieval.duration", "s", "Time of one regulation search (question analysis, store query, ranking).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    public static readonly Counter<long> IndexedChunks = Meter.CreateCounter<long>(
        "assistant.indexing.chunks", "{chunk}", "Chunks written to the store by indexing runs.");

    public static readonly Counter<long> IndexedFiles = Meter.CreateCounter<long>(
        "assistant.indexing.files", "{file}", "Files seen by indexing runs, by outcome (indexed, unchanged, removed, failed, skipped).");

    public static readonly Histogram<double> IndexingThroughput = Meter.CreateHistogram(
        "assistant.indexing.throughput", "{chunk}/s", "Chunks written per second over one indexing run that wrote any.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 25000] });

    public static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "assistant.errors", "{error}", "Errors by kind (error.type) and area (assistant.area).");

    /// <summary>One error of <paramref name="kind"/> (an exception type's name or a short code) in <paramref name="area"/>.</summary>
    public static void CountError(string area, string kind) =>
        Errors.Add(1, new KeyValuePair<string, object?>("assistant.area", area), new KeyValuePair<string, object?>("error.type", kind));
}
