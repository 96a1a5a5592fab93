using Assistant.Vietnamese;

namespace Assistant.Land.Procedures;

/// <summary>
/// Whether a question is about something outside land administration (data/procedures/scope.tsv): it names an object of
/// another field ("cccd", "xe máy", "kết hôn") and no land object ("đất", "sổ", "căn hộ"). Such a question gets no land
/// procedure, however many procedure words it shares ("cccd bị mất làm lại ở đâu" is not "cấp lại sổ bị mất").
/// </summary>
public sealed class ProcedureScope
{
    // Tones are compared here: "số" (a number) is no "sổ", "mưa" (rain) no "mua".
    private const MatchMode Mode = MatchMode.ToneExact;

    private readonly PhraseList _land;
    private readonly PhraseList _other;
    private readonly PhraseList _outside;

    private ProcedureScope(IEnumerable<string> land, IEnumerable<string> other, IEnumerable<string> outside)
    {
        _land = new PhraseList(land, Mode, ProcedureText.Reading);
        _other = new PhraseList(other, Mode, ProcedureText.Reading);
        _outside = new PhraseList(outside, Mode, ProcedureText.Reading);
    }

    /// <summary>Every question is in scope.</summary>
    public static ProcedureScope Open { get; } = new([], [], []);

    public static ProcedureScope Load(string path)
    {
        var lists = new Dictionary<string, List<string>> { ["land"] = [], ["other"] = [], ["outside"] = [] };
        foreach (var (n, cols) in ProcedureText.Rows(path))
        {
            if (cols.Length != 2 || !lists.TryGetValue(cols[0], out var list))
                throw new ProcedureDataException($"Tệp '{path}', dòng {n}: cần 2 cột cách nhau bằng TAB: 'land', 'other' hoặc 'outside', rồi các cụm từ cách nhau bằng |.");
            list.AddRange(TsvReader.SplitList(cols[1]));
        }
        return new ProcedureScope(lists["land"], lists["other"], lists["outside"]);
    }

    /// <summary>True when the question names a land object ("đất", "sổ", "căn hộ"…).</summary>
    public bool MentionsLand(string? text) => _land.ContainsAny(text);

    /// <summary>
    /// True when the question names a matter handled by another procedure or answered from the law rather than by a
    /// land procedure ("giấy phép xây dựng", "bảng giá đất"): no procedure is offered unless one matched for certain.
    /// </summary>
    public bool NamesAnotherMatter(string? text) => _outside.ContainsAny(text);

    public bool IsOffTopic(string? text) => !string.IsNullOrWhiteSpace(text) && IsOffTopic(ProcedureText.Syllables(text));

    // A land word inside a phrase of another field is not a land word: "sổ bảo hiểm xã hội" is no "sổ".
    internal bool IsOffTopic(Syllable[] tokens)
    {
        var covered = _other.FindAll(tokens).SelectMany(hit => Enumerable.Range(hit.Span.Start, hit.Span.Length)).ToHashSet();
        return covered.Count > 0 && !_land.FindAll(tokens).Any(hit => !covered.Contains(hit.Span.Start));
    }
}
