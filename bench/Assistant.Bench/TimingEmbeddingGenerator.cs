using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Assistant.Bench;

/// <summary>Times every embedding call, so that a search's latency can be split into embedding and the rest.</summary>
public sealed class TimingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    /// <summary>Milliseconds spent in embedding calls since the last <see cref="Reset"/>.</summary>
    public double ElapsedMs { get; private set; }

    public void Reset() => ElapsedMs = 0;

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await base.GenerateAsync(values, options, cancellationToken);
        }
        finally
        {
            ElapsedMs += Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
    }
}
