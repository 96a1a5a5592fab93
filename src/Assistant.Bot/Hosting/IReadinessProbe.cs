namespace Assistant.Bot.Hosting;

/// <summary>
/// Tells /healthz whether the assistant can answer (for instance: the document store is indexed and opened).
/// The host registers <see cref="AlwaysReadyProbe"/>; register your own implementation (after AddAssistantBot, or
/// before it: the host only adds its default when none is registered) to report real readiness.
/// </summary>
public interface IReadinessProbe
{
    bool IsReady { get; }

    /// <summary>Short status text: "ready", or why not (shown in the /healthz body).</summary>
    string Status { get; }
}

/// <summary>Default probe until the store's own probe is plugged in: always ready.</summary>
public sealed class AlwaysReadyProbe : IReadinessProbe
{
    public bool IsReady => true;

    public string Status => "ready";
}
