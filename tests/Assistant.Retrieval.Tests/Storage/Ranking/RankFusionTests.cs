using Assistant.Retrieval.Storage;
using Assistant.Retrieval.Storage.Embedded;

namespace Assistant.Retrieval.Tests.Storage.Ranking;

public class RankFusionTests
{
    private static readonly FusionOptions Options = new(LexicalWeight: 1.0, DenseWeight: 0.5, RrfK: 60);

    [Fact]
    public void Lexical_only_scores_are_the_weight_over_k_plus_rank()
    {
        var fused = RankFusion.Fuse([7, 3, 9], [], Options, top: 10);

        Assert.Equal([7, 3, 9], fused.Select(c => c.Doc));
        Assert.Equal([1.0 / 61, 1.0 / 62, 1.0 / 63], fused.Select(c => c.Score));
        Assert.Equal([1, 2, 3], fused.Select(c => c.LexicalRank));
        Assert.All(fused, c => Assert.Null(c.DenseRank));
    }

    [Fact]
    public void A_document_in_both_rankings_adds_both_contributions_and_keeps_both_ranks()
    {
        var fused = RankFusion.Fuse([1, 2], [2, 5], Options, top: 10);

        var both = Assert.Single(fused, c => c.Doc == 2);
        Assert.Equal(1.0 / 62 + 0.5 / 61, both.Score);
        Assert.Equal((2, 1), (both.LexicalRank!.Value, both.DenseRank!.Value));
        var denseOnly = Assert.Single(fused, c => c.Doc == 5);
        Assert.Equal(0.5 / 62, denseOnly.Score);
        Assert.Null(denseOnly.LexicalRank);
        Assert.Equal(2, denseOnly.DenseRank);
        // Doc 2 overtakes doc 1 thanks to its dense rank; the dense-only doc comes last.
        Assert.Equal([2, 1, 5], fused.Select(c => c.Doc));
    }

    [Fact]
    public void Equal_scores_keep_the_lexical_hit_first_and_top_cuts_the_list()
    {
        // With equal weights, lexical rank 1 alone scores what dense rank 1 alone scores.
        var equal = new FusionOptions(LexicalWeight: 1.0, DenseWeight: 1.0, RrfK: 60);
        var fused = RankFusion.Fuse([4, 8], [6], equal, top: 2);

        Assert.Equal([4, 6], fused.Select(c => c.Doc));
        Assert.Equal(fused[0].Score, fused[1].Score);
        Assert.Equal((1, (int?)null), (fused[0].LexicalRank!.Value, fused[0].DenseRank));
    }

    [Fact]
    public void Zero_dense_weight_leaves_the_lexical_order_untouched()
    {
        var lexicalOnly = new FusionOptions(LexicalWeight: 1.0, DenseWeight: 0, RrfK: 60);
        var fused = RankFusion.Fuse([10, 11, 12], [12, 11, 10, 13], lexicalOnly, top: 10);

        Assert.Equal([10, 11, 12, 13], fused.Select(c => c.Doc));
        Assert.Equal(0, fused[^1].Score);
    }
}
