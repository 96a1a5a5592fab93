namespace Assistant.Bot.Hosting;

/// <summary>
/// Tells /healthz and /healthz/ready whether the assistant can answer (for instance: the document store is indexed and
/// opened). The host registers <see cref="CorpusReadinessProbe"/>; register another implementation to report something else.
/// </summary>
public interface IReadinessProbe
{
    bool IsReady { get; }

    /// <summary>Short status text: "ready", or why not (shown in the /healthz body).</summary>
    string Status { get; }
}
