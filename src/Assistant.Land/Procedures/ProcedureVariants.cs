using Assistant.Vietnamese;

namespace Assistant.Land.Procedures;

/// <summary>
/// One case of a procedure whose dossier differs by case — e.g. 1.013831 covers transfer (chuyển nhượng),
/// inheritance (thừa kế) and gift (tặng cho) with one form, but a different contract or deed for each.
/// Read from data/procedures/variants.tsv.
/// </summary>
/// <param name="Code">Procedure code.</param>
/// <param name="Key">Stable key, e.g. "thua-ke".</param>
/// <param name="Label">Everyday Vietnamese label, e.g. "thừa kế".</param>
/// <param name="Triggers">Phrases that show a question is about this case (matched as alias phrases are, see <see cref="PhraseVocabulary.Mode"/>).</param>
/// <param name="Replaces">The generic paper of the catalogue this case makes specific (as listed in the procedure's documents).</param>
/// <param name="SpecificPapers">The papers that differ for this case.</param>
/// <param name="Documents">The whole dossier for this case: the procedure's papers with <see cref="Replaces"/> swapped for <see cref="SpecificPapers"/>.</param>
public sealed record ProcedureVariant(
    string Code,
    string Key,
    string Label,
    IReadOnlyList<string> Triggers,
    RequiredDocument Replaces,
    IReadOnlyList<string> SpecificPapers,
    IReadOnlyList<RequiredDocument> Documents);

/// <summary>The variants of data/procedures/variants.tsv, per procedure code, and their detection in a question.</summary>
public sealed class ProcedureVariants
{
    private readonly Dictionary<string, IReadOnlyList<ProcedureVariant>> _byCode;
    private readonly Dictionary<string, List<(Syllable[] Tokens, ProcedureVariant Variant)>> _triggers;

    private ProcedureVariants(Dictionary<string, IReadOnlyList<ProcedureVariant>> byCode)
    {
        _byCode = byCode;
        _triggers = byCode.ToDictionary(
            kv => kv.Key,
            kv => kv.Value
                .SelectMany(v => v.Triggers.Select(t => (ProcedureText.Syllables(t), v)))
                .Where(t => t.Item1.Length > 0)
                .ToList(),
            StringComparer.Ordinal);
    }

    public static ProcedureVariants Empty { get; } = new(new Dictionary<string, IReadOnlyList<ProcedureVariant>>());

    /// <summary>Codes that have variants.</summary>
    public IEnumerable<string> Codes => _byCode.Keys;

    /// <summary>The variants of a procedure, in data-file order; empty when it has none.</summary>
    public IReadOnlyList<ProcedureVariant> For(string code) => _byCode.GetValueOrDefault(code) ?? [];

    /// <summary>
    /// The variant a question is about: the one whose trigger phrases found in it have the most syllables in total
    /// ("bố mẹ để lại … thừa kế" → thừa kế over "cho con" → tặng cho). Null when none is found or when two variants tie.
    /// </summary>
    public ProcedureVariant? Detect(string code, string text) =>
        string.IsNullOrWhiteSpace(text) ? null : Detect(code, ProcedureText.Syllables(text));

    internal ProcedureVariant? Detect(string code, Syllable[] tokens)
    {
        if (!_triggers.TryGetValue(code, out var triggers)) return null;
        var weights = new Dictionary<ProcedureVariant, int>();
        foreach (var (trigger, variant) in triggers)
            if (PhraseMatcher.Contains(tokens, trigger, PhraseVocabulary.Mode))
                weights[variant] = weights.GetValueOrDefault(variant) + trigger.Length;
        if (weights.Count == 0) return null;
        int best = weights.Values.Max();
        var winners = weights.Where(kv => kv.Value == best).Select(kv => kv.Key).ToList();
        return winners.Count == 1 ? winners[0] : null;
    }

    /// <summary>
    /// Reads "code TAB key TAB label TAB triggers(|) TAB replaced paper TAB specific papers(|)". The replaced paper must
    /// be the start of one of the procedure's papers (folded comparison), so the mapping stays tied to the catalogue.
    /// </summary>
    internal static ProcedureVariants Load(string path, IReadOnlyDictionary<string, LandProcedure> procedures)
    {
        var byCode = new Dictionary<string, List<ProcedureVariant>>(StringComparer.Ordinal);
        var keys = new HashSet<(string, string)>();
        foreach (var (n, cols) in ProcedureText.Rows(path))
        {
            if (cols.Length != 6 || cols.Any(c => c.Length == 0))
                throw new ProcedureDataException(
                    $"Tệp '{path}', dòng {n}: cần 6 cột cách nhau bằng TAB (mã TTHC, khóa, nhãn, cụm từ nhận biết, giấy tờ được thay, giấy tờ riêng).");
            var (code, key, label) = (cols[0], cols[1], cols[2]);
            if (!procedures.TryGetValue(code, out var procedure))
                throw new ProcedureDataException($"Tệp '{path}', dòng {n}: mã '{code}' không có trong danh mục thủ tục.");
            if (!keys.Add((code, key)))
                throw new ProcedureDataException($"Tệp '{path}', dòng {n}: trường hợp '{key}' của thủ tục '{code}' bị trùng.");
            var replacedKey = VietnameseText.FoldPhrase(cols[4]);
            var replaced = procedure.Documents.FirstOrDefault(d => VietnameseText.FoldPhrase(d.Name).StartsWith(replacedKey, StringComparison.Ordinal))
                ?? throw new ProcedureDataException(
                    $"Tệp '{path}', dòng {n}: giấy tờ '{cols[4]}' không có trong thành phần hồ sơ của thủ tục '{code}'.");
            var papers = TsvReader.SplitList(cols[5]);
            var triggers = TsvReader.SplitList(cols[3]);
            if (papers.Length == 0 || triggers.Length == 0)
                throw new ProcedureDataException($"Tệp '{path}', dòng {n}: thiếu cụm từ nhận biết hoặc giấy tờ riêng.");
            var documents = new List<RequiredDocument>();
            foreach (var d in procedure.Documents)
            {
                if (!ReferenceEquals(d, replaced)) { documents.Add(d); continue; }
                documents.AddRange(papers.Select(p => new RequiredDocument(p, IsConditional(p), label)));
            }
            if (!byCode.TryGetValue(code, out var list)) byCode[code] = list = [];
            list.Add(new ProcedureVariant(code, key, label, triggers, replaced, papers, documents));
        }
        return new ProcedureVariants(byCode.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<ProcedureVariant>)kv.Value, StringComparer.Ordinal));
    }

    private static bool IsConditional(string paper)
    {
        var lower = paper.ToLowerInvariant();
        return lower.Contains("(nếu", StringComparison.Ordinal) || lower.Contains("trường hợp", StringComparison.Ordinal);
    }
}
