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
/// has none. Texts and phrases are spans (arrays convert), as the procedure matcher runs this for every alias of every
/// question.
/// </summary>
public static class PhraseMatcher
{
    /// <summary>Index of the first occurrence of <paramref name="phrase"/> in <paramref name="text"/> at or after <paramref name="start"/>, or -1.</summary>
    public static int Find(ReadOnlySpan<Syllable> text, ReadOnlySpan<Syllable> phrase, MatchMode mode, int start = 0)
    {
        if (phrase.IsEmpty) return -1;
        for (int i = Math.Max(start, 0); i + phrase.Length <= text.Length; i++)
            if (MatchesAt(text, phrase, i, mode)) return i;
        return -1;
    }

    /// <summary>Start indexes of every occurrence, overlapping ones included, in text order.</summary>
    public static IReadOnlyList<int> FindAll(ReadOnlySpan<Syllable> text, ReadOnlySpan<Syllable> phrase, MatchMode mode)
    {
        List<int>? found = null;
        for (int at = Find(text, phrase, mode); at >= 0; at = Find(text, phrase, mode, at + 1))
            (found ??= []).Add(at);
        return found ?? (IReadOnlyList<int>)[];
    }

    public static bool Contains(ReadOnlySpan<Syllable> text, ReadOnlySpan<Syllable> phrase, MatchMode mode) =>
        Find(text, phrase, mode) >= 0;

    /// <summary>True when <paramref name="phrase"/> occupies text[<paramref name="at"/> .. at + phrase length) within one phrase of the text.</summary>
    public static bool MatchesAt(ReadOnlySpan<Syllable> text, ReadOnlySpan<Syllable> phrase, int at, MatchMode mode)
    {
        if (phrase.IsEmpty || at < 0 || at + phrase.Length > text.Length) return false;
        for (int j = 0; j < phrase.Length; j++)
            if (!text[at + j].Matches(in phrase[j], mode) || (j > 0 && text[at + j].BreakBefore)) return false;
        return true;
    }

    /// <summary>
    /// As <see cref="MatchesAt"/>, but punctuation inside the occupied run does not stop the phrase: "thị, xã" still holds
    /// "thị xã". For short keywords read right beside a name (the type word before it, "cũ" after it), which have always
    /// been matched this way; the name itself is still never read across a break.
    /// </summary>
    public static bool MatchesAtIgnoringBreaks(ReadOnlySpan<Syllable> text, ReadOnlySpan<Syllable> phrase, int at, MatchMode mode)
    {
        if (phrase.IsEmpty || at < 0 || at + phrase.Length > text.Length) return false;
        for (int j = 0; j < phrase.Length; j++)
            if (!text[at + j].Matches(in phrase[j], mode)) return false;
        return true;
    }

    /// <summary>
    /// <see cref="Find(ReadOnlySpan{Syllable}, ReadOnlySpan{Syllable}, MatchMode, int)"/> with the phrase's end as
    /// <paramref name="end"/> says.
    /// </summary>
    public static int Find(ReadOnlySpan<Syllable> text, ReadOnlySpan<Syllable> phrase, MatchMode mode, PhraseEnd end, int start = 0)
    {
        if (end == PhraseEnd.WholeSyllable) return Find(text, phrase, mode, start);
        if (phrase.IsEmpty) return -1;
        for (int i = Math.Max(start, 0); i + phrase.Length <= text.Length; i++)
            if (MatchesAt(text, phrase, i, mode, end)) return i;
        return -1;
    }

    /// <summary>
    /// <see cref="MatchesAt(ReadOnlySpan{Syllable}, ReadOnlySpan{Syllable}, int, MatchMode)"/> with the phrase's end as
    /// <paramref name="end"/> says: with <see cref="PhraseEnd.SyllablePrefix"/> its last syllable only has to begin the
    /// text's syllable (the whole-syllable matcher stays as it is, as the procedure matcher calls it for every alias).
    /// </summary>
    public static bool MatchesAt(ReadOnlySpan<Syllable> text, ReadOnlySpan<Syllable> phrase, int at, MatchMode mode, PhraseEnd end)
    {
        if (end == PhraseEnd.WholeSyllable) return MatchesAt(text, phrase, at, mode);
        if (phrase.IsEmpty || at < 0 || at + phrase.Length > text.Length) return false;
        int last = phrase.Length - 1;
        for (int j = 0; j < last; j++)
            if (!text[at + j].Matches(in phrase[j], mode) || (j > 0 && text[at + j].BreakBefore)) return false;
        return text[at + last].BeginsWith(in phrase[last], mode) && (last == 0 || !text[at + last].BreakBefore);
    }

    /// <summary>
    /// Every occurrence of <paramref name="phrase"/> where up to <paramref name="maxFillersInARow"/> syllables of
    /// <paramref name="fillers"/> may sit between two of its syllables ("mất cái sổ" holds "mất sổ" when "cái" is a
    /// filler), as the span of the text it covers, fillers included, in text order. A filler is skipped only while the
    /// next syllable of the phrase does not match there; never across punctuation that ends a phrase.
    /// </summary>
    public static IReadOnlyList<SyllableSpan> FindWithFillers(
        ReadOnlySpan<Syllable> text, ReadOnlySpan<Syllable> phrase, MatchMode mode, ReadOnlySpan<Syllable> fillers, int maxFillersInARow)
    {
        List<SyllableSpan>? found = null;
        if (phrase.IsEmpty) return [];
        for (int i = 0; i + phrase.Length <= text.Length; i++)
        {
            if (!text[i].Matches(in phrase[0], mode)) continue;
            int pos = i, j = 1;
            while (j < phrase.Length)
            {
                int next = pos + 1, skipped = 0;
                while (next < text.Length && !text[next].BreakBefore && !text[next].Matches(in phrase[j], mode)
                       && skipped < maxFillersInARow && IsListed(in text[next], fillers, mode))
                {
                    next++;
                    skipped++;
                }
                if (next >= text.Length || text[next].BreakBefore || !text[next].Matches(in phrase[j], mode)) break;
                pos = next;
                j++;
            }
            if (j == phrase.Length) (found ??= []).Add(new SyllableSpan(i, pos - i + 1));
        }
        return found ?? (IReadOnlyList<SyllableSpan>)[];
    }

    private static bool IsListed(in Syllable syllable, ReadOnlySpan<Syllable> list, MatchMode mode)
    {
        foreach (ref readonly var item in list)
            if (syllable.Matches(in item, mode)) return true;
        return false;
    }
}
