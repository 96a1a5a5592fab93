using Assistant.Vietnamese;

namespace Assistant.Retrieval.Analysis;

/// <summary>
/// The one Vietnamese analyzer used by every store: the embedded BM25 index and the sparse vectors of Qdrant.
/// Index side: all syllables and adjacent-syllable bigrams (not across phrase breaks), accented and folded.
/// Query side: the same, minus stop words as unigrams, plus synonym expansions at a lower weight.
/// </summary>
public sealed class VietnameseAnalyzer
{
    private readonly HashSet<string> _stopAccent;
    private readonly HashSet<string> _stopFolded;
    private readonly SynonymTable _synonyms;

    public VietnameseAnalyzer(LexiconData lexicon)
    {
        _stopAccent = new HashSet<string>(lexicon.StopWords.Select(w => VietnameseText.AccentKey(w)), StringComparer.Ordinal);
        _stopFolded = new HashSet<string>(lexicon.StopWords.Select(w => VietnameseText.Fold(w)), StringComparer.Ordinal);
        _synonyms = lexicon.Synonyms;
    }

    public SynonymTable Synonyms => _synonyms;

    public AnalyzedText AnalyzeForIndex(string text)
    {
        var result = new AnalyzedText();
        Syllable? previous = null;
        foreach (var s in Tokenizer.Syllables(text))
        {
            result.Unigrams.Add(s.Accent);
            result.FoldedUnigrams.Add(s.Folded);
            if (previous is { } p && !s.BreakBefore)
            {
                result.Bigrams.Add(p.Accent + "_" + s.Accent);
                result.FoldedBigrams.Add(p.Folded + "_" + s.Folded);
            }
            previous = s;
        }
        return result;
    }

    /// <summary>Weighted query terms. Accented fields are used only when the query carries diacritics.</summary>
    public IReadOnlyList<WeightedTerm> AnalyzeQuery(string query, QueryWeights? weights = null)
    {
        weights ??= QueryWeights.Default;
        query = VietnameseText.Nfc(query);
        var terms = new Dictionary<(string, string), float>();
        AddQueryTerms(query, 1f, terms, weights);
        foreach (var expansion in _synonyms.Expansions(query))
            AddQueryTerms(expansion, weights.Synonym, terms, weights);
        return terms.Select(kv => new WeightedTerm(kv.Key.Item1, kv.Key.Item2, kv.Value)).ToList();
    }

    private void AddQueryTerms(string text, float scale, Dictionary<(string, string), float> terms, QueryWeights w)
    {
        bool accented = VietnameseText.HasDiacritics(text);
        var syllables = Tokenizer.Syllables(text).ToList();
        for (int i = 0; i < syllables.Count; i++)
        {
            var s = syllables[i];
            bool stop = accented ? _stopAccent.Contains(s.Accent) : _stopFolded.Contains(s.Folded);
            if (!stop)
            {
                if (accented) Add(terms, LexicalFields.Unigram, s.Accent, w.Unigram * scale);
                Add(terms, LexicalFields.FoldedUnigram, s.Folded, w.Unigram * FoldedWeight(w, accented, s) * scale);
            }
            if (i > 0 && !s.BreakBefore)
            {
                var p = syllables[i - 1];
                bool prevStop = accented ? _stopAccent.Contains(p.Accent) : _stopFolded.Contains(p.Folded);
                if (stop && prevStop) continue;
                if (accented) Add(terms, LexicalFields.Bigram, p.Accent + "_" + s.Accent, w.Bigram * scale);
                Add(terms, LexicalFields.FoldedBigram, p.Folded + "_" + s.Folded, w.Bigram * Math.Max(FoldedWeight(w, accented, p), FoldedWeight(w, accented, s)) * scale);
            }
        }
    }

    /// <summary>
    /// In a question typed with diacritics the accented terms already match, so folded terms are kept only for the
    /// syllables typed without any mark (possibly a word whose marks were left out: "tách thua đất").
    /// </summary>
    private static float FoldedWeight(QueryWeights w, bool accented, Syllable s) => !accented || s.IsPlain ? w.Folded : w.FoldedWithDiacritics;

    private static void Add(Dictionary<(string, string), float> terms, string field, string term, float weight)
    {
        // A zero weight (e.g. folded terms switched off) adds nothing: a clause that cannot score still costs time.
        if (weight <= 0f) return;
        // A repeated query term counts once more, but with diminishing weight.
        terms[(field, term)] = terms.TryGetValue((field, term), out var existing) ? existing + weight * 0.5f : weight;
    }
}

/// <summary>Relative weights of the query-term kinds; tuned on the development sets (see eval/README.md).</summary>
/// <param name="Folded">Weight of folded terms for a question typed without diacritics.</param>
/// <param name="FoldedWithDiacritics">Weight of folded terms for a question with diacritics (its accented terms already match).</param>
public sealed record QueryWeights(float Unigram = 1f, float Bigram = 1f, float Folded = 0.7f, float Synonym = 0.4f, float FoldedWithDiacritics = 0f)
{
    public static QueryWeights Default { get; } = new();
}
