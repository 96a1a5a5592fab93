using System.Text;

namespace Assistant.Vietnamese.Tests;

public sealed class SyllableMatchingTests
{
    private static Syllable One(string text) => Assert.Single(Tokenizer.Tokenize(text));

    [Fact]
    public void A_syllable_carries_its_accent_folded_and_base_forms()
    {
        var so = One("Sổ");
        Assert.Equal(("sô3", "so", "sô", false), (so.Accent, so.Folded, so.Base, so.IsPlain));
        var dat = One("đất");
        Assert.Equal(("đât1", "dat", "dât", false), (dat.Accent, dat.Folded, dat.Base, dat.IsPlain));
        var plain = One("so");
        Assert.Equal(("so", "so", "so", true), (plain.Accent, plain.Folded, plain.Base, plain.IsPlain));
        // Old and new tone placement give one key.
        Assert.Equal(One("hòa").Accent, One("hoà").Accent);
    }

    /// <summary>The text's syllable first, then the phrase's; the four modes side by side.</summary>
    [Theory]
    // sổ (certificate) / số (number) / so (typed without diacritics) / sơ (another vowel)
    [InlineData("sổ", "số", false, true, true, false)]
    [InlineData("sổ", "so", true, true, true, false)]
    [InlineData("so", "sổ", true, true, true, true)]
    [InlineData("sổ", "sơ", false, false, true, false)]
    // đất / dất (đ typed as d) / dat
    [InlineData("đất", "dất", true, true, true, false)]
    [InlineData("dất", "đất", true, true, true, false)]
    [InlineData("đất", "dat", true, true, true, false)]
    [InlineData("dat", "đất", true, true, true, true)]
    // old and new tone placement
    [InlineData("hoà", "hòa", true, true, true, true)]
    [InlineData("thuỷ", "thủy", true, true, true, true)]
    // a wrong tone mark
    [InlineData("thữa", "thửa", false, true, true, false)]
    [InlineData("cũ", "cư", false, false, true, false)]
    [InlineData("mỗi", "mới", false, false, true, false)]
    [InlineData("xa", "xanh", false, false, false, false)]
    public void Each_mode_has_its_rule(string text, string phrase, bool toneExact, bool toneInsensitive, bool folded, bool accentExact)
    {
        var (t, p) = (One(text), One(phrase));
        Assert.Equal(toneExact, t.Matches(p, MatchMode.ToneExact));
        Assert.Equal(toneInsensitive, t.Matches(p, MatchMode.ToneInsensitive));
        Assert.Equal(folded, t.Matches(p, MatchMode.Folded));
        Assert.Equal(accentExact, t.Matches(p, MatchMode.AccentExact));
        // Every mode but AccentExact is symmetric.
        Assert.Equal(toneExact, p.Matches(t, MatchMode.ToneExact));
        Assert.Equal(toneInsensitive, p.Matches(t, MatchMode.ToneInsensitive));
        Assert.Equal(folded, p.Matches(t, MatchMode.Folded));
    }

    [Fact]
    public void Case_and_decomposed_input_do_not_matter()
    {
        var nfd = "Sổ".Normalize(NormalizationForm.FormD);
        Assert.True(One(nfd).Matches(One("sổ"), MatchMode.AccentExact));
        Assert.True(One("ĐẤT").Matches(One("đất"), MatchMode.AccentExact));
    }
}
