using System.Text;

namespace Assistant.Vietnamese.Tests;

/// <summary>The memos behind the tokenizer and <see cref="VietnameseText.FoldPhrase"/>, and the NFC shortcut: same answers as without them.</summary>
public sealed class TextMemoTests
{
    [Fact]
    public void A_memo_computes_each_key_once_and_keeps_the_recent_ones_when_full()
    {
        var computed = new List<string>();
        var memo = new TextMemo<string>(capacity: 2);
        string Get(string key) => memo.Get(key.AsSpan(), k => { computed.Add(k); return k.ToUpperInvariant(); });

        Assert.Equal("A", Get("a"));
        Assert.Equal("A", Get("a"));
        Assert.Equal("B", Get("b")); // full: a and b become the older generation
        Assert.Equal("C", Get("c"));
        Assert.Equal("A", Get("a")); // found in the older generation, not computed again
        Assert.Equal(["a", "b", "c"], computed);
        Assert.Equal("D", Get("d")); // c, a fill the newer one again: b is dropped with the oldest generation
        Assert.Equal("B", Get("b"));
        Assert.Equal(["a", "b", "c", "d", "b"], computed);
    }

    [Fact]
    public void Syllables_read_from_the_memo_keep_their_own_offsets_and_breaks()
    {
        var first = Tokenizer.Tokenize("Sổ đỏ, sổ ĐỎ");
        var again = Tokenizer.Tokenize("x. Sổ đỏ, sổ ĐỎ");
        Assert.Equal([("sô3", "so", 0, 2, false), ("đo3", "do", 3, 5, false), ("sô3", "so", 7, 9, true), ("đo3", "do", 10, 12, false)],
            first.Select(s => (s.Accent, s.Folded, s.Start, s.End, s.BreakBefore)));
        Assert.Equal(first.Select(s => (s.Accent, s.Folded, s.Base, s.IsPlain, s.Start + 3, s.End + 3)),
            again.Skip(1).Select(s => (s.Accent, s.Folded, s.Base, s.IsPlain, s.Start, s.End)));
        Assert.True(again[1].BreakBefore);
        Assert.Equal("so do so do", VietnameseText.FoldPhrase("Sổ đỏ, sổ ĐỎ"));
        Assert.Equal("so do so do", VietnameseText.FoldPhrase("Sổ đỏ, sổ ĐỎ".Normalize(NormalizationForm.FormD)));
    }

    [Fact]
    public void Text_of_precomposed_Latin_letters_is_taken_as_NFC_only_when_it_is()
    {
        // Every pair of characters the shortcut accepts without asking ICU: normalised exactly as ICU would.
        var accepted = Enumerable.Range(0, 0x300).Concat(Enumerable.Range(0x1E00, 0x100)).Select(c => (char)c).ToList();
        var mismatches = new List<string>();
        foreach (var a in accepted)
            foreach (var b in accepted)
            {
                var text = new string([a, b]);
                if (!ReferenceEquals(VietnameseText.Nfc(text), text) && text.IsNormalized(NormalizationForm.FormC)) mismatches.Add($"U+{(int)a:X4} U+{(int)b:X4} copied");
                if (VietnameseText.Nfc(text) != text.Normalize(NormalizationForm.FormC)) mismatches.Add($"U+{(int)a:X4} U+{(int)b:X4}");
                if (mismatches.Count > 5) break;
            }
        Assert.Empty(mismatches);
        // A decomposed text still goes through ICU.
        var decomposed = "Thửa đất".Normalize(NormalizationForm.FormD);
        Assert.Equal("Thửa đất", VietnameseText.Nfc(decomposed));
    }
}
