using Assistant.Vietnamese;

namespace Assistant.Retrieval.Analysis;

/// <summary>
/// Everyday phrases mapped to the terms the law uses ("sổ đỏ" → "giấy chứng nhận quyền sử dụng đất").
/// Matching is on folded text so it works for queries typed without diacritics.
/// </summary>
public sealed class SynonymTable
{
    private readonly List<(string FoldedPhrase, string[] Expansions)> _entries;

    public SynonymTable(IEnumerable<(string Phrase, string[] Expansions)> entries)
    {
        // Longest phrases first so that "chuyển đất nông nghiệp lên thổ cư" wins over "thổ cư".
        _entries = entries
            .Select(e => (" " + VietnameseText.FoldPhrase(e.Phrase) + " ", e.Expansions))
            .Where(e => e.Item1.Trim().Length > 0)
            .OrderByDescending(e => e.Item1.Length)
            .ToList();
    }

    public int Count => _entries.Count;

    public IEnumerable<string> Expansions(string query)
    {
        var folded = " " + VietnameseText.FoldPhrase(query) + " ";
        var seen = new HashSet<string>();
        foreach (var (phrase, expansions) in _entries)
        {
            int at = folded.IndexOf(phrase, StringComparison.Ordinal);
            if (at < 0) continue;
            // Consume the matched phrase so that a shorter phrase inside it does not fire again.
            folded = folded.Remove(at, phrase.Length).Insert(at, " | ");
            foreach (var e in expansions)
                if (seen.Add(e)) yield return e;
        }
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
