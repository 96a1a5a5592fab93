using System.Diagnostics;
using Assistant.Access;

namespace Assistant.Bot.Hosting;

/// <summary>
/// The host's own span of a turn, with System.Diagnostics (AddServiceDefaults subscribes OpenTelemetry to "Assistant.*").
/// Errors of a turn are counted by the conversation core's "assistant.errors"; the adapter's unhandled ones here.
/// </summary>
public static class BotTelemetry
{
    public const string Name = "Assistant.Bot";

    public const string TurnSpan = "channel.turn";

    public static readonly ActivitySource Source = new(Name);

    public static readonly System.Diagnostics.Metrics.Meter Meter = new(Name);

    public static readonly System.Diagnostics.Metrics.Counter<long> Errors = Meter.CreateCounter<long>(
        "assistant.errors", "{error}", "Errors by kind (error.type) and area (assistant.area).");

    /// <summary>One error of <paramref name="kind"/> (an exception type's name) in <paramref name="area"/>.</summary>
    public static void CountError(string area, string kind) =>
        Errors.Add(1, new KeyValuePair<string, object?>("assistant.area", area), new KeyValuePair<string, object?>("error.type", kind));

    /// <summary>The caller's role and the text's length on the current turn's span (lengths only: never the text).</summary>
    public static void TagCurrentTurn(UserRole role, int textLength)
    {
        if (Activity.Current is not { } span || span.Source != Source || span.OperationName != TurnSpan) return;
        span.SetTag("assistant.role", role.ToString());
        span.SetTag("assistant.text.length", textLength);
    }
}
