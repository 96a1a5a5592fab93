using System.Diagnostics;
using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Storage;
using Assistant.Retrieval.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Assistant.Vietnamese;
using Assistant.Access;

namespace Assistant.Retrieval.Search;

public sealed record SearchRequest
{
    public required string Query { get; init; }
    public required AccessScope Access { get; init; }
    public int Top { get; init; } = 10;
    public SearchFilter Filter { get; init; } = SearchFilter.None;
    /// <summary>Return one hit per article (the best chunk), the default: a citation list should not repeat an article.</summary>
    public bool CollapseArticles { get; init; } = true;
    /// <summary>Overrides <see cref="RetrievalOptions.Ranker"/> for this request ("none" or "learned"); null = as configured.</summary>
    public string? Ranker { get; init; }
}

public sealed record SearchResult(LegalChunk Chunk, double Score, int Rank, int? LexicalRank, int? DenseRank);

public sealed record SearchResponse(string Query, IReadOnlyList<SearchResult> Results, LawReferences References, bool UsedDense);

/// <summary>Retrieval tuning (section "Retrieval").</summary>
public sealed class RetrievalOptions
{
    public const string Section = "Retrieval";
    /// <summary>Questions are cut to this length before analysis: long pastes add noise, not recall.</summary>
    public int MaxQueryChars { get; set; } = 2000;
    public double LexicalWeight { get; set; } = 1.0;
    /// <summary>
    /// Weight of the dense ranking. 0 (the default) skips embedding the question: with the bundled English-centric
    /// MiniLM the dense side changed no figure of the development sets at 0.02 and lowered them at 0.05 and above, while
    /// embedding each question halved the bot's throughput. The index keeps its vectors, so a Vietnamese-capable model
    /// (or a higher weight) needs only this setting.
    /// </summary>
    public double DenseWeight { get; set; }
    /// <summary>Below this dense weight the dense side only re-ranks the lexical candidates (no full vector scan).</summary>
    public double DenseRerankBelowWeight { get; set; } = 0.1;
    public int RrfK { get; set; } = 60;
    public int Candidates { get; set; } = 100;
    public float UnigramWeight { get; set; } = 1f;
    public float BigramWeight { get; set; } = 1f;
    public float FoldedWeight { get; set; } = 0.7f;
    public float SynonymWeight { get; set; } = 0.4f;
    public float FoldedWithDiacriticsWeight { get; set; } = 0f;
    public QueryWeights QueryWeights => new(UnigramWeight, BigramWeight, FoldedWeight, SynonymWeight, FoldedWithDiacriticsWeight);
    /// <summary>Score factor for laws other than the one the question names.</summary>
    public double OtherLawPrior { get; set; } = 0.25;
    /// <summary>Score factor for replaced or expired documents when the question names no law.</summary>
    public double NoLongerInForcePrior { get; set; } = 0.85;
    public const string RankerNone = "none", RankerLearned = "learned";
    /// <summary>
    /// "learned": the top lexical candidates, grouped to articles, are re-ranked by the model at <see cref="RankerPath"/>
    /// (without the file, searches keep the lexical order and a warning is logged once); "none": the lexical order.
    /// </summary>
    public string Ranker { get; set; } = RankerLearned;
    /// <summary>The ranker model (a zip made by `assistant-indexer train-ranker`); the composition sets the default beside the program.</summary>
    public string RankerPath { get; set; } = "";
    /// <summary>How many candidate articles the ranker re-orders.</summary>
    public int RankerCandidates { get; set; } = 50;
    /// <summary>
    /// How many recent answers the service keeps (least recently used out; dropped when the index changes); 0 = none.
    /// Repeated questions then skip the store and the ranker.
    /// </summary>
    public int ResultCacheSize { get; set; } = 2000;
}

/// <summary>
/// The retrieval service the indexer CLI and the bot call: reads law references out of the question, expands
/// everyday words, embeds the question, asks the store (which applies the access scope and filters), and returns
/// one hit per article with its exact citation.
/// </summary>
public sealed class LegalSearchService(
    IChunkStore store,
    VietnameseAnalyzer analyzer,
    IEmbeddingGenerator<string, Embedding<float>>? embeddings,
    RetrievalOptions? options = null,
    ILogger<LegalSearchService>? logger = null,
    ArticleReranker? reranker = null,
    QuestionCues? cues = null)
{
    private readonly RetrievalOptions _options = options ?? new RetrievalOptions();
    private readonly QuestionCues _cues = cues ?? reranker?.Features.Cues ?? QuestionCues.Empty;
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private DetectorOfGeneration? _detector;
    private readonly SearchResultCache? _cache = (options?.ResultCacheSize ?? new RetrievalOptions().ResultCacheSize) is > 0 and var size ? new SearchResultCache(size) : null;

    /// <summary>
    /// The store's generation: it changes whenever new content becomes visible to searches, so a cache of search results
    /// keyed on it is never stale and never needs a timer.
    /// </summary>
    public long Generation => store.Generation;

    public async Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken ct = default)
    {
        // The span and the latency carry counts and flags only: the question itself never leaves this method.
        using var span = RetrievalTelemetry.Source.StartActivity("retrieval.search");
        long started = Stopwatch.GetTimestamp();
        try
        {
            string? key = _cache is null ? null : SearchResultCache.KeyOf(request, _options.Ranker);
            long generation = store.Generation;
            SearchResponse? response = null;
            bool cached = key is not null && _cache!.TryGet(key, generation, out response);
            if (!cached || response is null)
            {
                response = await SearchCoreAsync(request, ct);
                if (key is not null) _cache!.Add(key, generation, response);
            }
            if (span is not null)
            {
                span.SetTag("assistant.search.cached", cached);
                span.SetTag("assistant.search.top", request.Top);
                span.SetTag("assistant.search.hits", response.Results.Count);
                span.SetTag("assistant.search.dense", response.UsedDense);
                span.SetTag("assistant.search.law_references", response.References.LawNumbers.Count);
                span.SetTag("assistant.search.access", request.Access.MaxLevel.ToString());
                span.SetTag("assistant.store.generation", store.Generation);
            }
            RetrievalTelemetry.SearchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("assistant.search.dense", response.UsedDense));
            return response;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            RetrievalTelemetry.CountError("retrieval", e.GetType().Name);
            throw;
        }
    }

    private async Task<SearchResponse> SearchCoreAsync(SearchRequest request, CancellationToken ct)
    {
        int top = Math.Clamp(request.Top, 1, 200);
        bool rerank = reranker is not null && (request.Ranker ?? _options.Ranker) == RetrievalOptions.RankerLearned;
        int storeTop = request.CollapseArticles ? top * 4 + 20 : top;
        // The ranker sees its candidates' chunks: about two per article.
        if (rerank) storeTop = Math.Max(storeTop, reranker!.Candidates * 2);
        var (query, references, hits, usedDense) = await CandidatesAsync(request, storeTop, ct);
        if (hits.Count == 0) return new SearchResponse(query, [], references, usedDense);
        if (rerank)
        {
            var profile = reranker!.Features.Profile(query, references);
            hits = reranker.Rerank(profile, hits, store as IChunkStoreTermStatistics);
            if (profile.Is(QuestionKinds.Definition)) hits = await WithDefinitionAsync(request, query, hits, profile, ct);
            if (profile.Is(QuestionKinds.Comparison)) hits = await WithCounterpartAsync(request, query, hits, storeTop, profile, ct);
        }
        if (references.Article is { } article && references.LawNumbers.Count > 0)
        {
            // "Điều 220 Luật Đất đai 2024": the article named is what is asked for; its best chunks go first.
            var named = await store.SearchAsync(StoreQueryFor(request, analyzer.AnalyzeQuery(query, _options.QueryWeights), null, storeTop) with
            {
                Filter = request.Filter with { Articles = [article], LawNumbers = request.Filter.LawNumbers ?? references.LawNumbers },
            }, ct);
            hits = named.Select(h => h with { Score = h.Score + 1.0 }).Concat(hits).ToList();
        }

        var results = new List<SearchResult>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hit in hits)
        {
            var key = hit.Chunk.Article is { } a ? $"{hit.Chunk.Document.LawNumber}#{a}{hit.Chunk.ArticleSuffix}" : hit.Chunk.Id;
            if (request.CollapseArticles && !seen.Add(key)) continue;
            results.Add(new SearchResult(hit.Chunk, hit.Score, results.Count + 1, hit.LexicalRank, hit.DenseRank));
            if (results.Count >= top) break;
        }
        return new SearchResponse(query, results, references, usedDense);
    }

    /// <summary>
    /// The question's chunk candidates in lexical order with the document priors applied, before any learned re-ranking:
    /// what the ranker re-orders at search time and what `train-ranker` computes features of.
    /// </summary>
    public async Task<(string Query, LawReferences References, IReadOnlyList<SearchHit> Hits, bool UsedDense)> CandidatesAsync(
        SearchRequest request, int storeTop, CancellationToken ct = default)
    {
        var query = VietnameseText.Nfc(request.Query ?? "").Trim();
        if (query.Length > _options.MaxQueryChars) query = query[.._options.MaxQueryChars];
        var references = (await DetectorAsync(ct)).Detect(query);
        // A true/false statement is searched as the rule it states: the verdict phrase ("đúng hay sai?") names no article.
        var terms = analyzer.AnalyzeQuery(_cues.Strip(query, QuestionKinds.TrueFalse), _options.QueryWeights);
        if (terms.Count == 0) return (query, references, [], false);

        float[]? vector = null;
        if (embeddings is not null && _options.DenseWeight > 0)
        {
            try
            {
                vector = (await embeddings.GenerateAsync([query], cancellationToken: ct))[0].Vector.ToArray();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A down embedding endpoint must not take search down: BM25 still answers.
                _logger.LogWarning(e, "Query embedding failed; answering from lexical search only");
            }
        }
        var hits = Rerank(await store.SearchAsync(StoreQueryFor(request, terms, vector, storeTop), ct), references);
        return (query, references, hits, vector is not null);
    }

    /// <summary>
    /// A definition question ("X là gì", "theo định nghĩa, X …") whose term a definitions article defines gets that clause
    /// first, also when the article was not among the candidates (a long article is many chunks, and the words of a common
    /// term fill the bodies of other articles): the definitions articles alone are searched, and the first whose clause
    /// holds the whole term ("N. X là …") goes first — of the law the question names, else the one in force.
    /// </summary>
    private async Task<IReadOnlyList<SearchHit>> WithDefinitionAsync(
        SearchRequest request, string query, IReadOnlyList<SearchHit> hits, QuestionProfile profile, CancellationToken ct)
    {
        if (RankingFeatures.IsDefinitions(ArticleReranker.Group(hits, 1)[0])) return hits;
        // "X là gì" is short; a long question ending in "… là gì?" asks about a situation, not a term.
        if (Tokenizer.Tokenize(query).Length > DefinitionQuestionMaxSyllables) return hits;
        var definitions = await DefinitionArticlesAsync(request, ct);
        if (definitions.Count == 0) return hits;
        var terms = analyzer.AnalyzeQuery(_cues.Strip(query, QuestionKinds.TrueFalse), _options.QueryWeights);
        var found = await store.SearchAsync(StoreQueryFor(request, terms, null, 40) with
        {
            Filter = request.Filter with
            {
                Articles = definitions.Select(d => d.Article).Distinct().ToList(),
                LawNumbers = definitions.Select(d => d.Law).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            },
        }, ct);
        var folded = " " + VietnameseText.FoldPhrase(query) + " ";
        var defined = ArticleReranker.Group(found.Where(h => definitions.Contains((h.Chunk.Document.LawNumber, h.Chunk.Article ?? -1))).ToList(), 10)
            .Select(c => (c, Term: c.Hits.Max(h => DefinedTermSaid(h.Chunk.Text, folded))))
            .Where(x => x.Term >= 2)
            .OrderByDescending(x => x.Term)
            .ThenBy(x => profile.NamedLaws.Contains(x.c.Best.Chunk.Document.LawNumber) ? 0 : 1)
            .ThenBy(x => x.c.Best.Chunk.Document.Status is DocumentStatus.Replaced or DocumentStatus.Expired ? 1 : 0)
            .ThenBy(x => x.c.Order)
            .Select(x => x.c)
            .FirstOrDefault();
        if (defined is null) return hits;
        return defined.Hits.Concat(hits.Where(h => ArticleReranker.ArticleKey(h) != defined.Key)).ToList();
    }

    /// <summary>
    /// The syllables of the longest term defined in a definitions chunk ("39. Tái định cư là …": the words between the
    /// clause number and the first "là") that the question says in one run; 0 when it says none.
    /// </summary>
    public static int DefinedTermSaid(string chunkText, string foldedPaddedQuestion)
    {
        int best = 0;
        foreach (var line in chunkText.Split('\n'))
        {
            var words = Tokenizer.Tokenize(line).Select(t => t.Folded).ToList();
            int from = words.Count > 0 && words[0].All(char.IsDigit) ? 1 : 0;
            int la = words.IndexOf("la", from);
            if (la - from < 2 || la - from > 20 || la - from <= best) continue;
            if (foldedPaddedQuestion.Contains(" " + string.Join(' ', words.Skip(from).Take(la - from)) + " ", StringComparison.Ordinal)) best = la - from;
        }
        return best;
    }

    /// <summary>The longest question the definitions search is tried for.</summary>
    public const int DefinitionQuestionMaxSyllables = 14;

    /// <summary>The definitions articles ("Giải thích từ ngữ") of the store's laws, found once per store generation.</summary>
    private async Task<IReadOnlySet<(string Law, int Article)>> DefinitionArticlesAsync(SearchRequest request, CancellationToken ct)
    {
        long generation = store.Generation;
        if (Volatile.Read(ref _definitions) is { } cached && cached.Generation == generation) return cached.Articles;
        var found = await store.SearchAsync(StoreQueryFor(request with { Filter = SearchFilter.None },
            analyzer.AnalyzeQuery("Giải thích từ ngữ", _options.QueryWeights), null, 200), ct);
        var articles = ArticleReranker.Group(found, 200).Where(RankingFeatures.IsDefinitions)
            .Select(c => (c.Best.Chunk.Document.LawNumber, c.Best.Chunk.Article ?? -1)).Where(a => a.Item2 > 0)
            .ToHashSet();
        Volatile.Write(ref _definitions, new DefinitionsOfGeneration(generation, articles));
        return articles;
    }

    private DefinitionsOfGeneration? _definitions;

    private sealed record DefinitionsOfGeneration(long Generation, IReadOnlySet<(string Law, int Article)> Articles);

    /// <summary>
    /// A comparison ("… so với Luật 2013", "khác gì luật cũ") needs an article of each law: when the first three are all of
    /// the first hit's law, the best article of its counterpart (a law of the same type and title in another year) is
    /// searched on its own — the named-law prior may have pushed it out of the candidates — and put second.
    /// </summary>
    private async Task<IReadOnlyList<SearchHit>> WithCounterpartAsync(
        SearchRequest request, string query, IReadOnlyList<SearchHit> hits, int storeTop, QuestionProfile profile, CancellationToken ct)
    {
        var first = hits[0].Chunk.Document;
        var firstKey = ArticleReranker.ArticleKey(hits[0]);
        var top3 = hits.Select(ArticleReranker.ArticleKey).Distinct(StringComparer.Ordinal).Take(3).ToHashSet(StringComparer.Ordinal);
        if (hits.Any(h => top3.Contains(ArticleReranker.ArticleKey(h)) && h.Chunk.Document.LawNumber != first.LawNumber)) return hits;
        var documents = await DocumentsAsync(ct);
        // A consolidated text carries the family of the law it consolidates.
        var same = documents.Where(d => d.LawNumber == first.LawNumber).Append(first).ToList();
        var families = same.Select(LawFamily).ToHashSet(StringComparer.Ordinal);
        var types = same.Select(d => d.Type).ToHashSet(StringComparer.Ordinal);
        var counterparts = documents
            .Where(d => d.LawNumber != first.LawNumber && types.Contains(d.Type) && families.Contains(LawFamily(d)))
            .Select(d => d.LawNumber).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (counterparts.Count == 0) return hits;
        var terms = analyzer.AnalyzeQuery(_cues.Strip(query, QuestionKinds.TrueFalse), _options.QueryWeights);
        var other = await store.SearchAsync(StoreQueryFor(request, terms, null, storeTop) with
        {
            Filter = request.Filter with { LawNumbers = counterparts },
        }, ct);
        if (other.Count == 0) return hits;
        other = reranker!.Rerank(profile, other, store as IChunkStoreTermStatistics);
        var otherKey = ArticleReranker.ArticleKey(other[0]);
        return hits.Where(h => ArticleReranker.ArticleKey(h) == firstKey)
            .Concat(other.Where(h => ArticleReranker.ArticleKey(h) == otherKey))
            .Concat(hits.Where(h => ArticleReranker.ArticleKey(h) is var k && k != firstKey && k != otherKey))
            .ToList();
    }

    /// <summary>
    /// "Luật Đất đai số 31/2024/QH15" and "Luật Đất đai số 45/2013/QH13" are one family: the title without the words that
    /// hold a digit, folded. Two decrees differ by what their titles say they are about.
    /// </summary>
    private static string LawFamily(DocumentMetadata document) =>
        string.Join(' ', VietnameseText.FoldPhrase(document.Title).Split(' ').Where(w => w.Length > 0 && !w.Any(char.IsDigit)));

    private StoreQuery StoreQueryFor(SearchRequest request, IReadOnlyList<WeightedTerm> terms, float[]? vector, int storeTop) => new()
    {
        Access = request.Access,
        Terms = terms,
        Vector = vector,
        Filter = request.Filter,
        Top = storeTop,
        Fusion = new FusionOptions(_options.LexicalWeight, _options.DenseWeight, _options.RrfK, Math.Max(_options.Candidates, storeTop),
            DenseRerankOnly: _options.DenseWeight < _options.DenseRerankBelowWeight),
    };

    /// <summary>
    /// Document priors on top of the store's fused ranking: a law named in the question is strongly preferred
    /// (other laws stay as a fallback); otherwise the law in force is preferred over a replaced one, which
    /// is what a citizen asking today means.
    /// </summary>
    private IReadOnlyList<SearchHit> Rerank(IReadOnlyList<SearchHit> hits, LawReferences references)
    {
        var named = references.LawNumbers.Count == 0 ? null : new HashSet<string>(references.LawNumbers, StringComparer.OrdinalIgnoreCase);
        return hits
            .Select(h => h with { Score = h.Score * Prior(h.Chunk.Document, named) })
            .OrderByDescending(h => h.Score).ThenBy(h => h.LexicalRank ?? int.MaxValue)
            .ToList();
    }

    private double Prior(DocumentMetadata document, HashSet<string>? named)
    {
        if (named is not null)
            return named.Contains(document.LawNumber) || named.Contains(document.Number) ? 1.0 : _options.OtherLawPrior;
        return document.Status is DocumentStatus.Replaced or DocumentStatus.Expired ? _options.NoLongerInForcePrior : 1.0;
    }

    /// <summary>The alias list comes from the documents in the store, so it is rebuilt only when the store's content changed.</summary>
    private async Task<LawReferenceDetector> DetectorAsync(CancellationToken ct)
    {
        // Read before the documents: if a commit lands in between, the newer list is filed under the older generation and
        // merely rebuilt once more.
        long generation = store.Generation;
        if (Volatile.Read(ref _detector) is { } cached && cached.Generation == generation) return cached.Detector;
        var documents = await store.GetDocumentsAsync(ct);
        var detector = new LawReferenceDetector(documents);
        Volatile.Write(ref _detector, new DetectorOfGeneration(generation, detector, documents));
        return detector;
    }

    private async Task<IReadOnlyList<DocumentMetadata>> DocumentsAsync(CancellationToken ct)
    {
        await DetectorAsync(ct);
        return Volatile.Read(ref _detector)!.Documents;
    }

    private sealed record DetectorOfGeneration(long Generation, LawReferenceDetector Detector, IReadOnlyList<DocumentMetadata> Documents);
}
