using Assistant.Retrieval.Ingestion;
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
}

/// <summary>
/// Makes the store ready at start: on first start with an empty store it indexes the bundled corpus (with progress
/// in the logs), later starts only pick up changed files. Readiness is what /healthz reports.
/// </summary>
public sealed class CorpusBootstrapService(IChunkStore store, IndexingPipeline pipeline, IOptions<CorpusOptions> options, ILogger<CorpusBootstrapService> logger)
    : BackgroundService
{
    private volatile string _status = "đang khởi động";
    private volatile bool _ready;

    public bool IsReady => _ready;
    public string Status => _status;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var sources = await store.GetSourcesAsync(stoppingToken);
            if (!options.Value.IndexOnStart && sources.Count > 0)
            {
                Ready(sources.Count);
                return;
            }
            if (!Directory.Exists(options.Value.Path))
            {
                _status = $"không tìm thấy kho văn bản '{options.Value.Path}'";
                logger.LogError("Bundled corpus folder {Path} is missing", options.Value.Path);
                if (sources.Count > 0) Ready(sources.Count);
                return;
            }
            _status = sources.Count == 0 ? "đang lập chỉ mục văn bản lần đầu" : "đang cập nhật chỉ mục";
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
            var report = await pipeline.IndexAsync([options.Value.Path], progress: progress, ct: stoppingToken);
            foreach (var failed in report.Files.Where(f => f.Outcome == FileOutcome.Failed))
                logger.LogWarning("Corpus file not indexed: {File}: {Reason}", failed.Path, failed.Error);
            Ready((await store.GetSourcesAsync(stoppingToken)).Count);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _status = $"lỗi lập chỉ mục: {e.Message}";
            logger.LogError(e, "Indexing the bundled corpus failed");
        }
    }

    private void Ready(int sources)
    {
        _status = $"sẵn sàng ({sources} tệp văn bản)";
        _ready = true;
        logger.LogInformation("Store ready with {Sources} sources", sources);
    }
}
