using Assistant.Vietnamese;

namespace Assistant.Land.Procedures;

/// <summary>
/// How loosely an alias phrase may match, from data/procedures/phrasing.tsv: groups of interchangeable expressions
/// ("sổ" = "sổ đỏ" = "bìa đỏ" = "giấy chứng nhận", "rách" = "nhàu nát" = "ngấm nước") and filler syllables that may sit
/// between a phrase's syllables ("mất cái sổ", "sổ đã bị rách"). Citizens name the same paper and the same situation
/// in many ways; listing every combination in aliases.tsv would not scale, so the table says it once.
/// </summary>
public sealed class PhraseVocabulary
{
    /// <summary>At most this many filler syllables in a row between two syllables of a phrase.</summary>
    public const int MaxFillersInARow = 2;

    /// <summary>How many syllables before a phrase a negation may stand and still cancel it ("không phải đợt dồn điền đổi thửa").</summary>
    public const int NegationReach = 3;

    /// <summary>
    /// Alias phrases, groups, fillers and negations compare syllables with their vowel letters but not their tones, so a
    /// wrong tone mark still matches ("thữa" for "thửa").
    /// </summary>
    internal const MatchMode Mode = MatchMode.ToneInsensitive;

    private readonly List<Syllable[][]> _groups;
    private readonly Syllable[] _fillers;
    private readonly Syllable[][] _negations;
    private readonly Dictionary<string, Syllable[]> _abbreviations;

    private PhraseVocabulary(List<Syllable[][]> groups, Syllable[] fillers, Syllable[][] negations, Dictionary<string, Syllable[]> abbreviations)
    {
        _groups = groups;
        _fillers = fillers;
        _negations = negations;
        _abbreviations = abbreviations;
    }

    /// <summary>No equivalences, fillers, negations or abbreviations: phrases match exactly as written.</summary>
    public static PhraseVocabulary Exact { get; } = new([], [], [], new(StringComparer.Ordinal));

    public int GroupCount => _groups.Count;

    public static PhraseVocabulary Load(string path)
    {
        var groups = new List<Syllable[][]>();
        var fillers = new List<Syllable>();
        var negations = new List<Syllable[]>();
        var abbreviations = new Dictionary<string, Syllable[]>(StringComparer.Ordinal);
        foreach (var (n, cols) in ProcedureText.Rows(path))
        {
            bool abbreviation = cols.Length == 3 && cols[0] == ">";
            if (!abbreviation && (cols.Length != 2 || cols[0] is not ("=" or "_" or "!")))
                throw new ProcedureDataException(
                    $"Tệp '{path}', dòng {n}: cần 2 cột cách nhau bằng TAB ('=', '_' hoặc '!', rồi các cụm từ cách nhau bằng |) hoặc 3 cột ('>', chữ viết tắt, dạng đầy đủ).");
            if (abbreviation)
            {
                var shortForm = ProcedureText.Syllables(cols[1]);
                var longForm = ProcedureText.Syllables(cols[2]);
                if (shortForm.Length != 1 || longForm.Length == 0)
                    throw new ProcedureDataException($"Tệp '{path}', dòng {n}: chữ viết tắt phải là một âm tiết và có dạng đầy đủ.");
                abbreviations[shortForm[0].Folded] = longForm;
                continue;
            }
            var items = TsvReader.SplitList(cols[1]).Select(ProcedureText.Syllables).Where(t => t.Length > 0).ToArray();
            switch (cols[0])
            {
                case "=":
                    if (items.Length < 2) throw new ProcedureDataException($"Tệp '{path}', dòng {n}: một nhóm tương đương cần ít nhất hai cụm từ.");
                    groups.Add(items);
                    break;
                case "_":
                    if (items.Any(i => i.Length != 1)) throw new ProcedureDataException($"Tệp '{path}', dòng {n}: từ đệm phải là một âm tiết.");
                    fillers.AddRange(items.Select(i => i[0]));
                    break;
                default:
                    negations.AddRange(items);
                    break;
            }
        }
        return new PhraseVocabulary(groups, fillers.ToArray(), negations.ToArray(), abbreviations);
    }

    /// <summary>
    /// True when a negation ends at most <see cref="NegationReach"/> syllables before <paramref name="start"/>, in the same
    /// phrase ("không phải đợt dồn điền đổi thửa", "chứ ko theo dồn điền đổi thửa"): the phrase there is denied, not asked about.
    /// </summary>
    internal bool IsNegatedAt(Syllable[] tokens, int start)
    {
        foreach (var negation in _negations)
            // A one-syllable negation ("ko", "không") only right before the phrase: "không biết thủ tục tách thửa" asks
            // about tách thửa; "ko tranh chấp" denies the dispute.
            for (int end = start - 1; end >= Math.Max(0, start - (negation.Length == 1 ? 1 : NegationReach)); end--)
            {
                int from = end - negation.Length + 1;
                if (from < 0) continue;
                if (PhraseMatcher.MatchesAt(tokens, negation, from, Mode)
                    && Enumerable.Range(from + 1, start - from).All(i => i >= tokens.Length || !tokens[i].BreakBefore)) return true;
            }
        return false;
    }

    /// <summary>
    /// The question's syllables with abbreviations written out ("đk" → "đăng ký", "nh" → "ngân hàng", "gcn" → "giấy chứng
    /// nhận"), as officers and young people type them. Only syllables typed without diacritics are expanded, or "đk" as is.
    /// </summary>
    internal Syllable[] Expand(Syllable[] tokens)
    {
        if (_abbreviations.Count == 0 || !tokens.Any(t => _abbreviations.ContainsKey(t.Folded))) return tokens;
        var result = new List<Syllable>(tokens.Length + 4);
        foreach (var t in tokens)
        {
            if (_abbreviations.TryGetValue(t.Folded, out var full) && (t.IsPlain || t.Folded.Length <= 3))
                // The written-out syllables stand where the abbreviation stood in the question.
                result.AddRange(full.Select((f, i) => f with { BreakBefore = i == 0 ? t.BreakBefore : f.BreakBefore, Start = t.Start, End = t.End }));
            else result.Add(t);
        }
        return result.ToArray();
    }

    /// <summary>
    /// Every occurrence of <paramref name="phrase"/> in the question where up to <see cref="MaxFillersInARow"/> filler
    /// syllables may sit between two of its syllables ("mất cái sổ" holds "mất sổ"), as the positions of the question's
    /// syllables it covers (fillers included). Never across phrase-ending punctuation.
    /// </summary>
    internal IEnumerable<int[]> FindSpans(Syllable[] tokens, Syllable[] phrase) =>
        PhraseMatcher.FindWithFillers(tokens, phrase, Mode, _fillers, MaxFillersInARow)
            .Select(span => Enumerable.Range(span.Start, span.Length).ToArray());

    /// <summary>
    /// The phrase as written plus its variants with one expression replaced by another of its group ("mất sổ" →
    /// "mất bìa đỏ", "mất giấy chứng nhận", …). At each position the longest member found is the one replaced, so
    /// "sổ đỏ" is replaced whole rather than its "sổ".
    /// </summary>
    /// <param name="phrase">One phrase, or one part of a conjunctive alias.</param>
    /// <param name="constrained">True for a part of a conjunctive alias: the other parts must occur too, so the part may be
    /// rewritten whole, to a member of two syllables or more ("sổ + rách" → "sổ + ngấm nước").</param>
    internal IReadOnlyList<Syllable[]> Variants(Syllable[] phrase, bool constrained = false)
    {
        var result = new List<Syllable[]> { phrase };
        var seen = new HashSet<string>(StringComparer.Ordinal) { Key(phrase) };
        for (int at = 0; at < phrase.Length; at++)
        {
            foreach (var group in _groups)
            {
                var member = group.Where(m => StartsAt(phrase, m, at)).MaxBy(m => m.Length);
                // A phrase that is nothing but a member is not rewritten: "mối xông" must not become "mờ", which an
                // unaccented "mo" anywhere would match; only phrases with words of their own around the member are.
                if (member is null || (member.Length == phrase.Length && !constrained)) continue;
                bool whole = member.Length == phrase.Length;
                foreach (var other in group)
                {
                    if (ReferenceEquals(other, member)) continue;
                    // A whole part rewritten to one syllable would match too much: tones are not compared, so "mờ" is
                    // also "mở", "mối" also "mỗi".
                    if (whole && other.Length < 2) continue;
                    var variant = phrase[..at].Concat(other).Concat(phrase[(at + member.Length)..]).ToArray();
                    if (seen.Add(Key(variant))) result.Add(variant);
                }
            }
        }
        return result;
    }

    private static bool StartsAt(Syllable[] phrase, Syllable[] member, int at)
    {
        if (at + member.Length > phrase.Length) return false;
        for (int k = 0; k < member.Length; k++)
            if (!phrase[at + k].Matches(member[k], Mode)) return false;
        return true;
    }

    private static string Key(Syllable[] phrase) => string.Join(' ', phrase.Select(t => t.Base));
}
