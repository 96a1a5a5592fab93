namespace Assistant.Land.Procedures;

/// <summary>
/// Whether a question is about something outside land administration (data/procedures/scope.tsv): it names an object of
/// another field ("cccd", "xe máy", "kết hôn") and no land object ("đất", "sổ", "căn hộ"). Such a question gets no land
/// procedure, however many procedure words it shares ("cccd bị mất làm lại ở đâu" is not "cấp lại sổ bị mất").
/// </summary>
public sealed class ProcedureScope
{
    private readonly MatchToken[][] _land;
    private readonly MatchToken[][] _other;
    private readonly MatchToken[][] _outside;

    private ProcedureScope(MatchToken[][] land, MatchToken[][] other, MatchToken[][] outside)
    {
        _land = land;
        _other = other;
        _outside = outside;
    }

    /// <summary>Every question is in scope.</summary>
    public static ProcedureScope Open { get; } = new([], [], []);

    public static ProcedureScope Load(string path)
    {
        var lists = new Dictionary<string, List<MatchToken[]>> { ["land"] = [], ["other"] = [], ["outside"] = [] };
        foreach (var (n, cols) in TsvData.Read(path))
        {
            if (cols.Length != 2 || !lists.TryGetValue(cols[0], out var list))
                throw new ProcedureDataException($"Tệp '{path}', dòng {n}: cần 2 cột cách nhau bằng TAB: 'land', 'other' hoặc 'outside', rồi các cụm từ cách nhau bằng |.");
            list.AddRange(TsvData.SplitList(cols[1]).Select(MatchToken.FromText).Where(t => t.Length > 0));
        }
        return new ProcedureScope(lists["land"].ToArray(), lists["other"].ToArray(), lists["outside"].ToArray());
    }

    /// <summary>True when the question names a land object ("đất", "sổ", "căn hộ"…).</summary>
    public bool MentionsLand(string? text) =>
        !string.IsNullOrWhiteSpace(text) && Any(MatchToken.FromText(text), _land);

    /// <summary>
    /// True when the question names a matter handled by another procedure or answered from the law rather than by a
    /// land procedure ("giấy phép xây dựng", "bảng giá đất"): no procedure is offered unless one matched for certain.
    /// </summary>
    public bool NamesAnotherMatter(string? text) =>
        !string.IsNullOrWhiteSpace(text) && Any(MatchToken.FromText(text), _outside);

    private static bool Any(MatchToken[] tokens, MatchToken[][] phrases) => phrases.Any(p => PhraseMatcher.Find(tokens, p, withTone: true) >= 0);

    public bool IsOffTopic(string? text) => !string.IsNullOrWhiteSpace(text) && IsOffTopic(MatchToken.FromText(text));

    // Tones are compared here: "số" (a number) is no "sổ", "mưa" (rain) no "mua". A land word inside a phrase of another
    // field is not a land word: "sổ bảo hiểm xã hội" is no "sổ".
    internal bool IsOffTopic(MatchToken[] tokens)
    {
        var covered = _other
            .SelectMany(phrase => PhraseMatcher.FindAll(tokens, phrase, withTone: true).SelectMany(at => Enumerable.Range(at, phrase.Length)))
            .ToHashSet();
        return covered.Count > 0
            && !_land.Any(phrase => PhraseMatcher.FindAll(tokens, phrase, withTone: true).Any(at => !covered.Contains(at)));
    }
}
