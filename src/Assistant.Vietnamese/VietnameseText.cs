using System.Globalization;
using System.Text;

namespace Assistant.Vietnamese;

/// <summary>
/// Vietnamese text normalisation. Two canonical forms of a syllable are produced:
/// an accent form that keeps every mark but encodes the tone as a suffix digit, so that
/// old and new tone placement ("hoà"/"hòa", "thuỷ"/"thủy") give the same key, and a folded
/// form without any mark ("hoa", "thuy", "dat" for "đất") that matches queries typed without diacritics.
/// </summary>
public static class VietnameseText
{
    // Combining tone marks (as opposed to the vowel-quality marks breve, circumflex and horn).
    private const char Grave = '\u0300', Acute = '\u0301', Tilde = '\u0303', Hook = '\u0309', DotBelow = '\u0323';

    public static string Nfc(string text) =>
        IsSurelyNfc(text) || text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);

    // Vietnamese text is Basic Latin, Latin-1, Latin Extended-A/B and the precomposed letters of Latin Extended Additional
    // (U+1E00–U+1EFF). Every such character is in NFC on its own (checked once, below, through the runtime's own test),
    // and none of them composes with the character before it, so a text made only of them is in NFC: the question and
    // every title are, and ICU's check of each string (a large share of a turn's text handling) is skipped for them.
    private static readonly bool[] NfcAlone = BuildNfcAlone();

    private static bool[] BuildNfcAlone()
    {
        var table = new bool[0x1F00];
        for (int c = 0; c < table.Length; c++)
            table[c] = (c < 0x300 || c >= 0x1E00) && !char.IsSurrogate((char)c) && ((char)c).ToString().IsNormalized(NormalizationForm.FormC);
        return table;
    }

    private static bool IsSurelyNfc(string text)
    {
        foreach (var c in text)
            if (c >= NfcAlone.Length || !NfcAlone[c]) return false;
        return true;
    }

    /// <summary>Lower-cased accent key of one syllable: vowel-quality marks kept, tone moved to a trailing digit.</summary>
    public static string AccentKey(ReadOnlySpan<char> syllable)
    {
        var decomposed = syllable.ToString().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length + 1);
        char tone = '\0';
        foreach (var c in decomposed)
        {
            switch (c)
            {
                case Grave: tone = '2'; break;
                case Acute: tone = '1'; break;
                case Tilde: tone = '4'; break;
                case Hook: tone = '3'; break;
                case DotBelow: tone = '5'; break;
                default: sb.Append(c); break;
            }
        }
        var key = sb.ToString().Normalize(NormalizationForm.FormC);
        return tone == '\0' ? key : key + tone;
    }

    /// <summary>Lower-cased syllable without any diacritic; đ becomes d.</summary>
    public static string Fold(ReadOnlySpan<char> text)
    {
        var decomposed = text.ToString().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            sb.Append(c == 'đ' ? 'd' : c);
        }
        return sb.ToString();
    }

    /// <summary>True when the text carries at least one Vietnamese diacritic (so the accent form is meaningful).</summary>
    public static bool HasDiacritics(string text)
    {
        text = Nfc(text);
        foreach (var c in text)
        {
            if (c == 'đ' || c == 'Đ') return true;
            if (c > 0x7F && char.IsLetter(c) && Fold(c.ToString()) != char.ToLowerInvariant(c).ToString()) return true;
        }
        return false;
    }

    // The same question is folded by several readers of one search (cues, law references, synonyms, the ranker's rules),
    // and the same article titles by every search that finds them: a phrase is folded once and reused.
    private const int MaxMemoPhraseLength = 512;
    private static readonly TextMemo<string> FoldedPhrases = new(20_000);

    /// <summary>Folds a whole phrase, keeping spaces between syllables (used for synonym and law-reference matching).</summary>
    public static string FoldPhrase(string text) =>
        text.Length <= MaxMemoPhraseLength ? FoldedPhrases.Get(text, FoldPhraseOnce) : FoldPhraseOnce(text);

    private static string FoldPhraseOnce(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool space = false;
        foreach (var token in Tokenizer.Syllables(text))
        {
            if (space) sb.Append(' ');
            sb.Append(token.Folded);
            space = true;
        }
        return sb.ToString();
    }
}
