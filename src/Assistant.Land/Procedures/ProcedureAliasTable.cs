using Assistant.Vietnamese;

namespace Assistant.Land.Procedures;

/// <summary>
/// One everyday phrase for a procedure, from data/procedures/aliases.tsv. A phrase matches query text syllable by
/// syllable on folded forms, so with or without diacritics (when both sides carry diacritics their vowel letters must
/// agree: "sổ" ≠ "sơ"). "a + b" is a conjunctive alias: every part must occur, in any order and not
/// necessarily next to each other ("lần đầu + công ty"). A leading "~" marks a weak alias (a generic phrase such
/// as "mua đất" that is evidence but rarely decisive): it counts half.
/// </summary>
public sealed record ProcedureAlias(string Code, string Text, IReadOnlyList<string[]> Parts, bool Weak)
{
    /// <summary>The parts as syllables, for matching (see <see cref="PhraseVocabulary.Mode"/>).</summary>
    internal IReadOnlyList<Syllable[]> Tokens { get; init; } = [];

    /// <summary>Total syllables over all parts.</summary>
    public int Syllables => Parts.Sum(p => p.Length);

    public bool IsConjunctive => Parts.Count > 1;

    /// <summary>Parses one alias as written in the data file; null when it holds no syllable.</summary>
    public static ProcedureAlias? Parse(string code, string text)
    {
        var t = text.Trim();
        bool weak = t.StartsWith('~');
        if (weak) t = t[1..].Trim();
        var tokens = t.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ProcedureText.Syllables)
            .Where(p => p.Length > 0)
            .ToList();
        if (tokens.Count == 0) return null;
        return new ProcedureAlias(code, t, tokens.Select(p => p.Select(x => x.Folded).ToArray()).ToList(), weak) { Tokens = tokens };
    }

    /// <summary>Key identifying the phrase across procedures (vowel marks kept, tone dropped; parts sorted, so "a + b" equals "b + a").</summary>
    public string Key => string.Join(" + ", Tokens.Select(p => string.Join(' ', p.Select(x => x.Base))).Order(StringComparer.Ordinal));
}

/// <summary>
/// The hand-curated table of data/procedures/aliases.tsv: per procedure code, a short everyday name and the
/// everyday phrases citizens and officers use for it. Columns: code TAB short name TAB aliases separated by '|'.
/// </summary>
public sealed class ProcedureAliasTable
{
    private readonly Dictionary<string, string> _shortNames;
    private readonly Dictionary<string, IReadOnlyList<ProcedureAlias>> _aliases;

    private ProcedureAliasTable(Dictionary<string, string> shortNames, Dictionary<string, IReadOnlyList<ProcedureAlias>> aliases)
    {
        _shortNames = shortNames;
        _aliases = aliases;
    }

    public IEnumerable<string> Codes => _shortNames.Keys;

    public string? ShortName(string code) => _shortNames.GetValueOrDefault(code);

    public IReadOnlyList<ProcedureAlias> For(string code) => _aliases.GetValueOrDefault(code) ?? [];

    public IEnumerable<ProcedureAlias> All => _aliases.Values.SelectMany(a => a);

    public static ProcedureAliasTable Load(string path)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var aliases = new Dictionary<string, IReadOnlyList<ProcedureAlias>>(StringComparer.Ordinal);
        foreach (var (n, cols) in ProcedureText.Rows(path))
        {
            if (cols.Length != 3 || cols[0].Length == 0 || cols[1].Length == 0)
                throw new ProcedureDataException(
                    $"Tệp '{path}', dòng {n}: cần 3 cột cách nhau bằng TAB (mã TTHC, tên ngắn, các cụm từ cách nhau bằng |).");
            var code = cols[0];
            if (!names.TryAdd(code, cols[1]))
                throw new ProcedureDataException($"Tệp '{path}', dòng {n}: mã '{code}' đã có ở dòng trước.");
            var list = new List<ProcedureAlias>();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var text in TsvReader.SplitList(cols[2]))
            {
                var alias = ProcedureAlias.Parse(code, text)
                    ?? throw new ProcedureDataException($"Tệp '{path}', dòng {n}: cụm từ rỗng '{text}'.");
                if (keys.Add(alias.Key)) list.Add(alias);
            }
            aliases[code] = list;
        }
        if (names.Count == 0)
            throw new ProcedureDataException($"Tệp '{path}' không có dòng dữ liệu nào.");
        return new ProcedureAliasTable(names, aliases);
    }
}
