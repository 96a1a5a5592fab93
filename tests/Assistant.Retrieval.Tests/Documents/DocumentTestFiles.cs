using System.Text.RegularExpressions;
using Assistant.Retrieval.Documents;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Assistant.Retrieval.Tests.Documents;

/// <summary>A temp folder deleted with the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Path = Directory.CreateTempSubdirectory("assistant-doc-tests-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>Builds real test documents: PDFs with a Vietnamese TrueType font, page images rendered by pdftoppm.</summary>
internal static partial class DocumentTestFiles
{
    public const string FontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    private const string InstallHint = "Run scripts/install-deps.sh (installs tesseract-ocr, tesseract-ocr-vie, poppler-utils, fonts-dejavu-core).";

    public static readonly string[] ArticleLines =
    [
        "Điều 220. Tách thửa đất, hợp thửa đất",
        "1. Việc tách thửa đất, hợp thửa đất phải bảo đảm các nguyên tắc",
        "và điều kiện sau đây:",
        "a) Thửa đất đã được cấp giấy chứng nhận quyền sử dụng đất;",
        "b) Thửa đất còn trong thời hạn sử dụng đất;",
        "c) Đất không có tranh chấp, không bị kê biên để bảo đảm thi hành án.",
    ];

    /// <summary>A PDF with one page per entry, each line drawn in DejaVu Sans 13 pt from the top.</summary>
    public static byte[] BuildTextPdf(params string[][] pages)
    {
        RequireFile(FontPath);
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddTrueTypeFont(System.IO.File.ReadAllBytes(FontPath));
        foreach (var lines in pages)
        {
            var page = builder.AddPage(PageSize.A4);
            var y = 780.0;
            foreach (var line in lines)
            {
                page.AddText(line, 13, new PdfPoint(60, y), font);
                y -= 24;
            }
        }
        return builder.Build();
    }

    /// <summary>A PDF whose pages are only images (a scan): one PNG per page, stretched over an A4 page.</summary>
    public static byte[] BuildImagePdf(params byte[][] pngPages)
    {
        using var builder = new PdfDocumentBuilder();
        foreach (var png in pngPages)
        {
            var page = builder.AddPage(PageSize.A4);
            page.AddPng(png, new PdfRectangle(0, 0, page.PageSize.Width, page.PageSize.Height));
        }
        return builder.Build();
    }

    /// <summary>Renders page 1 of a PDF to PNG with pdftoppm (what a scanner would give).</summary>
    public static async Task<byte[]> RenderPngAsync(TempFolder folder, byte[] pdf, int dpi)
    {
        var pdfPath = folder.File($"render-{Guid.NewGuid():N}.pdf");
        await System.IO.File.WriteAllBytesAsync(pdfPath, pdf);
        var prefix = folder.File($"render-{Guid.NewGuid():N}");
        ToolResult result;
        try
        {
            result = await ExternalTool.RunAsync("pdftoppm", ["-r", dpi.ToString(), "-f", "1", "-l", "1", "-png", "-singlefile", pdfPath, prefix],
                TimeSpan.FromSeconds(120), CancellationToken.None);
        }
        catch (ExternalToolNotFoundException)
        {
            Assert.Fail("pdftoppm is not installed. " + InstallHint);
            throw;
        }
        Assert.True(result.ExitCode == 0, $"pdftoppm failed: {result.StdErr}");
        return await System.IO.File.ReadAllBytesAsync(prefix + ".png");
    }

    /// <summary>Fails (does not skip) when the OCR tools are missing: CI installs them with scripts/install-deps.sh.</summary>
    public static async Task RequireOcrToolsAsync()
    {
        try
        {
            var tesseract = await ExternalTool.RunAsync("tesseract", ["--list-langs"], TimeSpan.FromSeconds(30), CancellationToken.None);
            Assert.True(tesseract.ExitCode == 0, "tesseract --list-langs failed. " + InstallHint);
            Assert.True(Regex.IsMatch(tesseract.StdOut + tesseract.StdErr, @"^vie\s*$", RegexOptions.Multiline),
                "tesseract has no 'vie' traineddata. " + InstallHint);
        }
        catch (ExternalToolNotFoundException)
        {
            Assert.Fail("tesseract is not installed. " + InstallHint);
        }
    }

    public static void RequireFile(string path) =>
        Assert.True(System.IO.File.Exists(path), $"Missing {path}. " + InstallHint);

    /// <summary>True when the text has a letter only Vietnamese writes (ă, â, đ, ê, ô, ơ, ư or a tone mark).</summary>
    public static bool LooksVietnamese(string text) => VietnameseLetter().IsMatch(text.ToLowerInvariant());

    [GeneratedRegex("[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]")]
    private static partial Regex VietnameseLetter();
}
