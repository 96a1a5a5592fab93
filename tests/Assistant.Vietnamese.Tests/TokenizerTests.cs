using System.Text;

namespace Assistant.Vietnamese.Tests;

public sealed class TokenizerTests
{
    [Fact]
    public void Offsets_locate_each_syllable_in_the_NFC_text()
    {
        var text = "Thửa đất, số 12".Normalize(NormalizationForm.FormD);
        var nfc = VietnameseText.Nfc(text);
        var syllables = Tokenizer.Tokenize(text);
        Assert.Equal(["Thửa", "đất", "số", "12"], syllables.Select(s => nfc[s.Start..s.End]));
        Assert.Equal([(0, 4), (5, 8), (10, 12), (13, 15)], syllables.Select(s => (s.Start, s.End)));
    }

    [Fact]
    public void Phrase_punctuation_marks_a_break_before_the_next_syllable()
    {
        var syllables = Tokenizer.Tokenize("mất một phần, diện tích (đất) ở");
        Assert.Equal([false, false, false, true, false, true, true], syllables.Select(s => s.BreakBefore));
        // Hyphens and slashes are no breaks.
        Assert.All(Tokenizer.Tokenize("kinh tế - xã hội 31/2024"), s => Assert.False(s.BreakBefore));
        Assert.All(Tokenizer.Tokenize("mất một phần, diện tích", SyllableOptions.NoBreaks), s => Assert.False(s.BreakBefore));
    }

    [Fact]
    public void Digits_one_to_ten_read_as_number_words_on_request()
    {
        var read = Tokenizer.Tokenize("gộp 2 sổ thành 10, năm 2004, tờ 01", SyllableOptions.NumberWords);
        Assert.Equal(["gop", "hai", "so", "thanh", "muoi", "nam", "2004", "to", "mot"], read.Select(s => s.Folded));
        Assert.True(read[1].IsPlain);
        Assert.Equal((4, 5), (read[1].Start, read[1].End));
        Assert.Equal("2", Tokenizer.Tokenize("gộp 2 sổ")[1].Folded);
    }

    [Fact]
    public void Overlong_runs_are_dropped_and_end_the_phrase_unless_kept()
    {
        var junk = new string('a', Tokenizer.MaxSyllableLength + 1);
        var dropped = Tokenizer.Tokenize($"mất {junk} sổ");
        Assert.Equal(["mat", "so"], dropped.Select(s => s.Folded));
        Assert.True(dropped[1].BreakBefore);
        var kept = Tokenizer.Tokenize($"mất {junk} sổ", SyllableOptions.KeepLongRuns);
        Assert.Equal(3, kept.Length);
        Assert.False(kept[2].BreakBefore);
    }

    [Fact]
    public void Null_and_empty_text_have_no_syllables()
    {
        Assert.Empty(Tokenizer.Tokenize(null));
        Assert.Empty(Tokenizer.Tokenize(" , . "));
    }
}
