using System.Collections.Concurrent;
using Assistant.Access;
using Assistant.Land.Procedures;
using Assistant.Retrieval.Search;

namespace Assistant.Conversation.Answering;

/// <summary>
/// The regulation articles a reply rests on, searched with the caller's access scope: the articles a question is about,
/// and those of a procedure (for a follow-up, or a first answer whose own search found nothing).
/// </summary>
public sealed class RegulationSources(LegalSearchService search, ConversationOptions options, AspectCitations? aspects = null, int aspectCacheSize = 0)
{
    private readonly ConcurrentDictionary<(string Code, AccessScope Scope), (long Generation, IReadOnlyList<SearchResult> Hits)> _procedureArticles = new();
    // The search service keeps no answer of a filtered search, and the aspect's article is one: a repeated question
    // ("sang tên sổ đỏ mất bao lâu") searched its article again on every turn, the largest search left on a hot turn.
    // Kept here the same way (least recently used out, dropped when the store's generation moves; 0 = none).
    private readonly SearchResultCache? _aspectHits = aspectCacheSize > 0 ? new SearchResultCache(aspectCacheSize) : null;

    /// <summary>The search for a question: a few more hits than a reply cites, and the law references read from it.</summary>
    public Task<SearchResponse> SearchAsync(string question, AccessScope scope, CancellationToken ct) =>
        search.SearchAsync(new SearchRequest { Query = question, Access = scope, Top = options.Citations + 2 }, ct);

    /// <summary>
    /// The articles found from a procedure's name: the same for every question about that procedure, so they are kept
    /// per procedure and access scope until the store's content changes (its generation moves on a commit).
    /// </summary>
    public async Task<IReadOnlyList<SearchResult>> ProcedureArticlesAsync(LandProcedure procedure, AccessScope scope, CancellationToken ct)
    {
        var key = (procedure.Code, scope);
        // Read before searching: a commit during the search leaves an older generation, so the next turn searches again.
        var generation = search.Generation;
        if (_procedureArticles.TryGetValue(key, out var cached) && cached.Generation == generation) return cached.Hits;
        var hits = (await SearchAsync($"{procedure.ShortName}. {procedure.Name}", scope, ct)).Results;
        _procedureArticles[key] = (generation, hits);
        return hits;
    }

    /// <summary>
    /// The articles the aspect asked about is stated in (data: <see cref="AspectCitations"/>), before <paramref name="hits"/>,
    /// each article once: "… mất bao lâu" cites where the processing time is set, then what the question's words found.
    /// </summary>
    public async Task<IReadOnlyList<SearchResult>> WithAspectArticlesAsync(string question, IReadOnlyList<SearchResult> hits, AccessScope scope, CancellationToken ct)
    {
        var rows = (aspects ?? AspectCitations.Empty).For(question);
        if (rows.Count == 0) return hits;
        var first = new List<SearchResult>();
        foreach (var row in rows)
        {
            // Read before searching: a commit during the search leaves an older generation, so the next turn searches again.
            long generation = search.Generation;
            var key = string.Join('\u001f', scope.MaxLevel, row.LawNumber, row.Article, question);
            if (_aspectHits is null || !_aspectHits.TryGet(key, generation, out var found))
            {
                found = await search.SearchAsync(new SearchRequest
                {
                    Query = question,
                    Access = scope,
                    Top = 1,
                    Ranker = RetrievalOptions.RankerNone,
                    Filter = Assistant.Retrieval.Storage.SearchFilter.None with { LawNumbers = [row.LawNumber], Articles = [row.Article] },
                }, ct);
                _aspectHits?.Add(key, generation, found);
            }
            if (found.Results.Count > 0 && !first.Any(f => Same(f, found.Results[0]))) first.Add(found.Results[0]);
        }
        return first.Concat(hits.Where(h => !first.Any(f => Same(f, h)))).ToList();
    }

    private static bool Same(SearchResult a, SearchResult b) =>
        a.Chunk.Document.LawNumber == b.Chunk.Document.LawNumber && a.Chunk.Article == b.Chunk.Article && a.Chunk.ArticleSuffix == b.Chunk.ArticleSuffix;

    /// <summary>The hits a reply cites, as citations.</summary>
    public IReadOnlyList<SourceCitation> Cite(IReadOnlyList<SearchResult> hits) =>
        hits.Take(options.Citations).Select(SourceCitations.From).ToList();
}
