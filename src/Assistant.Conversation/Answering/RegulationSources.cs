using System.Collections.Concurrent;
using Assistant.Access;
using Assistant.Land.Procedures;
using Assistant.Retrieval.Search;

namespace Assistant.Conversation.Answering;

/// <summary>
/// The regulation articles a reply rests on, searched with the caller's access scope: the articles a question is about,
/// and those of a procedure (for a follow-up, or a first answer whose own search found nothing).
/// </summary>
public sealed class RegulationSources(LegalSearchService search, ConversationOptions options)
{
    private readonly ConcurrentDictionary<(string Code, AccessScope Scope), (long Generation, IReadOnlyList<SearchResult> Hits)> _procedureArticles = new();

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

    /// <summary>The hits a reply cites, as citations.</summary>
    public IReadOnlyList<SourceCitation> Cite(IReadOnlyList<SearchResult> hits) =>
        hits.Take(options.Citations).Select(SourceCitations.From).ToList();
}
