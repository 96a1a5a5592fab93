using System.IO.Compression;
using Assistant.Retrieval.Documents;

namespace Assistant.Retrieval.Tests.Documents;

/// <summary>Unreadable input must raise <see cref="DocumentReadException"/> with a Vietnamese message, never another exception.</summary>
public class ReaderBadInputTests
{
    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<DocumentReadException> AssertReadFails(IDocumentReader reader, string fileName, byte[] content)
    {
        using var folder = new TempFolder();
        var path = folder.File(fileName);
        await File.WriteAllBytesAsync(path, content);

        var error = await Record.ExceptionAsync(() => reader.ReadAsync(path, CancellationToken.None));

        Assert.NotNull(error);
        var readError = Assert.IsType<DocumentReadException>(error);
        Assert.False(string.IsNullOrWhiteSpace(readError.Message));
        Assert.True(DocumentTestFiles.LooksVietnamese(readError.Message), $"Message is not Vietnamese: {readError.Message}");
        return readError;
    }

    [Fact]
    public async Task Empty_pdf()
    {
        var error = await AssertReadFails(new PdfDocumentReader(), "rong.pdf", []);
        Assert.Contains("rỗng", error.Message);
    }

    [Fact]
    public async Task Random_bytes_renamed_pdf()
    {
        var error = await AssertReadFails(new PdfDocumentReader(), "rac.pdf", RandomBytes(4096, 1));
        Assert.Contains("PDF", error.Message);
        Assert.Contains("rac.pdf", error.Message);
    }

    [Fact]
    public async Task Pdf_header_followed_by_junk()
    {
        var content = "%PDF-1.7\n"u8.ToArray().Concat(RandomBytes(4096, 2)).ToArray();
        var error = await AssertReadFails(new PdfDocumentReader(), "hong.pdf", content);
        Assert.Contains("PDF", error.Message);
    }

    [Fact]
    public async Task Truncated_pdf_is_read_or_refused_cleanly()
    {
        var pdf = DocumentTestFiles.BuildTextPdf(DocumentTestFiles.ArticleLines);
        using var folder = new TempFolder();
        var path = folder.File("cut.pdf");
        await File.WriteAllBytesAsync(path, pdf[..(pdf.Length / 3)]);

        var error = await Record.ExceptionAsync(() => new PdfDocumentReader().ReadAsync(path, CancellationToken.None));

        if (error is not null)
        {
            Assert.IsType<DocumentReadException>(error);
            Assert.True(DocumentTestFiles.LooksVietnamese(error.Message), error.Message);
        }
    }

    [Fact]
    public async Task Random_bytes_renamed_docx()
    {
        var error = await AssertReadFails(new DocxDocumentReader(), "rac.docx", RandomBytes(4096, 3));
        Assert.Contains("rac.docx", error.Message);
    }

    [Fact]
    public async Task Empty_docx()
    {
        await AssertReadFails(new DocxDocumentReader(), "rong.docx", []);
    }

    [Fact]
    public async Task Zip_that_is_not_a_docx()
    {
        using var zipStream = new MemoryStream();
        using (var zip = new ZipArchive(zipStream, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = zip.CreateEntry("hello.txt").Open();
            await entry.WriteAsync("xin chào"u8.ToArray());
        }
        await AssertReadFails(new DocxDocumentReader(), "khong-phai-word.docx", zipStream.ToArray());
    }

    [Fact]
    public async Task Old_binary_doc_renamed_docx()
    {
        var content = new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.Concat(RandomBytes(2048, 4)).ToArray();
        var error = await AssertReadFails(new DocxDocumentReader(), "cu.docx", content);
        Assert.Contains(".doc", error.Message);
    }

    [Fact]
    public async Task Empty_png()
    {
        var error = await AssertReadFails(new ImageDocumentReader(), "rong.png", []);
        Assert.Contains("rỗng", error.Message);
    }

    [Fact]
    public async Task Random_bytes_renamed_png()
    {
        var error = await AssertReadFails(new ImageDocumentReader(), "rac.png", RandomBytes(4096, 5));
        Assert.Contains("Không đọc được ảnh", error.Message);
    }

    [Fact]
    public async Task Png_signature_followed_by_junk_is_refused_by_tesseract()
    {
        await DocumentTestFiles.RequireOcrToolsAsync();
        var content = new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }.Concat(RandomBytes(4096, 6)).ToArray();
        var error = await AssertReadFails(new ImageDocumentReader(), "hong.png", content);
        Assert.Contains("Không đọc được ảnh", error.Message);
    }

    [Fact]
    public async Task Missing_file()
    {
        var error = await Record.ExceptionAsync(() => new PdfDocumentReader().ReadAsync("/nonexistent/khong-co.pdf", CancellationToken.None));
        Assert.IsType<DocumentReadException>(error);
        Assert.Contains("Không tìm thấy", error.Message);
    }
}
