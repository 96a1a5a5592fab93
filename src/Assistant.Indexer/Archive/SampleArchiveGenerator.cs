using System.Globalization;
using System.Text.Json;
using Assistant.Retrieval.Archive;
using SkiaSharp;

namespace Assistant.Indexer.Archive;

/// <summary>One written page: its image, its ground truth file and the truth itself.</summary>
public sealed record GeneratedPage(string ImagePath, string TruthPath, ArchiveTruth Truth);

/// <summary>
/// Writes an invented sample archive: per document a clean scan (PNG) and a degraded one (JPEG: faded ink, stamp, skew,
/// blur, noise), each with NAME.truth.json; per unit folder an <c>archive.json</c> (unit, Internal) and per confidential
/// page a sidecar NAME.archive.json, as ingestion reads them. Deterministic: the same seed writes the same files.
/// </summary>
public sealed class SampleArchiveGenerator(SampleVocabulary vocabulary, PageRenderer renderer)
{
    public const string TruthSuffix = ".truth.json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads a NAME.truth.json written by <see cref="Generate"/>.</summary>
    public static ArchiveTruth ReadTruth(string path) => JsonSerializer.Deserialize<ArchiveTruth>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"Tệp đáp án rỗng: {path}");

    public IReadOnlyList<GeneratedPage> Generate(string outDir, int count, int seed, bool clean = true, bool degraded = true, int parallelism = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Directory.CreateDirectory(outDir);
        var master = new Random(seed);
        var seeds = Enumerable.Range(0, count).Select(_ => master.Next()).ToArray();
        var factory = new SampleDocumentFactory(vocabulary);
        var documents = seeds.Select(s => factory.Create(new Random(s))).ToArray();

        // Folder metadata first, so that the pages written next always have it.
        foreach (var unit in documents.Select(d => d.Unit).Distinct(StringComparer.Ordinal))
        {
            var folder = Path.Combine(outDir, unit);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, ArchiveMetadata.FolderFileName),
                JsonSerializer.Serialize(new { unit, security = "Internal" }, Json));
        }

        var pages = new GeneratedPage[count][];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) }, i =>
        {
            var doc = documents[i];
            var folder = Path.Combine(outDir, doc.Unit);
            var name = (i + 1).ToString("0000", CultureInfo.InvariantCulture) + "-" + doc.Kind;
            var written = new List<GeneratedPage>();
            if (clean) written.Add(Write(doc, seeds[i], folder, name + "-clean.png", degradedRng: null));
            if (degraded) written.Add(Write(doc, seeds[i], folder, name + "-degraded.jpg", new Random(seeds[i] ^ 0x5BD1E995)));
            pages[i] = [.. written];
        });
        return [.. pages.SelectMany(p => p)];
    }

    private GeneratedPage Write(SampleDocument doc, int docSeed, string folder, string file, Random? degradedRng)
    {
        var path = Path.Combine(folder, file);
        IReadOnlyList<string> applied = [];
        if (degradedRng is null)
        {
            using var page = renderer.Render(doc.Content, InkStyle.Clean);
            using var stamped = Stamp(doc, page, alpha: 170);
            Save(stamped, path, SKEncodedImageFormat.Png, 100);
        }
        else
        {
            var (bitmap, names) = Degrade(doc, degradedRng);
            using (bitmap) Save(bitmap, path, SKEncodedImageFormat.Jpeg, 70);
            applied = names;
        }
        if (doc.Security != "Internal")
            File.WriteAllText(path + ArchiveMetadata.SidecarSuffix, JsonSerializer.Serialize(new { security = doc.Security }, Json));
        var truth = new ArchiveTruth
        {
            File = file,
            Variant = degradedRng is null ? "clean" : "degraded",
            Kind = doc.Kind,
            Unit = doc.Unit,
            Security = doc.Security,
            DocumentSeed = docSeed,
            Fields = doc.Truth,
            Degradations = applied,
        };
        var truthPath = Path.Combine(folder, Path.GetFileNameWithoutExtension(file) + TruthSuffix);
        File.WriteAllText(truthPath, JsonSerializer.Serialize(truth, Json));
        return new GeneratedPage(path, truthPath, truth);
    }

    private SKBitmap Stamp(SampleDocument doc, RenderedPage page, byte alpha)
    {
        var copy = page.Bitmap.Copy();
        if (!doc.Content.HasStampOverIssuer) return copy;
        using var canvas = new SKCanvas(copy);
        renderer.DrawStamp(canvas, PageRenderer.Width * 0.66f, page.SignatureTop + 170, "ỦY BAN NHÂN DÂN", alpha);
        return copy;
    }

    /// <summary>Faded ink (uneven), the seal, skew, blur, speckle noise and a yellowed paper: what years on a shelf and a quick scan do.</summary>
    private (SKBitmap, IReadOnlyList<string>) Degrade(SampleDocument doc, Random rng)
    {
        var names = new List<string>();
        byte ink = (byte)rng.Next(80, 135);
        var paper = new SKColor((byte)rng.Next(236, 250), (byte)rng.Next(230, 244), (byte)rng.Next(208, 228));
        names.Add($"faded-ink:{ink}");
        using var page = renderer.Render(doc.Content, new InkStyle(new SKColor(ink, ink, ink), new SKColor(165, 45, 45), paper));
        using var stamped = Stamp(doc, page, alpha: (byte)rng.Next(140, 200));
        if (doc.Content.HasStampOverIssuer) names.Add("stamp");

        // A paler patch where the ink faded more.
        using (var canvas = new SKCanvas(stamped))
        {
            var centre = new SKPoint(rng.Next(200, PageRenderer.Width - 200), rng.Next(300, PageRenderer.Height - 300));
            using var shader = SKShader.CreateRadialGradient(centre, 500, [paper.WithAlpha(110), paper.WithAlpha(0)], SKShaderTileMode.Clamp);
            using var patch = new SKPaint { Shader = shader };
            canvas.DrawRect(0, 0, PageRenderer.Width, PageRenderer.Height, patch);
        }
        names.Add("fade-patch");

        float angle = (float)(rng.NextDouble() * 4 - 2);
        float sigma = (float)(0.5 + rng.NextDouble() * 0.7);
        var result = new SKBitmap(new SKImageInfo(PageRenderer.Width, PageRenderer.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(result))
        using (var image = SKImage.FromBitmap(stamped))
        using (var blur = new SKPaint { ImageFilter = SKImageFilter.CreateBlur(sigma, sigma) })
        {
            canvas.Clear(paper);
            canvas.RotateDegrees(angle, PageRenderer.Width / 2f, PageRenderer.Height / 2f);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear), blur);
        }
        names.Add(string.Create(CultureInfo.InvariantCulture, $"skew:{angle:0.00}"));
        names.Add(string.Create(CultureInfo.InvariantCulture, $"blur:{sigma:0.00}"));

        // Grain on every pixel and sparse dark specks (dust on the scanner glass).
        var pixels = result.GetPixelSpan();
        int amplitude = rng.Next(14, 30);
        for (int i = 0; i < pixels.Length; i += 4)
        {
            int n = rng.Next(-amplitude, amplitude + 1);
            if (rng.Next(4000) == 0) n = -rng.Next(90, 180);
            for (int c = 0; c < 3; c++) pixels[i + c] = (byte)Math.Clamp(pixels[i + c] + n, 0, 255);
        }
        names.Add($"noise:{amplitude}");
        return (result, names);
    }

    private static void Save(SKBitmap bitmap, string path, SKEncodedImageFormat format, int quality)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        using var stream = File.Create(path);
        data.SaveTo(stream);
    }
}
