using Assistant.Conversation.Procedures;

namespace Assistant.Conversation.Tests.Procedures;

public sealed class PhraseMatchingTests
{
    private static bool Same(string a, string b) => MatchToken.FromText(a)[0].Matches(MatchToken.FromText(b)[0]);

    [Theory]
    [InlineData("sổ", "so", true)]     // typed without diacritics
    [InlineData("thữa", "thửa", true)] // wrong tone mark
    [InlineData("dất", "đất", true)]   // đ typed as d
    [InlineData("SỔ", "sổ", true)]
    [InlineData("sổ", "sơ", false)]    // sổ đỏ ≠ sơ đồ
    [InlineData("đòi", "đổi", false)]  // đòi lại đất ≠ đổi lại
    [InlineData("có", "cơ", false)]    // có sổ ≠ cơ sở
    public void Syllables_match_folded_unless_their_vowel_marks_disagree(string a, string b, bool expected)
    {
        Assert.Equal(expected, Same(a, b));
        Assert.Equal(expected, Same(b, a));
    }

    [Fact]
    public void Digits_one_to_ten_read_as_number_words()
    {
        var tokens = MatchToken.FromText("gộp 2 sổ thành 1");
        Assert.Equal(["gop", "hai", "so", "thanh", "mot"], tokens.Select(t => t.Folded));
        Assert.Equal("1.012784", ProcedureTestData.Matcher.Match("gop 2 so do lien nhau thanh 1 so").Best?.Procedure.Code);
        Assert.Equal("2004", MatchToken.FromText("2004")[0].Folded);
    }

    [Fact]
    public void Phrases_do_not_match_across_punctuation()
    {
        var phrase = MatchToken.FromText("một phần diện tích");
        Assert.True(PhraseMatcher.Find(MatchToken.FromText("cấp một phần diện tích đất ở"), phrase) >= 0);
        Assert.Equal(-1, PhraseMatcher.Find(MatchToken.FromText("đất lở mất một phần, diện tích nhỏ hơn"), phrase));
    }

    [Fact]
    public void Alias_syntax_is_parsed()
    {
        var conj = ProcedureAlias.Parse("1.012753", "lần đầu + công ty")!;
        Assert.True(conj.IsConjunctive);
        Assert.Equal(4, conj.Syllables);
        Assert.False(conj.Weak);
        var weak = ProcedureAlias.Parse("1.013831", "~mua đất")!;
        Assert.True(weak.Weak);
        Assert.Equal("mua đất", weak.Text);
        Assert.Null(ProcedureAlias.Parse("1.013831", " ~ "));
        Assert.Equal(conj.Key, ProcedureAlias.Parse("1.012753", "công ty + lần đầu")!.Key);
    }

    [Fact]
    public void Conjunctive_alias_outweighs_the_generic_phrase_it_overlaps()
    {
        var best = ProcedureTestData.Matcher.Match("Hợp tác xã có đất làm trụ sở, muốn được cấp sổ lần đầu").Best!;
        Assert.Equal("1.012753", best.Procedure.Code);
        Assert.Equal("1.013978", ProcedureTestData.Matcher.Match("hộ gia đình tôi muốn được cấp sổ lần đầu").Best!.Procedure.Code);
    }

    [Fact]
    public void Weak_phrases_alone_are_not_decisive()
    {
        Assert.Null(ProcedureTestData.Matcher.Match("Xin giấy phép xây dựng nhà 4 tầng cần những gì?").Best);
        Assert.Null(ProcedureTestData.Matcher.Match("Đăng ký khai sinh cho con ở phường").Best);
        Assert.Equal("1.013831", ProcedureTestData.Matcher.Match("mua nhà đã ký hợp đồng công chứng, bao lâu có sổ").Best?.Procedure.Code);
    }

    [Fact]
    public void Variant_with_most_clues_wins()
    {
        var best = ProcedureTestData.Matcher.Match("bo me de lai dat cho con, muon sang ten thua ke").Best!;
        Assert.Equal("thua-ke", best.MatchedVariant?.Key);
        Assert.Null(ProcedureTestData.Catalog.Variants.Detect("1.013831", "chuyển nhượng hay góp vốn"));  // equal clues: tie
    }
}
