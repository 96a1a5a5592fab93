using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Ingestion;
using Assistant.Retrieval.Storage.Embedded;

namespace Assistant.Retrieval.Tests.Storage;

/// <summary>
/// A stop in the middle of an indexing run (SIGTERM to the bot, Ctrl+C to the CLI) commits the files finished so far,
/// even between two batch commits: the next run skips them.
/// </summary>
public sealed class IndexingStopTests : IDisposable
{
    private readonly ScratchFolder _tmp = new("assistant-index-stop-");

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public async Task CancelledBetweenBatchCommits_CommitsTheFinishedFiles_AndTheNextRunSkipsThem()
    {
        var corpus = _tmp.Folder("corpus");
        for (var i = 1; i <= 6; i++)
        {
            File.WriteAllText(Path.Combine(corpus, $"qd-{i}.md"), StoreTestData.Decision($"{i}/2026/QĐ-UBND", $"QUYẾT ĐỊNH SỐ {i} VỀ HẠN MỨC ĐẤT Ở",
                ("Phạm vi", $"Quyết định số {i} quy định hạn mức đất ở."), ("Hạn mức", $"Hạn mức là {100 + i} m2.")));
        }

        var storePath = _tmp.File("store");
        using var stop = new CancellationTokenSource();
        await using (var store = new LuceneChunkStore(storePath, RepoPaths.NewAnalyzer()))
        {
            var pipeline = new IndexingPipeline(store, DocumentReaders.CreateDefault(), new LegalChunker(), embeddings: null, embeddingModel: null);
            // The stop comes as the fifth file starts; the batch commit (every 20 files) has not come yet.
            var progress = new SynchronousProgress(p =>
            {
                if (p.FilesDone == 4 && p.Stage == "đọc") stop.Cancel();
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                pipeline.IndexAsync([corpus], new IndexRunOptions { CommitEvery = 20 }, progress, stop.Token));
        }

        await using (var store = new LuceneChunkStore(storePath, RepoPaths.NewAnalyzer()))
        {
            Assert.Equal(4, (await store.GetSourcesAsync(CancellationToken.None)).Count);
            var pipeline = new IndexingPipeline(store, DocumentReaders.CreateDefault(), new LegalChunker(), embeddings: null, embeddingModel: null);
            var rerun = await pipeline.IndexAsync([corpus]);
            Assert.Equal(4, rerun.Count(FileOutcome.Unchanged));
            Assert.Equal(2, rerun.Count(FileOutcome.Indexed));
        }
    }

    /// <summary>Reports on the caller's thread, so the stop lands exactly where it is asked for.</summary>
    private sealed class SynchronousProgress(Action<IndexProgress> report) : IProgress<IndexProgress>
    {
        public void Report(IndexProgress value) => report(value);
    }
}
