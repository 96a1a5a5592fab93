using System.Collections.Concurrent;
using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Storage;
using Assistant.Vietnamese;

namespace Assistant.Retrieval.Search;

/// <summary>One article among the lexical candidates: its chunks in candidate order (the first is its best) and its place.</summary>
public sealed record ArticleCandidate(string Key, IReadOnlyList<SearchHit> Hits, int Order)
{
    public SearchHit Best => Hits[0];
}

/// <summary>What the ranker reads off a question once: its content terms, its kinds and the laws it names.</summary>
public sealed record QuestionProfile(
    string Question, bool Accented, IReadOnlyList<string> Unigrams, IReadOnlyList<string> Bigrams,
    IReadOnlySet<string> Kinds, IReadOnlySet<string> NamedLaws)
{
    public bool Is(string kind) => Kinds.Contains(kind);
}

/// <summary>
/// Features of (question, article) pairs for the learned ranker, computed from the candidate chunks alone (plus the
/// store's document frequencies when it can tell them), so re-ranking costs no extra search.
/// </summary>
public sealed class RankingFeatures(VietnameseAnalyzer analyzer, QuestionCues cues)
{
    public static readonly string[] Names =
    [
        "lexRankInv", "orderInv", "scoreRatio", "chunksInCandidates",
        "bm25Title", "bm25Heading", "bm25Clause", "bm25Article",
        "titleCoverage", "questionInTitle", "questionUnigramCoverage", "questionBigramCoverage", "proximity",
        "lawNamed", "lawMatch", "inForce", "isDefinitions", "definedTermCoverage", "logLength", "titleLength",
        .. QuestionKinds.All.Select(k => "kind_" + k),
        "titleCompetence", "titleTime", "titleProcedure", "titleCondition",
    ];

    public static int Count => Names.Length;

    private const double K1 = 1.2, B = 0.75;
    private static readonly QueryWeights PlainTerms = new(1f, 1f, 1f, 0f, 1f);
    private readonly ConcurrentDictionary<string, AnalyzedText> _analyzed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Text, bool Accented), FieldText> _fields = new();

    public QuestionCues Cues => cues;

    public QuestionProfile Profile(string question, LawReferences references)
    {
        bool accented = VietnameseText.HasDiacritics(question);
        string uni = accented ? LexicalFields.Unigram : LexicalFields.FoldedUnigram, bi = accented ? LexicalFields.Bigram : LexicalFields.FoldedBigram;
        // Query understanding (h-aspect): the verdict phrase of a true/false statement is no content term; the kinds still see it.
        var terms = analyzer.AnalyzeQuery(cues.Strip(question, QuestionKinds.TrueFalse), PlainTerms);
        return new QuestionProfile(question, accented,
            terms.Where(t => t.Field == uni).Select(t => t.Term).Distinct().ToList(),
            terms.Where(t => t.Field == bi).Select(t => t.Term).Distinct().ToList(),
            cues.KindsOf(question),
            new HashSet<string>(references.LawNumbers, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>One feature vector per candidate, in the candidates' order.</summary>
    public float[][] Extract(QuestionProfile q, IReadOnlyList<ArticleCandidate> candidates, IChunkStoreTermStatistics? statistics)
    {
        if (candidates.Count == 0) return [];
        string uniField = q.Accented ? LexicalFields.Unigram : LexicalFields.FoldedUnigram, biField = q.Accented ? LexicalFields.Bigram : LexicalFields.FoldedBigram;
        var texts = candidates.Select(c => ArticleTexts.Of(c, text => Field(text, q.Accented))).ToList();

        var allTerms = q.Unigrams.Select(t => (uniField, t)).Concat(q.Bigrams.Select(t => (biField, t))).ToList();
        var idf = Idf(allTerms, texts, statistics);
        double totalUniIdf = q.Unigrams.Sum(t => idf[(uniField, t)]), totalBiIdf = q.Bigrams.Sum(t => idf[(biField, t)]);

        double avgTitle = Avg(texts, t => t.Title.Length), avgHeading = Avg(texts, t => t.Heading.Length),
            avgClause = Avg(texts, t => t.Clause.Length), avgArticle = Avg(texts, t => t.Article.Length);
        double topScore = Math.Max(1e-9, candidates.Max(c => c.Best.Score));
        var qBigrams = new HashSet<string>(q.Bigrams, StringComparer.Ordinal);
        var qUnigrams = new HashSet<string>(q.Unigrams, StringComparer.Ordinal);

        var result = new float[candidates.Count][];
        for (int i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            var t = texts[i];
            var doc = c.Best.Chunk.Document;
            var f = new List<float>(Count)
            {
                c.Best.LexicalRank is { } lr ? 1f / lr : 0f,
                1f / (c.Order + 1),
                (float)(c.Best.Score / topScore),
                c.Hits.Count,
                (float)Bm25(t.Title, q, idf, uniField, biField, avgTitle),
                (float)Bm25(t.Heading, q, idf, uniField, biField, avgHeading),
                (float)Bm25(t.Clause, q, idf, uniField, biField, avgClause),
                (float)Bm25(t.Article, q, idf, uniField, biField, avgArticle),
                Coverage(t.Title.BiSet, qBigrams, t.Title.UniSet, qUnigrams),
                (float)(totalBiIdf <= 0 ? 0 : q.Bigrams.Where(t.Title.BiSet.Contains).Sum(b => idf[(biField, b)]) / totalBiIdf),
                (float)(totalUniIdf <= 0 ? 0 : q.Unigrams.Where(t.Article.HasUnigram).Sum(u => idf[(uniField, u)]) / totalUniIdf),
                (float)(totalBiIdf <= 0 ? 0 : q.Bigrams.Where(t.Article.HasBigram).Sum(b => idf[(biField, b)]) / totalBiIdf),
                Proximity(t.Clause.Uni, qUnigrams),
                q.NamedLaws.Count > 0 ? 1f : 0f,
                q.NamedLaws.Contains(doc.LawNumber) || q.NamedLaws.Contains(doc.Number) ? 1f : 0f,
                doc.Status switch { DocumentStatus.Replaced or DocumentStatus.Expired => 0f, DocumentStatus.Amended => 0.5f, _ => 1f },
                t.IsDefinitions ? 1f : 0f,
                DefinedTermCoverage(c, qBigrams, q.Accented),
                (float)Math.Log(1 + t.Article.Length),
                t.Title.Length,
            };
            foreach (var kind in QuestionKinds.All) f.Add(q.Is(kind) ? 1f : 0f);
            f.Add(t.TitleFolded.Contains("tham quyen", StringComparison.Ordinal) ? 1f : 0f);
            f.Add(ContainsAny(t.TitleFolded, "thoi han", "thoi gian", "thoi diem") ? 1f : 0f);
            f.Add(ContainsAny(t.TitleFolded, "trinh tu", "thu tuc", "ho so") ? 1f : 0f);
            f.Add(t.TitleFolded.Contains("dieu kien", StringComparison.Ordinal) ? 1f : 0f);
            result[i] = [.. f];
        }
        return result;
    }

    /// <summary>Whether a candidate is its law's definitions article ("Giải thích từ ngữ").</summary>
    public static bool IsDefinitions(ArticleCandidate c) => ArticleTexts.FoldedTitle(c).Contains("giai thich tu ngu", StringComparison.Ordinal);

    /// <summary>
    /// How much of a defined term ("3. Chuyển mục đích sử dụng đất là …": the words before "là") the question carries, best
    /// over the definitions seen among the article's chunks; 0 for any other article.
    /// </summary>
    public float DefinedTermCoverage(ArticleCandidate c, IReadOnlySet<string> questionBigrams, bool accented)
    {
        if (!IsDefinitions(c)) return 0f;
        float best = 0f;
        foreach (var hit in c.Hits)
        {
            foreach (var line in hit.Chunk.Text.Split('\n'))
            {
                var a = Analyze(line);
                int stop = a.FoldedUnigrams.IndexOf("la");
                if (stop < 2 || stop > 20) continue;
                // Bigrams before "là", skipping the clause number ("3." is a syllable of its own).
                var bigrams = (accented ? a.Bigrams : a.FoldedBigrams).Take(stop - 1).Where(b => !char.IsDigit(b[0])).Distinct().ToList();
                if (bigrams.Count == 0) continue;
                float cover = (float)bigrams.Count(questionBigrams.Contains) / bigrams.Count;
                if (cover > best) best = cover;
            }
        }
        return best;
    }

    private AnalyzedText Analyze(string text)
    {
        if (_analyzed.TryGetValue(text, out var cached)) return cached;
        var analyzed = analyzer.AnalyzeForIndex(text);
        // The candidates of one question repeat across questions (the same articles come up again): a bounded memo.
        if (_analyzed.Count > 20_000) _analyzed.Clear();
        _analyzed[text] = analyzed;
        return analyzed;
    }

    /// <summary>The term counts of one text, memoised like its analysis: building them was most of the ranker's cost per query.</summary>
    private FieldText Field(string text, bool accented)
    {
        if (_fields.TryGetValue((text, accented), out var cached)) return cached;
        var field = new FieldText([Analyze(text)], accented);
        if (_fields.Count > 20_000) _fields.Clear();
        _fields[(text, accented)] = field;
        return field;
    }

    private static Dictionary<(string, string), double> Idf(List<(string, string)> terms, List<ArticleTexts> texts, IChunkStoreTermStatistics? statistics)
    {
        var idf = new Dictionary<(string, string), double>();
        var stats = statistics?.GetTermStatistics(terms);
        foreach (var term in terms)
        {
            double n, df;
            if (stats is { DocCount: > 0 })
            {
                n = stats.DocCount;
                df = stats.DocFreqs.TryGetValue(term, out var d) ? d : 0;
            }
            else
            {
                // No store statistics: frequency among the candidates, a rougher but still monotone weight.
                n = texts.Count;
                df = texts.Count(t => t.Article.Contains(term.Item1, term.Item2));
            }
            idf[term] = Math.Log(1 + (n - df + 0.5) / (df + 0.5));
        }
        return idf;
    }

    private static double Bm25(ITermCounts field, QuestionProfile q, Dictionary<(string, string), double> idf, string uniField, string biField, double avgLength)
    {
        if (field.Length == 0) return 0;
        double norm = K1 * (1 - B + B * field.Length / Math.Max(1, avgLength)), score = 0;
        foreach (var u in q.Unigrams)
            if (field.UnigramCount(u) is > 0 and var tf) score += idf[(uniField, u)] * tf * (K1 + 1) / (tf + norm);
        foreach (var b in q.Bigrams)
            if (field.BigramCount(b) is > 0 and var tf) score += idf[(biField, b)] * tf * (K1 + 1) / (tf + norm);
        return score;
    }

    /// <summary>Share of the title said in the question: bigrams, or unigrams for a one-word title.</summary>
    private static float Coverage(HashSet<string> titleBigrams, HashSet<string> questionBigrams, HashSet<string> titleUnigrams, HashSet<string> questionUnigrams)
    {
        if (titleBigrams.Count > 0) return (float)titleBigrams.Count(questionBigrams.Contains) / titleBigrams.Count;
        return titleUnigrams.Count == 0 ? 0f : (float)titleUnigrams.Count(questionUnigrams.Contains) / titleUnigrams.Count;
    }

    /// <summary>Distinct question words found in the text divided by the shortest span holding them all (1 = adjacent).</summary>
    private static float Proximity(IReadOnlyList<string> tokens, HashSet<string> questionUnigrams)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var positions = new List<(int Pos, int Id)>();
        for (int i = 0; i < tokens.Count; i++)
            if (questionUnigrams.Contains(tokens[i]))
            {
                if (!ids.TryGetValue(tokens[i], out var id)) ids[tokens[i]] = id = ids.Count;
                positions.Add((i, id));
            }
        int distinct = ids.Count;
        if (distinct < 2) return 0f;
        var counts = new int[distinct];
        int have = 0, left = 0, best = int.MaxValue;
        foreach (var (pos, id) in positions)
        {
            if (counts[id]++ == 0) have++;
            while (have == distinct)
            {
                best = Math.Min(best, pos - positions[left].Pos + 1);
                if (--counts[positions[left].Id] == 0) have--;
                left++;
            }
        }
        return (float)distinct / best;
    }

    private static bool ContainsAny(string text, params string[] parts) => parts.Any(p => text.Contains(p, StringComparison.Ordinal));

    private static double Avg(List<ArticleTexts> texts, Func<ArticleTexts, int> length) => Math.Max(1, texts.Average(length));

    /// <summary>Term counts of a field: one text, or an article's candidate chunks read as one.</summary>
    private interface ITermCounts
    {
        /// <summary>Unigrams in the field (its length for BM25).</summary>
        int Length { get; }
        int UnigramCount(string term);
        int BigramCount(string term);
    }

    /// <summary>The analysed terms of one text field of an article.</summary>
    private sealed class FieldText : ITermCounts
    {
        public IReadOnlyList<string> Uni { get; }
        public Dictionary<string, int> UniCounts { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> BiCounts { get; } = new(StringComparer.Ordinal);
        // Shared and memoised across questions: never written after construction.
        public HashSet<string> UniSet => _uniSet ??= [.. UniCounts.Keys];
        public HashSet<string> BiSet => _biSet ??= [.. BiCounts.Keys];
        private HashSet<string>? _uniSet, _biSet;

        public FieldText(IEnumerable<AnalyzedText> parts, bool accented)
        {
            var uni = new List<string>();
            foreach (var p in parts)
            {
                var u = accented ? p.Unigrams : p.FoldedUnigrams;
                uni.AddRange(u);
                foreach (var t in u) UniCounts[t] = UniCounts.GetValueOrDefault(t) + 1;
                foreach (var t in accented ? p.Bigrams : p.FoldedBigrams) BiCounts[t] = BiCounts.GetValueOrDefault(t) + 1;
            }
            Uni = uni;
        }

        public int Length => Uni.Count;
        public int UnigramCount(string term) => UniCounts.GetValueOrDefault(term);
        public int BigramCount(string term) => BiCounts.GetValueOrDefault(term);
    }

    /// <summary>
    /// An article's candidate chunks as one field, without merging their term tables: a count is the sum over the chunks,
    /// asked only for the question's few terms (merging copied every term of every chunk, per question).
    /// </summary>
    private sealed class ChunksField(IReadOnlyList<FieldText> parts) : ITermCounts
    {
        public int Length { get; } = parts.Sum(p => p.Uni.Count);

        public int UnigramCount(string term)
        {
            int n = 0;
            foreach (var p in parts) n += p.UniCounts.GetValueOrDefault(term);
            return n;
        }

        public int BigramCount(string term)
        {
            int n = 0;
            foreach (var p in parts) n += p.BiCounts.GetValueOrDefault(term);
            return n;
        }

        public bool HasUnigram(string term) => parts.Any(p => p.UniCounts.ContainsKey(term));
        public bool HasBigram(string term) => parts.Any(p => p.BiCounts.ContainsKey(term));

        public bool Contains(string field, string term) =>
            field is LexicalFields.Unigram or LexicalFields.FoldedUnigram ? HasUnigram(term) : HasBigram(term);
    }

    /// <summary>An article's fields: its title, the headings above it, its best chunk, and all its candidate chunks together.</summary>
    private sealed class ArticleTexts
    {
        public required FieldText Title { get; init; }
        public required FieldText Heading { get; init; }
        public required FieldText Clause { get; init; }
        public required ChunksField Article { get; init; }
        public required string TitleFolded { get; init; }
        public bool IsDefinitions => TitleFolded.Contains("giai thich tu ngu", StringComparison.Ordinal);

        public static string FoldedTitle(ArticleCandidate c) => VietnameseText.FoldPhrase(c.Best.Chunk.ArticleTitle ?? "");

        public static ArticleTexts Of(ArticleCandidate c, Func<string, FieldText> field)
        {
            var chunk = c.Best.Chunk;
            var headings = string.Join("\n", chunk.HeadingPath.Where(h => !h.TrimStart().StartsWith("Điều", StringComparison.OrdinalIgnoreCase)));
            return new ArticleTexts
            {
                Title = field(chunk.ArticleTitle ?? ""),
                Heading = field(headings),
                Clause = field(chunk.Text),
                Article = new ChunksField(c.Hits.Select(h => field(h.Chunk.Text)).ToList()),
                TitleFolded = FoldedTitle(c),
            };
        }
    }
}
