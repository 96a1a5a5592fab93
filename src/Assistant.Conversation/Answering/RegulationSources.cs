using System.Collections.Concurrent;
using Assistant.Access;
using Assistant.Land.Procedures;
using Assistant.Retrieval.Search;

namespace Assistant.Conversation.Answering;

/// <summary>
/// The regulation articles a reply rests on, searched with the caller's access scope: the articles a question is about,
/// and those of a procedure (for a follow-up, or a first answer whose own search found nothing).
/// </summary>
public sealed class RegulationSources(LegalSearchService search, ConversationOptions options, TimeProvider clock)
{
    private static readonly TimeSpan ProcedureArticlesLifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<(string Code, AccessScope Scope), (DateTimeOffset At, IReadOnlyList<SearchResult> Hits)> _procedureArticles = new();

    /// <summary>The search for a question: a few more hits than a reply cites, and the law references read from it.</summary>
    public Task<SearchResponse> SearchAsync(string question, AccessScope scope, CancellationToken ct) =>
        search.SearchAsync(new SearchRequest { Query = question, Access = scope, Top = options.Citations + 2 }, ct);

    /// <summary>
    /// The articles found from a procedure's name: the same for every question about that procedure, so they are kept
    /// per procedure and access scope.
    /// </summary>
    public async Task<IReadOnlyList<SearchResult>> ProcedureArticlesAsync(LandProcedure procedure, AccessScope scope, CancellationToken ct)
    {
        var key = (procedure.Code, scope);
        if (_procedureArticles.TryGetValue(key, out var cached) && IsFresh(cached.At)) return cached.Hits;
        var hits = (await SearchAsync($"{procedure.ShortName}. {procedure.Name}", scope, ct)).Results;
        _procedureArticles[key] = (clock.GetUtcNow(), hits);
        return hits;
    }

    /// <summary>The hits a reply cites, as citations.</summary>
    public IReadOnlyList<SourceCitation> Cite(IReadOnlyList<SearchResult> hits) =>
        hits.Take(options.Citations).Select(SourceCitations.From).ToList();

    // Kept articles expire so that a re-indexed store is picked up; the seam where the store's generation replaces the timer.
    private bool IsFresh(DateTimeOffset fetchedAt) => clock.GetUtcNow() - fetchedAt < ProcedureArticlesLifetime;
}
