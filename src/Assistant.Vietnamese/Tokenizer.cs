using System.Globalization;

namespace Assistant.Vietnamese;

/// <summary>How <see cref="Tokenizer"/> reads a text.</summary>
[Flags]
public enum SyllableOptions
{
    None = 0,

    /// <summary>"1"…"10" (also "01"…"09") read as the folded number word: "2 sổ" is "hai sổ", as questions write both.</summary>
    NumberWords = 1,

    /// <summary>Runs longer than <see cref="Tokenizer.MaxSyllableLength"/> kept as syllables instead of dropped as junk.</summary>
    KeepLongRuns = 2,

    /// <summary>
    /// Punctuation separates syllables but ends no phrase: the text is one run, as in a folded phrase
    /// (<see cref="VietnameseText.FoldPhrase"/>). For short labels such as paper names, where a comma is no boundary.
    /// </summary>
    NoBreaks = 4,
}

/// <summary>
/// Splits text into syllables (runs of letters, digits and combining marks). Punctuation that ends a phrase marks a
/// break, so that neither bigrams nor phrases are formed across sentence or list boundaries.
/// </summary>
public static class Tokenizer
{
    /// <summary>Longer runs are junk such as base64 or hashes: dropped, and they end the phrase (unless <see cref="SyllableOptions.KeepLongRuns"/>).</summary>
    public const int MaxSyllableLength = 40;

    private static readonly string[] NumberWordsByValue = ["khong", "mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin", "muoi"];

    // Reading a syllable (lower-casing, two Unicode normalisations per form) cost more than the rest of a search's
    // text handling together, and the same few thousand syllables come back in every question and article title: each
    // distinct run of characters is read once (per generation of the memo) and its forms reused.
    private static readonly TextMemo<Syllable> Known = new(50_000);

    /// <summary>The syllables of <paramref name="text"/>, with offsets into its NFC form (<see cref="VietnameseText.Nfc"/>).</summary>
    public static IEnumerable<Syllable> Syllables(string? text, SyllableOptions options = SyllableOptions.None)
    {
        text = VietnameseText.Nfc(text ?? string.Empty);
        bool numberWords = options.HasFlag(SyllableOptions.NumberWords);
        bool keepLongRuns = options.HasFlag(SyllableOptions.KeepLongRuns);
        bool breaks = !options.HasFlag(SyllableOptions.NoBreaks);
        int i = 0;
        bool pendingBreak = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsSyllableChar(c))
            {
                int start = i;
                while (i < text.Length && IsSyllableChar(text[i])) i++;
                var span = text.AsSpan(start, i - start);
                if (span.Length > MaxSyllableLength && !keepLongRuns) { pendingBreak = breaks; continue; }
                var known = Known.Get(span, Read);
                yield return numberWords && NumberWord(known.Folded) is { } word
                    ? new Syllable(word, word, start, i, pendingBreak)
                    : known with { Start = start, End = i, BreakBefore = pendingBreak };
                pendingBreak = false;
            }
            else
            {
                if (breaks && IsPhraseBreak(c)) pendingBreak = true;
                i++;
            }
        }
    }

    /// <summary>The forms of one run of syllable characters, at no position (the caller places it).</summary>
    private static Syllable Read(string run) => new(VietnameseText.AccentKey(run), VietnameseText.Fold(run), 0, 0);

    /// <summary><see cref="Syllables"/> as an array.</summary>
    public static Syllable[] Tokenize(string? text, SyllableOptions options = SyllableOptions.None) => Syllables(text, options).ToArray();

    /// <summary>Punctuation that ends a phrase.</summary>
    public static bool IsPhraseBreak(char c) =>
        c is '.' or ',' or ';' or ':' or '!' or '?' or '(' or ')' or '"' or '“' or '”' or '\n' or '[' or ']';

    private static bool IsSyllableChar(char c) =>
        char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;

    /// <summary>"1"…"10" as the folded number word; null for anything else ("2004" stays a number).</summary>
    private static string? NumberWord(string folded) =>
        folded.Length <= 2 && int.TryParse(folded, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 10
            ? NumberWordsByValue[n]
            : null;
}
