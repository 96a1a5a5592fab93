namespace Assistant.Vietnamese;

/// <summary>A run of syllables of a text: <see cref="Length"/> syllables from index <see cref="Start"/>.</summary>
public readonly record struct SyllableSpan(int Start, int Length)
{
    /// <summary>Index just past the last syllable.</summary>
    public int End => Start + Length;
}

/// <summary>
/// Finds phrases (syllable sequences) in texts (syllable sequences), syllable by syllable with a <see cref="MatchMode"/>,
/// so whole syllables only: "xa" is not found in "xanh". A phrase never matches across punctuation that ends a phrase
/// ("mất một phần, diện tích" does not hold "một phần diện tích"); a text read with <see cref="SyllableOptions.NoBreaks"/>
/// has none.
/// </summary>
public static class PhraseMatcher
{
    /// <summary>Index of the first occurrence of <paramref name="phrase"/> in <paramref name="text"/> at or after <paramref name="start"/>, or -1.</summary>
    public static int Find(IReadOnlyList<Syllable> text, IReadOnlyList<Syllable> phrase, MatchMode mode, int start = 0)
    {
        if (phrase.Count == 0) return -1;
        for (int i = Math.Max(start, 0); i + phrase.Count <= text.Count; i++)
            if (MatchesAt(text, phrase, i, mode)) return i;
        return -1;
    }

    /// <summary>Start indexes of every occurrence, overlapping ones included.</summary>
    public static IEnumerable<int> FindAll(IReadOnlyList<Syllable> text, IReadOnlyList<Syllable> phrase, MatchMode mode)
    {
        for (int at = Find(text, phrase, mode); at >= 0; at = Find(text, phrase, mode, at + 1))
            yield return at;
    }

    public static bool Contains(IReadOnlyList<Syllable> text, IReadOnlyList<Syllable> phrase, MatchMode mode) =>
        Find(text, phrase, mode) >= 0;

    /// <summary>True when <paramref name="phrase"/> occupies text[<paramref name="at"/> .. at + phrase length) within one phrase of the text.</summary>
    public static bool MatchesAt(IReadOnlyList<Syllable> text, IReadOnlyList<Syllable> phrase, int at, MatchMode mode)
    {
        if (phrase.Count == 0 || at < 0 || at + phrase.Count > text.Count) return false;
        for (int j = 0; j < phrase.Count; j++)
            if (!text[at + j].Matches(phrase[j], mode) || (j > 0 && text[at + j].BreakBefore)) return false;
        return true;
    }

    /// <summary>
    /// Every occurrence of <paramref name="phrase"/> where up to <paramref name="maxFillersInARow"/> syllables of
    /// <paramref name="fillers"/> may sit between two of its syllables ("mất cái sổ" holds "mất sổ" when "cái" is a
    /// filler), as the span of the text it covers, fillers included. A filler is skipped only while the next syllable of
    /// the phrase does not match there; never across punctuation that ends a phrase.
    /// </summary>
    public static IEnumerable<SyllableSpan> FindWithFillers(
        IReadOnlyList<Syllable> text, IReadOnlyList<Syllable> phrase, MatchMode mode, IReadOnlyList<Syllable> fillers, int maxFillersInARow)
    {
        if (phrase.Count == 0) yield break;
        for (int i = 0; i + phrase.Count <= text.Count; i++)
        {
            if (!text[i].Matches(phrase[0], mode)) continue;
            int pos = i, j = 1;
            while (j < phrase.Count)
            {
                int next = pos + 1, skipped = 0;
                while (next < text.Count && !text[next].BreakBefore && !text[next].Matches(phrase[j], mode)
                       && skipped < maxFillersInARow && IsListed(text[next], fillers, mode))
                {
                    next++;
                    skipped++;
                }
                if (next >= text.Count || text[next].BreakBefore || !text[next].Matches(phrase[j], mode)) break;
                pos = next;
                j++;
            }
            if (j == phrase.Count) yield return new SyllableSpan(i, pos - i + 1);
        }
    }

    private static bool IsListed(Syllable syllable, IReadOnlyList<Syllable> list, MatchMode mode)
    {
        for (int k = 0; k < list.Count; k++)
            if (syllable.Matches(list[k], mode)) return true;
        return false;
    }
}
