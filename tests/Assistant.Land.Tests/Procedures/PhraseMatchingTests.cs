using Assistant.Land.Procedures;
using Assistant.Vietnamese;

namespace Assistant.Land.Tests.Procedures;

public sealed class PhraseMatchingTests
{
    private static bool Same(string a, string b) => ProcedureText.Syllables(a)[0].Matches(ProcedureText.Syllables(b)[0], PhraseVocabulary.Mode);

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
        var tokens = ProcedureText.Syllables("gộp 2 sổ thành 1");
        Assert.Equal(["gop", "hai", "so", "thanh", "mot"], tokens.Select(t => t.Folded));
        Assert.Equal("1.012784", ProcedureTestData.Matcher.Match("gop 2 so do lien nhau thanh 1 so").Best?.Procedure.Code);
        Assert.Equal("2004", ProcedureText.Syllables("2004")[0].Folded);
    }

    [Fact]
    public void Phrases_do_not_match_across_punctuation()
    {
        var phrase = ProcedureText.Syllables("một phần diện tích");
        Assert.True(PhraseMatcher.Find(ProcedureText.Syllables("cấp một phần diện tích đất ở"), phrase, PhraseVocabulary.Mode) >= 0);
        Assert.Equal(-1, PhraseMatcher.Find(ProcedureText.Syllables("đất lở mất một phần, diện tích nhỏ hơn"), phrase, PhraseVocabulary.Mode));
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

    /// <summary>phrasing.tsv: other names of the paper, damage words and filler syllables widen the alias phrases.</summary>
    [Theory]
    [InlineData("làm mất bìa đỏ rồi", "1.012786")]        // "mất sổ" with the paper named otherwise
    [InlineData("mat cai so do roi lam sao", "1.012786")]  // a classifier between the words, no diacritics
    [InlineData("giấy chứng nhận bị ngấm nước", "1.012783")] // damage word of the group, not in aliases.tsv
    [InlineData("cắt thửa đất làm hai", "1.012784")]       // "tách thửa" with cắt
    public void Phrasing_widens_alias_phrases(string question, string code)
    {
        Assert.Equal(code, ProcedureTestData.Matcher.Match(question).Best?.Procedure.Code);
    }

    [Fact]
    public void Fillers_are_skipped_only_between_the_words_of_a_phrase_and_never_across_punctuation()
    {
        var vocabulary = ProcedureTestData.Catalog.Phrasing;
        var phrase = ProcedureText.Syllables("mất sổ");
        Assert.Equal([1, 2, 3], Assert.Single(vocabulary.FindSpans(ProcedureText.Syllables("tôi mất cái sổ"), phrase)));
        Assert.Equal([1, 2, 3, 4], Assert.Single(vocabulary.FindSpans(ProcedureText.Syllables("tôi mất đã bị sổ"), phrase)));  // two fillers in a row
        Assert.Empty(vocabulary.FindSpans(ProcedureText.Syllables("mất thời gian làm sổ"), phrase));  // "thời gian" is no filler
        Assert.Empty(vocabulary.FindSpans(ProcedureText.Syllables("mất, cái sổ"), phrase));           // punctuation ends the phrase
        Assert.Empty(vocabulary.FindSpans(ProcedureText.Syllables("mất cái cái cái sổ"), phrase));    // at most two fillers in a row
        Assert.Empty(PhraseVocabulary.Exact.FindSpans(ProcedureText.Syllables("mất cái sổ"), phrase));
    }

    [Fact]
    public void A_phrase_that_is_only_a_group_member_is_not_rewritten()
    {
        var vocabulary = ProcedureTestData.Catalog.Phrasing;
        // "mối xông" alone must not become "mờ" (an unaccented "mo" would match it anywhere); inside "sổ rách" it may vary.
        Assert.Single(vocabulary.Variants(ProcedureText.Syllables("mối xông")));
        var variants = vocabulary.Variants(ProcedureText.Syllables("sổ rách")).Select(v => string.Join(' ', v.Select(t => t.Folded))).ToList();
        Assert.Contains("bia do rach", variants);
        Assert.Contains("so ngam nuoc", variants);
        // A question with nothing but unrelated unaccented words gets no procedure from a one-syllable rewrite.
        Assert.Null(ProcedureTestData.Matcher.Match("dang ky xe may o dau").Best);
    }

    [Fact]
    public void Malformed_phrasing_file_gives_a_Vietnamese_error()
    {
        var path = Path.Combine(Path.GetTempPath(), "phrasing-" + Guid.NewGuid().ToString("N") + ".tsv");
        try
        {
            File.WriteAllText(path, "=\tsổ\n");
            Assert.Contains("ít nhất hai", Assert.Throws<ProcedureDataException>(() => PhraseVocabulary.Load(path)).Message, StringComparison.Ordinal);
            File.WriteAllText(path, "x\tsổ|bìa\n");
            Assert.Contains("2 cột", Assert.Throws<ProcedureDataException>(() => PhraseVocabulary.Load(path)).Message, StringComparison.Ordinal);
            File.WriteAllText(path, "_\tcái|cuốn sổ\n");
            Assert.Contains("một âm tiết", Assert.Throws<ProcedureDataException>(() => PhraseVocabulary.Load(path)).Message, StringComparison.Ordinal);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Abbreviations_are_written_out_before_matching()
    {
        var expanded = ProcedureTestData.Catalog.Phrasing.Expand(ProcedureText.Syllables("cd đk thế chấp ở nh"));
        Assert.Equal(["cong", "dan", "dang", "ky", "the", "chap", "o", "ngan", "hang"], expanded.Select(t => t.Folded));
        Assert.Equal("1.011441", ProcedureTestData.Matcher.Match("cd dk the chap so do vay nh").Best?.Procedure.Code);
    }

    [Fact]
    public void A_negated_phrase_is_not_evidence()
    {
        const string exchange = "đổi ruộng cho hàng xóm, tự thỏa thuận chứ không phải đợt dồn điền đổi thửa của xã";
        Assert.Equal("1.013831", ProcedureTestData.Matcher.Match(exchange).Best?.Procedure.Code);
        Assert.Equal("1.012783", ProcedureTestData.Matcher.Match("xã làm dồn điền đổi thửa xong thì đổi sổ thế nào").Best?.Procedure.Code);
        // A one-syllable negation reaches only the next word: "không biết thủ tục tách thửa" still asks about tách thửa.
        Assert.Equal("1.012784", ProcedureTestData.Matcher.Match("tôi không biết thủ tục tách thửa").Best?.Procedure.Code);
    }

    [Theory]
    [InlineData("mat so bao hiem xa hoi lam lai the nao", true)]   // "sổ" inside "sổ bảo hiểm xã hội" is no land word
    [InlineData("chuyển nhượng phần vốn góp trong công ty", true)]
    [InlineData("mất sổ đỏ và sổ bảo hiểm xã hội", false)]          // a land word outside the other phrase
    [InlineData("góp vốn bằng quyền sử dụng đất vào công ty", false)]
    public void Other_fields_are_told_apart_from_land(string question, bool offTopic)
    {
        Assert.Equal(offTopic, ProcedureTestData.Catalog.Scope.IsOffTopic(question));
    }
}
