namespace Assistant.Retrieval.Storage.Embedded;

/// <summary>One fused candidate: its doc id, the fused score, and its 1-based rank in each ranking (null when absent).</summary>
internal readonly record struct FusedCandidate(int Doc, double Score, int? LexicalRank, int? DenseRank);

/// <summary>
/// Weighted reciprocal rank fusion of the lexical and the dense ranking: a document scores weight / (k + rank) in each
/// ranking it appears in. Rank-based, so BM25 scores and cosines need no common scale.
/// </summary>
internal static class RankFusion
{
    /// <summary>The <paramref name="top"/> best candidates, best first; equal scores keep the better lexical rank first.</summary>
    public static List<FusedCandidate> Fuse(IReadOnlyList<int> lexical, IReadOnlyList<int> dense, FusionOptions options, int top)
    {
        // Insertion order (lexical, then dense-only) is the last tie-break: the sort below is stable.
        var fused = new Dictionary<int, (double Score, int? L, int? D)>();
        for (int i = 0; i < lexical.Count; i++)
            fused[lexical[i]] = (options.LexicalWeight / (options.RrfK + i + 1), i + 1, null);
        for (int i = 0; i < dense.Count; i++)
        {
            var add = options.DenseWeight / (options.RrfK + i + 1);
            fused[dense[i]] = fused.TryGetValue(dense[i], out var e) ? (e.Score + add, e.L, i + 1) : (add, null, i + 1);
        }
        return fused
            .OrderByDescending(kv => kv.Value.Score).ThenBy(kv => kv.Value.L ?? int.MaxValue)
            .Take(top)
            .Select(kv => new FusedCandidate(kv.Key, kv.Value.Score, kv.Value.L, kv.Value.D))
            .ToList();
    }
}
