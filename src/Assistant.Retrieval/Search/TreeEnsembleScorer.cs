using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Assistant.Retrieval.Search;

/// <summary>
/// A FastTree ensemble as flat arrays, scored by walking each tree from its root: at a node, a feature at or below the
/// split's threshold goes left, above it (or NaN) goes right; a negative child is a leaf (its index complemented). The score
/// is the weighted sum of the leaves reached, accumulated in double in tree order and rounded to float once, as ML.NET's
/// ensemble does, so the walker and the prediction engine give the same floats (LearnedRankerTests checks that).
/// </summary>
public sealed class TreeEnsembleScorer
{
    private readonly Tree[] _trees;
    private readonly double _bias;

    private TreeEnsembleScorer(Tree[] trees, double bias, int featureCount)
    {
        _trees = trees;
        _bias = bias;
        FeatureCount = featureCount;
    }

    public int FeatureCount { get; }
    public int TreeCount => _trees.Length;

    /// <summary>
    /// The ensemble of a loaded FastTree ranking model, or null when the model is another kind or has a shape this walker
    /// does not follow (categorical splits, a tree without splits, a feature index out of range).
    /// </summary>
    public static TreeEnsembleScorer? TryRead(ITransformer model, int featureCount)
    {
        var parameters = Find(model);
        if (parameters?.TrainedTreeEnsemble is not { } ensemble) return null;
        var trees = new Tree[ensemble.Trees.Count];
        for (int t = 0; t < trees.Length; t++)
        {
            var tree = ensemble.Trees[t];
            if (tree.NumberOfNodes == 0 || tree.CategoricalSplitFlags.Any(c => c)) return null;
            var features = tree.NumericalSplitFeatureIndexes.ToArray();
            if (features.Any(f => f < 0 || f >= featureCount)) return null;
            trees[t] = new Tree(features, tree.NumericalSplitThresholds.ToArray(), tree.LeftChild.ToArray(), tree.RightChild.ToArray(),
                tree.LeafValues.ToArray(), ensemble.TreeWeights[t]);
        }
        return new TreeEnsembleScorer(trees, ensemble.Bias, featureCount);
    }

    private static FastTreeRankingModelParameters? Find(ITransformer model) => model switch
    {
        ISingleFeaturePredictionTransformer<FastTreeRankingModelParameters> p => p.Model,
        TransformerChain<ITransformer> chain => chain.Select(Find).LastOrDefault(p => p is not null),
        _ => null,
    };

    public float Score(ReadOnlySpan<float> features)
    {
        if (features.Length != FeatureCount) throw new ArgumentException($"Expected {FeatureCount} features, got {features.Length}.", nameof(features));
        double sum = 0;
        foreach (var tree in _trees) sum += tree.Weight * tree.Leaf(features);
        return (float)(sum + _bias);
    }

    private sealed record Tree(int[] Feature, float[] Threshold, int[] Left, int[] Right, double[] Leaves, double Weight)
    {
        public double Leaf(ReadOnlySpan<float> features)
        {
            int node = 0;
            while (node >= 0) node = features[Feature[node]] <= Threshold[node] ? Left[node] : Right[node];
            return Leaves[~node];
        }
    }
}
