using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Assistant.Conversation.Telemetry;

/// <summary>
/// A turn's spans and metrics, with System.Diagnostics only (the host's OpenTelemetry subscribes to "Assistant.*").
/// Attributes are the channel, the reply's kind, procedure codes and counts; never the message, a name or a number the
/// citizen typed.
/// </summary>
public static class ConversationTelemetry
{
    public const string Name = "Assistant.Conversation";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Turns = Meter.CreateCounter<long>(
        "assistant.turns", "{turn}", "Turns answered by the conversation core, by channel and intent.");

    public static readonly Histogram<double> TurnDuration = Meter.CreateHistogram(
        "assistant.turn.duration", "s", "Time of one turn in the conversation core (state, routing, retrieval, answer, state saved).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] });

    public static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "assistant.errors", "{error}", "Errors by kind (error.type) and area (assistant.area).");

    /// <summary>One error of <paramref name="kind"/> (an exception type's name or a short code) in <paramref name="area"/>.</summary>
    public static void CountError(string area, string kind) =>
        Errors.Add(1, new KeyValuePair<string, object?>("assistant.area", area), new KeyValuePair<string, object?>("error.type", kind));

    /// <summary>
    /// The channel as a bounded tag: the Bot Framework channel ids the host serves, anything else "other" (a client
    /// chooses this string, and a metric's tags must not grow without bound).
    /// </summary>
    public static string ChannelTag(string? channel) => channel switch
    {
        "msteams" or "directline" or "webchat" or "emulator" or "test" => channel,
        null or "" => "none",
        _ => "other",
    };
}
