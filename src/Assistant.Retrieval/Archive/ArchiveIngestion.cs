using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Storage;
using Microsoft.Extensions.AI;

namespace Assistant.Retrieval.Archive;

public sealed record ArchiveIngestOptions
{
    /// <summary>Where page images are kept, by unit (normally a "pages" folder next to the store).</summary>
    public required string PageStorePath { get; init; }
    /// <summary>Pages recognised at once (each a single-threaded Tesseract process); the machine's cores by default.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;
    /// <summary>Tesseract page segmentation mode (see <see cref="OcrSettings"/>).</summary>
    public int PageSegmentationMode { get; init; } = ArchiveIngestion.DefaultPageSegmentationMode;
    /// <summary>Re-read pages whose image has not changed.</summary>
    public bool Force { get; init; }
}

public enum ArchivePageOutcome { Indexed, Unchanged, Failed }

public sealed record ArchivePageResult(string Path, ArchivePageOutcome Outcome, ArchiveRecord? Record = null, float? OcrConfidence = null, string? Error = null);

public sealed record ArchiveIngestReport(IReadOnlyList<ArchivePageResult> Pages, TimeSpan Elapsed, int Parallelism)
{
    public int Count(ArchivePageOutcome outcome) => Pages.Count(p => p.Outcome == outcome);

    /// <summary>Pages recognised per minute of wall-clock time (unchanged pages not counted).</summary>
    public double PagesPerMinute => Elapsed.TotalMinutes <= 0 ? 0 : Count(ArchivePageOutcome.Indexed) / Elapsed.TotalMinutes;
}

/// <summary>
/// Ingests scanned pages of the land archive: for each image (in parallel, bounded) its unit and security level
/// (<see cref="ArchiveMetadata"/>), Tesseract <c>vie</c>, the fields (<see cref="ArchiveFieldExtractor"/>), a copy of the
/// image in the page store, and one chunk in the store with the fields in its payload (<see cref="LegalChunk.Archive"/>)
/// and the page's security level, so that a citizen's scope never reaches it. An unchanged image is skipped.
/// </summary>
public sealed class ArchiveIngestion(IChunkStore store, TesseractOcr ocr, IEmbeddingGenerator<string, Embedding<float>>? embeddings, string? embeddingModel,
    TimeProvider? time = null, IPagePreprocessor? preprocessor = null, ArchiveGazetteer? gazetteer = null)
{
    /// <summary>4: one column of lines of different sizes; the eval read the generated forms best with it (README, "Digitized archives").</summary>
    public const int DefaultPageSegmentationMode = 4;
    public const string PipelineVersion = "archive-2026-12-05.1";

    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"];
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ArchiveMetadata _metadata = new();

    /// <summary>The scanned page images under <paramref name="paths"/> (files or folders, recursive), in path order.</summary>
    public static IReadOnlyList<string> Discover(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path)) files.Add(Path.GetFullPath(path));
            else if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(IsImage).Select(Path.GetFullPath));
            else throw new DirectoryNotFoundException($"Không tìm thấy tệp hoặc thư mục '{path}'.");
        }
        return [.. files.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public static bool IsImage(string path) => ImageExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>Recognises one page and reads its fields (what `archive eval` measures; nothing is stored).</summary>
    public static async Task<ArchiveExtraction> ReadPageAsync(TesseractOcr ocr, string imagePath, int pageSegmentationMode, IPagePreprocessor? preprocessor,
        ArchiveGazetteer? gazetteer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ocr);
        if (preprocessor is null)
            return ArchiveFieldExtractor.Extract(await ocr.RecognizeAsync(imagePath, new OcrSettings(Page: 1, PageSegmentationMode: pageSegmentationMode), ct), gazetteer);
        var work = Directory.CreateTempSubdirectory("archive-page-");
        try
        {
            var prepared = await preprocessor.PrepareAsync(imagePath, work.FullName, ct);
            return ArchiveFieldExtractor.Extract(await ocr.RecognizeAsync(prepared, new OcrSettings(Page: 1, PageSegmentationMode: pageSegmentationMode), ct), gazetteer);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    public async Task<ArchiveIngestReport> IndexAsync(IReadOnlyList<string> paths, ArchiveIngestOptions options, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var files = Discover(paths);
        await ocr.EnsureAvailableAsync(ct);

        int dims = 0;
        if (embeddings is not null)
        {
            var probe = await embeddings.GenerateAsync(["thử"], cancellationToken: ct);
            dims = probe[0].Vector.Length;
        }
        await store.EnsureManifestAsync(new StoreManifest("1", embeddingModel, dims), ct);
        var sources = await store.GetSourcesAsync(ct);

        var results = new ArchivePageResult[files.Count];
        using var writeGate = new SemaphoreSlim(1, 1);
        int done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = ct },
            async (i, token) =>
            {
                results[i] = await IndexPageAsync(files[i], sources, options, writeGate, token);
                progress?.Report(Interlocked.Increment(ref done));
            });
        await store.CommitAsync(ct);
        return new ArchiveIngestReport(results, clock.Elapsed, Math.Max(1, options.Parallelism));
    }

    private async Task<ArchivePageResult> IndexPageAsync(string file, IReadOnlyDictionary<string, SourceRecord> sources, ArchiveIngestOptions options,
        SemaphoreSlim writeGate, CancellationToken ct)
    {
        try
        {
            var meta = _metadata.Resolve(file);
            var bytes = await File.ReadAllBytesAsync(file, ct);
            var pageHash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var contentHash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
                $"{pageHash}\n{meta.Unit}\n{meta.Security}\n{PipelineVersion}\n{options.PageSegmentationMode}\n{preprocessor?.GetType().Name}")));
            if (!options.Force && sources.TryGetValue(file, out var existing) && existing.ContentHash == contentHash)
                return new ArchivePageResult(file, ArchivePageOutcome.Unchanged);

            var extraction = await ReadPageAsync(ocr, file, options.PageSegmentationMode, preprocessor, gazetteer, ct);
            var relative = $"{meta.Unit}/{pageHash[..24]}{Path.GetExtension(file).ToLowerInvariant()}";
            var stored = Path.Combine(options.PageStorePath, meta.Unit, Path.GetFileName(relative));
            Directory.CreateDirectory(Path.GetDirectoryName(stored)!);
            if (!File.Exists(stored)) await File.WriteAllBytesAsync(stored, bytes, ct);

            var record = new ArchiveRecord
            {
                Kind = extraction.Kind,
                Unit = meta.Unit,
                PageImage = relative,
                PageHash = pageHash,
                Page = 1,
                Parcel = extraction.Parcel,
                MapSheet = extraction.MapSheet,
                Address = extraction.Address,
                Serial = extraction.Serial,
                RegisterNumber = extraction.RegisterNumber,
                DocumentNumber = extraction.DocumentNumber,
                DocumentDate = extraction.DocumentDate,
                Issuer = extraction.Issuer,
                Personal = extraction.Personal,
            };
            var chunk = ToChunk(file, record, extraction, meta);
            float[]? vector = null;
            if (embeddings is not null)
                vector = (await embeddings.GenerateAsync([chunk.IndexText], cancellationToken: ct))[0].Vector.ToArray();

            var source = new SourceRecord(file, contentHash, chunk.Document, "ocr", 1, extraction.OcrConfidence, _time.GetUtcNow());
            await writeGate.WaitAsync(ct);
            try
            {
                await store.ReplaceSourceAsync(source, [new EmbeddedChunk(chunk, vector)], ct);
            }
            finally
            {
                writeGate.Release();
            }
            return new ArchivePageResult(file, ArchivePageOutcome.Indexed, record, extraction.OcrConfidence);
        }
        catch (DocumentReadException e)
        {
            return new ArchivePageResult(file, ArchivePageOutcome.Failed, Error: e.Message);
        }
        catch (IOException e)
        {
            return new ArchivePageResult(file, ArchivePageOutcome.Failed, Error: $"Lỗi đọc/ghi tệp: {e.Message}");
        }
    }

    private static readonly Dictionary<string, string> KindNames = new(StringComparer.Ordinal)
    {
        [ArchiveKinds.Certificate] = "Giấy chứng nhận quyền sử dụng đất",
        [ArchiveKinds.Decision] = "Quyết định về đất đai",
        [ArchiveKinds.Contract] = "Hợp đồng chuyển nhượng quyền sử dụng đất",
        [ArchiveKinds.CadastralExtract] = "Trích lục bản đồ địa chính",
        [ArchiveKinds.Unknown] = "Hồ sơ đất đai",
    };

    /// <summary>The store's view of one page: a document of its own (unit, security, number) with one chunk holding the text and the fields.</summary>
    internal static LegalChunk ToChunk(string file, ArchiveRecord record, ArchiveExtraction extraction, ArchivePageMetadata meta)
    {
        var kindName = KindNames.GetValueOrDefault(record.Kind, KindNames[ArchiveKinds.Unknown]);
        var parcel = record.Parcel is { } p && record.MapSheet is { } s ? $"thửa {p.Value} tờ bản đồ {s.Value}" : null;
        var number = record.DocumentNumber?.Value ?? record.Serial?.Value ?? "";
        var title = string.Join(" — ", new[] { kindName, number.Length > 0 ? number : null, parcel }.Where(x => x is not null));
        DateOnly? issued = record.DocumentDate is { } d && DateOnly.TryParseExact(d.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
        var id = "archive-" + record.PageHash[..24];
        var document = new DocumentMetadata
        {
            Id = id,
            Number = number,
            Type = "Hồ sơ lưu trữ",
            Title = title,
            ShortTitle = title,
            Issuer = record.Issuer?.Value,
            Issued = issued,
            Security = meta.Security,
            Source = record.PageImage,
        };
        return new LegalChunk
        {
            Id = id + "#p" + record.Page.ToString(CultureInfo.InvariantCulture),
            SourceId = file,
            Document = document,
            Citation = $"Hồ sơ lưu trữ: {title} (đơn vị {record.Unit}, trang {record.Page})",
            HeadingPath = [title],
            Text = extraction.Text,
            Page = record.Page,
            OcrConfidence = extraction.OcrConfidence,
            Archive = record,
        };
    }
}
