using Assistant.Vietnamese;

namespace Assistant.Land.Procedures;

/// <summary>
/// A warning to show with a procedure when the question uses certain words — e.g. "lên thổ cư" points to the
/// change-of-use procedure, but turning farmland into residential land needs a permission that is not a procedure
/// of this catalogue. Read from data/procedures/caveats.tsv: code TAB trigger phrases(|) TAB caveat text.
/// </summary>
public sealed record ProcedureCaveat(string Code, IReadOnlyList<string> Triggers, string Text);

public sealed class ProcedureCaveats
{
    private readonly List<(ProcedureCaveat Caveat, PhraseList Triggers)> _entries;

    private ProcedureCaveats(List<(ProcedureCaveat, PhraseList)> entries) => _entries = entries;

    public IEnumerable<ProcedureCaveat> All => _entries.Select(e => e.Caveat);

    /// <summary>The caveats of a procedure that the text triggers.</summary>
    public IReadOnlyList<ProcedureCaveat> For(string code, string text) => For(code, ProcedureText.Syllables(text));

    internal IReadOnlyList<ProcedureCaveat> For(string code, Syllable[] tokens)
    {
        return _entries
            .Where(e => e.Caveat.Code == code && e.Triggers.ContainsAny(tokens))
            .Select(e => e.Caveat)
            .ToList();
    }

    internal static ProcedureCaveats Load(string path, IReadOnlySet<string> codes)
    {
        var entries = new List<(ProcedureCaveat, PhraseList)>();
        foreach (var (n, cols) in ProcedureText.Rows(path))
        {
            if (cols.Length != 3 || cols.Any(c => c.Length == 0))
                throw new ProcedureDataException($"Tệp '{path}', dòng {n}: cần 3 cột cách nhau bằng TAB (mã TTHC, cụm từ nhận biết, lưu ý).");
            if (!codes.Contains(cols[0]))
                throw new ProcedureDataException($"Tệp '{path}', dòng {n}: mã '{cols[0]}' không có trong danh mục thủ tục.");
            var triggers = TsvReader.SplitList(cols[1]);
            entries.Add((new ProcedureCaveat(cols[0], triggers, cols[2]),
                new PhraseList(triggers, PhraseVocabulary.Mode, ProcedureText.Reading)));
        }
        return new ProcedureCaveats(entries);
    }
}
