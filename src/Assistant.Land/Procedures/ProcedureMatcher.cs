using Assistant.Vietnamese;

namespace Assistant.Land.Procedures;

/// <summary>One candidate procedure for a question, with the evidence behind its score.</summary>
/// <param name="Procedure">The procedure.</param>
/// <param name="Score">Combined score in [0, 1].</param>
/// <param name="AliasScore">Evidence from the everyday phrases of aliases.tsv, in [0, 1].</param>
/// <param name="LexicalScore">Syllable overlap (unigrams and bigrams, folded) with the procedure's name and aliases, in [0, 1].</param>
/// <param name="MatchedPhrases">Alias phrases found in the question, as written in aliases.tsv.</param>
/// <param name="MatchedTerms">Folded syllable pairs shared with the procedure's name and aliases ("tach thua").</param>
/// <param name="IsDecisive">True when the evidence can stand alone: a (non-weak) alias phrase, two weak ones, or enough shared informative syllable pairs.</param>
/// <param name="Variants">Cases of the procedure whose papers differ (variants.tsv), e.g. chuyển nhượng / thừa kế / tặng cho for 1.013831.</param>
/// <param name="MatchedVariant">The case the question is about, when it says so.</param>
/// <param name="Caveats">Warnings the question's wording triggers for this procedure (caveats.tsv).</param>
public sealed record ProcedureMatch(
    LandProcedure Procedure,
    double Score,
    double AliasScore,
    double LexicalScore,
    IReadOnlyList<string> MatchedPhrases,
    IReadOnlyList<string> MatchedTerms,
    bool IsDecisive,
    IReadOnlyList<ProcedureVariant> Variants,
    ProcedureVariant? MatchedVariant,
    IReadOnlyList<string> Caveats);

/// <summary>The answer of <see cref="ProcedureMatcher.Match"/>.</summary>
/// <param name="Best">The best procedure, or null when nothing relevant was found (empty or out-of-scope text).</param>
/// <param name="Alternatives">Up to three next-best relevant procedures (Best excluded), best first; when Best is null, the weak candidates, if any.</param>
/// <param name="IsAmbiguous">True when another procedure scores close to Best: ask before answering.</param>
/// <param name="ClarifyingQuestion">
/// A short Vietnamese question to ask: which of the close procedures is meant (when ambiguous), or which case of
/// Best applies when its papers differ by case and the question does not say (e.g. "sang tên" → mua bán, thừa kế hay
/// tặng cho?). Null when there is nothing to ask.
/// </param>
public sealed record MatchResult(
    ProcedureMatch? Best,
    IReadOnlyList<ProcedureMatch> Alternatives,
    bool IsAmbiguous,
    string? ClarifyingQuestion)
{
    public static MatchResult None { get; } = new(null, [], false, null);

    /// <summary>The question is about another field (scope.tsv): no land procedure, and the assistant says so.</summary>
    public bool IsOffTopic { get; init; }

    public static MatchResult OffTopic { get; } = new(null, [], false, null) { IsOffTopic = true };
}

/// <summary>Thresholds and weights of the matcher; the defaults were tuned on eval/citizen-procedures.jsonl.</summary>
public sealed record ProcedureMatcherOptions
{
    /// <summary>Minimum combined score for a procedure to be <see cref="MatchResult.Best"/>.</summary>
    public double MinScore { get; init; } = 0.3;

    /// <summary>Minimum combined score for an alternative to be listed.</summary>
    public double MinAlternativeScore { get; init; } = 0.15;

    /// <summary>
    /// An alternative whose evidence −ln(1 − score) is at least this fraction of Best's makes the result ambiguous.
    /// Evidence rather than the score itself, because scores combine as a noisy-or and bunch up near 1.
    /// </summary>
    public double AmbiguityRatio { get; init; } = 0.8;

    /// <summary>
    /// Without a (non-weak) alias phrase or two weak ones, Best needs at least this many shared informative syllable pairs
    /// (pairs found in at most <see cref="InformativePairMaxShare"/> of the procedures).
    /// </summary>
    public int MinSharedPairs { get; init; } = 2;

    /// <summary>Share of procedures above which a syllable pair ("đăng ký", "giấy chứng") is too common to count as evidence.</summary>
    public double InformativePairMaxShare { get; init; } = 0.15;

    /// <summary>How much the lexical fallback can add: combined = 1 − (1 − alias)(1 − LexicalWeight · lexical).</summary>
    public double LexicalWeight { get; init; } = 0.55;

    /// <summary>Weight of a syllable unigram relative to a syllable pair in the lexical score.</summary>
    public double UnigramWeight { get; init; } = 0.5;

    /// <summary>Floor of the lexical normaliser, so that one shared common syllable cannot make a full match.</summary>
    public double LexicalFloor { get; init; } = 6.0;

    public static ProcedureMatcherOptions Default { get; } = new();
}

/// <summary>
/// Maps a citizen's question or an officer's free-text dossier description to ranked land procedures.
/// Deterministic and explainable, no model:
/// (1) the everyday phrases of data/procedures/aliases.tsv are matched syllable by syllable on folded text, so
/// questions typed with or without diacritics match (see <see cref="MatchMode.ToneInsensitive"/> for the vowel-mark rule). A phrase weighs
/// more the more syllables it has; a phrase listed under k procedures counts 1/k; a weak ("~") phrase counts half;
/// a phrase lying inside a longer matched phrase is ignored ("xóa thế chấp" hides "thế chấp"), as is one sharing
/// words with an at-least-as-long conjunctive phrase of another procedure ("lần đầu + công ty" hides the
/// "cấp sổ lần đầu" of households). A procedure's phrase hits are combined as a noisy-or.
/// (2) As a fallback, a BM25-like overlap of folded syllables and syllable pairs with each procedure's name, short
/// name and non-weak aliases, normalised to [0, 1].
/// The two are combined as 1 − (1 − alias)(1 − w·lexical). Best must also rest on decisive evidence: a non-weak
/// phrase, two weak ones, or at least two shared informative syllable pairs — so "đăng ký khai sinh cho con"
/// (only the weak "cho con") or "tra cứu phạt nguội" (one shared pair) give no procedure.
/// Immutable and thread-safe once built.
/// </summary>
public sealed class ProcedureMatcher
{
    private const double K1 = 1.2, B = 0.5;

    private readonly ProcedureCatalog _catalog;
    private readonly ProcedureMatcherOptions _options;
    private readonly Dictionary<string, List<AliasEntry>> _aliasesByFirstSyllable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>[] _termFrequencies;
    private readonly int[] _docLengths;
    private readonly double _avgDocLength;
    private readonly Dictionary<string, double> _idf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _documentFrequency = new(StringComparer.Ordinal);
    // Term → the procedures whose texts hold it, in procedure order, with its frequency there: a question's terms are
    // looked up once each instead of once per procedure.
    private readonly Dictionary<string, (int Procedure, int Frequency)[]> _postings = new(StringComparer.Ordinal);

    /// <param name="Parts">Per part of the alias, the phrase as written and its variants (phrasing.tsv); a part matches when any does.</param>
    private sealed record AliasEntry(ProcedureAlias Alias, int ProcedureIndex, double Weight, IReadOnlyList<IReadOnlyList<Syllable[]>> Parts);

    public ProcedureMatcher(ProcedureCatalog catalog, ProcedureMatcherOptions? options = null)
    {
        _catalog = catalog;
        _options = options ?? ProcedureMatcherOptions.Default;
        var procedures = catalog.Procedures;
        var index = procedures.Select((p, i) => (p.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);

        // Alias phrases: a phrase shared by k procedures is split between them.
        var all = procedures.SelectMany(p => catalog.Aliases.For(p.Code)).ToList();
        var sharing = all.GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.Select(a => a.Code).Distinct().Count());
        foreach (var a in all)
        {
            var parts = a.Tokens.Select(t => catalog.Phrasing.Variants(t, constrained: a.IsConjunctive)).ToList();
            var entry = new AliasEntry(a, index[a.Code], PhraseWeight(a) / sharing[a.Key], parts);
            // Every part must occur, so the first syllables of the first part's variants are enough to index the phrase by.
            foreach (var first in parts[0].Select(v => v[0].Folded).Distinct(StringComparer.Ordinal))
            {
                if (!_aliasesByFirstSyllable.TryGetValue(first, out var list)) _aliasesByFirstSyllable[first] = list = [];
                list.Add(entry);
            }
        }

        // Lexical documents: name, short name and every non-weak alias phrase, as separate segments (no pair across them).
        _termFrequencies = new Dictionary<string, int>[procedures.Count];
        _docLengths = new int[procedures.Count];
        for (int i = 0; i < procedures.Count; i++)
        {
            var p = procedures[i];
            var segments = new List<string> { p.Name, p.ShortName };
            // Weak (generic) phrases are left out: their words must not become evidence on their own.
            segments.AddRange(catalog.Aliases.For(p.Code).Where(a => !a.Weak).SelectMany(a => a.Parts).Select(parts => string.Join(' ', parts)));
            var tf = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var segment in segments)
                foreach (var term in Terms(segment))
                    tf[term] = tf.GetValueOrDefault(term) + 1;
            _termFrequencies[i] = tf;
            _docLengths[i] = tf.Values.Sum();
        }
        _avgDocLength = _docLengths.Average();
        int n = procedures.Count;
        foreach (var term in _termFrequencies.SelectMany(tf => tf.Keys).Distinct())
        {
            int df = _termFrequencies.Count(tf => tf.ContainsKey(term));
            _documentFrequency[term] = df;
            _idf[term] = Math.Log(1 + (n - df + 0.5) / (df + 0.5));
            _postings[term] = Enumerable.Range(0, n).Where(i => _termFrequencies[i].ContainsKey(term)).Select(i => (i, _termFrequencies[i][term])).ToArray();
        }
    }

    public ProcedureCatalog Catalog => _catalog;

    /// <summary>Best procedure, alternatives, ambiguity and a clarifying question for a question or dossier description.</summary>
    public MatchResult Match(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return MatchResult.None;
        if (_catalog.Scope.IsOffTopic(text)) return MatchResult.OffTopic;
        var ranked = Rank(text, 4);
        var relevant = ranked.Where(m => m.Score >= _options.MinAlternativeScore).ToList();
        if (relevant.Count == 0 || relevant[0].Score < _options.MinScore || !relevant[0].IsDecisive)
            return new MatchResult(null, relevant.Take(3).ToList(), false, null);

        var best = relevant[0];
        var alternatives = relevant.Skip(1).Take(3).ToList();
        double bestEvidence = Evidence(best.Score);
        var close = alternatives
            .Where(a => a.Score >= _options.MinScore && Evidence(a.Score) >= bestEvidence * _options.AmbiguityRatio)
            .ToList();
        if (close.Count > 0)
        {
            var names = new[] { best }.Concat(close).Select(m => m.Procedure.ShortName).ToList();
            return new MatchResult(best, alternatives, true, $"Bạn cần làm thủ tục nào: {JoinOr(names)}?");
        }
        string? question = null;
        if (best.Variants.Count > 0 && best.MatchedVariant is null)
            question = $"Trường hợp của bạn là {JoinOr(best.Variants.Select(v => v.Label).ToList())}? " +
                       "Giấy tờ cần nộp khác nhau theo từng trường hợp.";
        return new MatchResult(best, alternatives, false, question);
    }

    private static double Evidence(double score) => -Math.Log(1 - Math.Min(score, 0.9999));

    /// <summary>The <paramref name="top"/> procedures with a positive score, best first.</summary>
    public IReadOnlyList<ProcedureMatch> Rank(string? text, int top = 5)
    {
        if (string.IsNullOrWhiteSpace(text) || top <= 0) return [];
        var procedures = _catalog.Procedures;
        var tokens = _catalog.Phrasing.Expand(ProcedureText.Syllables(text));

        var (aliasScores, phrases, strong) = ScoreAliases(tokens, procedures.Count);
        var (lexicalScores, terms) = ScoreLexical(text, procedures.Count);

        var order = Enumerable.Range(0, procedures.Count)
            .Select(i => (i, score: 1 - (1 - aliasScores[i]) * (1 - _options.LexicalWeight * lexicalScores[i])))
            .Where(x => x.score > 0)
            .OrderByDescending(x => x.score)
            .ThenByDescending(x => aliasScores[x.i])
            .ThenByDescending(x => lexicalScores[x.i])
            .ThenBy(x => x.i)
            .Take(top);

        var result = new List<ProcedureMatch>();
        foreach (var (i, score) in order)
        {
            var p = procedures[i];
            result.Add(new ProcedureMatch(
                p,
                Math.Round(score, 4),
                Math.Round(aliasScores[i], 4),
                Math.Round(lexicalScores[i], 4),
                phrases[i],
                terms[i].Select(t => t.Replace('_', ' ')).ToList(),
                strong[i] || terms[i].Count(IsInformativePair) >= _options.MinSharedPairs,
                _catalog.Variants.For(p.Code),
                _catalog.Variants.Detect(p.Code, tokens),
                _catalog.Caveats.For(p.Code, tokens).Select(c => c.Text).ToList()));
        }
        return result;
    }

    private (double[] Scores, List<string>[] Phrases, bool[] Strong) ScoreAliases(Syllable[] tokens, int count)
    {
        // Every alias found, with the token positions it covers (all occurrences of all its parts).
        var hits = new List<(AliasEntry Entry, HashSet<int> Positions, bool AsWritten)>();
        var candidates = tokens.Select(t => t.Folded).Distinct(StringComparer.Ordinal)
            .SelectMany(f => _aliasesByFirstSyllable.GetValueOrDefault(f) ?? [])
            .Distinct(ReferenceEqualityComparer.Instance).Cast<AliasEntry>();
        var vocabulary = _catalog.Phrasing;
        foreach (var entry in candidates)
        {
            var positions = new HashSet<int>();
            bool all = true, asWritten = true;
            foreach (var variants in entry.Parts)
            {
                bool found = false, written = false;
                for (int v = 0; v < variants.Count; v++)
                    foreach (var span in vocabulary.FindSpans(tokens, variants[v]))
                    {
                        if (vocabulary.IsNegatedAt(tokens, span[0])) continue;
                        found = true;
                        written |= v == 0;
                        positions.UnionWith(span);
                    }
                if (!found) { all = false; break; }
                asWritten &= written;
            }
            if (all) hits.Add((entry, positions, asWritten));
        }

        var scores = new double[count];
        var strong = new bool[count];
        var weakHits = new int[count];
        var phrases = new List<string>[count];
        for (int i = 0; i < count; i++) phrases[i] = [];
        var miss = Enumerable.Repeat(1.0, count).ToArray();
        var counted = new List<(AliasEntry Entry, HashSet<int> Positions)>();
        // A phrase found as written goes before one found only through a rewrite, so a rewrite never outweighs it.
        foreach (var (entry, positions, _) in hits.OrderByDescending(h => h.AsWritten).ThenByDescending(h => h.Entry.Weight))
        {
            // A phrase inside a longer matched phrase is not separate evidence ("xóa thế chấp" hides "thế chấp").
            if (hits.Any(h => h.Positions.Count > positions.Count && positions.IsSubsetOf(h.Positions))) continue;
            // Two phrases of different procedures sharing words, neither inside the other: the one said first governs
            // when what the later one adds is a generic word, as a Vietnamese verb precedes its object ("xóa thế chấp sổ
            // đỏ" is "xóa" of "thế chấp sổ đỏ", not a mortgage; "trả hết nợ lệ phí trước bạ" stays a registration-fee debt).
            if (!entry.Alias.IsConjunctive && hits.Any(h => !h.Entry.Alias.IsConjunctive
                    && h.Entry.ProcedureIndex != entry.ProcedureIndex
                    && h.Positions.Overlaps(positions)
                    && !h.Positions.IsSubsetOf(positions) && !positions.IsSubsetOf(h.Positions)
                    && SaidJustBefore(h.Positions, positions)
                    && AddsOnlyGenericWords(tokens, positions, h.Positions))) continue;
            // Nor are two phrases of one procedure covering the same words ("mất sổ" and "mất sổ đỏ" both found in
            // "mất bìa đỏ" through phrasing.tsv): the heavier one counts.
            if (counted.Any(c => c.Entry.ProcedureIndex == entry.ProcedureIndex && c.Positions.SetEquals(positions))) continue;
            counted.Add((entry, positions));
            // Nor is a phrase sharing words with a conjunctive phrase of another procedure that is at least as long:
            // "lần đầu + hợp tác xã" explains the "lần đầu" of "cấp sổ lần đầu".
            if (!entry.Alias.IsConjunctive && hits.Any(h => h.Entry.Alias.IsConjunctive
                    && h.Entry.ProcedureIndex != entry.ProcedureIndex
                    && h.Entry.Alias.Syllables >= entry.Alias.Syllables
                    && h.Positions.Overlaps(positions))) continue;
            miss[entry.ProcedureIndex] *= 1 - entry.Weight;
            phrases[entry.ProcedureIndex].Add(entry.Alias.Text);
            strong[entry.ProcedureIndex] |= !entry.Alias.Weak;
            if (entry.Alias.Weak) weakHits[entry.ProcedureIndex]++;
        }
        // Two independent generic clues ("mua nhà" + "công chứng") are as good as one specific phrase.
        for (int i = 0; i < count; i++) strong[i] |= weakHits[i] >= 2;
        for (int i = 0; i < count; i++) scores[i] = 1 - miss[i];
        return (scores, phrases, strong);
    }

    private (double[] Scores, List<string>[] Terms) ScoreLexical(string text, int count)
    {
        var query = Terms(text).Distinct(StringComparer.Ordinal).Where(_idf.ContainsKey).ToList();
        var scores = new double[count];
        var terms = new List<string>[count];
        for (int i = 0; i < count; i++) terms[i] = [];
        if (query.Count == 0) return (scores, terms);

        double norm = Math.Max(query.Sum(t => TermWeight(t) * _idf[t]), _options.LexicalFloor);
        // Each procedure's sum is added up in the question's term order, as a loop over procedures then terms would.
        var raw = new double[count];
        foreach (var t in query)
        {
            double weight = TermWeight(t) * _idf[t];
            bool pair = t.Contains('_');
            foreach (var (i, tf) in _postings[t])
            {
                double lengthNorm = K1 * (1 - B + B * _docLengths[i] / _avgDocLength);
                double saturation = Math.Min(1.0, tf * (K1 + 1) / (tf + lengthNorm));
                raw[i] += weight * saturation;
                if (pair) terms[i].Add(t);
            }
        }
        for (int i = 0; i < count; i++) scores[i] = Math.Min(1.0, raw[i] / norm);
        return (scores, terms);
    }

    /// <summary>The phrase at <paramref name="earlier"/> has the word right before the first word it shares with the one at <paramref name="later"/>.</summary>
    private static bool SaidJustBefore(HashSet<int> earlier, HashSet<int> later)
    {
        int shared = earlier.Where(later.Contains).Min();
        return earlier.Contains(shared - 1) && !later.Contains(shared - 1);
    }

    /// <summary>
    /// The words of a phrase (at <paramref name="positions"/>) outside another one (<paramref name="covered"/>) say nothing
    /// specific: no syllable pair among them is informative, and a lone syllable is found in many procedures' texts.
    /// </summary>
    private bool AddsOnlyGenericWords(Syllable[] tokens, HashSet<int> positions, HashSet<int> covered)
    {
        var rest = positions.Where(p => !covered.Contains(p)).Order().ToList();
        if (rest.Count == 0) return true;
        var pairs = rest.Zip(rest.Skip(1)).Where(x => x.Second == x.First + 1)
            .Select(x => tokens[x.First].Folded + "_" + tokens[x.Second].Folded).ToList();
        if (pairs.Count > 0) return !pairs.Any(IsInformativePair);
        return rest.All(p => !_documentFrequency.TryGetValue(tokens[p].Folded, out var df) || df > _options.InformativePairMaxShare * _catalog.Count);
    }

    /// <summary>A syllable pair ("tach_thua") found in few procedures' texts.</summary>
    private bool IsInformativePair(string pair)
    {
        return _documentFrequency.TryGetValue(pair, out var df) && df <= _options.InformativePairMaxShare * _catalog.Count;
    }

    private double TermWeight(string term) => term.Contains('_') ? 1.0 : _options.UnigramWeight;

    /// <summary>Folded syllables and adjacent-syllable pairs ("tach", "thua", "tach_thua"); no pair across punctuation; "2" is "hai".</summary>
    private static IEnumerable<string> Terms(string text)
    {
        Syllable? previous = null;
        foreach (var s in Tokenizer.Syllables(text, ProcedureText.Reading))
        {
            yield return s.Folded;
            if (previous is { } p && !s.BreakBefore) yield return p.Folded + "_" + s.Folded;
            previous = s;
        }
    }

    /// <summary>Weight of one alias hit: longer phrases are more specific; a conjunctive alias counts one syllable more; weak ones half.</summary>
    private static double PhraseWeight(ProcedureAlias alias)
    {
        int n = alias.Syllables + (alias.IsConjunctive ? 1 : 0);
        double w = n switch { 1 => 0.35, 2 => 0.6, 3 => 0.75, 4 => 0.85, 5 => 0.9, _ => 0.95 };
        return alias.Weak ? w / 2 : w;
    }

    private static string JoinOr(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " hay " + items[^1],
    };
}
