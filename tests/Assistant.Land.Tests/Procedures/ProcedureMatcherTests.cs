using Assistant.Land.Procedures;

namespace Assistant.Land.Tests.Procedures;

public sealed class ProcedureMatcherTests
{
    private static ProcedureMatcher Matcher => ProcedureTestData.Matcher;

    [Theory]
    [InlineData("sang tên sổ đỏ", "1.013831")]
    [InlineData("tach thua", "1.012784")]
    [InlineData("làm lại sổ bị mất", "1.012786")]
    [InlineData("thế chấp sổ đỏ vay ngân hàng", "1.011441")]
    [InlineData("đổi sổ cũ sang sổ mới", "1.012783")]
    [InlineData("sai tên trên sổ", "1.012790")]
    [InlineData("lên thổ cư", "1.013992")]
    [InlineData("xin cấp sổ lần đầu", "1.013978")]
    [InlineData("tranh chấp đất với hàng xóm", "1.012812")]
    [InlineData("xóa nợ tiền sử dụng đất", "1.013988")]
    [InlineData("trích lục bản đồ", "1.012789")]
    [InlineData("xin thông tin thửa đất", "1.012789")]
    [InlineData("giải chấp sổ đỏ sau khi trả hết nợ", "1.011443")]
    [InlineData("gộp hai sổ thành một", "1.012784")]
    [InlineData("mua đất giấy tay năm 2019 chưa sang tên", "1.012785")]
    [InlineData("mua căn hộ chung cư chủ đầu tư chưa làm sổ", "1.012787")]
    [InlineData("thêm tên vợ vào sổ đỏ", "1.013980")]
    [InlineData("xây nhà xong muốn ghi nhà vào sổ", "1.013995")]
    [InlineData("đất nông nghiệp hết hạn sử dụng", "1.013947")]
    [InlineData("hòa giải ở xã không thành", "1.012805")]
    [InlineData("cập nhật căn cước lên sổ đỏ", "1.013833")]
    public void Everyday_phrasings_find_their_procedure_with_and_without_diacritics(string text, string code)
    {
        foreach (var variant in new[] { text, ProcedureTestData.StripDiacritics(text), text.ToUpperInvariant() })
        {
            var result = Matcher.Match(variant);
            Assert.True(result.Best is not null, $"'{variant}': no match");
            Assert.True(code == result.Best!.Procedure.Code,
                $"'{variant}': expected {code}, got {result.Best.Procedure.Code} ({string.Join("; ", Matcher.Rank(variant, 3).Select(m => $"{m.Procedure.Code} {m.Score:0.00} [{string.Join(", ", m.MatchedPhrases)}]"))})");
        }
    }

    [Fact]
    public void Scores_do_not_depend_on_diacritics()
    {
        const string text = "Bố mẹ tôi muốn tặng cho con mảnh đất ở Gia Lâm thì làm thủ tục gì?";
        var accented = Matcher.Rank(text, 5);
        var plain = Matcher.Rank(ProcedureTestData.StripDiacritics(text), 5);
        Assert.Equal(accented.Select(m => (m.Procedure.Code, m.Score)), plain.Select(m => (m.Procedure.Code, m.Score)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("thời tiết hôm nay")]
    [InlineData("giá vàng")]
    [InlineData("gia vang hom nay bao nhieu")]
    [InlineData("xin chào")]
    public void Out_of_scope_text_has_no_best(string? text)
    {
        var result = Matcher.Match(text);
        Assert.Null(result.Best);
        Assert.False(result.IsAmbiguous);
        Assert.Null(result.ClarifyingQuestion);
    }

    [Fact]
    public void Sang_ten_is_one_procedure_whose_papers_differ_by_case()
    {
        var result = Matcher.Match("sang tên sổ đỏ");
        Assert.False(result.IsAmbiguous);
        var best = result.Best!;
        Assert.Equal("1.013831", best.Procedure.Code);
        Assert.Null(best.MatchedVariant);
        Assert.Equal(5, best.Variants.Count);
        Assert.NotNull(result.ClarifyingQuestion);
        Assert.Contains("chuyển nhượng", result.ClarifyingQuestion, StringComparison.Ordinal);
        Assert.Contains("thừa kế", result.ClarifyingQuestion, StringComparison.Ordinal);
        Assert.Contains("tặng cho", result.ClarifyingQuestion, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bố tôi mất để lại mảnh đất, anh em muốn sang tên thừa kế", "thua-ke", "khai nhận di sản")]
    [InlineData("bo me muon tang cho con manh dat", "tang-cho", "tặng cho")]
    [InlineData("mua bán đất đã công chứng hợp đồng, giờ sang tên", "chuyen-nhuong", "Hợp đồng chuyển nhượng")]
    public void The_case_named_in_the_question_is_detected(string text, string key, string paper)
    {
        var result = Matcher.Match(text);
        Assert.Equal("1.013831", result.Best!.Procedure.Code);
        Assert.Equal(key, result.Best.MatchedVariant?.Key);
        Assert.Contains(result.Best.MatchedVariant!.SpecificPapers, p => p.Contains(paper, StringComparison.Ordinal));
        Assert.Null(result.ClarifyingQuestion);
    }

    [Fact]
    public void Doi_so_alone_is_ambiguous_between_exchange_and_correction()
    {
        var result = Matcher.Match("đổi sổ");
        Assert.True(result.IsAmbiguous);
        Assert.Equal("1.012783", result.Best!.Procedure.Code);
        Assert.Contains(result.Alternatives, a => a.Procedure.Code == "1.012790");
        Assert.NotNull(result.ClarifyingQuestion);
        Assert.Contains(Matcher.Catalog.Get("1.012790").ShortName, result.ClarifyingQuestion, StringComparison.Ordinal);
    }

    [Fact]
    public void A_specific_phrase_is_not_ambiguous()
    {
        var result = Matcher.Match("sổ đỏ bị rách nát muốn đổi sổ mới");
        Assert.Equal("1.012783", result.Best!.Procedure.Code);
        Assert.False(result.IsAmbiguous);
    }

    [Fact]
    public void Longer_phrase_hides_the_shorter_one_inside_it()
    {
        var result = Matcher.Match("xóa thế chấp");
        Assert.Equal("1.011443", result.Best!.Procedure.Code);
        Assert.DoesNotContain(result.Alternatives, a => a.Procedure.Code == "1.011441" && a.MatchedPhrases.Contains("thế chấp"));
    }

    [Theory]
    [InlineData("xóa thế chấp sổ đỏ cần giấy tờ gì", "1.011443")]            // "thế chấp sổ đỏ" is what is deleted
    [InlineData("xoa the chap so do can giay to gi, bao lau xong", "1.011443")]
    [InlineData("thay đổi thế chấp sổ đỏ vì tăng hạn mức", "1.011442")]
    [InlineData("đã trả hết nợ lệ phí trước bạ, muốn xóa chữ ghi nợ trên sổ", "1.013988")] // the later phrase adds specific words: it stays
    public void Of_two_overlapping_phrases_the_one_said_first_governs_a_generic_object(string text, string code)
    {
        var result = Matcher.Match(text);
        Assert.Equal(code, result.Best!.Procedure.Code);
        Assert.False(result.IsAmbiguous);
    }

    [Fact]
    public void Matches_are_explained_and_scores_are_ranked_in_unit_range()
    {
        var ranked = Matcher.Rank("Nhà tôi ở Gia Lâm muốn tách thửa cho con, cần bản vẽ gì?", 10);
        Assert.Equal("1.012784", ranked[0].Procedure.Code);
        Assert.Contains("tách thửa", ranked[0].MatchedPhrases);
        Assert.Contains("tach thua", ranked[0].MatchedTerms);
        Assert.All(ranked, m => Assert.InRange(m.Score, 0.0, 1.0));
        Assert.Equal(ranked.Select(m => m.Score).OrderByDescending(s => s), ranked.Select(m => m.Score));
        var result = Matcher.Match("Nhà tôi ở Gia Lâm muốn tách thửa cho con, cần bản vẽ gì?");
        Assert.InRange(result.Alternatives.Count, 0, 3);
        Assert.DoesNotContain(result.Alternatives, a => a.Procedure.Code == result.Best!.Procedure.Code);
    }

    [Fact]
    public void Len_tho_cu_carries_the_permission_caveat()
    {
        var best = Matcher.Match("muốn chuyển đất vườn lên thổ cư").Best!;
        Assert.Equal("1.013992", best.Procedure.Code);
        Assert.Single(best.Caveats);
        Assert.Contains("Điều 121", best.Caveats[0], StringComparison.Ordinal);
        Assert.Empty(Matcher.Match("chuyển đất trồng cây hằng năm sang trồng cây lâu năm").Best!.Caveats);
    }

    [Fact]
    public void Officer_dossier_description_is_matched()
    {
        var result = Matcher.Match(
            "Tiếp nhận hồ sơ: đơn đăng ký biến động mẫu 18, bản gốc GCN, văn bản thỏa thuận phân chia di sản thừa kế đã công chứng.");
        Assert.Equal("1.013831", result.Best!.Procedure.Code);
        Assert.Equal("thua-ke", result.Best.MatchedVariant?.Key);
    }
}
