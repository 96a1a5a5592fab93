using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Chunks;
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
    // What the features read off a chunk, kept with the chunk object: the embedded store hands out the same object for as
    // long as its reader lives, so a candidate seen again costs no analysis and no hashing of its text. Started afresh
    // past MaxMemoised chunks: a large store's candidates over months must not keep every chunk's tables.
    private ConditionalWeakTable<LegalChunk, ChunkTerms> _chunkTerms = new();
    private int _chunkTermsCount;

    /// <summary>
    /// How many texts' analyses, term tables and chunks the memos hold before starting afresh: the whole bundled corpus
    /// (about 2,200 chunks with their titles and headings) fits; a 100k-chunk store keeps its frequent candidates.
    /// </summary>
    private const int MaxMemoised = 10_000;

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
        int nu = q.Unigrams.Count, nb = q.Bigrams.Count;
        var texts = new ArticleTexts[candidates.Count];
        for (int i = 0; i < texts.Length; i++) texts[i] = ArticleTexts.Of(candidates[i], q, this);

        var allTerms = q.Unigrams.Select(t => (uniField, t)).Concat(q.Bigrams.Select(t => (biField, t))).ToList();
        // The question's terms in one order, unigrams first: the weights below and every count array follow it.
        var idf = Idf(allTerms, texts, statistics);
        double totalUniIdf = 0, totalBiIdf = 0;
        for (int k = 0; k < nu; k++) totalUniIdf += idf[k];
        for (int k = nu; k < nu + nb; k++) totalBiIdf += idf[k];

        double avgTitle = Avg(texts, t => t.Title.Length), avgHeading = Avg(texts, t => t.Heading.Length),
            avgClause = Avg(texts, t => t.Clause.Length), avgArticle = Avg(texts, t => t.ArticleLength);
        double topScore = Math.Max(1e-9, candidates.Max(c => c.Best.Score));
        var qBigrams = new HashSet<string>(q.Bigrams, StringComparer.Ordinal);
        var qUnigrams = new HashSet<string>(q.Unigrams, StringComparer.Ordinal);

        var result = new float[candidates.Count][];
        for (int i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            var t = texts[i];
            var doc = c.Best.Chunk.Document;
            var f = new float[Count];
            int n = 0;
            f[n++] = c.Best.LexicalRank is { } lr ? 1f / lr : 0f;
            f[n++] = 1f / (c.Order + 1);
            f[n++] = (float)(c.Best.Score / topScore);
            f[n++] = c.Hits.Count;
            f[n++] = (float)Bm25(t.TitleCounts, t.Title.Length, idf, avgTitle);
            f[n++] = (float)Bm25(t.HeadingCounts, t.Heading.Length, idf, avgHeading);
            f[n++] = (float)Bm25(t.ClauseCounts, t.Clause.Length, idf, avgClause);
            f[n++] = (float)Bm25(t.ArticleCounts, t.ArticleLength, idf, avgArticle);
            f[n++] = Coverage(t.Title.BiSet, qBigrams, t.Title.UniSet, qUnigrams);
            f[n++] = (float)(totalBiIdf <= 0 ? 0 : SumPresent(t.TitleCounts, idf, nu, nu + nb) / totalBiIdf);
            f[n++] = (float)(totalUniIdf <= 0 ? 0 : SumPresent(t.ArticleCounts, idf, 0, nu) / totalUniIdf);
            f[n++] = (float)(totalBiIdf <= 0 ? 0 : SumPresent(t.ArticleCounts, idf, nu, nu + nb) / totalBiIdf);
            f[n++] = Proximity(t.Clause, q.Unigrams);
            f[n++] = q.NamedLaws.Count > 0 ? 1f : 0f;
            f[n++] = q.NamedLaws.Contains(doc.LawNumber) || q.NamedLaws.Contains(doc.Number) ? 1f : 0f;
            f[n++] = doc.Status switch { DocumentStatus.Replaced or DocumentStatus.Expired => 0f, DocumentStatus.Amended => 0.5f, _ => 1f };
            f[n++] = t.IsDefinitions ? 1f : 0f;
            f[n++] = DefinedTermCoverage(c, qBigrams, q.Accented);
            f[n++] = (float)Math.Log(1 + t.ArticleLength);
            f[n++] = t.Title.Length;
            foreach (var kind in QuestionKinds.All) f[n++] = q.Is(kind) ? 1f : 0f;
            f[n++] = t.TitleFolded.Contains("tham quyen", StringComparison.Ordinal) ? 1f : 0f;
            f[n++] = ContainsAny(t.TitleFolded, "thoi han", "thoi gian", "thoi diem") ? 1f : 0f;
            f[n++] = ContainsAny(t.TitleFolded, "trinh tu", "thu tuc", "ho so") ? 1f : 0f;
            f[n++] = t.TitleFolded.Contains("dieu kien", StringComparison.Ordinal) ? 1f : 0f;
            result[i] = f;
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
            foreach (var bigrams in TermsOf(hit.Chunk).DefinedTerms(accented, this))
            {
                int said = 0;
                foreach (var b in bigrams) if (questionBigrams.Contains(b)) said++;
                float cover = (float)said / bigrams.Length;
                if (cover > best) best = cover;
            }
        }
        return best;
    }

    /// <summary>The bigrams of each term a definitions chunk defines ("N. X là …": the words of X), without the clause number.</summary>
    private List<string[]> DefinedTermsOf(string text, bool accented)
    {
        var terms = new List<string[]>();
        foreach (var line in text.Split('\n'))
        {
            var a = Analyze(line);
            int stop = a.FoldedUnigrams.IndexOf("la");
            if (stop < 2 || stop > 20) continue;
            // Bigrams before "là", skipping the clause number ("3." is a syllable of its own).
            var bigrams = (accented ? a.Bigrams : a.FoldedBigrams).Take(stop - 1).Where(b => !char.IsDigit(b[0])).Distinct().ToArray();
            if (bigrams.Length > 0) terms.Add(bigrams);
        }
        return terms;
    }

    private ChunkTerms TermsOf(LegalChunk chunk)
    {
        var table = Volatile.Read(ref _chunkTerms);
        if (table.TryGetValue(chunk, out var found)) return found;
        if (Interlocked.Increment(ref _chunkTermsCount) > MaxMemoised)
        {
            Volatile.Write(ref _chunkTerms, table = new ConditionalWeakTable<LegalChunk, ChunkTerms>());
            Interlocked.Exchange(ref _chunkTermsCount, 0);
        }
        return table.GetValue(chunk, static c => new ChunkTerms(c));
    }

    private AnalyzedText Analyze(string text)
    {
        if (_analyzed.TryGetValue(text, out var cached)) return cached;
        var analyzed = analyzer.AnalyzeForIndex(text);
        // The candidates of one question repeat across questions (the same articles come up again): a bounded memo.
        if (_analyzed.Count > MaxMemoised) _analyzed.Clear();
        _analyzed[text] = analyzed;
        return analyzed;
    }

    /// <summary>
    /// The term counts of one text, memoised like its analysis: a store that hands out new chunk objects per search (a
    /// remote one) still finds the counts of a text it saw before.
    /// </summary>
    private FieldText Field(string text, bool accented)
    {
        if (_fields.TryGetValue((text, accented), out var cached)) return cached;
        // A chunk's text is analysed once per spelling and kept as its term table only (the analysis itself is the larger).
        var field = new FieldText(analyzer.AnalyzeForIndex(text), accented);
        if (_fields.Count > MaxMemoised) _fields.Clear();
        _fields[(text, accented)] = field;
        return field;
    }

    private static double[] Idf(List<(string, string)> terms, ArticleTexts[] texts, IChunkStoreTermStatistics? statistics)
    {
        var idf = new double[terms.Count];
        var stats = statistics?.GetTermStatistics(terms);
        for (int k = 0; k < terms.Count; k++)
        {
            var term = terms[k];
            double n, df;
            if (stats is { DocCount: > 0 })
            {
                n = stats.DocCount;
                df = stats.DocFreqs.TryGetValue(term, out var d) ? d : 0;
            }
            else
            {
                // No store statistics: frequency among the candidates, a rougher but still monotone weight.
                n = texts.Length;
                df = texts.Count(t => t.ArticleCounts[k] > 0);
            }
            idf[k] = Math.Log(1 + (n - df + 0.5) / (df + 0.5));
        }
        return idf;
    }

    /// <summary>BM25 of one field from the counts of the question's terms in it (unigrams first, then bigrams).</summary>
    private static double Bm25(int[] counts, int length, double[] idf, double avgLength)
    {
        if (length == 0) return 0;
        double norm = K1 * (1 - B + B * length / Math.Max(1, avgLength)), score = 0;
        for (int k = 0; k < counts.Length; k++)
            if (counts[k] is > 0 and var tf) score += idf[k] * tf * (K1 + 1) / (tf + norm);
        return score;
    }

    /// <summary>The weights of the question's terms from <paramref name="from"/> to <paramref name="to"/> found in a field.</summary>
    private static double SumPresent(int[] counts, double[] idf, int from, int to)
    {
        double sum = 0;
        for (int k = from; k < to; k++) if (counts[k] > 0) sum += idf[k];
        return sum;
    }

    /// <summary>Share of the title said in the question: bigrams, or unigrams for a one-word title.</summary>
    private static float Coverage(HashSet<string> titleBigrams, HashSet<string> questionBigrams, HashSet<string> titleUnigrams, HashSet<string> questionUnigrams)
    {
        if (titleBigrams.Count > 0) return (float)titleBigrams.Count(questionBigrams.Contains) / titleBigrams.Count;
        return titleUnigrams.Count == 0 ? 0f : (float)titleUnigrams.Count(questionUnigrams.Contains) / titleUnigrams.Count;
    }

    /// <summary>Distinct question words found in the text divided by the shortest span holding them all (1 = adjacent).</summary>
    private static float Proximity(FieldText text, IReadOnlyList<string> questionUnigrams)
    {
        // The positions of each question word the text holds, merged in text order: the text's own position lists
        // replace a scan of all its words.
        var positions = new List<(int Pos, int Id)>();
        int distinct = 0;
        foreach (var word in questionUnigrams)
        {
            if (!text.UniPositions.TryGetValue(word, out var at)) continue;
            foreach (var pos in at) positions.Add((pos, distinct));
            distinct++;
        }
        if (distinct < 2) return 0f;
        positions.Sort(static (a, b) => a.Pos.CompareTo(b.Pos));
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

    private static double Avg(ArticleTexts[] texts, Func<ArticleTexts, int> length) => Math.Max(1, texts.Average(length));

    /// <summary>The analysed terms of one text field of an article: where each word stands, and how often each word pair occurs.</summary>
    private sealed class FieldText
    {
        public Dictionary<string, int[]> UniPositions { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> BiCounts { get; } = new(StringComparer.Ordinal);
        // Shared and memoised across questions: never written after construction.
        public HashSet<string> UniSet => _uniSet ??= [.. UniPositions.Keys];
        public HashSet<string> BiSet => _biSet ??= [.. BiCounts.Keys];
        private HashSet<string>? _uniSet, _biSet;

        public FieldText(AnalyzedText analyzed, bool accented)
        {
            var uni = accented ? analyzed.Unigrams : analyzed.FoldedUnigrams;
            var at = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (int i = 0; i < uni.Count; i++)
            {
                if (!at.TryGetValue(uni[i], out var list)) at[uni[i]] = list = [];
                list.Add(i);
            }
            foreach (var (word, list) in at) UniPositions[word] = [.. list];
            foreach (var t in accented ? analyzed.Bigrams : analyzed.FoldedBigrams) BiCounts[t] = BiCounts.GetValueOrDefault(t) + 1;
            Length = uni.Count;
        }

        /// <summary>Unigrams in the field (its length for BM25).</summary>
        public int Length { get; }

        /// <summary>The counts of the question's terms in this field, unigrams first, in the question's order.</summary>
        public int[] CountsOf(QuestionProfile q)
        {
            var counts = new int[q.Unigrams.Count + q.Bigrams.Count];
            int k = 0;
            foreach (var u in q.Unigrams) counts[k++] = UniPositions.TryGetValue(u, out var at) ? at.Length : 0;
            foreach (var b in q.Bigrams) counts[k++] = BiCounts.GetValueOrDefault(b);
            return counts;
        }
    }

    /// <summary>What the features read off one chunk, per spelling of the question (with or without diacritics), made on first use.</summary>
    private sealed class ChunkTerms(LegalChunk chunk)
    {
        private readonly FieldText?[] _title = new FieldText?[2], _heading = new FieldText?[2], _text = new FieldText?[2];
        private readonly List<string[]>?[] _defined = new List<string[]>?[2];

        public FieldText Title(bool accented, RankingFeatures owner) =>
            _title[accented ? 1 : 0] ??= owner.Field(chunk.ArticleTitle ?? "", accented);

        public FieldText Heading(bool accented, RankingFeatures owner) =>
            _heading[accented ? 1 : 0] ??= owner.Field(
                string.Join("\n", chunk.HeadingPath.Where(h => !h.TrimStart().StartsWith("Điều", StringComparison.OrdinalIgnoreCase))), accented);

        public FieldText Text(bool accented, RankingFeatures owner) =>
            _text[accented ? 1 : 0] ??= owner.Field(chunk.Text, accented);

        public List<string[]> DefinedTerms(bool accented, RankingFeatures owner) =>
            _defined[accented ? 1 : 0] ??= owner.DefinedTermsOf(chunk.Text, accented);
    }

    /// <summary>An article's fields for one question: its title, the headings above it, its best chunk, and all its candidate chunks together.</summary>
    private sealed class ArticleTexts
    {
        public required FieldText Title { get; init; }
        public required FieldText Heading { get; init; }
        public required FieldText Clause { get; init; }
        public required int[] TitleCounts { get; init; }
        public required int[] HeadingCounts { get; init; }
        public required int[] ClauseCounts { get; init; }
        /// <summary>The question's terms counted over all the article's candidate chunks (their sum, chunk by chunk).</summary>
        public required int[] ArticleCounts { get; init; }
        public required int ArticleLength { get; init; }
        public required string TitleFolded { get; init; }
        public bool IsDefinitions => TitleFolded.Contains("giai thich tu ngu", StringComparison.Ordinal);

        // The folded title of a chunk object, made once (the rules and the definitions search ask for it too).
        private static readonly ConditionalWeakTable<LegalChunk, string> FoldedTitles = new();

        public static string FoldedTitle(ArticleCandidate c) =>
            FoldedTitles.GetValue(c.Best.Chunk, static chunk => VietnameseText.FoldPhrase(chunk.ArticleTitle ?? ""));

        public static ArticleTexts Of(ArticleCandidate c, QuestionProfile q, RankingFeatures owner)
        {
            var best = owner.TermsOf(c.Best.Chunk);
            var clause = best.Text(q.Accented, owner);
            var clauseCounts = clause.CountsOf(q);
            int[] articleCounts = clauseCounts;
            int articleLength = clause.Length;
            if (c.Hits.Count > 1)
            {
                articleCounts = (int[])clauseCounts.Clone();
                foreach (var hit in c.Hits.Skip(1))
                {
                    var part = owner.TermsOf(hit.Chunk).Text(q.Accented, owner);
                    var counts = ReferenceEquals(part, clause) ? clauseCounts : part.CountsOf(q);
                    for (int k = 0; k < counts.Length; k++) articleCounts[k] += counts[k];
                    articleLength += part.Length;
                }
            }
            var title = best.Title(q.Accented, owner);
            var heading = best.Heading(q.Accented, owner);
            return new ArticleTexts
            {
                Title = title,
                Heading = heading,
                Clause = clause,
                TitleCounts = title.CountsOf(q),
                HeadingCounts = heading.CountsOf(q),
                ClauseCounts = clauseCounts,
                ArticleCounts = articleCounts,
                ArticleLength = articleLength,
                TitleFolded = FoldedTitle(c),
            };
        }
    }
}
