using Assistant.Retrieval.Documents;

namespace Assistant.Retrieval.Tests.Documents;

public class PdfReaderTests
{
    [Fact]
    public async Task Text_layer_lines_come_back_in_order_with_page_numbers()
    {
        using var folder = new TempFolder();
        var page2 = new[] { "Điều 221. Điều kiện tách thửa đất", "Ủy ban nhân dân thành phố Hà Nội quy định chi tiết." };
        var path = folder.File("luat-dat-dai.pdf");
        await File.WriteAllBytesAsync(path, DocumentTestFiles.BuildTextPdf(DocumentTestFiles.ArticleLines, page2));

        var document = await new PdfDocumentReader().ReadAsync(path, CancellationToken.None);

        Assert.Equal("pdf", document.Method);
        Assert.Equal(path, document.SourcePath);
        Assert.Equal(2, document.PageCount);
        Assert.Null(document.OcrConfidence);
        Assert.All(document.Blocks, b => Assert.Null(b.Confidence));

        var expected = DocumentTestFiles.ArticleLines.Select(l => (Text: l, Page: 1))
            .Concat(page2.Select(l => (Text: l, Page: 2)))
            .ToList();
        var actual = document.Blocks.Select(b => (b.Text, Page: b.Page ?? -1)).ToList();
        Assert.Equal(expected, actual);
        // The legal heading starts its own block, with its diacritics intact (NFC).
        Assert.StartsWith("Điều 220.", document.Blocks[0].Text);
        Assert.True(document.Blocks[0].Text.IsNormalized(System.Text.NormalizationForm.FormC));
    }
}
