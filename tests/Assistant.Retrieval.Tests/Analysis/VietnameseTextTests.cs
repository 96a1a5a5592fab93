using System.Text;
using Assistant.Retrieval.Analysis;
using Assistant.Vietnamese;

namespace Assistant.Retrieval.Tests.Analysis;

public class VietnameseTextTests
{
    private static readonly VietnameseAnalyzer Analyzer = RepoPaths.NewAnalyzer();

    private static string Nfd(string s) => s.Normalize(NormalizationForm.FormD);

    private static HashSet<string> Terms(IReadOnlyList<WeightedTerm> terms, string field) =>
        terms.Where(t => t.Field == field).Select(t => t.Term).ToHashSet(StringComparer.Ordinal);

    private static string Dump(IReadOnlyList<WeightedTerm> terms) =>
        string.Join(" ", terms.OrderBy(t => t.Field, StringComparer.Ordinal).ThenBy(t => t.Term, StringComparer.Ordinal).Select(t => $"{t.Field}:{t.Term}:{t.Weight:0.###}"));

    // ---- tone placement ----------------------------------------------------------------------------

    [Theory]
    [InlineData("hoà", "hòa", "hoa2")]
    [InlineData("thuỷ", "thủy", "thuy3")]
    [InlineData("khoẻ", "khỏe", "khoe3")]
    [InlineData("Hoà", "HÒA", "hoa2")]
    [InlineData("loà", "lòa", "loa2")]
    public void Old_and_new_tone_placement_give_the_same_accent_key(string oldStyle, string newStyle, string expected)
    {
        Assert.Equal(expected, VietnameseText.AccentKey(oldStyle));
        Assert.Equal(expected, VietnameseText.AccentKey(newStyle));
    }

    [Fact]
    public void Accent_key_keeps_vowel_quality_and_moves_the_tone_to_a_digit()
    {
        Assert.Equal("đât1", VietnameseText.AccentKey("đất"));
        Assert.Equal("đât1", VietnameseText.AccentKey("ĐẤT"));
        Assert.Equal("giây1", VietnameseText.AccentKey("giấy"));
        Assert.Equal("sư3", VietnameseText.AccentKey("sử"));
        Assert.Equal("thưa3", VietnameseText.AccentKey("thửa"));
        Assert.Equal("đai", VietnameseText.AccentKey("đai"));
        // Different tones and different vowels stay apart.
        Assert.NotEqual(VietnameseText.AccentKey("đất"), VietnameseText.AccentKey("đật"));
        Assert.NotEqual(VietnameseText.AccentKey("thửa"), VietnameseText.AccentKey("thừa"));
        Assert.NotEqual(VietnameseText.AccentKey("sở"), VietnameseText.AccentKey("sơ"));
    }

    [Fact]
    public void Tone_placement_does_not_change_the_index_terms_of_a_text()
    {
        var oldStyle = Analyzer.AnalyzeForIndex("hoà giải tranh chấp đất nuôi trồng thuỷ sản, sức khoẻ");
        var newStyle = Analyzer.AnalyzeForIndex("hòa giải tranh chấp đất nuôi trồng thủy sản, sức khỏe");
        foreach (var field in LexicalFields.All)
            Assert.Equal(oldStyle.Field(field), newStyle.Field(field));
    }

    // ---- NFC / NFD ---------------------------------------------------------------------------------

    [Theory]
    [InlineData("Điều kiện tách thửa đất, hợp thửa đất")]
    [InlineData("cấp giấy chứng nhận quyền sử dụng đất")]
    [InlineData("Người sử dụng đất được Nhà nước giao đất; hoà giải ở cơ sở.")]
    public void Nfd_input_is_indexed_like_nfc_input(string text)
    {
        var nfd = Nfd(text);
        Assert.NotEqual(text, nfd); // the test really feeds decomposed text
        var a = Analyzer.AnalyzeForIndex(text);
        var b = Analyzer.AnalyzeForIndex(nfd);
        foreach (var field in LexicalFields.All)
            Assert.Equal(a.Field(field), b.Field(field));
    }

    [Fact]
    public void Nfd_syllables_give_nfc_keys()
    {
        Assert.Equal("đât1", VietnameseText.AccentKey(Nfd("đất")));
        Assert.Equal("dat", VietnameseText.Fold(Nfd("đất")));
        var syllables = Tokenizer.Syllables(Nfd("thửa đất")).ToList();
        Assert.Equal(["thưa3", "đât1"], syllables.Select(s => s.Accent));
        Assert.Equal(["thua", "dat"], syllables.Select(s => s.Folded));
    }

    [Theory]
    [InlineData("cấp giấy chứng nhận")]
    [InlineData("tách thửa")]
    [InlineData("thủ tục cấp sổ đỏ")]
    public void Nfd_query_gives_the_same_weighted_terms_as_nfc_query(string query)
    {
        // The analyzer is public and used directly by stores (its doc: "the one Vietnamese analyzer used by every store");
        // a decomposed question (macOS input, some web forms) must not lose its accented terms.
        var nfc = Analyzer.AnalyzeQuery(query);
        var nfd = Analyzer.AnalyzeQuery(Nfd(query));
        Assert.Equal(Dump(nfc), Dump(nfd));
    }

    [Fact]
    public void HasDiacritics_is_true_for_decomposed_text()
    {
        Assert.True(VietnameseText.HasDiacritics(Nfd("cấp")));
        Assert.True(VietnameseText.HasDiacritics(Nfd("tách thửa")));
    }

    // ---- folding -----------------------------------------------------------------------------------

    [Theory]
    [InlineData("đất", "dat")]
    [InlineData("Đất", "dat")]
    [InlineData("ĐẤT ĐAI", "dat dai")]
    [InlineData("Đ", "d")]
    [InlineData("đ", "d")]
    [InlineData("thửa", "thua")]
    [InlineData("nghĩa vụ", "nghia vu")]
    [InlineData("Quyền sở hữu", "quyen so huu")]
    [InlineData("31/2024/QH15", "31/2024/qh15")]
    public void Fold_removes_every_mark_and_maps_d_stroke(string input, string expected)
    {
        Assert.Equal(expected, VietnameseText.Fold(input));
    }

    [Fact]
    public void FoldPhrase_keeps_one_space_between_syllables_and_drops_punctuation()
    {
        Assert.Equal("so do bi mat", VietnameseText.FoldPhrase("  Sổ đỏ   bị mất!! "));
        Assert.Equal("luat dat dai 2024 31 2024 qh15", VietnameseText.FoldPhrase("Luật Đất đai 2024 (31/2024/QH15)"));
    }

    [Theory]
    [InlineData("đất", true)]
    [InlineData("Đ", true)]
    [InlineData("đ", true)]
    [InlineData("dat dai", false)]
    [InlineData("tach thua dat 2024", false)]
    [InlineData("sổ", true)]
    [InlineData("ĐIỀU 5", true)]
    [InlineData("", false)]
    [InlineData("31/2024/QH15", false)]
    public void HasDiacritics(string text, bool expected)
    {
        Assert.Equal(expected, VietnameseText.HasDiacritics(text));
    }

    // ---- tokenizer ---------------------------------------------------------------------------------

    [Fact]
    public void No_bigram_across_sentence_or_list_punctuation()
    {
        var analyzed = Analyzer.AnalyzeForIndex("đất đai. nhà ở; thửa đất: ranh giới");
        Assert.Equal(["dat", "dai", "nha", "o", "thua", "dat", "ranh", "gioi"], analyzed.FoldedUnigrams);
        Assert.Equal(["dat_dai", "nha_o", "thua_dat", "ranh_gioi"], analyzed.FoldedBigrams);
        Assert.DoesNotContain("dai_nha", analyzed.FoldedBigrams);
        Assert.DoesNotContain("o_thua", analyzed.FoldedBigrams);
        Assert.Equal(analyzed.FoldedBigrams.Count, analyzed.Bigrams.Count);
        Assert.Contains("đât1_đai", analyzed.Bigrams);
        Assert.DoesNotContain("đai_nha2", analyzed.Bigrams);
    }

    [Fact]
    public void Break_flags_follow_the_punctuation()
    {
        var syllables = Tokenizer.Syllables("Điều 5. Nguyên tắc; sử dụng (đất) đai\nmới").ToList();
        Assert.Equal(["dieu", "5", "nguyen", "tac", "su", "dung", "dat", "dai", "moi"], syllables.Select(s => s.Folded));
        Assert.Equal([false, false, true, false, true, false, true, true, true], syllables.Select(s => s.BreakBefore));
    }

    [Fact]
    public void Hyphen_slash_and_spaces_do_not_break_bigrams()
    {
        var analyzed = Analyzer.AnalyzeForIndex("kinh tế - xã hội 31/2024/QH15");
        Assert.Contains("te_xa", analyzed.FoldedBigrams);
        Assert.Contains("31_2024", analyzed.FoldedBigrams);
        Assert.Contains("2024_qh15", analyzed.FoldedBigrams);
    }

    [Fact]
    public void Overlong_tokens_are_dropped_and_break_the_phrase()
    {
        var junk = new string('x', 60);
        var analyzed = Analyzer.AnalyzeForIndex($"thửa {junk} đất");
        Assert.Equal(["thua", "dat"], analyzed.FoldedUnigrams);
        Assert.Empty(analyzed.FoldedBigrams);
    }

    // ---- synonyms ----------------------------------------------------------------------------------

    [Theory]
    [InlineData("sổ đỏ bị mất")]
    [InlineData("so do bi mat")]
    [InlineData("SỔ ĐỎ")]
    [InlineData("SO DO của tôi")]
    public void So_do_expands_to_the_legal_term_with_or_without_diacritics(string query)
    {
        var expansions = Analyzer.Synonyms.Expansions(query).ToList();
        Assert.Contains("giấy chứng nhận quyền sử dụng đất", expansions);
    }

    [Fact]
    public void Unaccented_query_gets_accented_terms_from_its_expansion_at_synonym_weight()
    {
        var terms = Analyzer.AnalyzeQuery("so do");
        // The query itself has no diacritics: only folded fields for its own words.
        Assert.DoesNotContain(terms, t => t.Field == LexicalFields.Unigram && t.Term == "sô3");
        Assert.Contains(terms, t => t.Field == LexicalFields.FoldedUnigram && t.Term == "so");
        // The expansion carries diacritics, so it adds accented terms, weighted down.
        var giay = Assert.Single(terms, t => t.Field == LexicalFields.Unigram && t.Term == "giây1");
        Assert.Equal(QueryWeights.Default.Synonym, giay.Weight, 3);
        Assert.Contains(terms, t => t.Field == LexicalFields.Bigram && t.Term == "chưng1_nhân5");
        // A marked expansion matches through its accented terms only: no folded copy of its marked syllables.
        Assert.DoesNotContain(terms, t => t.Field == LexicalFields.FoldedBigram && t.Term == "quyen_su");
    }

    [Fact]
    public void Longest_phrase_wins_with_the_bundled_lexicon()
    {
        // "lên thổ cư" and "thổ cư" are both entries; only the longer one must fire.
        var expansions = Analyzer.Synonyms.Expansions("muốn chuyển đất vườn lên thổ cư").ToList();
        Assert.Contains("chuyển mục đích sử dụng đất sang đất ở", expansions);
        Assert.DoesNotContain("đất ở", expansions);
        Assert.Contains("đất trồng cây lâu năm", expansions); // "đất vườn" is a separate phrase and still fires

        var unaccented = Analyzer.Synonyms.Expansions("len tho cu").ToList();
        Assert.Equal(["chuyển mục đích sử dụng đất sang đất ở"], unaccented);

        Assert.Equal(["đất ở"], Analyzer.Synonyms.Expansions("đất thổ cư").ToList());
    }

    [Fact]
    public void Longest_phrase_wins_in_a_hand_made_table_whatever_the_order_of_the_lines()
    {
        var table = SynonymTable.Parse(["# comment", "", "thổ cư\tđất ở", "lên thổ cư\tchuyển mục đích sang đất ở|chuyển mục đích sử dụng đất"]);
        Assert.Equal(2, table.Count);
        Assert.Equal(["chuyển mục đích sang đất ở", "chuyển mục đích sử dụng đất"], table.Expansions("LÊN THỔ CƯ").ToList());
        Assert.Equal(["đất ở"], table.Expansions("tho cu").ToList());
        // Only whole syllables match: "thổ cưa" is not "thổ cư".
        Assert.Empty(table.Expansions("thổ cưa"));
    }

    [Theory]
    [InlineData("Nhà nước mở rộng quốc lộ qua đất nhà tôi")]
    [InlineData("Bản đồ địa chính ghi sai")]
    [InlineData("Mùa lũ năm nay")]
    public void A_marked_syllable_matches_only_the_same_word_of_a_synonym_phrase(string question)
    {
        // Folded, "mở" is "mộ", "bản" is "bán", "mùa" is "mua": typed with its marks, the question says none of them. (A
        // syllable typed without marks, as "ban" in "Ủy ban", may be any of its marked forms and still matches.)
        var table = SynonymTable.Parse(["mộ\tđất nghĩa trang", "bán\tchuyển nhượng", "mua\tnhận chuyển nhượng"]);
        Assert.Empty(table.Expansions(question));
    }

    [Theory]
    [InlineData("mộ của ông bà", "đất nghĩa trang")]
    [InlineData("di doi mo ong ba", "đất nghĩa trang")]
    [InlineData("tôi muốn bán mảnh đất", "chuyển nhượng")]
    [InlineData("toi muon ban manh dat", "chuyển nhượng")]
    [InlineData("tôi muon bán mảnh dat", "chuyển nhượng")]
    public void An_unmarked_or_same_syllable_still_matches_a_synonym_phrase(string question, string expansion)
    {
        var table = SynonymTable.Parse(["mộ\tđất nghĩa trang", "bán\tchuyển nhượng"]);
        Assert.Equal([expansion], table.Expansions(question).ToList());
    }

    [Fact]
    public void A_synonym_match_says_how_many_syllables_of_the_question_its_phrase_took()
    {
        var table = SynonymTable.Parse(["sổ đỏ\tgiấy chứng nhận quyền sử dụng đất", "đỏ\tmàu đỏ"]);
        Assert.Equal([("giấy chứng nhận quyền sử dụng đất", 2)], table.Matches("làm sổ đỏ mất bao lâu").ToList());
    }

    [Fact]
    public void Synonym_line_without_tab_is_rejected()
    {
        Assert.Throws<FormatException>(() => SynonymTable.Parse(["sổ đỏ giấy chứng nhận"]));
    }

    // ---- stop words --------------------------------------------------------------------------------

    [Fact]
    public void Stop_words_are_dropped_as_unigrams_but_kept_inside_bigrams()
    {
        var terms = Analyzer.AnalyzeQuery("tôi có đất");
        var unigrams = Terms(terms, LexicalFields.Unigram);
        var bigrams = Terms(terms, LexicalFields.Bigram);
        Assert.Equal(["đât1"], unigrams);
        // "có đất" keeps the stop word inside the bigram; "tôi có" is two stop words and goes.
        Assert.Equal(["co1_đât1"], bigrams);
        // Every syllable is marked, so the accented terms carry the query: no folded copies.
        Assert.Empty(Terms(terms, LexicalFields.FoldedUnigram));
        Assert.Empty(Terms(terms, LexicalFields.FoldedBigram));

        // A syllable typed without its marks in a marked question ("dat") is also looked up folded.
        var mixed = Analyzer.AnalyzeQuery("tôi có dat");
        Assert.Equal(["dat"], Terms(mixed, LexicalFields.FoldedUnigram));
        Assert.Equal(["co_dat"], Terms(mixed, LexicalFields.FoldedBigram));
    }

    [Fact]
    public void Stop_words_are_recognised_in_queries_without_diacritics()
    {
        var terms = Analyzer.AnalyzeQuery("toi co dat");
        Assert.Empty(Terms(terms, LexicalFields.Unigram));
        Assert.Empty(Terms(terms, LexicalFields.Bigram));
        Assert.Equal(["dat"], Terms(terms, LexicalFields.FoldedUnigram));
        Assert.Equal(["co_dat"], Terms(terms, LexicalFields.FoldedBigram));
    }

    [Fact]
    public void A_query_of_stop_words_only_has_no_terms()
    {
        Assert.Empty(Analyzer.AnalyzeQuery("tôi có không"));
        Assert.Empty(Analyzer.AnalyzeQuery("  ...  "));
    }

    [Fact]
    public void Index_side_keeps_stop_words()
    {
        var analyzed = Analyzer.AnalyzeForIndex("tôi có đất");
        Assert.Equal(["toi", "co", "dat"], analyzed.FoldedUnigrams);
        Assert.Equal(["toi_co", "co_dat"], analyzed.FoldedBigrams);
    }

    [Fact]
    public void Repeated_query_terms_get_diminishing_extra_weight()
    {
        var terms = Analyzer.AnalyzeQuery("thửa đất thửa");
        var thua = Assert.Single(terms, t => t.Field == LexicalFields.Unigram && t.Term == "thưa3");
        Assert.Equal(1.5f, thua.Weight, 3);
    }

    [Fact]
    public void Lexicon_files_load()
    {
        var lexicon = RepoPaths.LexiconData;
        Assert.Contains("không", lexicon.StopWords);
        Assert.True(lexicon.Synonyms.Count > 50);
        Assert.Throws<FileNotFoundException>(() => LexiconData.Load(Path.Combine(Path.GetTempPath(), "no-lexicon-" + Guid.NewGuid())));
    }
}
