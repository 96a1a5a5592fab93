using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Storage;
using Assistant.Retrieval.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Assistant.Retrieval.Ingestion;

public enum FileOutcome { Indexed, Unchanged, Removed, Failed, Skipped }

/// <summary>What happened to one file; <see cref="Error"/> is a Vietnamese message for the operator.</summary>
public sealed record FileResult(string Path, FileOutcome Outcome, int Chunks = 0, int Articles = 0, string? Method = null,
    float? OcrConfidence = null, string? Error = null, TimeSpan Elapsed = default, bool SystemError = false);

public sealed record IndexReport(IReadOnlyList<FileResult> Files, TimeSpan Elapsed)
{
    public int Count(FileOutcome o) => Files.Count(f => f.Outcome == o);
    public int ChunksWritten => Files.Where(f => f.Outcome == FileOutcome.Indexed).Sum(f => f.Chunks);
    public bool HasFailures => Files.Any(f => f.Outcome == FileOutcome.Failed);
}

/// <summary>Progress of an indexing run: files done of total, the current file and stage, chunks embedded within it.</summary>
public sealed record IndexProgress(int FilesDone, int FilesTotal, string? CurrentFile, string Stage, int ChunksDone = 0, int ChunksTotal = 0)
{
    /// <summary>The stage reported after an intermediate commit: the files before it survive a kill.</summary>
    public const string CommittedStage = "đã lưu";
}

public sealed record IndexRunOptions
{
    /// <summary>Re-index even unchanged files.</summary>
    public bool Force { get; init; }
    /// <summary>Commit after this many indexed files, so a long run that is killed keeps most of its work.</summary>
    public int CommitEvery { get; init; } = 20;
    /// <summary>
    /// Write chunks without vectors (lexical only): <see cref="EmbeddingBackfill"/> adds them later. The manifest still
    /// names the configured model, so that the vectors added later are checked against it.
    /// </summary>
    public bool DeferEmbeddings { get; init; }
    /// <summary>
    /// After a run that wrote at least this many chunks, a segmented store (<see cref="IChunkStoreSegments"/>) is merged to
    /// one segment: a bulk run leaves one or more segments per commit, and every search pays for each. 0 = never.
    /// </summary>
    public int MergeAfterChunks { get; init; }
}

/// <summary>
/// Indexing as small idempotent steps per file: discover → hash → extract → structure → chunk → embed → upsert,
/// committed in batches. A file whose content, metadata and pipeline version are unchanged is skipped; a file that
/// fails is reported and left as it was in the store; files that disappeared under an indexed folder are removed.
/// </summary>
public sealed class IndexingPipeline(
    IChunkStore store,
    DocumentReaders readers,
    LegalChunker chunker,
    IEmbeddingGenerator<string, Embedding<float>>? embeddings,
    string? embeddingModel,
    int embeddingBatchSize = 32,
    ILogger<IndexingPipeline>? logger = null,
    TimeProvider? time = null)
{
    /// <summary>Bump when extraction, structure or chunking changes, so every source is re-indexed once.</summary>
    public const string PipelineVersion = "2026-11-26.4";

    private static readonly HashSet<string> IgnoredNames = new(StringComparer.OrdinalIgnoreCase)
        { "README.md", "SOURCES.md", MetadataResolver.CatalogFileName };

    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly MetadataResolver _metadata = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<IndexReport> IndexAsync(IReadOnlyList<string> paths, IndexRunOptions? options = null, IProgress<IndexProgress>? progress = null, CancellationToken ct = default)
    {
        // One trace per run, one child span per file: outcomes, counts and formats, never a path.
        using var span = RetrievalTelemetry.Source.StartActivity("indexing.run");
        try
        {
            var report = await IndexCoreAsync(paths, options ?? new IndexRunOptions(), progress, ct);
            RecordRun(span, report);
            return report;
        }
        catch (Exception e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            RetrievalTelemetry.CountError("indexing", e is OperationCanceledException ? "cancelled" : e.GetType().Name);
            throw;
        }
    }

    private static void RecordRun(Activity? span, IndexReport report)
    {
        foreach (var outcome in Enum.GetValues<FileOutcome>())
        {
            var count = report.Count(outcome);
            if (count == 0) continue;
            var name = outcome.ToString().ToLowerInvariant();
            RetrievalTelemetry.IndexedFiles.Add(count, new KeyValuePair<string, object?>("assistant.indexing.outcome", name));
            span?.SetTag($"assistant.indexing.files.{name}", count);
        }
        foreach (var failed in report.Files.Where(f => f.Outcome == FileOutcome.Failed))
            RetrievalTelemetry.CountError("indexing", failed.SystemError ? "io" : "unreadable_document");
        var chunks = report.ChunksWritten;
        RetrievalTelemetry.IndexedChunks.Add(chunks);
        var seconds = report.Elapsed.TotalSeconds;
        double? rate = chunks > 0 && seconds > 0 ? chunks / seconds : null;
        if (rate is { } r) RetrievalTelemetry.IndexingThroughput.Record(r);
        if (span is null) return;
        span.SetTag("assistant.indexing.files", report.Files.Count);
        span.SetTag("assistant.indexing.chunks", chunks);
        if (rate is { } perSecond) span.SetTag("assistant.indexing.chunks_per_second", Math.Round(perSecond, 1));
        if (report.HasFailures) span.SetStatus(ActivityStatusCode.Error, "some files failed");
    }

    private async Task<IndexReport> IndexCoreAsync(IReadOnlyList<string> paths, IndexRunOptions options, IProgress<IndexProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var results = new List<FileResult>();
        var (files, roots, missing) = Discover(paths);
        results.AddRange(missing.Select(m => new FileResult(m, FileOutcome.Failed, Error: "Không tìm thấy tệp hoặc thư mục.")));

        int dims = 0;
        if (embeddings is not null)
        {
            // One probe fixes the vector size in the manifest before anything is written.
            var probe = await embeddings.GenerateAsync(["thử"], cancellationToken: ct);
            dims = probe[0].Vector.Length;
        }
        await store.EnsureManifestAsync(new StoreManifest("1", embeddingModel, dims), ct);

        var sources = new Dictionary<string, SourceRecord>(await store.GetSourcesAsync(ct), StringComparer.Ordinal);
        int sinceCommit = 0;
        try
        {
            for (int i = 0; i < files.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                var file = files[i];
                progress?.Report(new IndexProgress(i, files.Count, file, "đọc"));
                FileResult result;
                using (var fileSpan = RetrievalTelemetry.Source.StartActivity("indexing.file"))
                {
                    result = await IndexFileAsync(file, sources, options, p => progress?.Report(p with { FilesDone = i, FilesTotal = files.Count }), ct);
                    if (fileSpan is not null)
                    {
                        fileSpan.SetTag("assistant.indexing.format", Path.GetExtension(file).TrimStart('.').ToLowerInvariant());
                        fileSpan.SetTag("assistant.indexing.outcome", result.Outcome.ToString().ToLowerInvariant());
                        fileSpan.SetTag("assistant.indexing.chunks", result.Chunks);
                        if (result.Method is { } method) fileSpan.SetTag("assistant.indexing.method", method);
                        if (result.Outcome == FileOutcome.Failed) fileSpan.SetStatus(ActivityStatusCode.Error, result.SystemError ? "io" : "unreadable_document");
                    }
                }
                results.Add(result);
                if (result.Outcome == FileOutcome.Indexed && ++sinceCommit >= options.CommitEvery)
                {
                    await store.CommitAsync(ct);
                    sinceCommit = 0;
                    // Said aloud so that an operator (and the kill test) knows what a stop here would keep.
                    progress?.Report(new IndexProgress(i + 1, files.Count, null, IndexProgress.CommittedStage));
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested && sinceCommit > 0)
        {
            // A stop (SIGTERM, Ctrl+C) keeps the files indexed since the last commit: the store holds only whole files
            // (a source is replaced in one uncancellable step), so the next run skips them.
            await store.CommitAsync(CancellationToken.None);
            throw;
        }

        // A file removed from an indexed folder takes its chunks with it.
        foreach (var source in sources.Values.ToList())
        {
            if (File.Exists(source.SourceId)) continue;
            if (!roots.Any(r => source.SourceId.StartsWith(r, StringComparison.Ordinal))) continue;
            await store.DeleteSourceAsync(source.SourceId, ct);
            sources.Remove(source.SourceId);
            results.Add(new FileResult(source.SourceId, FileOutcome.Removed, source.ChunkCount));
        }
        await store.CommitAsync(ct);
        int written = results.Where(f => f.Outcome == FileOutcome.Indexed).Sum(f => f.Chunks);
        if (options.MergeAfterChunks > 0 && written >= options.MergeAfterChunks && store is IChunkStoreSegments segmented && segmented.SegmentCount > 1)
        {
            // After the commit: searches already see the new chunks while the segments merge.
            progress?.Report(new IndexProgress(files.Count, files.Count, null, "gộp phân đoạn chỉ mục"));
            int before = segmented.SegmentCount;
            await segmented.MergeSegmentsAsync(1, ct);
            _logger.LogInformation("Merged the index from {Before} segments to {After} after {Chunks} chunks written", before, segmented.SegmentCount, written);
        }
        progress?.Report(new IndexProgress(files.Count, files.Count, null, "xong"));
        return new IndexReport(results, clock.Elapsed);
    }

    private async Task<FileResult> IndexFileAsync(string file, Dictionary<string, SourceRecord> sources, IndexRunOptions options, Action<IndexProgress> progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var reader = readers.For(file);
        if (reader is null)
            return new FileResult(file, FileOutcome.Skipped, Error: $"Định dạng '{Path.GetExtension(file)}' không được hỗ trợ.");
        try
        {
            var hash = await HashAsync(file, ct);
            if (!options.Force && sources.TryGetValue(file, out var existing) && existing.ContentHash == hash)
                return new FileResult(file, FileOutcome.Unchanged, existing.ChunkCount, Method: existing.Method, Elapsed: clock.Elapsed);

            var extracted = await reader.ReadAsync(file, ct);
            if (extracted.Blocks.Count == 0) throw new DocumentReadException("Không trích được chữ nào từ tệp.");
            progress(new IndexProgress(0, 0, file, "phân tích cấu trúc"));
            var metadata = _metadata.Resolve(file, extracted.Blocks);
            var clash = sources.Values.FirstOrDefault(s => s.Document.Id == metadata.Id && s.SourceId != file);
            if (clash is not null)
                throw new DocumentReadException($"Mã tài liệu '{metadata.Id}' đã dùng cho tệp '{clash.SourceId}'. Hãy đặt mã khác trong siêu dữ liệu.");
            var parsed = LegalStructureParser.Parse(extracted.Blocks);
            var chunks = chunker.Chunk(file, metadata, parsed, extracted.Blocks);
            if (chunks.Count == 0) throw new DocumentReadException("Tệp không có nội dung để lập chỉ mục.");

            var embedded = options.DeferEmbeddings ? chunks.Select(c => new EmbeddedChunk(c, null)).ToList() : await EmbedAsync(file, chunks, progress, ct);
            var record = new SourceRecord(file, hash, metadata, extracted.Method, chunks.Count, extracted.OcrConfidence, _time.GetUtcNow());
            await store.ReplaceSourceAsync(record, embedded, ct);
            sources[file] = record;
            _logger.LogInformation("Indexed {File}: {Chunks} chunks, {Articles} articles via {Method}", file, chunks.Count, parsed.Articles.Count, extracted.Method);
            return new FileResult(file, FileOutcome.Indexed, chunks.Count, parsed.Articles.Count, extracted.Method, extracted.OcrConfidence, Elapsed: clock.Elapsed);
        }
        catch (DocumentReadException e)
        {
            _logger.LogWarning("Could not index {File}: {Reason}", file, e.Message);
            return new FileResult(file, FileOutcome.Failed, Error: e.Message, Elapsed: clock.Elapsed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "I/O error on {File}", file);
            return new FileResult(file, FileOutcome.Failed, Error: $"Lỗi đọc tệp: {e.Message}", Elapsed: clock.Elapsed, SystemError: true);
        }
    }

    private async Task<IReadOnlyList<EmbeddedChunk>> EmbedAsync(string file, IReadOnlyList<LegalChunk> chunks, Action<IndexProgress> progress, CancellationToken ct)
    {
        if (embeddings is null) return chunks.Select(c => new EmbeddedChunk(c, null)).ToList();
        var result = new List<EmbeddedChunk>(chunks.Count);
        for (int start = 0; start < chunks.Count; start += embeddingBatchSize)
        {
            progress(new IndexProgress(0, 0, file, "nhúng vector", start, chunks.Count));
            var batch = chunks.Skip(start).Take(embeddingBatchSize).ToList();
            var vectors = await embeddings.GenerateAsync(batch.Select(c => c.IndexText), cancellationToken: ct);
            for (int j = 0; j < batch.Count; j++) result.Add(new EmbeddedChunk(batch[j], vectors[j].Vector.ToArray()));
        }
        progress(new IndexProgress(0, 0, file, "nhúng vector", chunks.Count, chunks.Count));
        return result;
    }

    /// <summary>Content hash over the file bytes, its metadata source and the pipeline version.</summary>
    private async Task<string> HashAsync(string file, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var stream = File.OpenRead(file))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(buffer, ct)) > 0) sha.AppendData(buffer, 0, read);
        }
        var sidecar = file + MetadataResolver.SidecarSuffix;
        var meta = File.Exists(sidecar) ? await File.ReadAllTextAsync(sidecar, ct) : JsonSerializer.Serialize(_metadata.Resolve(file, []), MetadataResolver.Json);
        sha.AppendData(Encoding.UTF8.GetBytes("\n" + meta + "\n" + PipelineVersion + "\n" + JsonSerializer.Serialize(chunker.Options)));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static (List<string> Files, List<string> Roots, List<string> Missing) Discover(IReadOnlyList<string> paths)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var roots = new List<string>();
        var missing = new List<string>();
        foreach (var p in paths)
        {
            var full = Path.GetFullPath(p);
            if (File.Exists(full)) files.Add(full);
            else if (Directory.Exists(full))
            {
                roots.Add(full.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar);
                foreach (var f in Directory.EnumerateFiles(full, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden }))
                {
                    var name = Path.GetFileName(f);
                    if (name.StartsWith('.') || IgnoredNames.Contains(name) || name.EndsWith(MetadataResolver.SidecarSuffix, StringComparison.OrdinalIgnoreCase)) continue;
                    files.Add(f);
                }
            }
            else missing.Add(p);
        }
        return (files.ToList(), roots, missing);
    }
}
