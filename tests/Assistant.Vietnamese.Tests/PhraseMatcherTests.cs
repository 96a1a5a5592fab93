namespace Assistant.Vietnamese.Tests;

public sealed class PhraseMatcherTests
{
    private static Syllable[] Read(string text) => Tokenizer.Tokenize(text);

    [Theory]
    [InlineData(MatchMode.ToneExact)]
    [InlineData(MatchMode.ToneInsensitive)]
    [InlineData(MatchMode.Folded)]
    [InlineData(MatchMode.AccentExact)]
    public void A_phrase_never_matches_across_a_break(MatchMode mode)
    {
        var phrase = Read("một phần diện tích");
        Assert.Equal(1, PhraseMatcher.Find(Read("cấp một phần diện tích đất ở"), phrase, mode));
        Assert.Equal(-1, PhraseMatcher.Find(Read("đất lở mất một phần, diện tích nhỏ hơn"), phrase, mode));
        // A break before its first syllable is no obstacle.
        Assert.Equal(2, PhraseMatcher.Find(Read("đất lở. Một phần diện tích"), phrase, mode));
        // Read as one run, the text has no break.
        Assert.Equal(3, PhraseMatcher.Find(Tokenizer.Tokenize("đất lở mất một phần, diện tích", SyllableOptions.NoBreaks), phrase, mode));
    }

    [Fact]
    public void Matches_at_ignoring_breaks_reads_a_keyword_across_punctuation_with_the_same_mode()
    {
        var text = Read("thị, xã Sơn Tây");
        var phrase = Read("thị xã");
        Assert.False(PhraseMatcher.MatchesAt(text, phrase, 0, MatchMode.AccentExact));
        Assert.True(PhraseMatcher.MatchesAtIgnoringBreaks(text, phrase, 0, MatchMode.AccentExact));
        Assert.True(PhraseMatcher.MatchesAtIgnoringBreaks(Read("thi xa"), phrase, 0, MatchMode.AccentExact));
        Assert.False(PhraseMatcher.MatchesAtIgnoringBreaks(Read("thị xá"), phrase, 0, MatchMode.AccentExact));
        Assert.False(PhraseMatcher.MatchesAtIgnoringBreaks(text, phrase, 1, MatchMode.AccentExact));
        Assert.False(PhraseMatcher.MatchesAtIgnoringBreaks(text, phrase, -1, MatchMode.AccentExact));
        Assert.False(PhraseMatcher.MatchesAtIgnoringBreaks(text, phrase, 3, MatchMode.AccentExact));   // runs past the end
        Assert.False(PhraseMatcher.MatchesAtIgnoringBreaks(text, [], 0, MatchMode.AccentExact));
    }

    [Fact]
    public void Modes_decide_which_spellings_of_a_phrase_are_found()
    {
        var text = Read("xin cap lai so do bi mat");
        var phrase = Read("sổ đỏ");
        Assert.True(PhraseMatcher.Contains(text, phrase, MatchMode.ToneExact));
        Assert.False(PhraseMatcher.Contains(Read("số đỏ"), phrase, MatchMode.ToneExact));
        Assert.True(PhraseMatcher.Contains(Read("số đỏ"), phrase, MatchMode.ToneInsensitive));
        Assert.False(PhraseMatcher.Contains(Read("sơ đồ"), phrase, MatchMode.ToneInsensitive));
        Assert.True(PhraseMatcher.Contains(Read("sơ đồ"), phrase, MatchMode.Folded));
    }

    [Fact]
    public void Find_all_and_matches_at_report_positions()
    {
        var text = Read("sổ đỏ, sổ hồng và sổ đỏ");
        var phrase = Read("sổ đỏ");
        Assert.Equal([0, 5], PhraseMatcher.FindAll(text, phrase, MatchMode.ToneInsensitive));
        Assert.Equal(5, PhraseMatcher.Find(text, phrase, MatchMode.ToneInsensitive, start: 1));
        Assert.True(PhraseMatcher.MatchesAt(text, phrase, 5, MatchMode.ToneInsensitive));
        Assert.False(PhraseMatcher.MatchesAt(text, phrase, 2, MatchMode.ToneInsensitive));
        Assert.False(PhraseMatcher.MatchesAt(text, phrase, 6, MatchMode.ToneInsensitive));  // runs past the end
        Assert.Equal(-1, PhraseMatcher.Find(text, [], MatchMode.ToneInsensitive));
    }

    [Fact]
    public void Fillers_given_by_the_caller_may_sit_between_the_syllables_of_a_phrase()
    {
        var fillers = Read("cái đã bị");
        var phrase = Read("mất sổ");
        SyllableSpan Single(string text, int max = 2) =>
            Assert.Single(PhraseMatcher.FindWithFillers(Read(text), phrase, MatchMode.ToneInsensitive, fillers, max));
        IEnumerable<SyllableSpan> All(string text, int max = 2) =>
            PhraseMatcher.FindWithFillers(Read(text), phrase, MatchMode.ToneInsensitive, fillers, max);

        Assert.Equal(new SyllableSpan(1, 3), Single("tôi mất cái sổ"));
        Assert.Equal(new SyllableSpan(1, 4), Single("tôi mất đã bị sổ"));   // two in a row
        Assert.Equal(new SyllableSpan(0, 3), Single("mat cai so"));          // fillers compared with the mode
        Assert.Equal(new SyllableSpan(0, 2), Single("mất sổ"));
        Assert.Empty(All("mất cái cái cái sổ"));                             // more than allowed in a row
        Assert.Empty(All("mất cái sổ", max: 0));
        Assert.Empty(All("mất thời gian làm sổ"));                           // not fillers
        Assert.Empty(All("mất, cái sổ"));                                    // a break
        Assert.Empty(All("mất cái, sổ"));
    }
}
