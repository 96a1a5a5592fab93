using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;

namespace Assistant.Retrieval.Tests.Structure;

public class LegalStructureParserTests
{
    private static LegalDocument ParseLines(params string[] lines) =>
        LegalStructureParser.Parse(lines.Select(l => new TextBlock(l)).ToList());

    private static LegalDocument ParseMarkdown(string markdown) =>
        LegalStructureParser.Parse(MarkdownDocumentReader.Parse(markdown));

    private static async Task<(ExtractedDocument Extracted, LegalDocument Parsed)> ParseCorpusAsync(string fileName)
    {
        var extracted = await new MarkdownDocumentReader().ReadAsync(RepoPaths.Regulation(fileName), CancellationToken.None);
        return (extracted, LegalStructureParser.Parse(extracted.Blocks));
    }

    private static DocumentMetadata CatalogMetadata(string fileName, IReadOnlyList<TextBlock> blocks) =>
        new MetadataResolver().Resolve(RepoPaths.Regulation(fileName), blocks);

    // =============================================================================================
    // Hand-written texts
    // =============================================================================================

    [Fact]
    public void Articles_chapters_sections_clauses_and_points()
    {
        var doc = ParseLines(
            "LUẬT THỬ NGHIỆM",
            "Chương I",
            "QUY ĐỊNH CHUNG",
            "Điều 1. Phạm vi điều chỉnh",
            "Luật này quy định về đất đai.",
            "Chương II. QUYỀN VÀ NGHĨA VỤ",
            "Mục 1. QUY ĐỊNH CHUNG",
            "Điều 2. Đối tượng áp dụng",
            "1. Cơ quan nhà nước.",
            "2. Người sử dụng đất gồm:",
            "a) Cá nhân;",
            "b) Tổ chức.",
            "Điều 3: Giải thích từ ngữ",
            "Trong Luật này, các từ ngữ dưới đây được hiểu như sau:",
            "1. Thửa đất là phần diện tích đất được giới hạn bởi ranh giới.",
            "Nơi nhận:",
            "- Như Điều 3;");

        Assert.Equal(["LUẬT THỬ NGHIỆM"], doc.Preamble.Select(b => b.Text));
        Assert.Equal([1, 2, 3], doc.Articles.Select(a => a.Number));
        Assert.Equal([0, 1, 2], doc.Articles.Select(a => a.Ordinal));

        var a1 = doc.Articles[0];
        Assert.Equal("Phạm vi điều chỉnh", a1.Title);
        Assert.Equal("Chương I. QUY ĐỊNH CHUNG", a1.Chapter);
        Assert.Null(a1.Section);
        Assert.Equal("Luật này quy định về đất đai.", a1.BodyText);
        Assert.Empty(a1.Clauses);
        Assert.Equal("Điều 1. Phạm vi điều chỉnh", a1.Heading);

        var a2 = doc.Articles[1];
        Assert.Equal("Chương II. QUYỀN VÀ NGHĨA VỤ", a2.Chapter);
        Assert.Equal("Mục 1. QUY ĐỊNH CHUNG", a2.Section);
        Assert.Equal([1, 2], a2.Clauses.Select(c => c.Number));
        Assert.Equal("1. Cơ quan nhà nước.", a2.Clauses[0].LeadIn);
        Assert.Equal("2. Người sử dụng đất gồm:", a2.Clauses[1].LeadIn);
        Assert.Equal(["a", "b"], a2.Clauses[1].Points.Select(p => p.Letter));
        Assert.Equal("a) Cá nhân;", a2.Clauses[1].Points[0].Text);

        var a3 = doc.Articles[2];
        Assert.Equal("Giải thích từ ngữ", a3.Title);
        Assert.Equal("Trong Luật này, các từ ngữ dưới đây được hiểu như sau:", a3.LeadIn);
        Assert.Single(a3.Clauses);
        Assert.DoesNotContain("Nơi nhận", a3.BodyText);
        Assert.Contains(doc.Trailer, b => b.Text.StartsWith("Nơi nhận", StringComparison.Ordinal));
    }

    [Fact]
    public void Markdown_heading_marks_and_emphasis_are_removed_from_headings()
    {
        var doc = ParseMarkdown("""
            ## Chương I. QUY ĐỊNH CHUNG

            #### **Điều 1. Phạm vi điều chỉnh**

            Luật này quy định về đất đai.

            ### Mục 2. GIÁ ĐẤT

            #### Điều 2. Nguyên tắc định giá đất

            1. Theo nguyên tắc thị trường.

            2. Công khai, minh bạch.
            """);
        Assert.Equal([1, 2], doc.Articles.Select(a => a.Number));
        Assert.Equal("Phạm vi điều chỉnh", doc.Articles[0].Title);
        Assert.Equal("Mục 2. GIÁ ĐẤT", doc.Articles[1].Section);
        Assert.Equal("Chương I. QUY ĐỊNH CHUNG", doc.Articles[1].Chapter);
        Assert.Equal([1, 2], doc.Articles[1].Clauses.Select(c => c.Number));
    }

    [Fact]
    public void Cross_references_at_the_start_of_a_body_line_are_not_headings()
    {
        var doc = ParseLines(
            "Điều 136. Thẩm quyền cấp Giấy chứng nhận",
            "1. Ủy ban nhân dân cấp tỉnh cấp Giấy chứng nhận.",
            "Điều 137 của Luật này quy định về giấy tờ về quyền sử dụng đất.",
            "2. Trường hợp khác thực hiện theo quy định tại Điều 137.",
            "Điều 137. Cấp Giấy chứng nhận cho người có giấy tờ",
            "1. Hộ gia đình, cá nhân đang sử dụng đất ổn định.",
            "Điều 50: Luật này không áp dụng cho trường hợp tại đây.",
            "Điều 10. quy định tại khoản 2 không áp dụng.",
            "2. Người sử dụng đất có giấy tờ quy định tại Điều 137.",
            "Điều 138. Trường hợp không có giấy tờ",
            "Nội dung.");

        Assert.Equal([136, 137, 138], doc.Articles.Select(a => a.Number));
        var a136 = doc.Articles[0];
        Assert.Contains("Điều 137 của Luật này quy định về giấy tờ", a136.BodyText);
        Assert.Equal([1, 2], a136.Clauses.Select(c => c.Number));
        Assert.EndsWith("theo quy định tại Điều 137.", a136.Clauses[1].LeadIn);

        var a137 = doc.Articles[1];
        Assert.Equal("Cấp Giấy chứng nhận cho người có giấy tờ", a137.Title);
        // An article number far out of sequence is a reference, not a heading.
        Assert.Contains("Điều 50: Luật này không áp dụng", a137.BodyText);
        Assert.Contains("Điều 10. quy định tại khoản 2", a137.BodyText);
        Assert.Equal([1, 2], a137.Clauses.Select(c => c.Number));
    }

    [Fact]
    public void A_quoted_amended_article_inside_a_decree_does_not_start_an_article()
    {
        var doc = ParseLines(
            "Điều 4. Sửa đổi, bổ sung Nghị định số 101/2024/NĐ-CP",
            "1. Sửa đổi, bổ sung Điều 5 như sau:",
            "“Điều 5. Nguyên tắc đăng ký đất đai",
            "1. Việc đăng ký được thực hiện trên môi trường điện tử.”",
            "2. Bổ sung Điều 6a vào sau Điều 6 như sau: “Điều 6a. Thuê dịch vụ",
            "Nội dung bổ sung.”",
            "\"Điều 5. Một bản trích khác trong ngoặc kép thẳng\"",
            "Điều 5. Hiệu lực thi hành",
            "Nghị định này có hiệu lực từ ngày ký.");

        Assert.Equal([4, 5], doc.Articles.Select(a => a.Number));
        Assert.All(doc.Articles, a => Assert.Null(a.Suffix));
        var a4 = doc.Articles[0];
        Assert.Contains("“Điều 5. Nguyên tắc đăng ký đất đai", a4.BodyText);
        Assert.Contains("“Điều 6a. Thuê dịch vụ", a4.BodyText);
        Assert.Equal([1, 2], a4.Clauses.Select(c => c.Number));
        Assert.Equal("Hiệu lực thi hành", doc.Articles[1].Title);
    }

    [Fact]
    public void Inserted_article_with_letter_suffix_is_an_article()
    {
        var doc = ParseLines(
            "Điều 5. Nguyên tắc", "Nội dung 5.",
            "Điều 5a. Thuê dịch vụ", "Nội dung 5a.",
            "Điều 6. Hiệu lực", "Nội dung 6.");
        Assert.Equal(["5", "5a", "6"], doc.Articles.Select(a => $"{a.Number}{a.Suffix}"));
        Assert.Equal("Điều 5a. Thuê dịch vụ", doc.Articles[1].Heading);
    }

    [Fact]
    public void Clause_numbers_inside_sentences_and_out_of_sequence_are_ignored()
    {
        var doc = ParseLines(
            "Điều 9. Tách thửa",
            "1. Việc tách thửa thực hiện theo khoản 3. Trường hợp khác thì áp dụng như khoản 1. Người dân được hướng dẫn.",
            "Diện tích tối thiểu là 1.000 m2. 5. Nội dung này không phải khoản.",
            "2. Hồ sơ gồm đơn đề nghị.",
            "4. Khoản nhảy số không được nhận.",
            "3. Cơ quan tiếp nhận hồ sơ.");
        var a = Assert.Single(doc.Articles);
        Assert.Equal([1, 2, 3], a.Clauses.Select(c => c.Number));
        Assert.Contains("theo khoản 3. Trường hợp khác", a.Clauses[0].LeadIn);
        Assert.Contains("như khoản 1. Người dân", a.Clauses[0].LeadIn);
        Assert.Contains("5. Nội dung này không phải khoản.", a.Clauses[0].LeadIn);
        Assert.Contains("4. Khoản nhảy số không được nhận.", a.Clauses[1].LeadIn);
        Assert.Equal("3. Cơ quan tiếp nhận hồ sơ.", a.Clauses[2].LeadIn);
    }

    [Fact]
    public void A_lower_case_word_after_the_number_is_not_a_clause()
    {
        var doc = ParseLines(
            "Điều 9. Tách thửa",
            "1. Việc tách thửa thực hiện như sau: 2. lần đầu không cần thẩm định.",
            "2. Hồ sơ gồm đơn đề nghị.");
        var a = Assert.Single(doc.Articles);
        Assert.Equal([1, 2], a.Clauses.Select(c => c.Number));
        Assert.Contains("2. lần đầu", a.Clauses[0].LeadIn);
        Assert.Equal("2. Hồ sơ gồm đơn đề nghị.", a.Clauses[1].LeadIn);
    }

    [Fact]
    public void Points_in_sequence_include_d_stroke()
    {
        var doc = ParseLines(
            "Điều 7. Người sử dụng đất",
            "1. Người sử dụng đất gồm:",
            "a) Tổ chức trong nước;",
            "b) Tổ chức tôn giáo;",
            "c) Cá nhân trong nước;",
            "d) Cộng đồng dân cư;",
            "đ) Tổ chức nước ngoài có chức năng ngoại giao;",
            "e) Người gốc Việt Nam định cư ở nước ngoài;",
            "g) Tổ chức kinh tế có vốn đầu tư nước ngoài.",
            "2. Chính phủ quy định chi tiết.");
        var a = Assert.Single(doc.Articles);
        Assert.Equal([1, 2], a.Clauses.Select(c => c.Number));
        Assert.Equal(["a", "b", "c", "d", "đ", "e", "g"], a.Clauses[0].Points.Select(p => p.Letter));
        Assert.Equal("đ) Tổ chức nước ngoài có chức năng ngoại giao;", a.Clauses[0].Points[4].Text);
        Assert.Equal("1. Người sử dụng đất gồm:", a.Clauses[0].LeadIn);
        Assert.Empty(a.Clauses[1].Points);
    }

    [Fact]
    public void Run_on_paragraph_is_split_into_clauses_and_points()
    {
        var doc = ParseLines(
            "Điều 2. Đối tượng áp dụng",
            "1. Cơ quan nhà nước thực hiện quyền hạn. 2. Người sử dụng đất gồm: a) Cá nhân; b) Tổ chức; c) Cộng đồng; d) Hộ; đ) Khác. 3. Các đối tượng khác có liên quan.");
        var a = Assert.Single(doc.Articles);
        Assert.Equal([1, 2, 3], a.Clauses.Select(c => c.Number));
        Assert.Equal("1. Cơ quan nhà nước thực hiện quyền hạn.", a.Clauses[0].LeadIn);
        Assert.Equal(["a", "b", "c", "d", "đ"], a.Clauses[1].Points.Select(p => p.Letter));
        Assert.Equal("đ) Khác.", a.Clauses[1].Points[4].Text);
        Assert.Equal("3. Các đối tượng khác có liên quan.", a.Clauses[2].LeadIn);
    }

    [Fact]
    public void Point_references_inside_sentences_are_not_points()
    {
        var doc = ParseLines(
            "Điều 8. Hồ sơ",
            "1. Trường hợp quy định tại điểm a) khoản 2 Điều này và c) của khoản 3 thì nộp hồ sơ:",
            "a) Đơn đề nghị;",
            "c) Không theo thứ tự;",
            "b) Giấy tờ về quyền sử dụng đất.");
        var a = Assert.Single(doc.Articles);
        var clause = Assert.Single(a.Clauses);
        Assert.Equal(["a", "b"], clause.Points.Select(p => p.Letter));
        Assert.Contains("điểm a) khoản 2", clause.LeadIn);
        Assert.Contains("c) Không theo thứ tự;", clause.Points[0].Text);
    }

    [Fact]
    public void Points_directly_under_an_article_form_a_clause_zero()
    {
        var doc = ParseLines(
            "Điều 3. Các trường hợp",
            "Các trường hợp sau đây:",
            "a) Trường hợp một;",
            "b) Trường hợp hai.");
        var a = Assert.Single(doc.Articles);
        var clause = Assert.Single(a.Clauses);
        Assert.Equal(0, clause.Number);
        Assert.Equal("Các trường hợp sau đây:", clause.LeadIn);
        Assert.Equal(["a", "b"], clause.Points.Select(p => p.Letter));
    }

    [Fact]
    public void Chapter_title_on_the_next_line_is_joined()
    {
        var doc = ParseLines("CHƯƠNG III", "QUYỀN VÀ NGHĨA VỤ CỦA NGƯỜI SỬ DỤNG ĐẤT", "Điều 26. Quyền chung", "Nội dung.");
        Assert.Equal("Chương III. QUYỀN VÀ NGHĨA VỤ CỦA NGƯỜI SỬ DỤNG ĐẤT", Assert.Single(doc.Articles).Chapter);
        Assert.Empty(doc.Preamble);
    }

    [Fact]
    public void Section_title_on_the_next_line_is_kept_like_a_chapter_title()
    {
        // Official texts print "Mục 1" and its title on two lines, as they do for "Chương I"
        // (PDF and DOCX sources keep that layout).
        var doc = ParseLines(
            "Chương II",
            "QUYỀN HẠN VÀ TRÁCH NHIỆM CỦA NHÀ NƯỚC",
            "Mục 1",
            "QUYỀN CỦA NHÀ NƯỚC ĐỐI VỚI ĐẤT ĐAI",
            "Điều 13. Quyền của đại diện chủ sở hữu về đất đai",
            "Nội dung một.",
            "Mục 2",
            "TRÁCH NHIỆM CỦA NHÀ NƯỚC ĐỐI VỚI ĐẤT ĐAI",
            "Điều 14. Trách nhiệm",
            "Nội dung hai.");
        Assert.Equal([13, 14], doc.Articles.Select(a => a.Number));
        Assert.Equal("Mục 1. QUYỀN CỦA NHÀ NƯỚC ĐỐI VỚI ĐẤT ĐAI", doc.Articles[0].Section);
        Assert.Equal("Mục 2. TRÁCH NHIỆM CỦA NHÀ NƯỚC ĐỐI VỚI ĐẤT ĐAI", doc.Articles[1].Section);
        Assert.Empty(doc.Preamble);
        Assert.Empty(doc.Trailer);
    }

    [Fact]
    public void Text_without_articles_has_no_articles()
    {
        var doc = ParseLines("BIÊN BẢN HỌP", "Hôm nay, ngày 5 tháng 3 năm 2024.", "1. Thành phần gồm ông A.");
        Assert.Empty(doc.Articles);
        Assert.Equal(3, doc.Preamble.Count);
    }

    // =============================================================================================
    // Real corpus
    // =============================================================================================

    [Fact]
    public async Task Land_law_2024_has_260_articles_in_order_and_16_chapters()
    {
        var (_, doc) = await ParseCorpusAsync(RepoPaths.Law2024File);
        Assert.Equal(Enumerable.Range(1, 260), doc.Articles.Select(a => a.Number));
        Assert.All(doc.Articles, a => Assert.Null(a.Suffix));
        var chapters = doc.Articles.Select(a => a.Chapter).Distinct().ToList();
        Assert.Equal(16, chapters.Count);
        Assert.DoesNotContain(null, chapters);
        Assert.Equal("Chương I. QUY ĐỊNH CHUNG", chapters[0]);
        Assert.StartsWith("Chương XVI.", chapters[^1]);

        var a220 = doc.Articles.Single(a => a.Number == 220);
        Assert.Equal("Tách thửa đất, hợp thửa đất", a220.Title);
        Assert.Equal("Chương XIII. CHẾ ĐỘ SỬ DỤNG ĐẤT", a220.Chapter);
        Assert.Equal("Mục 2. CHẾ ĐỘ SỬ DỤNG ĐẤT", a220.Section);
        Assert.Equal([1, 2, 3, 4], a220.Clauses.Select(c => c.Number));
        Assert.Equal(["a", "b", "c", "d"], a220.Clauses[0].Points.Select(p => p.Letter));

        var a3 = doc.Articles.Single(a => a.Number == 3);
        Assert.Equal("Giải thích từ ngữ", a3.Title);
        Assert.Equal(Enumerable.Range(1, 49), a3.Clauses.Select(c => c.Number));

        // Every article has content.
        Assert.All(doc.Articles, a => Assert.False(string.IsNullOrWhiteSpace(a.BodyText), $"Điều {a.Number} is empty"));
    }

    [Fact]
    public async Task Consolidated_text_133_has_260_articles_and_run_on_paragraphs_are_split()
    {
        var (_, doc) = await ParseCorpusAsync(RepoPaths.Vbhn133File);
        Assert.Equal(Enumerable.Range(1, 260), doc.Articles.Select(a => a.Number));
        Assert.Equal(16, doc.Articles.Select(a => a.Chapter).Distinct().Count());

        // "1. Cơ quan … 2. Người sử dụng đất. 3. Các đối tượng …" is one line in this source.
        var a2 = doc.Articles.Single(a => a.Number == 2);
        Assert.Equal([1, 2, 3], a2.Clauses.Select(c => c.Number));
        Assert.Equal("2. Người sử dụng đất.", a2.Clauses[1].LeadIn);
        Assert.StartsWith("3. Các đối tượng khác", a2.Clauses[2].LeadIn);

        var a220 = doc.Articles.Single(a => a.Number == 220);
        Assert.Equal([1, 2, 3, 4], a220.Clauses.Select(c => c.Number));
    }

    [Fact]
    public async Task Land_law_2013_has_212_articles()
    {
        var (_, doc) = await ParseCorpusAsync(RepoPaths.Law2013File);
        Assert.Equal(Enumerable.Range(1, 212), doc.Articles.Select(a => a.Number));
        Assert.Equal(14, doc.Articles.Select(a => a.Chapter).Distinct().Count());
        // "MỤC 1. QUYỀN CỦA NHÀ NƯỚC ĐỐI VỚI ĐẤT ĐAI" (upper case, no Markdown mark) is a section.
        Assert.Equal("Mục 1. QUYỀN CỦA NHÀ NƯỚC ĐỐI VỚI ĐẤT ĐAI", doc.Articles.Single(a => a.Number == 13).Section);
    }

    [Fact]
    public async Task Decree_49_has_22_articles_and_keeps_quoted_amendments_and_references_in_bodies()
    {
        var (_, doc) = await ParseCorpusAsync(RepoPaths.Decree49File);
        Assert.Equal(Enumerable.Range(1, 22), doc.Articles.Select(a => a.Number));
        Assert.All(doc.Articles, a => Assert.Null(a.Suffix));

        // Articles quoted by the amendments stay in the amending article.
        var a12 = doc.Articles.Single(a => a.Number == 12);
        Assert.Contains("“Điều 64a. Thuê dịch vụ vận hành", a12.BodyText);
        var a13 = doc.Articles.Single(a => a.Number == 13);
        Assert.Contains("“Điều 44a.", a13.BodyText);

        // A line starting with a reference ("Điều 7 của Nghị quyết số 254/2025/QH15") stays in the body of Điều 7.
        var a7 = doc.Articles.Single(a => a.Number == 7);
        Assert.Contains("Điều 7 của Nghị quyết số 254/2025/QH15", a7.BodyText);
    }

    [Fact]
    public async Task Decree_50_has_14_articles()
    {
        var (_, doc) = await ParseCorpusAsync(RepoPaths.Decree50File);
        Assert.Equal(Enumerable.Range(1, 14), doc.Articles.Select(a => a.Number));
    }

    // =============================================================================================
    // Chunker
    // =============================================================================================

    [Fact]
    public async Task Long_article_is_split_by_clause_with_exact_citations_and_heading_path()
    {
        var (extracted, doc) = await ParseCorpusAsync(RepoPaths.Law2024File);
        var meta = CatalogMetadata(RepoPaths.Law2024File, extracted.Blocks);
        Assert.Equal("luat-dat-dai-2024", meta.Id);
        var chunks = new LegalChunker().Chunk("src", meta, doc, extracted.Blocks);

        var a220 = chunks.Where(c => c.Article == 220).ToList();
        Assert.True(doc.Articles.Single(a => a.Number == 220).BodyText.Length > new ChunkingOptions().MaxArticleChars);
        Assert.Equal([1, 2, 3, 4], a220.Select(c => c.Clause));
        Assert.Equal(
            ["luat-dat-dai-2024#d220.k1", "luat-dat-dai-2024#d220.k2", "luat-dat-dai-2024#d220.k3", "luat-dat-dai-2024#d220.k4"],
            a220.Select(c => c.Id));
        Assert.Equal("Khoản 2 Điều 220 Luật Đất đai 2024 (31/2024/QH15)", a220[1].Citation);
        Assert.All(a220, c =>
        {
            Assert.Equal(["Chương XIII. CHẾ ĐỘ SỬ DỤNG ĐẤT", "Mục 2. CHẾ ĐỘ SỬ DỤNG ĐẤT", "Điều 220. Tách thửa đất, hợp thửa đất"], c.HeadingPath);
            Assert.Equal("Tách thửa đất, hợp thửa đất", c.ArticleTitle);
            Assert.Null(c.Point);
            Assert.StartsWith("Chương XIII. CHẾ ĐỘ SỬ DỤNG ĐẤT\n", c.IndexText);
        });
        Assert.StartsWith("2. ", a220[1].Text);

        // A short article is one chunk, cited by article only.
        var a2 = Assert.Single(chunks, c => c.Article == 2);
        Assert.Equal("Điều 2 Luật Đất đai 2024 (31/2024/QH15)", a2.Citation);
        Assert.Equal("luat-dat-dai-2024#d2", a2.Id);
        Assert.Null(a2.Clause);
        Assert.Contains("Chương I. QUY ĐỊNH CHUNG", a2.HeadingPath);
        Assert.Contains("3. Các đối tượng khác có liên quan đến việc quản lý, sử dụng đất đai.", a2.Text);

        // Ids are unique and ordinals follow the document.
        Assert.Equal(chunks.Count, chunks.Select(c => c.Id).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Ordinal));
        Assert.Equal(Enumerable.Range(1, 260), chunks.Select(c => c.Article!.Value).Distinct());
    }

    [Fact]
    public async Task A_long_clause_is_split_by_point_with_point_citations()
    {
        var (extracted, doc) = await ParseCorpusAsync(RepoPaths.Law2024File);
        var meta = CatalogMetadata(RepoPaths.Law2024File, extracted.Blocks);
        var chunker = new LegalChunker(new ChunkingOptions { MaxArticleChars = 300, MaxClauseChars = 200 });
        var chunks = chunker.Chunk("src", meta, doc, extracted.Blocks).Where(c => c.Article == 220).ToList();

        var point = Assert.Single(chunks, c => c.Clause == 2 && c.Point == "a");
        Assert.Equal("Điểm a Khoản 2 Điều 220 Luật Đất đai 2024 (31/2024/QH15)", point.Citation);
        Assert.Equal("luat-dat-dai-2024#d220.k2.pa", point.Id);
        // The point keeps its clause's lead-in for context.
        var clause2 = doc.Articles.Single(a => a.Number == 220).Clauses[1];
        Assert.StartsWith(clause2.LeadIn, point.Text);
        Assert.EndsWith(clause2.Points[0].Text, point.Text);
        Assert.Equal(["a", "b", "c"], chunks.Where(c => c.Clause == 2).Select(c => c.Point));
    }

    [Fact]
    public async Task Whole_article_citation_when_the_article_fits()
    {
        var (extracted, doc) = await ParseCorpusAsync(RepoPaths.Law2024File);
        var meta = CatalogMetadata(RepoPaths.Law2024File, extracted.Blocks);
        var chunker = new LegalChunker(new ChunkingOptions { MaxArticleChars = 20_000 });
        var a220 = Assert.Single(chunker.Chunk("src", meta, doc, extracted.Blocks), c => c.Article == 220);
        Assert.Equal("Điều 220 Luật Đất đai 2024 (31/2024/QH15)", a220.Citation);
        Assert.Equal("luat-dat-dai-2024#d220", a220.Id);
        Assert.Null(a220.Clause);
        Assert.Null(a220.Point);

        var article = doc.Articles.Single(a => a.Number == 220);
        Assert.Equal("Điểm a Khoản 2 Điều 220 Luật Đất đai 2024 (31/2024/QH15)", LegalChunker.Citation(meta, article, 2, "a"));
        Assert.Equal("Khoản 4 Điều 220 Luật Đất đai 2024 (31/2024/QH15)", LegalChunker.Citation(meta, article, 4, null));
        Assert.Equal("Điều 220 Luật Đất đai 2024 (31/2024/QH15)", LegalChunker.Citation(meta, article, null, null));
    }

    [Fact]
    public async Task Consolidated_text_citation_names_the_law_and_the_consolidation()
    {
        var (extracted, doc) = await ParseCorpusAsync(RepoPaths.Vbhn133File);
        var meta = CatalogMetadata(RepoPaths.Vbhn133File, extracted.Blocks);
        Assert.Equal("31/2024/QH15", meta.LawNumber);
        var chunks = new LegalChunker().Chunk("src", meta, doc, extracted.Blocks);
        var a2 = Assert.Single(chunks, c => c.Article == 2);
        Assert.Equal("Điều 2 Luật Đất đai 2024 (31/2024/QH15, hợp nhất tại 133/VBHN-VPQH)", a2.Citation);
        var k2 = Assert.Single(chunks, c => c.Article == 220 && c.Clause == 2);
        Assert.Equal("Khoản 2 Điều 220 Luật Đất đai 2024 (31/2024/QH15, hợp nhất tại 133/VBHN-VPQH)", k2.Citation);
        Assert.All(chunks, c => Assert.Contains("hợp nhất tại 133/VBHN-VPQH", c.Citation));
        Assert.Equal(chunks.Count, chunks.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public async Task Decree_citations_and_every_corpus_chunk_has_a_chapter_in_its_heading_path()
    {
        var (extracted, doc) = await ParseCorpusAsync(RepoPaths.Decree49File);
        var meta = CatalogMetadata(RepoPaths.Decree49File, extracted.Blocks);
        var chunks = new LegalChunker().Chunk("src", meta, doc, extracted.Blocks);
        Assert.Contains(chunks, c => c.Citation.StartsWith("Điều 2 Nghị định 49/2026/NĐ-CP", StringComparison.Ordinal) && c.Article == 2);
        Assert.All(chunks, c =>
        {
            Assert.NotNull(c.Chapter);
            Assert.Equal(c.Chapter, c.HeadingPath[0]);
            Assert.StartsWith($"Điều {c.Article}.", c.HeadingPath[^1]);
        });
    }

    [Fact]
    public void Article_with_a_long_lead_in_gets_a_lead_chunk_and_short_lead_in_is_repeated()
    {
        var meta = new DocumentMetadata { Id = "t", Number = "1/2025/QH15", Type = "Luật", Title = "Luật thử", ShortTitle = "Luật thử" };
        var longLead = "Trong Luật này, " + string.Concat(Enumerable.Repeat("các từ ngữ dưới đây được hiểu như sau ", 12)) + ":";
        var clause = string.Concat(Enumerable.Repeat("nội dung khoản dài ", 20));
        var blocks = new[]
        {
            "Điều 1. Giải thích từ ngữ", longLead, $"1. Một {clause}.", $"2. Hai {clause}.",
            "Điều 2. Nguyên tắc", "Các nguyên tắc sau:", $"1. Một {clause}.", $"2. Hai {clause}.",
        }.Select(t => new TextBlock(t)).ToList();
        var parsed = LegalStructureParser.Parse(blocks);
        var chunks = new LegalChunker(new ChunkingOptions { MaxArticleChars = 500 }).Chunk("src", meta, parsed, blocks);

        Assert.Equal(["t#d1.lead", "t#d1.k1", "t#d1.k2", "t#d2.k1", "t#d2.k2"], chunks.Select(c => c.Id));
        Assert.Equal("Điều 1 Luật thử (1/2025/QH15)", chunks[0].Citation);
        Assert.StartsWith("1. Một", chunks[1].Text);
        Assert.StartsWith("Các nguyên tắc sau:\n2. Hai", chunks[4].Text);
        Assert.Equal("Khoản 2 Điều 2 Luật thử (1/2025/QH15)", chunks[4].Citation);
    }

    [Fact]
    public void Document_without_articles_is_cut_into_windows_cited_by_page()
    {
        var meta = new DocumentMetadata { Id = "hs", Number = "", Type = "Tài liệu", Title = "Hồ sơ lưu trữ", ShortTitle = "Hồ sơ lưu trữ" };
        var blocks = Enumerable.Range(1, 6)
            .Select(i => new TextBlock($"Đoạn {i}: " + new string('x', 400), Page: i <= 3 ? 1 : 2))
            .Prepend(new TextBlock("HỒ SƠ", BlockKind.Heading, Page: 1, HeadingLevel: 1))
            .ToList();
        var chunks = new LegalChunker(new ChunkingOptions { PlainWindowChars = 1000 }).Chunk("src", meta, LegalStructureParser.Parse(blocks), blocks);
        Assert.True(chunks.Count >= 3);
        Assert.All(chunks, c => Assert.Null(c.Article));
        Assert.Equal("Hồ sơ lưu trữ, trang 1", chunks[0].Citation);
        Assert.Equal("Hồ sơ lưu trữ, trang 2", chunks[^1].Citation);
        Assert.DoesNotContain(chunks, c => c.Text.Contains("Đoạn 3") && c.Text.Contains("Đoạn 4")); // pages are not mixed
        Assert.Equal(chunks.Count, chunks.Select(c => c.Id).Distinct().Count());
    }
}
