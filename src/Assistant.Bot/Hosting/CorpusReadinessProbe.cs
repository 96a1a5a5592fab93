using Assistant.Conversation.Hosting;

namespace Assistant.Bot.Hosting;

/// <summary>Ready once the bundled corpus is indexed (first start) or the store was found ready.</summary>
public sealed class CorpusReadinessProbe(CorpusBootstrapService bootstrap) : IReadinessProbe
{
    public bool IsReady => bootstrap.IsReady;
    public string Status => bootstrap.Status;
}
