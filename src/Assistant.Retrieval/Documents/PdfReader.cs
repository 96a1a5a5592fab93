using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;

namespace Assistant.Retrieval.Documents;

/// <summary>
/// Reads a PDF with PdfPig: one block per text line, in content order, with its 1-based page number. A page whose
/// text layer is empty or nearly so (a scan) is rasterised with poppler's <c>pdftoppm</c> and read by
/// <see cref="TesseractOcr"/>; its blocks carry the OCR confidence and the document's method is "pdf+ocr".
/// </summary>
public sealed partial class PdfDocumentReader : IDocumentReader
{
    /// <summary>A page with fewer letters than this in its text layer is treated as a scan and OCR'd.</summary>
    public const int MinTextLayerLetters = 20;

    private readonly TesseractOcr _ocr;
    private readonly string _pdftoppmPath;
    private readonly int _dpi;
    private readonly TimeSpan _rasterTimeout;
    private readonly string? _tempRoot;

    /// <param name="ocr">OCR engine for scanned pages (default: Tesseract with Vietnamese).</param>
    /// <param name="pdftoppmPath">poppler's pdftoppm, used to rasterise scanned pages.</param>
    /// <param name="dpi">Rasterisation resolution for OCR.</param>
    /// <param name="rasterTimeout">Time allowed to rasterise one page (default 120 s).</param>
    /// <param name="tempRoot">Folder under which page images are written and removed again (default: the system temp folder).</param>
    public PdfDocumentReader(TesseractOcr? ocr = null, string pdftoppmPath = "pdftoppm", int dpi = 300, TimeSpan? rasterTimeout = null, string? tempRoot = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pdftoppmPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(dpi, 72);
        _ocr = ocr ?? new TesseractOcr();
        _pdftoppmPath = pdftoppmPath;
        _dpi = dpi;
        _rasterTimeout = rasterTimeout ?? TimeSpan.FromSeconds(120);
        _tempRoot = tempRoot;
    }

    public IReadOnlyCollection<string> Extensions { get; } = [".pdf"];

    public async Task<ExtractedDocument> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new DocumentReadException($"Không tìm thấy tệp '{path}'.");
        if (info.Length == 0) throw new DocumentReadException($"Tệp rỗng (0 byte): '{info.Name}'.");

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        // Readers tolerate a little garbage before the header; anything else is not a PDF (e.g. a renamed file).
        if (bytes.AsSpan(0, Math.Min(bytes.Length, 1024)).IndexOf("%PDF-"u8) < 0)
            throw new DocumentReadException($"Tệp PDF bị hỏng hoặc không phải PDF (không có phần đầu %PDF): '{info.Name}'.");

        var blocks = new List<TextBlock>();
        var usedOcr = false;
        DirectoryInfo? tempDir = null;
        try
        {
            PdfDocument document;
            try
            {
                document = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            }
            catch (PdfDocumentEncryptedException e)
            {
                throw new DocumentReadException($"Tệp PDF được mã hoá (có mật khẩu) nên không đọc được: '{info.Name}'. Hãy gỡ mật khẩu rồi nạp lại.", e);
            }
            catch (Exception e) when (e is not OperationCanceledException and not DocumentReadException)
            {
                throw new DocumentReadException($"Tệp PDF bị hỏng hoặc không phải PDF: '{info.Name}'.", e);
            }

            using (document)
            {
                int pageCount;
                try
                {
                    pageCount = document.NumberOfPages;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    throw new DocumentReadException($"Tệp PDF bị hỏng (không đọc được danh sách trang): '{info.Name}'.", e);
                }
                if (pageCount == 0) throw new DocumentReadException($"Tệp PDF không có trang nào: '{info.Name}'.");

                for (var pageNumber = 1; pageNumber <= pageCount; pageNumber++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var lines = ExtractLines(document, pageNumber, out var pageError);
                    if (pageError is null && CountLetters(lines) >= MinTextLayerLetters)
                    {
                        blocks.AddRange(lines.Select(l => new TextBlock(l, BlockKind.Paragraph, pageNumber)));
                        continue;
                    }

                    // A scan, an image-only page, text drawn as outlines, or a page PdfPig could not parse.
                    usedOcr = true;
                    tempDir ??= CreateTempFolder();
                    var image = await RasterisePageAsync(path, info.Name, pageNumber, tempDir.FullName, cancellationToken);
                    IReadOnlyList<TextBlock> ocrBlocks;
                    try
                    {
                        ocrBlocks = await _ocr.RecognizeAsync(image, pageNumber, _dpi, cancellationToken);
                    }
                    finally
                    {
                        TryDelete(image);
                    }

                    if (ocrBlocks.Count > 0 && ocrBlocks.Sum(b => CountLetters(b.Text)) >= CountLetters(lines))
                        blocks.AddRange(ocrBlocks);
                    else
                        blocks.AddRange(lines.Select(l => new TextBlock(l, BlockKind.Paragraph, pageNumber)));
                }
            }
        }
        finally
        {
            if (tempDir is not null)
            {
                try { tempDir.Delete(recursive: true); }
                catch (IOException) { /* best effort: the OS cleans the temp folder */ }
                catch (UnauthorizedAccessException) { /* idem */ }
            }
        }

        return new ExtractedDocument(path, usedOcr ? "pdf+ocr" : "pdf", blocks);
    }

    /// <summary>The page's text lines in content order, whitespace collapsed, NFC; empty lines dropped.</summary>
    private static List<string> ExtractLines(PdfDocument document, int pageNumber, out Exception? error)
    {
        error = null;
        try
        {
            Page page = document.GetPage(pageNumber);
            var text = ContentOrderTextExtractor.GetText(page, new ContentOrderTextExtractor.Options { ReplaceWhitespaceWithSpace = true });
            return SplitLines(text);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error = e;
            return [];
        }
    }

    internal static List<string> SplitLines(string text) =>
        text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n')
            .Select(l => Spaces().Replace(l.Replace('\u00A0', ' '), " ").Trim().Normalize(NormalizationForm.FormC))
            .Where(l => l.Length > 0)
            .ToList();

    private static int CountLetters(IEnumerable<string> lines) => lines.Sum(CountLetters);

    private static int CountLetters(string text) => text.Count(char.IsLetter);

    /// <summary>Renders one page to PNG with pdftoppm; returns the image path.</summary>
    private async Task<string> RasterisePageAsync(string pdfPath, string displayName, int pageNumber, string folder, CancellationToken cancellationToken)
    {
        var prefix = Path.Combine(folder, $"page-{pageNumber.ToString(CultureInfo.InvariantCulture)}");
        var n = pageNumber.ToString(CultureInfo.InvariantCulture);
        ToolResult result;
        try
        {
            result = await ExternalTool.RunAsync(_pdftoppmPath,
                ["-r", _dpi.ToString(CultureInfo.InvariantCulture), "-f", n, "-l", n, "-png", "-singlefile", pdfPath, prefix],
                _rasterTimeout, cancellationToken);
        }
        catch (ExternalToolNotFoundException e)
        {
            throw new DocumentReadException(
                $"Trang {pageNumber} của '{displayName}' là ảnh quét cần OCR nhưng chưa cài đặt pdftoppm (gói poppler-utils). Hãy chạy scripts/install-deps.sh để cài đặt.", e);
        }
        catch (TimeoutException e)
        {
            throw new DocumentReadException(
                $"Chuyển trang {pageNumber} của '{displayName}' thành ảnh quá thời gian cho phép ({_rasterTimeout.TotalSeconds:0} giây).", e);
        }

        var image = prefix + ".png";
        if (result.ExitCode != 0 || !File.Exists(image))
        {
            var detail = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? $"mã lỗi {result.ExitCode}";
            throw new DocumentReadException($"Không chuyển được trang {pageNumber} của tệp PDF '{displayName}' thành ảnh để OCR: tệp có thể bị hỏng ({detail}).");
        }
        return image;
    }

    private DirectoryInfo CreateTempFolder()
    {
        if (_tempRoot is null) return Directory.CreateTempSubdirectory("assistant-pdf-ocr-");
        return Directory.CreateDirectory(Path.Combine(_tempRoot, "assistant-pdf-ocr-" + Guid.NewGuid().ToString("N")));
    }

    private static void TryDelete(string file)
    {
        try { File.Delete(file); }
        catch (IOException) { /* removed with the folder */ }
        catch (UnauthorizedAccessException) { /* idem */ }
    }

    [GeneratedRegex(@"[ \t\f\v]+")]
    private static partial Regex Spaces();
}
