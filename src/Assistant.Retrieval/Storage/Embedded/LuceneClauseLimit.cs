using Lucene.Net.Search;

namespace Assistant.Retrieval.Storage.Embedded;

/// <summary>
/// Lucene's limit on the clauses of one BooleanQuery is process-wide (a static of <see cref="BooleanQuery"/>), and its
/// default is too low for long questions, where every unigram and bigram is a clause. The embedded store raises it when
/// it is created, through here: only ever upwards (a component that needs more keeps it) and idempotent, so creating
/// several stores, in any order, sets it once.
/// </summary>
public static class LuceneClauseLimit
{
    /// <summary>Enough clauses for a question at the retrieval service's length cap.</summary>
    public const int Default = 8192;

    private static readonly Lock Gate = new();

    public static void EnsureAtLeast(int clauses)
    {
        lock (Gate)
        {
            if (BooleanQuery.MaxClauseCount < clauses) BooleanQuery.MaxClauseCount = clauses;
        }
    }
}
