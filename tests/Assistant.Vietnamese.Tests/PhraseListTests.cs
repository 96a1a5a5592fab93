namespace Assistant.Vietnamese.Tests;

public sealed class PhraseListTests
{
    [Fact]
    public void Cues_match_whole_syllables_only()
    {
        var cues = new PhraseList(["xa", "thuộc phường nào"], MatchMode.Folded);
        Assert.False(cues.ContainsAny("mau xanh"));
        Assert.True(cues.ContainsAny("nha o xa Kim Chung"));
        Assert.True(cues.ContainsAny("Dịch Vọng giờ thuộc phường nào?"));
        Assert.False(cues.ContainsAny("thuộc, phường nào"));  // never across a break
        Assert.False(cues.ContainsAny((string?)null));
        Assert.False(cues.ContainsAny("   "));
    }

    [Fact]
    public void Tone_exact_cues_tell_short_words_apart()
    {
        var oldNew = new PhraseList(["cũ", "mới"], MatchMode.ToneExact);
        Assert.True(oldNew.ContainsAny("phường cũ"));
        Assert.True(oldNew.ContainsAny("phuong cu"));
        Assert.False(oldNew.ContainsAny("đất thổ cư"));
        Assert.False(oldNew.ContainsAny("mỗi năm"));
    }

    [Fact]
    public void The_longest_phrase_at_a_position_wins()
    {
        var papers = new PhraseList(["sổ", "sổ đỏ", "bìa đỏ", "so do"], MatchMode.Folded);
        var text = papers.Read("mất sổ đỏ rồi");
        Assert.Equal(new PhraseHit(1, new SyllableSpan(1, 2)), papers.LongestAt(text, 1));  // "sổ đỏ" before the equally long "so do"
        Assert.Null(papers.LongestAt(text, 0));
        Assert.True(papers.StartsWithAny(papers.Read("sổ đỏ")));
        Assert.False(papers.StartsWithAny(text));
        Assert.Equal([(1, 0), (1, 1), (1, 3)], papers.FindAll(text).Select(h => (h.Span.Start, h.Phrase)).Take(3));
    }

    [Fact]
    public void Phrases_without_syllables_are_left_out_and_options_apply_to_phrases_and_texts()
    {
        var list = new PhraseList(["", " , ", "hai sổ"], MatchMode.ToneInsensitive, SyllableOptions.NumberWords);
        Assert.Equal(["hai sổ"], list.Phrases);
        Assert.Equal(1, list.Count);
        Assert.True(list.ContainsAny("gộp 2 sổ"));
        Assert.False(new PhraseList(["hai sổ"], MatchMode.ToneInsensitive).ContainsAny("gộp 2 sổ"));
    }

    /// <summary>The replacement for a check of the form (" " + folded text + " ").Contains(" " + cue + " ").</summary>
    [Theory]
    [InlineData("Phường Dịch Vọng giờ thuộc phường nào?")]
    [InlineData("thuoc, phuong nao")]
    [InlineData("xã Kim Chung (cũ) nay là xã nào")]
    [InlineData("THUỘC PHƯỜNG NÀO")]
    [InlineData("mau xanh, xa lo")]
    [InlineData("nhà ở xã")]
    [InlineData("")]
    public void Folded_cues_read_without_breaks_find_what_padded_folded_strings_found(string text)
    {
        string[] cues = ["thuoc phuong nao", "xa", "nay la", "phuong nao"];
        var list = new PhraseList(cues, MatchMode.Folded, SyllableOptions.NoBreaks);
        var padded = " " + VietnameseText.FoldPhrase(text) + " ";
        Assert.Equal(cues.Any(c => padded.Contains(" " + c + " ", StringComparison.Ordinal)), list.ContainsAny(text));
        foreach (var cue in cues)
            Assert.Equal(padded.Contains(" " + cue + " ", StringComparison.Ordinal), new PhraseList([cue], MatchMode.Folded, SyllableOptions.NoBreaks).ContainsAny(text));
    }

    [Fact]
    public void With_a_syllable_prefix_end_only_the_last_syllable_may_run_on()
    {
        var fees = new PhraseList(["phí", "bao nhiêu tiền"], MatchMode.Folded, SyllableOptions.NoBreaks, PhraseEnd.SyllablePrefix);
        Assert.True(fees.ContainsAny("ở phía nào"));            // "phi" begins "phia"
        Assert.True(fees.ContainsAny("hết bao nhiêu tiềnn"));
        Assert.False(fees.ContainsAny("bao nhieux tien"));      // the other syllables stay whole
        Assert.False(fees.ContainsAny("kephi"));                // and it still starts a syllable
        Assert.False(new PhraseList(["phí"], MatchMode.Folded).ContainsAny("ở phía nào"));
        Assert.Equal(PhraseEnd.SyllablePrefix, fees.End);
    }

    [Fact]
    public void A_syllable_prefix_end_keeps_breaks_and_vowel_marks_as_its_mode_says()
    {
        var cue = new PhraseList(["làm việc"], MatchMode.ToneInsensitive, SyllableOptions.None, PhraseEnd.SyllablePrefix);
        Assert.True(cue.ContainsAny("trong ngày làm việc."));
        Assert.False(cue.ContainsAny("làm, việc"));             // never across a break
        Assert.False(cue.ContainsAny("làm viéc"));              // "viéc" does not begin with the vowels of "việc"
        Assert.True(cue.ContainsAny("lam viecx"));
        var text = cue.Read("nay làm việc nhé");
        Assert.Equal(new PhraseHit(0, new SyllableSpan(1, 2)), cue.LongestAt(text, 1));
        Assert.Equal([1], cue.FindAll(text).Select(h => h.Span.Start));
    }

    [Theory]
    [InlineData(MatchMode.ToneExact)]
    [InlineData(MatchMode.AccentExact)]
    public void A_tone_has_no_prefix(MatchMode mode) =>
        Assert.Throws<ArgumentException>(() => new PhraseList(["phí"], mode, SyllableOptions.None, PhraseEnd.SyllablePrefix));

    /// <summary>The replacement for a check of the form (" " + folded text).Contains(" " + cue).</summary>
    [Theory]
    [InlineData("ở phía nào")]
    [InlineData("phí, lệ phí bao nhiêu")]
    [InlineData("le phix")]
    [InlineData("lephi")]
    [InlineData("tốn bao, nhiêu")]
    [InlineData("")]
    public void Folded_prefix_cues_read_without_breaks_find_what_padded_folded_strings_found(string text)
    {
        string[] cues = ["phi", "le phi", "ton bao nhieu"];
        var padded = " " + VietnameseText.FoldPhrase(text) + " ";
        foreach (var cue in cues)
            Assert.Equal(padded.Contains(" " + cue, StringComparison.Ordinal),
                new PhraseList([cue], MatchMode.Folded, SyllableOptions.NoBreaks, PhraseEnd.SyllablePrefix).ContainsAny(text));
    }

    [Fact]
    public void The_first_phrase_found_is_the_first_in_list_order()
    {
        var names = new PhraseList(["vành đai bốn", "vành đai"], MatchMode.Folded);
        var text = names.Read("dự án vành đai bốn và vành đai");
        Assert.Equal(new PhraseHit(0, new SyllableSpan(2, 3)), names.FindFirst(text));
        Assert.Equal(new PhraseHit(1, new SyllableSpan(1, 2)), names.FindFirst(names.Read("đường vành đai ba")));
        Assert.Null(names.FindFirst(names.Read("vành, đai")));
    }

    [Fact]
    public void A_whole_text_is_exactly_one_phrase_or_not()
    {
        var greetings = new PhraseList(["xin chào", "chào"], MatchMode.Folded, SyllableOptions.NoBreaks);
        Assert.True(greetings.IsExactlyOne(greetings.Read("Xin chào!")));
        Assert.True(greetings.IsExactlyOne(greetings.Read("chao")));
        Assert.False(greetings.IsExactlyOne(greetings.Read("chào bạn")));
        Assert.False(greetings.IsExactlyOne(greetings.Read("xin")));
        Assert.False(greetings.IsExactlyOne(greetings.Read("")));
    }

    [Fact]
    public void A_cue_file_holds_one_phrase_a_line_or_several_separated_by_bars()
    {
        var path = Path.Combine(Path.GetTempPath(), "cues-" + Guid.NewGuid().ToString("N") + ".txt");
        try
        {
            File.WriteAllText(path, "# cue words\nbao lâu\nở đâu | nộp ở đâu\n\n");
            var cues = PhraseList.Load(path, MatchMode.Folded);
            Assert.Equal(["bao lâu", "ở đâu", "nộp ở đâu"], cues.Phrases);
            Assert.True(cues.ContainsAny("lam so mat bao lau"));
        }
        finally { File.Delete(path); }
    }
}
