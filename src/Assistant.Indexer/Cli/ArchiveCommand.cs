using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Assistant.Indexer.Archive;
using Assistant.Retrieval;
using Assistant.Retrieval.Archive;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Embeddings;
using Assistant.Retrieval.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Assistant.Indexer.Cli;

/// <summary>
/// archive generate | index | eval: the digitized land archive. <c>generate</c> writes an invented sample archive with
/// ground truth; <c>index</c> OCRs scanned pages in parallel into the store (fields in the payload, page images kept in
/// the page store, pages per minute printed); <c>eval</c> prints per field the exact-match rate and character error rate
/// on clean and degraded pages against the ground truth.
/// </summary>
public sealed class ArchiveCommand : CliCommand
{
    public override string Name => "archive";
    public override string Usage =>
        "assistant-indexer archive generate --out THƯ_MỤC [--count N] [--seed S] [--variants both|clean|degraded]\n" +
        "                    assistant-indexer archive index <thư mục|ảnh>... [--store THƯ_MỤC] [--pages THƯ_MỤC] [--parallel N] [--psm N] [--force] [--json]\n" +
        "                    assistant-indexer archive eval --dir THƯ_MỤC [--parallel N] [--psm N] [--raw] [--keep THƯ_MỤC] [--failures] [--json]";
    protected override IEnumerable<string> ValueOptions => ["out", "count", "seed", "variants", "pages", "parallel", "psm", "dir", "keep"];
    protected override IEnumerable<string> FlagOptions => ["force", "json", "failures", "raw"];

    protected override Task<int> ExecuteAsync(CommandLine cl, IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        cl.Positionals.FirstOrDefault() switch
        {
            "generate" => GenerateAsync(cl, stdout),
            "index" => IndexAsync(cl, services, stdout, ct),
            "eval" => EvalAsync(cl, stdout, ct),
            _ => throw new UserErrorException($"archive cần lệnh con generate, index hoặc eval.\nCách dùng: {Usage}"),
        };

    private static async Task<int> GenerateAsync(CommandLine cl, TextWriter stdout)
    {
        var output = cl.Value("out") ?? throw new UserErrorException("archive generate cần --out THƯ_MỤC.");
        int count = cl.Int("count", 20, 1, 100_000);
        int seed = cl.Int("seed", 12, 0, int.MaxValue);
        var variants = cl.Value("variants") ?? "both";
        if (variants is not ("both" or "clean" or "degraded")) throw new UserErrorException("--variants chỉ nhận both, clean hoặc degraded.");
        var vocabulary = SampleVocabulary.Load(BesideProgram("data", "archive-sample", "vocabulary.tsv"), BesideProgram("data", "admin-units", "hanoi_old_to_new_mapping.csv"));
        using var renderer = new PageRenderer();
        var clock = Stopwatch.StartNew();
        var pages = new SampleArchiveGenerator(vocabulary, renderer)
            .Generate(output, count, seed, clean: variants != "degraded", degraded: variants != "clean", parallelism: Environment.ProcessorCount);
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Đã tạo {count} hồ sơ mẫu ({pages.Count} trang ảnh, kèm đáp án .truth.json) trong {Path.GetFullPath(output)} — hạt giống {seed}, {clock.Elapsed.TotalSeconds:0.0}s."));
        foreach (var group in pages.GroupBy(p => p.Truth.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
            await stdout.WriteLineAsync($"  {group.Key}: {group.Count()} trang");
        return ExitCodes.Ok;
    }

    /// <summary>Hanoi's unit names before and after 1 July 2025 (data/admin-units beside the program).</summary>
    private static ArchiveGazetteer Gazetteer()
    {
        var vocabulary = SampleVocabulary.Load(BesideProgram("data", "archive-sample", "vocabulary.tsv"), BesideProgram("data", "admin-units", "hanoi_old_to_new_mapping.csv"));
        return new ArchiveGazetteer(vocabulary.Units.SelectMany(u => new[] { u.OldName, u.OldDistrict, u.NewName }));
    }

    private static TesseractOcr Ocr() => new() { SingleThreaded = true };

    private static int Parallelism(CommandLine cl) => cl.Int("parallel", Environment.ProcessorCount, 1, 64);

    private static int Psm(CommandLine cl) => cl.Int("psm", ArchiveIngestion.DefaultPageSegmentationMode, 0, 13);

    private async Task<int> IndexAsync(CommandLine cl, IServiceProvider services, TextWriter stdout, CancellationToken ct)
    {
        var paths = cl.Positionals.Skip(1).ToList();
        if (paths.Count == 0) throw new UserErrorException($"archive index cần ít nhất một thư mục hoặc ảnh.\nCách dùng: {Usage}");
        foreach (var p in paths)
            if (!File.Exists(p) && !Directory.Exists(p)) throw new UserErrorException($"Không tìm thấy tệp hoặc thư mục '{p}'.");
        var storeOptions = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        var pages = cl.Value("pages") ?? DefaultPageStore(storeOptions);
        var embedding = services.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
        var ingestion = new ArchiveIngestion(services.GetRequiredService<IChunkStore>(), Ocr(), services.GetRequiredService<EmbeddingHolder>().Generator,
            EmbeddingGeneratorFactory.ModelName(embedding), services.GetService<TimeProvider>(), new SealRemover(), Gazetteer());
        var report = await ingestion.IndexAsync(paths,
            new ArchiveIngestOptions { PageStorePath = Path.GetFullPath(pages), Parallelism = Parallelism(cl), PageSegmentationMode = Psm(cl), Force = cl.Flag("force") },
            ct: ct);

        if (cl.Flag("json"))
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(new
            {
                pages = report.Pages.Select(p => new { path = p.Path, outcome = p.Outcome.ToString().ToLowerInvariant(), ocrConfidence = p.OcrConfidence, error = p.Error, archive = p.Record?.WithoutPersonalData() }),
                seconds = Math.Round(report.Elapsed.TotalSeconds, 2),
                parallelism = report.Parallelism,
                pagesPerMinute = Math.Round(report.PagesPerMinute, 1),
            }, JsonOutput.Options));
        }
        else
        {
            await stdout.WriteLineAsync("Kết quả theo trang:");
            foreach (var p in report.Pages)
            {
                var detail = p.Outcome switch
                {
                    ArchivePageOutcome.Indexed => Describe(p),
                    ArchivePageOutcome.Unchanged => "không đổi",
                    _ => "✘ " + p.Error,
                };
                await stdout.WriteLineAsync($"  {Path.GetFileName(p.Path)} — {detail}");
            }
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Tổng: {report.Count(ArchivePageOutcome.Indexed)} trang lập chỉ mục, {report.Count(ArchivePageOutcome.Unchanged)} không đổi, {report.Count(ArchivePageOutcome.Failed)} lỗi — " +
                $"{report.Elapsed.TotalSeconds:0.0}s, {report.PagesPerMinute:0.0} trang/phút với {report.Parallelism} luồng OCR. Ảnh trang lưu tại {Path.GetFullPath(pages)}."));
        }
        if (report.Pages.Count == 0) throw new UserErrorException("Không tìm thấy ảnh trang nào để lập chỉ mục.");
        if (report.Count(ArchivePageOutcome.Failed) > 0)
            return report.Count(ArchivePageOutcome.Failed) == report.Pages.Count ? ExitCodes.UserError : ExitCodes.Partial;
        return ExitCodes.Ok;
    }

    /// <summary>Page images live next to the index: "store" → "store-pages".</summary>
    private static string DefaultPageStore(StoreOptions options)
    {
        if (options.Kind != StoreOptions.KindEmbedded) return "pages";
        var full = Path.GetFullPath(options.Path).TrimEnd(Path.DirectorySeparatorChar);
        return full + "-pages";
    }

    private static string Describe(ArchivePageResult p)
    {
        var r = p.Record!;
        var parts = new List<string> { r.Kind, $"đơn vị {r.Unit}" };
        if (r.Parcel is { } parcel) parts.Add($"thửa {parcel.Value}");
        if (r.MapSheet is { } sheet) parts.Add($"tờ {sheet.Value}");
        if (r.Serial is { } serial) parts.Add($"số phát hành {serial.Value}");
        if (r.DocumentNumber is { } number) parts.Add($"số {number.Value}");
        if (p.OcrConfidence is { } c) parts.Add(string.Create(CultureInfo.InvariantCulture, $"OCR {c:0}%"));
        return string.Join(", ", parts);
    }

    private static async Task<int> EvalAsync(CommandLine cl, TextWriter stdout, CancellationToken ct)
    {
        var dir = cl.Value("dir") ?? throw new UserErrorException("archive eval cần --dir THƯ_MỤC (thư mục do archive generate tạo).");
        if (!Directory.Exists(dir)) throw new UserErrorException($"Không tìm thấy thư mục '{dir}'.");
        var pages = ArchiveIngestion.Discover([dir])
            .Select(image => (Image: image, TruthPath: Path.Combine(Path.GetDirectoryName(image)!, Path.GetFileNameWithoutExtension(image) + SampleArchiveGenerator.TruthSuffix)))
            .Where(p => File.Exists(p.TruthPath))
            .Select(p => (p.Image, Truth: SampleArchiveGenerator.ReadTruth(p.TruthPath)))
            .ToList();
        if (pages.Count == 0) throw new UserErrorException($"Thư mục '{dir}' không có trang nào kèm đáp án (.truth.json).");

        var ocr = Ocr();
        await ocr.EnsureAvailableAsync(ct);
        int psm = Psm(cl), parallelism = Parallelism(cl);
        var gazetteer = cl.Flag("raw") ? null : Gazetteer();
        IPagePreprocessor? preprocessor = cl.Flag("raw") ? null : new SealRemover { KeepIn = cl.Value("keep") };
        var results = new ArchiveExtraction[pages.Count];
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, pages.Count), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct },
            async (i, token) => results[i] = await ArchiveIngestion.ReadPageAsync(ocr, pages[i].Image, psm, preprocessor, gazetteer, token));
        var elapsed = clock.Elapsed;

        var scores = new ArchiveEvalScores();
        var failures = new List<string>();
        for (int i = 0; i < pages.Count; i++)
        {
            var truth = pages[i].Truth;
            var got = results[i];
            scores.AddKind(truth.Variant, truth.Kind == got.Kind);
            foreach (var (field, expected) in truth.Fields.All)
            {
                if (expected is null) continue;
                var actual = ArchiveEvalScores.Predicted(got, field);
                bool exact = scores.Add(truth.Variant, field, expected, actual);
                if (!exact) failures.Add($"{truth.File} {field}: đáp án «{expected}» — đọc được «{actual ?? "(không có)"}»");
            }
        }
        double perMinute = pages.Count / elapsed.TotalMinutes;
        if (cl.Flag("json"))
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(new
            {
                pages = pages.Count,
                psm,
                parallelism,
                seconds = Math.Round(elapsed.TotalSeconds, 1),
                pagesPerMinute = Math.Round(perMinute, 1),
                fields = scores.Rows().Select(r => new { r.Field, r.Variant, r.Count, exactMatch = Math.Round(r.ExactRate, 4), cer = Math.Round(r.Cer, 4) }),
                kind = scores.KindRows().Select(r => new { r.Variant, r.Count, accuracy = Math.Round(r.Rate, 4) }),
            }, JsonOutput.Options));
        }
        else
        {
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Đánh giá trích xuất trường trên {pages.Count} trang ({Path.GetFullPath(dir)}), Tesseract vie --psm {psm}, {(preprocessor is null ? "không tiền xử lý" : "bỏ dấu đỏ")}, {parallelism} luồng: {elapsed.TotalSeconds:0.0}s, {perMinute:0.0} trang/phút."));
            await stdout.WriteLineAsync("Khớp tuyệt đối (exact) và tỉ lệ lỗi ký tự (CER) theo trường; n = số trang có trường đó trong đáp án.");
            await stdout.WriteLineAsync($"{"trường",-16} | {"sạch: exact",11} {"CER",7} {"n",4} | {"suy giảm: exact",15} {"CER",7} {"n",4}");
            foreach (var field in ArchiveEvalScores.Fields)
            {
                var clean = scores.Row(field, "clean");
                var degraded = scores.Row(field, "degraded");
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{field,-16} | {Pct(clean?.ExactRate),11} {Pct(clean?.Cer),7} {clean?.Count ?? 0,4} | {Pct(degraded?.ExactRate),15} {Pct(degraded?.Cer),7} {degraded?.Count ?? 0,4}"));
            }
            foreach (var k in scores.KindRows())
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"loại hồ sơ ({k.Variant}): {Pct(k.Rate)} đúng trên {k.Count} trang"));
            if (cl.Flag("failures"))
            {
                await stdout.WriteLineAsync($"Sai ({failures.Count}):");
                foreach (var f in failures) await stdout.WriteLineAsync("  " + f);
            }
        }
        return ExitCodes.Ok;
    }

    private static string Pct(double? value) => value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";
}
