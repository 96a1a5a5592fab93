using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Assistant.Retrieval.Documents;

/// <summary>
/// Runs the <c>tesseract</c> command-line program on one image and turns its TSV output into text blocks:
/// the words of one Tesseract paragraph (block_num/par_num) become one <see cref="TextBlock"/>, its lines
/// joined by '\n' (so a heading such as "Điều 5." still starts a line), with the mean word confidence (0–100).
/// </summary>
/// <remarks>Needs the Debian packages tesseract-ocr and tesseract-ocr-vie: <c>scripts/install-deps.sh</c> installs them.</remarks>
public sealed class TesseractOcr
{
    /// <summary>Default time allowed to recognise one image (one page at 300 dpi takes a few seconds).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    private const string InstallHint = "Hãy chạy scripts/install-deps.sh để cài đặt.";

    /// <summary>Languages reported by <c>tesseract --list-langs</c>, per executable; only successful answers are kept.</summary>
    private static readonly ConcurrentDictionary<string, IReadOnlySet<string>> LanguageCache = new(StringComparer.Ordinal);

    public TesseractOcr(string executablePath = "tesseract", string language = "vie", TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executablePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(language);
        ExecutablePath = executablePath;
        Language = language;
        Timeout = timeout ?? DefaultTimeout;
    }

    public string ExecutablePath { get; }

    /// <summary>Tesseract language code(s), e.g. "vie" or "vie+eng".</summary>
    public string Language { get; }

    /// <summary>Time allowed for one image before the process is killed.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// True to run each recognition on one thread (OMP_THREAD_LIMIT=1): when pages are recognised in parallel, one
    /// process per core is faster than processes whose OpenMP threads fight over the same cores.
    /// </summary>
    public bool SingleThreaded { get; init; }

    private static readonly Dictionary<string, string> OneThread = new(StringComparer.Ordinal) { ["OMP_THREAD_LIMIT"] = "1" };

    /// <summary>
    /// Checks once per executable (cached) that Tesseract runs and has the traineddata of <see cref="Language"/>;
    /// throws <see cref="DocumentReadException"/> otherwise.
    /// </summary>
    public async Task EnsureAvailableAsync(CancellationToken cancellationToken)
    {
        if (!LanguageCache.TryGetValue(ExecutablePath, out var languages))
        {
            ToolResult result;
            try
            {
                result = await ExternalTool.RunAsync(ExecutablePath, ["--list-langs"], TimeSpan.FromSeconds(30), cancellationToken);
            }
            catch (ExternalToolNotFoundException e)
            {
                throw new DocumentReadException($"Chưa cài đặt Tesseract OCR (không chạy được '{ExecutablePath}'). {InstallHint}", e);
            }
            catch (TimeoutException e)
            {
                throw new DocumentReadException($"Tesseract OCR không phản hồi khi kiểm tra ngôn ngữ (quá 30 giây). {InstallHint}", e);
            }

            if (result.ExitCode != 0)
                throw new DocumentReadException($"Tesseract OCR không chạy được (mã lỗi {result.ExitCode}): {FirstLine(result.StdErr)}. {InstallHint}");

            // "List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (3):" then one code a line.
            languages = (result.StdOut + "\n" + result.StdErr)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => !l.Contains(' ', StringComparison.Ordinal) && !l.EndsWith(':'))
                .ToHashSet(StringComparer.Ordinal);
            LanguageCache[ExecutablePath] = languages;
        }

        var missing = Language.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !languages.Contains(l))
            .ToList();
        if (missing.Count > 0)
        {
            var package = string.Join(", ", missing.Select(l => "tesseract-ocr-" + l));
            throw new DocumentReadException(
                $"Tesseract OCR thiếu dữ liệu ngôn ngữ '{string.Join("+", missing)}' (gói {package}). {InstallHint}");
        }
    }

    /// <summary>
    /// Recognises the text of one image file. <paramref name="page"/> is the page number written on the blocks;
    /// when it is null, Tesseract's own page number is used (the frame of a multi-page TIFF, 1 otherwise).
    /// <paramref name="dpi"/> tells Tesseract the resolution when it is known (e.g. a page rasterised at 300 dpi).
    /// </summary>
    public Task<IReadOnlyList<TextBlock>> RecognizeAsync(string imagePath, int? page = null, int? dpi = null, CancellationToken cancellationToken = default) =>
        RecognizeAsync(imagePath, new OcrSettings(page, dpi), cancellationToken);

    /// <summary>Recognises the text of one image file with the given settings (page number, resolution, page segmentation mode).</summary>
    public async Task<IReadOnlyList<TextBlock>> RecognizeAsync(string imagePath, OcrSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (page, dpi) = (settings.Page, settings.Dpi);
        await EnsureAvailableAsync(cancellationToken);
        var name = Path.GetFileName(imagePath);
        if (!File.Exists(imagePath)) throw new DocumentReadException($"Không tìm thấy ảnh '{name}'.");

        List<string> args = [imagePath, "stdout", "-l", Language, "--psm", settings.PageSegmentationMode.ToString(CultureInfo.InvariantCulture)];
        if (dpi is > 0) args.AddRange(["--dpi", dpi.Value.ToString(CultureInfo.InvariantCulture)]);
        args.Add("tsv");

        ToolResult result;
        try
        {
            result = await ExternalTool.RunAsync(ExecutablePath, args, SingleThreaded ? OneThread : null, Timeout, cancellationToken);
        }
        catch (ExternalToolNotFoundException e)
        {
            LanguageCache.TryRemove(ExecutablePath, out _);
            throw new DocumentReadException($"Chưa cài đặt Tesseract OCR (không chạy được '{ExecutablePath}'). {InstallHint}", e);
        }
        catch (TimeoutException e)
        {
            throw new DocumentReadException(
                $"Nhận dạng chữ (OCR) ảnh '{name}' quá thời gian cho phép ({Timeout.TotalSeconds:0} giây): ảnh quá lớn hoặc quá phức tạp.", e);
        }

        if (result.ExitCode != 0 || (result.StdOut.Length == 0 && LooksLikeReadError(result.StdErr)))
        {
            if (result.StdErr.Contains("Failed loading language", StringComparison.OrdinalIgnoreCase)
                || result.StdErr.Contains("Error opening data file", StringComparison.OrdinalIgnoreCase))
            {
                LanguageCache.TryRemove(ExecutablePath, out _);
                throw new DocumentReadException($"Tesseract OCR thiếu dữ liệu ngôn ngữ '{Language}'. {InstallHint}");
            }
            throw new DocumentReadException(
                $"Không đọc được ảnh '{name}': tệp hỏng hoặc không phải định dạng ảnh được hỗ trợ ({FirstLine(result.StdErr)}).");
        }

        return ParseTsv(result.StdOut, page);
    }

    private static bool LooksLikeReadError(string stderr) =>
        stderr.Contains("cannot be read", StringComparison.OrdinalIgnoreCase)
        || stderr.Contains("Error in pixRead", StringComparison.OrdinalIgnoreCase)
        || stderr.Contains("Unsupported image type", StringComparison.OrdinalIgnoreCase);

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => !l.StartsWith("Estimating resolution", StringComparison.Ordinal) && !l.StartsWith("Warning", StringComparison.Ordinal));
        return string.IsNullOrEmpty(line) ? "không có thông báo lỗi" : line.Length > 200 ? line[..200] + "…" : line;
    }

    /// <summary>
    /// Parses Tesseract's TSV output (columns level, page_num, block_num, par_num, line_num, word_num, left, top,
    /// width, height, conf, text). Only level-5 (word) rows carry text; words are grouped into lines and lines into
    /// paragraphs in the order Tesseract reports them.
    /// </summary>
    internal static IReadOnlyList<TextBlock> ParseTsv(string tsv, int? page)
    {
        var paragraphs = new List<OcrParagraph>();
        var index = new Dictionary<(int Page, int Block, int Par), OcrParagraph>();

        foreach (var rawLine in tsv.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0) continue;
            var cols = line.Split('\t');
            if (cols.Length < 12 || !int.TryParse(cols[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var level) || level != 5)
                continue; // header row and page/block/paragraph/line rows
            var text = string.Join('\t', cols[11..]).Trim();
            if (text.Length == 0) continue;
            if (!TryInt(cols[1], out var pageNum) || !TryInt(cols[2], out var block) || !TryInt(cols[3], out var par) || !TryInt(cols[4], out var lineNum))
                continue;
            float? conf = float.TryParse(cols[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var c) && c >= 0 ? c : null;

            var key = (pageNum, block, par);
            if (!index.TryGetValue(key, out var paragraph))
            {
                paragraph = new OcrParagraph(pageNum);
                index[key] = paragraph;
                paragraphs.Add(paragraph);
            }
            paragraph.Add(lineNum, text, conf);
        }

        return paragraphs
            .Select(p => (Paragraph: p, Text: p.Text()))
            .Where(p => p.Text.Length > 0)
            .Select(p => new TextBlock(p.Text, BlockKind.Paragraph, page ?? Math.Max(1, p.Paragraph.Page), p.Paragraph.MeanConfidence()))
            .ToList();

        static bool TryInt(string s, out int value) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }

    private sealed class OcrParagraph(int page)
    {
        private readonly List<(int Line, List<string> Words)> _lines = [];
        private double _confSum;
        private int _confCount;

        public int Page { get; } = page;

        public void Add(int lineNum, string word, float? conf)
        {
            if (_lines.Count == 0 || _lines[^1].Line != lineNum) _lines.Add((lineNum, []));
            _lines[^1].Words.Add(word);
            if (conf is { } c)
            {
                _confSum += c;
                _confCount++;
            }
        }

        public string Text() =>
            string.Join('\n', _lines.Select(l => string.Join(' ', l.Words)).Where(l => l.Length > 0))
                .Normalize(NormalizationForm.FormC);

        public float? MeanConfidence() => _confCount == 0 ? null : (float)(_confSum / _confCount);
    }
}

/// <summary>How one image is recognised.</summary>
/// <param name="Page">The page number written on the blocks; null: Tesseract's own (the frame of a multi-page TIFF, 1 otherwise).</param>
/// <param name="Dpi">The resolution when it is known (e.g. a page rasterised at 300 dpi).</param>
/// <param name="PageSegmentationMode">Tesseract's --psm: 3 (automatic, the default) suits pages of prose; 4 (one column of
/// lines of different sizes) or 6 (one uniform block) can read forms better.</param>
public sealed record OcrSettings(int? Page = null, int? Dpi = null, int PageSegmentationMode = 3);

/// <summary>
/// Reads an image (scan or photo of a document) with <see cref="TesseractOcr"/>. Multi-page TIFF files give one
/// page number per frame.
/// </summary>
public sealed class ImageDocumentReader(TesseractOcr ocr) : IDocumentReader
{
    public ImageDocumentReader() : this(new TesseractOcr()) { }

    public IReadOnlyCollection<string> Extensions { get; } = [".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"];

    public async Task<ExtractedDocument> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new DocumentReadException($"Không tìm thấy tệp '{path}'.");
        if (info.Length == 0) throw new DocumentReadException($"Tệp rỗng (0 byte): '{info.Name}'.");

        var header = new byte[16];
        int read;
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true))
            read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        if (!IsKnownImageFormat(header.AsSpan(0, read)))
            throw new DocumentReadException(
                $"Không đọc được ảnh '{info.Name}': tệp không phải ảnh PNG, JPEG, TIFF, BMP, GIF hay WebP (có thể bị hỏng hoặc bị đổi đuôi).");

        var blocks = await ocr.RecognizeAsync(path, page: null, dpi: null, cancellationToken);
        return new ExtractedDocument(path, "ocr", blocks);
    }

    /// <summary>Checks the file signature of the formats Tesseract (Leptonica) reads.</summary>
    internal static bool IsKnownImageFormat(ReadOnlySpan<byte> h) =>
        h.StartsWith([(byte)0x89, (byte)'P', (byte)'N', (byte)'G'])           // PNG
        || h.StartsWith([(byte)0xFF, (byte)0xD8, (byte)0xFF])                  // JPEG
        || h.StartsWith([(byte)'I', (byte)'I', (byte)42, (byte)0])             // TIFF little-endian
        || h.StartsWith([(byte)'M', (byte)'M', (byte)0, (byte)42])             // TIFF big-endian
        || h.StartsWith([(byte)'B', (byte)'M'])                                // BMP
        || h.StartsWith("GIF8"u8)                                              // GIF87a / GIF89a
        || (h.Length >= 12 && h.StartsWith("RIFF"u8) && h[8..12].SequenceEqual("WEBP"u8)); // WebP
}

/// <summary>Output of an external program run to completion.</summary>
internal sealed record ToolResult(int ExitCode, string StdOut, string StdErr);

/// <summary>The external program could not be started (not installed or not on PATH).</summary>
internal sealed class ExternalToolNotFoundException(string fileName, Exception inner)
    : Exception($"Could not start '{fileName}'.", inner);

/// <summary>Runs command-line tools (tesseract, pdftoppm) with a timeout, cancellation and concurrent stdout/stderr reading.</summary>
internal static class ExternalTool
{
    /// <exception cref="ExternalToolNotFoundException">The program is not installed.</exception>
    /// <exception cref="TimeoutException">The program ran longer than <paramref name="timeout"/> and was killed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; the program was killed.</exception>
    public static Task<ToolResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(fileName, arguments, null, timeout, cancellationToken);

    /// <param name="environment">Variables set for the program on top of this process's environment.</param>
    public static async Task<ToolResult> RunAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in arguments) startInfo.ArgumentList.Add(argument);
        if (environment is not null)
            foreach (var (name, value) in environment) startInfo.Environment[name] = value;

        using var process = new Process { StartInfo = startInfo };
        try
        {
            if (!process.Start()) throw new ExternalToolNotFoundException(fileName, new InvalidOperationException("Process.Start returned false."));
        }
        catch (Win32Exception e)
        {
            throw new ExternalToolNotFoundException(fileName, e);
        }

        process.StandardInput.Close();
        // Both pipes are drained concurrently: a tool that fills one pipe while we wait on the other would deadlock.
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            try
            {
                await Task.WhenAll(stdout, stderr).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            }
            catch (Exception)
            {
                // The pipes are closed with the process; anything left is of no use.
            }
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"'{fileName}' ran longer than {timeout.TotalSeconds:0} s and was killed.");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Exiting at the same moment.
        }
    }
}
