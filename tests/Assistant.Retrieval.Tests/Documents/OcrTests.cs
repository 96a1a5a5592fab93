using Assistant.Retrieval.Documents;
using Xunit.Abstractions;

namespace Assistant.Retrieval.Tests.Documents;

/// <summary>
/// Real OCR with Tesseract on pages this test renders itself (DejaVu Sans, Vietnamese). These tests need
/// tesseract-ocr, tesseract-ocr-vie and poppler-utils: they fail, telling to run scripts/install-deps.sh, when missing.
/// </summary>
public class OcrTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Image_reader_recovers_Vietnamese_text_with_diacritics()
    {
        await DocumentTestFiles.RequireOcrToolsAsync();
        using var folder = new TempFolder();
        var png = await DocumentTestFiles.RenderPngAsync(folder, DocumentTestFiles.BuildTextPdf(DocumentTestFiles.ArticleLines), dpi: 300);
        var path = folder.File("trang-scan.png");
        await File.WriteAllBytesAsync(path, png);

        var document = await new ImageDocumentReader().ReadAsync(path, CancellationToken.None);

        Assert.Equal("ocr", document.Method);
        Assert.NotEmpty(document.Blocks);
        Assert.All(document.Blocks, b => Assert.Equal(1, b.Page));
        Assert.All(document.Blocks, b => Assert.NotNull(b.Confidence));
        var text = string.Join("\n", document.Blocks.Select(b => b.Text));
        output.WriteLine($"confidence {document.OcrConfidence:0.0}\n{text}");
        Assert.Contains("Điều 220", text);
        Assert.Contains("Tách thửa đất", text);
        Assert.Contains("nguyên tắc", text);
        Assert.Contains("quyền sử dụng đất", text);
        Assert.True(document.OcrConfidence > 60, $"OCR confidence {document.OcrConfidence} ≤ 60; text:\n{text}");
        // Lines survive inside a paragraph block: the article heading starts a line.
        Assert.Contains(document.Blocks.SelectMany(b => b.Text.Split('\n')), l => l.StartsWith("Điều 220.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scanned_pdf_page_is_rasterised_and_ocrd()
    {
        await DocumentTestFiles.RequireOcrToolsAsync();
        using var folder = new TempFolder();
        var png = await DocumentTestFiles.RenderPngAsync(folder, DocumentTestFiles.BuildTextPdf(DocumentTestFiles.ArticleLines), dpi: 200);
        var path = folder.File("ban-scan.pdf");
        await File.WriteAllBytesAsync(path, DocumentTestFiles.BuildImagePdf(png));
        var ocrTemp = Directory.CreateDirectory(folder.File("ocr-temp")).FullName;

        var document = await new PdfDocumentReader(ocr: null, tempRoot: ocrTemp).ReadAsync(path, CancellationToken.None);

        Assert.Equal("pdf+ocr", document.Method);
        Assert.NotEmpty(document.Blocks);
        Assert.All(document.Blocks, b => Assert.Equal(1, b.Page));
        Assert.All(document.Blocks, b => Assert.NotNull(b.Confidence));
        var text = string.Join("\n", document.Blocks.Select(b => b.Text));
        output.WriteLine($"confidence {document.OcrConfidence:0.0}\n{text}");
        Assert.Contains("Tách thửa đất", text);
        Assert.Contains("Điều 220", text);
        Assert.True(document.OcrConfidence > 60, $"OCR confidence {document.OcrConfidence} ≤ 60; text:\n{text}");
        Assert.Empty(Directory.EnumerateFileSystemEntries(ocrTemp)); // the rasterised page and its folder were removed
    }

    [Fact]
    public async Task Mixed_pdf_reads_text_pages_directly_and_ocrs_only_the_scanned_page()
    {
        await DocumentTestFiles.RequireOcrToolsAsync();
        using var folder = new TempFolder();
        var png = await DocumentTestFiles.RenderPngAsync(folder, DocumentTestFiles.BuildTextPdf(DocumentTestFiles.ArticleLines), dpi: 200);
        var textPdf = DocumentTestFiles.BuildTextPdf(["Điều 219. Chuyển mục đích sử dụng đất", "Người sử dụng đất phải nộp hồ sơ."]);
        var scanPdf = DocumentTestFiles.BuildImagePdf(png);

        // Page 1 from the text PDF, page 2 from the scan.
        var path = folder.File("hon-hop.pdf");
        using (var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder())
        {
            using var text = UglyToad.PdfPig.PdfDocument.Open(textPdf);
            using var scan = UglyToad.PdfPig.PdfDocument.Open(scanPdf);
            builder.AddPage(text, 1);
            builder.AddPage(scan, 1);
            await File.WriteAllBytesAsync(path, builder.Build());
        }

        var document = await new PdfDocumentReader().ReadAsync(path, CancellationToken.None);

        Assert.Equal("pdf+ocr", document.Method);
        var page1 = document.Blocks.Where(b => b.Page == 1).ToList();
        var page2 = document.Blocks.Where(b => b.Page == 2).ToList();
        Assert.Equal(["Điều 219. Chuyển mục đích sử dụng đất", "Người sử dụng đất phải nộp hồ sơ."], page1.Select(b => b.Text));
        Assert.All(page1, b => Assert.Null(b.Confidence));
        Assert.NotEmpty(page2);
        Assert.All(page2, b => Assert.NotNull(b.Confidence));
        Assert.Contains("Tách thửa đất", string.Join("\n", page2.Select(b => b.Text)));
        Assert.Equal(document.Blocks.OrderBy(b => b.Page).ToList(), document.Blocks); // pages in order
    }

    [Fact]
    public async Task Missing_language_data_gives_a_clear_message()
    {
        await DocumentTestFiles.RequireOcrToolsAsync();
        using var folder = new TempFolder();
        var png = await DocumentTestFiles.RenderPngAsync(folder, DocumentTestFiles.BuildTextPdf(["Điều 1. Phạm vi điều chỉnh"]), dpi: 100);
        var path = folder.File("anh.png");
        await File.WriteAllBytesAsync(path, png);

        var reader = new ImageDocumentReader(new TesseractOcr(language: "zzz"));
        var error = await Assert.ThrowsAsync<DocumentReadException>(() => reader.ReadAsync(path, CancellationToken.None));
        Assert.Contains("zzz", error.Message);
        Assert.Contains("scripts/install-deps.sh", error.Message);
    }

    [Fact]
    public async Task Missing_tesseract_gives_a_clear_message()
    {
        using var folder = new TempFolder();
        var path = folder.File("anh.png");
        // A valid 1×1 PNG: the reader gets as far as starting Tesseract.
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="));

        var reader = new ImageDocumentReader(new TesseractOcr(executablePath: "/nonexistent/tesseract-" + Guid.NewGuid().ToString("N")));
        var error = await Assert.ThrowsAsync<DocumentReadException>(() => reader.ReadAsync(path, CancellationToken.None));
        Assert.Contains("Tesseract", error.Message);
        Assert.Contains("scripts/install-deps.sh", error.Message);
    }

    [Fact]
    public async Task Ocr_past_its_timeout_is_killed_and_reported()
    {
        await DocumentTestFiles.RequireOcrToolsAsync();
        using var folder = new TempFolder();
        var png = await DocumentTestFiles.RenderPngAsync(folder, DocumentTestFiles.BuildTextPdf(DocumentTestFiles.ArticleLines), dpi: 300);
        var path = folder.File("cham.png");
        await File.WriteAllBytesAsync(path, png);

        var reader = new ImageDocumentReader(new TesseractOcr(timeout: TimeSpan.FromMilliseconds(50)));
        var error = await Assert.ThrowsAsync<DocumentReadException>(() => reader.ReadAsync(path, CancellationToken.None));
        Assert.Contains("quá thời gian", error.Message);
    }

    [Fact]
    public async Task Ocr_honours_cancellation()
    {
        await DocumentTestFiles.RequireOcrToolsAsync();
        using var folder = new TempFolder();
        var png = await DocumentTestFiles.RenderPngAsync(folder, DocumentTestFiles.BuildTextPdf(DocumentTestFiles.ArticleLines), dpi: 300);
        var path = folder.File("huy.png");
        await File.WriteAllBytesAsync(path, png);

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ImageDocumentReader().ReadAsync(path, cancel.Token));
    }

    [Fact]
    public void Tsv_words_are_grouped_into_lines_and_paragraphs_with_mean_confidence()
    {
        const string tsv = """
            level	page_num	block_num	par_num	line_num	word_num	left	top	width	height	conf	text
            1	1	0	0	0	0	0	0	2480	3508	-1	
            2	1	1	0	0	0	10	10	500	100	-1	
            3	1	1	1	0	0	10	10	500	100	-1	
            4	1	1	1	1	0	10	10	500	40	-1	
            5	1	1	1	1	1	10	10	100	40	90.5	Điều
            5	1	1	1	1	2	120	10	60	40	80.5	5.
            4	1	1	1	2	0	10	60	500	40	-1	
            5	1	1	1	2	1	10	60	100	40	70	Nội
            5	1	1	1	2	2	120	60	100	40	-1	 
            5	1	1	1	2	3	230	60	100	40	95	dung
            5	2	1	1	1	1	10	10	100	40	60	Trang
            5	2	1	1	1	2	10	10	100	40	80	hai
            """;

        var blocks = TesseractOcr.ParseTsv(tsv.Replace("\r\n", "\n"), page: null);

        Assert.Equal(2, blocks.Count);
        Assert.Equal("Điều 5.\nNội dung", blocks[0].Text);
        Assert.Equal(1, blocks[0].Page);
        Assert.Equal((90.5f + 80.5f + 70f + 95f) / 4, blocks[0].Confidence!.Value, 3);
        Assert.Equal("Trang hai", blocks[1].Text);
        Assert.Equal(2, blocks[1].Page); // frame of a multi-page TIFF
        Assert.Equal(70f, blocks[1].Confidence!.Value, 3);

        Assert.All(TesseractOcr.ParseTsv(tsv, page: 7), b => Assert.Equal(7, b.Page));
    }
}
