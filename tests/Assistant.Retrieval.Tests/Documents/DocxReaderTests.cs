using Assistant.Retrieval.Documents;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Assistant.Retrieval.Tests.Documents;

public class DocxReaderTests
{
    [Fact]
    public async Task Reads_headings_paragraphs_numbering_and_table_rows_in_order()
    {
        using var folder = new TempFolder();
        var path = folder.File("quyet-dinh.docx");
        BuildDocx(path);

        var document = await new DocxDocumentReader().ReadAsync(path, CancellationToken.None);

        Assert.Equal("docx", document.Method);
        var actual = document.Blocks.Select(b => (b.Text, b.Kind, b.HeadingLevel)).ToList();
        (string, BlockKind, int)[] expected =
        [
            ("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc", BlockKind.TableRow, 0),
            ("QUYẾT ĐỊNH", BlockKind.Heading, 1),
            ("Quy định điều kiện tách thửa đất trên địa bàn thành phố Hà Nội", BlockKind.Paragraph, 0),
            ("Chương I QUY ĐỊNH CHUNG", BlockKind.Heading, 2),
            ("Điều 1. Phạm vi điều chỉnh", BlockKind.Heading, 3),
            ("Quyết định này quy định diện tích tối thiểu được tách thửa.", BlockKind.Paragraph, 0),
            ("Điều 2. Đối tượng áp dụng", BlockKind.Heading, 3),
            ("1. Cơ quan nhà nước.", BlockKind.ListItem, 0),
            ("2. Người sử dụng đất.", BlockKind.ListItem, 0),
            ("Khu vực | Diện tích tối thiểu (m²)", BlockKind.TableRow, 0),
            ("Các phường | 50", BlockKind.TableRow, 0),
            ("Các xã | 80", BlockKind.TableRow, 0),
            ("Hết.", BlockKind.Paragraph, 0),
        ];
        Assert.Equal(expected, actual);
        Assert.All(document.Blocks, b => Assert.Null(b.Page));
    }

    [Fact]
    public void Heading_style_names_are_recognised()
    {
        Assert.Equal(1, DocxDocumentReader.HeadingLevelFromName("Heading1"));
        Assert.Equal(3, DocxDocumentReader.HeadingLevelFromName("heading 3"));
        Assert.Equal(2, DocxDocumentReader.HeadingLevelFromName("Tieude2"));
        Assert.Equal(1, DocxDocumentReader.HeadingLevelFromName("Tieude"));
        Assert.Equal(4, DocxDocumentReader.HeadingLevelFromName("Tiêu đề 4"));
        Assert.Null(DocxDocumentReader.HeadingLevelFromName("Normal"));
        Assert.Null(DocxDocumentReader.HeadingLevelFromName("Heading7"));
        Assert.Null(DocxDocumentReader.HeadingLevelFromName("BodyText"));
    }

    private static void BuildDocx(string path)
    {
        using var doc = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document);
        var main = doc.AddMainDocumentPart();

        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(
            ParagraphStyle("Normal", "Normal"),
            ParagraphStyle("Title", "Title"),
            ParagraphStyle("Heading2", "heading 2"),
            // Vietnamese Word localises built-in style ids ("u3") but keeps the built-in name.
            ParagraphStyle("u3", "heading 3"),
            ParagraphStyle("TOC1", "toc 1"),
            ParagraphStyle("ListParagraph", "List Paragraph"));

        var numbering = main.AddNewPart<NumberingDefinitionsPart>();
        numbering.Numbering = new Numbering(
            new AbstractNum(
                new Level(new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = NumberFormatValues.Decimal }, new LevelText { Val = "%1." }) { LevelIndex = 0 },
                new Level(new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = NumberFormatValues.LowerLetter }, new LevelText { Val = "%2)" }) { LevelIndex = 1 })
            { AbstractNumberId = 7 },
            new NumberingInstance(new AbstractNumId { Val = 7 }) { NumberID = 3 });

        main.Document = new Document(new Body(
            Table(
                ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"]),
            Para("QUYẾT ĐỊNH", "Title"),
            Para("Quy định điều kiện tách thửa đất trên địa bàn thành phố Hà Nội"),
            Para("Mục lục ........ 1", "TOC1"),
            Para("", "Normal"),
            Para("Chương I  QUY ĐỊNH CHUNG", "Heading2"),
            Para("Điều 1. Phạm vi điều chỉnh", "u3"),
            Para("Quyết định này quy định diện tích tối thiểu được tách thửa."),
            Para("Điều 2. Đối tượng áp dụng", "u3"),
            Numbered("Cơ quan nhà nước."),
            Numbered("Người sử dụng đất."),
            Table(
                ["Khu vực", "Diện tích tối thiểu (m²)"],
                ["Các phường", "50"],
                ["", ""],
                ["Các xã", "80"]),
            new Paragraph(
                new Run(new Text("Hết.")),
                new DocumentFormat.OpenXml.Wordprocessing.DeletedRun(new Run(new DeletedText("bị xoá"))))));
        main.Document.Save();
    }

    private static Style ParagraphStyle(string id, string name) =>
        new(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id };

    private static Paragraph Para(string text, string? styleId = null)
    {
        var paragraph = new Paragraph();
        if (styleId is not null)
            paragraph.Append(new ParagraphProperties(new ParagraphStyleId { Val = styleId }));
        // Two runs, so words are split over run boundaries as Word does.
        var cut = text.Length / 2;
        paragraph.Append(new Run(new Text(text[..cut]) { Space = SpaceProcessingModeValues.Preserve }));
        paragraph.Append(new Run(new Text(text[cut..]) { Space = SpaceProcessingModeValues.Preserve }));
        return paragraph;
    }

    private static Paragraph Numbered(string text) =>
        new(
            new ParagraphProperties(
                new ParagraphStyleId { Val = "ListParagraph" },
                new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 3 })),
            new Run(new Text(text)));

    private static Table Table(params string[][] rows)
    {
        var table = new Table(new TableProperties(new TableBorders()));
        foreach (var row in rows)
        {
            var tableRow = new TableRow();
            foreach (var cell in row)
            {
                var tableCell = new TableCell();
                foreach (var line in cell.Split('\n'))
                    tableCell.Append(new Paragraph(new Run(new Text(line))));
                tableRow.Append(tableCell);
            }
            table.Append(tableRow);
        }
        return table;
    }
}
