using Assistant.Retrieval.Embeddings;
using Assistant.Retrieval.Ingestion;
using Assistant.Retrieval.Search;
using Assistant.Retrieval.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Assistant.Conversation.Hosting;

/// <summary>Section "Corpus": the bundled regulations the assistant indexes on first start.</summary>
public sealed class CorpusOptions
{
    public const string Section = "Corpus";
    /// <summary>Folder of the bundled corpus; empty: the data/regulations copied beside the program.</summary>
    public string Path { get; set; } = "";
    /// <summary>Index new or changed files of the corpus at every start (cheap: unchanged files are skipped).</summary>
    public bool IndexOnStart { get; set; } = true;
    /// <summary>
    /// Commit the index after this many indexed files: a start that is killed keeps the files committed before, and the
    /// next start skips them. 1 (each file) costs one fsync per file of the bundled corpus, nothing next to parsing it.
    /// </summary>
    public int CommitEveryFiles { get; set; } = 1;
}

/// <summary>Where the vectors stand: <see cref="State"/> is one of the constants, <see cref="Reason"/> says why when skipped or failed.</summary>
public sealed record EmbeddingStatus(string State, int Done, int Total, string? Reason = null);

/// <summary>The values of <see cref="EmbeddingStatus.State"/>.</summary>
public static class EmbeddingStates
{
    public const string Off = "off";
    public const string Skipped = "skipped";
    public const string Waiting = "waiting";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Inline = "inline";
}

/// <summary>What /healthz shows of the store: counts and the generation only (operators' view, no contents).</summary>
public sealed record CorpusReadiness(bool Ready, string Status, int Sources, int Chunks, int Vectors, long Generation, EmbeddingStatus Embeddings)
{
    /// <summary>The store answered this description (its counts were read); false before ready or when it could not be read.</summary>
    public bool StoreOpened { get; init; }

    /// <summary>Where the start-up indexing stands: one of <see cref="IndexingStates"/>.</summary>
    public string Indexing { get; init; } = IndexingStates.Starting;
}

/// <summary>The values of <see cref="CorpusBootstrapService.IndexingState"/> (machine-readable; the status text says it in Vietnamese).</summary>
public static class IndexingStates
{
    public const string Starting = "starting";
    public const string Indexing = "indexing";
    public const string Done = "done";
    /// <summary>Corpus:IndexOnStart is false and the store already had sources: nothing indexed at this start.</summary>
    public const string Skipped = "skipped";
    /// <summary>The corpus folder is missing; the store answers with what it had, if anything.</summary>
    public const string CorpusMissing = "corpus-missing";
    public const string Failed = "failed";
}

/// <summary>
/// Makes the store ready at start: on first start with an empty store it indexes the bundled corpus (with progress
/// in the logs), later starts only pick up changed files. With Embeddings:Background the lexical index is committed
/// first and the store is ready from then on; the vectors follow in the background (or not at all with
/// Embeddings:SkipWhenUnused while Retrieval:DenseWeight is 0). Readiness is what /healthz reports.
/// </summary>
public sealed class CorpusBootstrapService(
    IChunkStore store, IndexingPipeline pipeline, EmbeddingBackfill backfill, IOptions<CorpusOptions> options,
    IOptions<EmbeddingOptions> embeddingOptions, IOptions<RetrievalOptions> retrievalOptions, ILogger<CorpusBootstrapService> logger)
    : BackgroundService
{
    private volatile string _status = "đang khởi động";
    private volatile bool _ready;
    private volatile EmbeddingStatus _embeddings = new(EmbeddingStates.Waiting, 0, 0);

    private volatile string _indexing = IndexingStates.Starting;

    public bool IsReady => _ready;

    /// <summary>Where the start-up indexing stands (<see cref="IndexingStates"/>).</summary>
    public string IndexingState => _indexing;
    public string Status => _status;
    public EmbeddingStatus Embeddings => _embeddings;

    /// <summary>The store's counts and generation with the readiness and the embeddings' state, for /healthz.</summary>
    public async Task<CorpusReadiness> DescribeAsync(CancellationToken ct)
    {
        // The states first, the store's counts after: counts read before the background embedding committed its last
        // source must not go out beside its "done" (done 4 of 9 chunks), so a state is never newer than the counts.
        bool ready = _ready;
        var embeddings = _embeddings;
        var indexing = _indexing;
        var status = _status;
        // Not before ready: a reader opened while the first commit is being written can read a half-written segments file.
        if (!ready) return new CorpusReadiness(false, status, 0, 0, 0, 0, embeddings) { Indexing = indexing };
        try
        {
            var stats = await store.GetStatsAsync(ct);
            return new CorpusReadiness(true, status, stats.Sources, stats.Chunks, stats.Vectors, store.Generation, embeddings)
            {
                StoreOpened = true,
                Indexing = indexing,
            };
        }
        catch (IOException)
        {
            // A file of the store removed by a merge while it was being measured: report no counts this time.
            return new CorpusReadiness(true, status, 0, 0, 0, 0, embeddings) { Indexing = indexing };
        }
    }

    /// <summary>Why no vectors are computed in this configuration, or null when they are.</summary>
    private string? SkipReason()
    {
        if (!backfill.CanRun && embeddingOptions.Value.Provider == "none") return "Embeddings:Provider is none";
        if (embeddingOptions.Value.SkipWhenUnused && retrievalOptions.Value.DenseWeight <= 0)
            return "Retrieval:DenseWeight is 0 and Embeddings:SkipWhenUnused is true: vectors would change no answer";
        return null;
    }

    private bool Deferred => embeddingOptions.Value.Background && backfill.CanRun;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var skip = SkipReason();
            var sources = await store.GetSourcesAsync(stoppingToken);
            if (!options.Value.IndexOnStart && sources.Count > 0)
            {
                _indexing = IndexingStates.Skipped;
                Ready(sources.Count);
                await EmbedInBackgroundAsync(skip, stoppingToken);
                return;
            }
            if (!Directory.Exists(options.Value.Path))
            {
                _status = $"không tìm thấy kho văn bản '{options.Value.Path}'";
                _indexing = IndexingStates.CorpusMissing;
                logger.LogError("Bundled corpus folder {Path} is missing", options.Value.Path);
                if (sources.Count > 0)
                {
                    Ready(sources.Count);
                    await EmbedInBackgroundAsync(skip, stoppingToken);
                }
                return;
            }
            _status = sources.Count == 0 ? "đang lập chỉ mục văn bản lần đầu" : "đang cập nhật chỉ mục";
            _indexing = IndexingStates.Indexing;
            logger.LogInformation("Indexing the bundled corpus from {Path} ({Existing} sources already indexed)", options.Value.Path, sources.Count);
            int lastPercent = -1;
            var progress = new Progress<IndexProgress>(p =>
            {
                int percent = p.FilesTotal == 0 ? 100 : (int)(100.0 * (p.FilesDone + (p.ChunksTotal > 0 ? (double)p.ChunksDone / p.ChunksTotal : 0)) / p.FilesTotal);
                if (percent / 10 == lastPercent / 10) return;
                lastPercent = percent;
                _status = $"đang lập chỉ mục: {percent}%";
                logger.LogInformation("Indexing {Percent}% ({Done}/{Total} files)", percent, p.FilesDone, p.FilesTotal);
            });
            // Deferred: chunks are written without vectors (skipped ones too), so the lexical index commits in seconds.
            bool deferred = Deferred || (skip is not null && backfill.CanRun);
            if (!deferred && backfill.CanRun) _embeddings = new EmbeddingStatus(EmbeddingStates.Inline, 0, 0, "Embeddings:Background is false: vectors are computed while indexing");
            var report = await pipeline.IndexAsync([options.Value.Path], new IndexRunOptions { DeferEmbeddings = deferred, CommitEvery = Math.Max(1, options.Value.CommitEveryFiles) }, progress, stoppingToken);
            foreach (var failed in report.Files.Where(f => f.Outcome == FileOutcome.Failed))
                logger.LogWarning("Corpus file not indexed: {File}: {Reason}", failed.Path, failed.Error);
            _indexing = IndexingStates.Done;
            Ready((await store.GetSourcesAsync(stoppingToken)).Count);
            await EmbedInBackgroundAsync(skip, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _status = $"lỗi lập chỉ mục: {e.Message}";
            _indexing = IndexingStates.Failed;
            logger.LogError(e, "Indexing the bundled corpus failed");
        }
    }

    /// <summary>
    /// Fills in the missing vectors after the store is ready, logging every 10 %; cancelled on shutdown, keeping what
    /// was committed (the next start resumes). Only counts of chunks are logged.
    /// </summary>
    private async Task EmbedInBackgroundAsync(string? skip, CancellationToken stoppingToken)
    {
        if (!backfill.CanRun)
        {
            _embeddings = new EmbeddingStatus(EmbeddingStates.Off, 0, 0, skip ?? "no embedding generator or the store cannot be re-written");
            return;
        }
        if (skip is not null)
        {
            var measured = await backfill.MeasureAsync(stoppingToken);
            _embeddings = new EmbeddingStatus(EmbeddingStates.Skipped, measured.Done, measured.Total, skip);
            logger.LogInformation("Embeddings skipped ({Done}/{Total} chunks have vectors): {Reason}", measured.Done, measured.Total, skip);
            return;
        }
        int lastTenth = -1;
        var progress = new SynchronousProgress<EmbeddingProgress>(p =>
        {
            _embeddings = new EmbeddingStatus(EmbeddingStates.Running, p.Done, p.Total);
            int tenth = p.Total == 0 ? 10 : 10 * p.Done / p.Total;
            if (tenth == lastTenth) return;
            lastTenth = tenth;
            logger.LogInformation("Embedding {Percent}% ({Done}/{Total} chunks)", tenth * 10, p.Done, p.Total);
        });
        try
        {
            var result = await backfill.RunAsync(progress, stoppingToken);
            _embeddings = new EmbeddingStatus(EmbeddingStates.Done, result.Done, result.Total);
            logger.LogInformation("Embeddings done: {Done}/{Total} chunks", result.Done, result.Total);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Embedding stopped by shutdown at {Done}/{Total} chunks; the next start resumes", _embeddings.Done, _embeddings.Total);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The lexical index stays ready: a failed embedder costs the dense part only.
            _embeddings = _embeddings with { State = EmbeddingStates.Failed, Reason = e.GetType().Name };
            logger.LogError(e, "Background embedding failed");
        }
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    private void Ready(int sources)
    {
        _status = $"sẵn sàng ({sources} tệp văn bản)";
        _ready = true;
        logger.LogInformation("Store ready with {Sources} sources", sources);
    }
}
