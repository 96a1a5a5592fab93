using Assistant.Vietnamese;

namespace Assistant.Land.Procedures;

/// <summary>
/// One syllable as the phrase matcher compares it: its folded form ("so"), its base form — vowel letters with their
/// marks (ă â ê ô ơ ư), tone dropped, đ read as d ("sô" for "sổ", "do" for "đỏ") — and whether it was typed with no
/// diacritic at all.
/// </summary>
internal readonly record struct MatchToken(string Folded, string Base, bool IsPlain, bool BreakBefore = false)
{
    /// <summary>
    /// Same folded form and, when both syllables carry diacritics, the same vowel letters: "so" = "sổ" (typed without
    /// diacritics), "thữa" = "thửa" (wrong tone), "dất" = "đất" (đ typed as d), but "sổ" ≠ "sơ", "đổi" ≠ "đòi", "có" ≠ "cơ".
    /// </summary>
    public bool Matches(MatchToken other) =>
        string.Equals(Folded, other.Folded, StringComparison.Ordinal)
        && (IsPlain || other.IsPlain || string.Equals(Base, other.Base, StringComparison.Ordinal));

    /// <summary>The accent key with its tone ("sổ" and "số" differ here, not in <see cref="Base"/>).</summary>
    public string Accent { get; init; } = Folded;

    /// <summary>
    /// <see cref="Matches"/>, and when both syllables carry diacritics also the same tone: for short anchor words where
    /// a wrong tone is another word ("sổ" the certificate, "số" a number).
    /// </summary>
    public bool MatchesWithTone(MatchToken other) =>
        Matches(other) && (IsPlain || other.IsPlain || string.Equals(Accent.Replace('đ', 'd'), other.Accent.Replace('đ', 'd'), StringComparison.Ordinal));

    public static MatchToken[] FromText(string text) =>
        Tokenizer.Syllables(text)
            .Select(s => NumberWord(s.Folded) is { } word
                ? new MatchToken(word, word, true, s.BreakBefore)
                : new MatchToken(s.Folded, BaseOf(s.Accent, s.Folded), string.Equals(s.Accent, s.Folded, StringComparison.Ordinal), s.BreakBefore) { Accent = s.Accent })
            .ToArray();

    private static readonly string[] NumberWords = ["khong", "mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin", "muoi"];

    /// <summary>"1"…"10" as the folded number word ("2 sổ" is "hai sổ"); null for anything else.</summary>
    internal static string? NumberWord(string folded) =>
        folded.Length <= 2 && int.TryParse(folded, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 10
            ? NumberWords[n]
            : null;

    // The accent key has the same length as the folded form, plus one trailing tone digit when the syllable has a tone.
    private static string BaseOf(string accentKey, string folded) =>
        (accentKey.Length == folded.Length + 1 ? accentKey[..^1] : accentKey).Replace('đ', 'd');
}

/// <summary>
/// Finds syllable sequences inside syllable sequences (see <see cref="MatchToken.Matches"/>). A phrase does not
/// match across punctuation that ends a phrase ("mất một phần, diện tích" does not hold "một phần diện tích").
/// </summary>
internal static class PhraseMatcher
{
    /// <summary>Index of the first occurrence of <paramref name="phrase"/> in <paramref name="tokens"/> at or after <paramref name="start"/>, or -1.</summary>
    public static int Find(IReadOnlyList<MatchToken> tokens, IReadOnlyList<MatchToken> phrase, int start = 0, bool withTone = false)
    {
        if (phrase.Count == 0) return -1;
        for (int i = start; i + phrase.Count <= tokens.Count; i++)
        {
            int j = 0;
            while (j < phrase.Count && (withTone ? tokens[i + j].MatchesWithTone(phrase[j]) : tokens[i + j].Matches(phrase[j]))
                   && (j == 0 || !tokens[i + j].BreakBefore)) j++;
            if (j == phrase.Count) return i;
        }
        return -1;
    }

    /// <summary>
    /// Every occurrence of <paramref name="phrase"/> where up to <see cref="PhraseVocabulary.MaxFillersInARow"/> filler
    /// syllables of <paramref name="vocabulary"/> may sit between two of its syllables ("mất cái sổ" holds "mất sổ"),
    /// as the positions of the question's syllables it covers (fillers included). Never across phrase-ending punctuation.
    /// </summary>
    public static IEnumerable<int[]> FindSpans(IReadOnlyList<MatchToken> tokens, IReadOnlyList<MatchToken> phrase, PhraseVocabulary vocabulary)
    {
        if (phrase.Count == 0) yield break;
        for (int i = 0; i + phrase.Count <= tokens.Count; i++)
        {
            if (!tokens[i].Matches(phrase[0])) continue;
            int pos = i, j = 1;
            while (j < phrase.Count)
            {
                int next = pos + 1, skipped = 0;
                // Skip fillers while the next phrase syllable does not match here.
                while (next < tokens.Count && !tokens[next].BreakBefore && !tokens[next].Matches(phrase[j])
                       && skipped < PhraseVocabulary.MaxFillersInARow && vocabulary.IsFiller(tokens[next]))
                {
                    next++;
                    skipped++;
                }
                if (next >= tokens.Count || tokens[next].BreakBefore || !tokens[next].Matches(phrase[j])) break;
                pos = next;
                j++;
            }
            if (j == phrase.Count) yield return Enumerable.Range(i, pos - i + 1).ToArray();
        }
    }

    /// <summary>Start indexes of every occurrence.</summary>
    public static IEnumerable<int> FindAll(IReadOnlyList<MatchToken> tokens, IReadOnlyList<MatchToken> phrase, bool withTone = false)
    {
        for (int at = Find(tokens, phrase, 0, withTone); at >= 0; at = Find(tokens, phrase, at + 1, withTone))
            yield return at;
    }
}
