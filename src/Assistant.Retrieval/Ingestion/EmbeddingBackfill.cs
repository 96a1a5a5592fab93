using Assistant.Retrieval.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Assistant.Retrieval.Ingestion;

/// <summary>Chunks of the store that have a vector, of all chunks.</summary>
public sealed record EmbeddingProgress(int Done, int Total);

/// <summary>
/// Adds the missing vectors to a store whose chunks were written lexically first (<see cref="IndexRunOptions.DeferEmbeddings"/>).
/// Works a whole source at a time: its chunks are embedded, then the source is replaced with the same chunks and their
/// vectors, and a commit follows every <c>commitEveryChunks</c> embedded chunks. Each commit makes the vectors visible
/// (the store's generation changes) and keeps the work: a run that is cancelled commits the sources it finished, and the
/// next run starts from the chunks still without a vector.
/// </summary>
public sealed class EmbeddingBackfill(
    IChunkStore store,
    IEmbeddingGenerator<string, Embedding<float>>? embeddings,
    int batchSize = 32,
    int commitEveryChunks = 256,
    ILogger<EmbeddingBackfill>? logger = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>False when there is no generator, or the store cannot hand out its chunks to re-write them.</summary>
    public bool CanRun => embeddings is not null && store is IChunkStoreExport;

    /// <summary>Counts the chunks that have a vector, without embedding anything.</summary>
    public async Task<EmbeddingProgress> MeasureAsync(CancellationToken ct)
    {
        if (store is not IChunkStoreExport export) return new EmbeddingProgress(0, 0);
        int done = 0, total = 0;
        await foreach (var (_, chunks) in export.ExportAsync(ct))
        {
            total += chunks.Count;
            done += chunks.Count(c => c.Vector is { Length: > 0 });
        }
        return new EmbeddingProgress(done, total);
    }

    public async Task<EmbeddingProgress> RunAsync(IProgress<EmbeddingProgress>? progress, CancellationToken ct)
    {
        if (embeddings is null || store is not IChunkStoreExport export) return new EmbeddingProgress(0, 0);

        // Read first, write after: the export reads one searcher, and the sources are re-written from that snapshot.
        var pending = new List<(SourceRecord Source, IReadOnlyList<EmbeddedChunk> Chunks)>();
        int done = 0, total = 0;
        await foreach (var (source, chunks) in export.ExportAsync(ct))
        {
            total += chunks.Count;
            int have = chunks.Count(c => c.Vector is { Length: > 0 });
            done += have;
            if (have < chunks.Count) pending.Add((source, chunks));
        }
        progress?.Report(new EmbeddingProgress(done, total));
        if (pending.Count == 0) return new EmbeddingProgress(done, total);
        _logger.LogInformation("Embedding {Missing} chunks of {Sources} sources in the background", total - done, pending.Count);

        int sinceCommit = 0;
        try
        {
            foreach (var (source, chunks) in pending)
            {
                var filled = new EmbeddedChunk[chunks.Count];
                var missing = new List<int>();
                for (int i = 0; i < chunks.Count; i++)
                {
                    if (chunks[i].Vector is { Length: > 0 }) filled[i] = chunks[i];
                    else missing.Add(i);
                }
                for (int start = 0; start < missing.Count; start += batchSize)
                {
                    var batch = missing.Skip(start).Take(batchSize).ToList();
                    var vectors = await embeddings.GenerateAsync(batch.Select(i => chunks[i].Chunk.IndexText), cancellationToken: ct);
                    for (int j = 0; j < batch.Count; j++) filled[batch[j]] = chunks[batch[j]] with { Vector = vectors[j].Vector.ToArray() };
                    done += batch.Count;
                    progress?.Report(new EmbeddingProgress(done, total));
                }
                // Only a fully embedded source is staged, so a cancelled run never leaves half a source behind.
                await store.ReplaceSourceAsync(source, filled, ct);
                sinceCommit += missing.Count;
                if (sinceCommit >= commitEveryChunks)
                {
                    await store.CommitAsync(ct);
                    sinceCommit = 0;
                }
            }
            await store.CommitAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested && sinceCommit > 0)
        {
            // Keep the sources already re-written: the next start resumes after them.
            await store.CommitAsync(CancellationToken.None);
            throw;
        }
        return new EmbeddingProgress(done, total);
    }
}
