using Assistant.Vietnamese;

namespace Assistant.Retrieval.Analysis;

/// <summary>
/// Everyday phrases mapped to the terms the law uses ("sổ đỏ" → "giấy chứng nhận quyền sử dụng đất").
/// Matched syllable by syllable: a syllable typed without any mark matches whatever it folds to ("so do" is "sổ đỏ"),
/// a marked one only the same word ("mở rộng" is not "mộ", "bản đồ" not "bán", "mùa lũ" not "mua"), so questions typed
/// without diacritics still get the expansions and marked ones do not get those of look-alike words.
/// </summary>
public sealed class SynonymTable
{
    private readonly List<(Syllable[] Phrase, string[] Expansions)> _entries;

    public SynonymTable(IEnumerable<(string Phrase, string[] Expansions)> entries)
    {
        // Longest phrases first so that "chuyển đất nông nghiệp lên thổ cư" wins over "thổ cư".
        _entries = entries
            .Select(e => (Folded: VietnameseText.FoldPhrase(e.Phrase), Phrase: Tokenizer.Syllables(e.Phrase).ToArray(), e.Expansions))
            .Where(e => e.Phrase.Length > 0)
            .OrderByDescending(e => e.Folded.Length)
            .Select(e => (e.Phrase, e.Expansions))
            .ToList();
    }

    public int Count => _entries.Count;

    public IEnumerable<string> Expansions(string query) => Matches(query).Select(m => m.Expansion);

    /// <summary>The expansions of the question's phrases, each with how many syllables of the question its phrase took.</summary>
    public IEnumerable<(string Expansion, int PhraseSyllables)> Matches(string query)
    {
        var text = Tokenizer.Syllables(query).ToArray();
        var used = new bool[text.Length];
        var seen = new HashSet<string>();
        foreach (var (phrase, expansions) in _entries)
        {
            int at = FindUnused(text, used, phrase);
            if (at < 0) continue;
            // Consume the matched phrase so that a shorter phrase inside it does not fire again.
            for (int k = 0; k < phrase.Length; k++) used[at + k] = true;
            foreach (var e in expansions)
                if (seen.Add(e)) yield return (e, phrase.Length);
        }
    }

    private static int FindUnused(Syllable[] text, bool[] used, Syllable[] phrase)
    {
        for (int at = PhraseMatcher.Find(text, phrase, MatchMode.AccentExact); at >= 0; at = PhraseMatcher.Find(text, phrase, MatchMode.AccentExact, at + 1))
            if (!used.AsSpan(at, phrase.Length).Contains(true)) return at;
        return -1;
    }

    /// <summary>Reads "phrase TAB expansion[|expansion…]" lines; '#' starts a comment line.</summary>
    public static SynonymTable Parse(IEnumerable<string> lines)
    {
        var entries = new List<(string, string[])>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split('\t', 2);
            if (parts.Length != 2) throw new FormatException($"Dòng từ đồng nghĩa không hợp lệ (cần TAB): '{line}'");
            entries.Add((parts[0].Trim(), parts[1].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        }
        return new SynonymTable(entries);
    }
}
