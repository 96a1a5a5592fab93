using Assistant.Vietnamese;

namespace Assistant.Conversation.Answering;

/// <summary>One article cited first when a question about a procedure asks about one aspect of it (time, place, fees).</summary>
public sealed record AspectCitation(string Aspect, IReadOnlyList<string> Cues, string LawNumber, int Article, string Why);

/// <summary>
/// The aspect a citizen asks about chooses what is cited (issue 13, item 2): "sang tên sổ đỏ cho con mất bao lâu" asks
/// for the processing time, which the articles the question's words find (the land-use term, Điều 173/174) do not state.
/// The cues and the articles are data (<see cref="FileName"/> in the conversation data folder).
/// </summary>
public sealed class AspectCitations
{
    public const string FileName = "aspect-citations.tsv";

    private readonly List<(AspectCitation Citation, List<string> Cues)> _rows;

    public AspectCitations(IEnumerable<AspectCitation> rows) =>
        _rows = rows.Select(r => (r, r.Cues.Select(c => " " + VietnameseText.FoldPhrase(c) + " ").Where(c => c.Trim().Length > 0).ToList())).ToList();

    public static AspectCitations Empty { get; } = new([]);

    public IReadOnlyList<AspectCitation> Rows => _rows.Select(r => r.Citation).ToList();

    /// <summary>Reads the file of a conversation data folder; a missing file means no aspect chooses a citation.</summary>
    public static AspectCitations Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return Empty;
        var rows = new List<AspectCitation>();
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Trim().Length == 0 || line.StartsWith('#')) continue;
            var c = line.Split('\t');
            if (c.Length < 5 || c[0].Trim() is not ("time" or "place" or "fees") || !int.TryParse(c[3].Trim(), out var article) || c[2].Trim().Length == 0)
                throw new InvalidDataException($"{FileName}, dòng {number}: cần 'khía cạnh (time|place|fees)<TAB>cụm|cụm<TAB>số hiệu<TAB>điều<TAB>vì sao'.");
            rows.Add(new AspectCitation(c[0].Trim(), c[1].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), c[2].Trim(), article, c[4].Trim()));
        }
        return new AspectCitations(rows);
    }

    /// <summary>The articles the question's aspect asks to cite first, in file order (none when it asks about no listed aspect).</summary>
    public IReadOnlyList<AspectCitation> For(string question)
    {
        var folded = " " + VietnameseText.FoldPhrase(question) + " ";
        return _rows.Where(r => r.Cues.Any(c => folded.Contains(c, StringComparison.Ordinal))).Select(r => r.Citation).ToList();
    }
}
