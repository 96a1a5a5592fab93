using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Assistant.Retrieval.Search;

/// <summary>One training row: an article among a question's candidates, its relevance (1 = a gold article) and its features.</summary>
public sealed class RankerRow
{
    public float Label { get; set; }
    public uint GroupId { get; set; }
    [VectorType]
    public float[] Features { get; set; } = [];
}

/// <summary>
/// The learned ranker: a FastTree LambdaRank model (ML.NET) over <see cref="RankingFeatures"/>, saved as a small zip. At
/// query time the model's trees are walked directly (<see cref="TreeEnsembleScorer"/>, read from the loaded model): the
/// same sums as ML.NET's prediction engine without its per-row cursor and buffers. The prediction engines (kept in a pool:
/// one is not thread-safe) stay for a model whose shape the walker does not read, and to check the walker against.
/// </summary>
public sealed class LearnedRankerModel
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly ITransformer _model;
    private readonly ConcurrentBag<PredictionEngine<FeatureInput, ScoreOutput>> _engines = [];
    private readonly SchemaDefinition _inputSchema;

    private LearnedRankerModel(ITransformer model)
    {
        _model = model;
        _inputSchema = SchemaDefinition.Create(typeof(FeatureInput));
        _inputSchema[nameof(FeatureInput.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, RankingFeatures.Count);
        Trees = TreeEnsembleScorer.TryRead(model, RankingFeatures.Count);
    }

    /// <summary>The model's trees as plain arrays; null when the model is not one the walker reads (then the engine scores).</summary>
    public TreeEnsembleScorer? Trees { get; }

    /// <summary>Loads a model saved by <see cref="Train"/>; a model with another feature count is refused.</summary>
    public static LearnedRankerModel Load(string path)
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Model.Load(path, out var schema);
        var column = schema.GetColumnOrNull("Features");
        if (column is not { Type: VectorDataViewType { Size: var size } } || size != RankingFeatures.Count)
            throw new InvalidDataException($"Mô hình xếp hạng '{path}' không khớp {RankingFeatures.Count} đặc trưng hiện tại: hãy huấn luyện lại (assistant-indexer train-ranker).");
        return new LearnedRankerModel(model);
    }

    /// <summary>
    /// Trains deterministically (fixed seed, one thread) on rows grouped by question, and saves the model to the path.
    /// </summary>
    public static void Train(IReadOnlyList<RankerRow> rows, string path, int trees = 200, int leaves = 16)
    {
        var ml = new MLContext(seed: 1);
        var schema = SchemaDefinition.Create(typeof(RankerRow));
        schema[nameof(RankerRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, RankingFeatures.Count);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var keyed = ml.Transforms.Conversion.MapValueToKey("GroupKey", nameof(RankerRow.GroupId)).Fit(data).Transform(data);
        var trainer = ml.Ranking.Trainers.FastTree(new FastTreeRankingTrainer.Options
        {
            LabelColumnName = nameof(RankerRow.Label),
            FeatureColumnName = nameof(RankerRow.Features),
            RowGroupColumnName = "GroupKey",
            NumberOfTrees = trees,
            NumberOfLeaves = leaves,
            MinimumExampleCountPerLeaf = 20,
            LearningRate = 0.1,
            NumberOfThreads = 1,
            FeatureFraction = 1.0,
        });
        var model = trainer.Fit(keyed);
        // Only the scorer is saved: at query time there is no group column, just the features.
        ml.Model.Save(model, keyed.Schema, path);
    }

    /// <summary>Scores of feature vectors (one per candidate), by the tree walker when it read the model.</summary>
    public float[] Score(float[][] features)
    {
        if (Trees is { } trees)
        {
            var scores = new float[features.Length];
            for (int i = 0; i < features.Length; i++) scores[i] = trees.Score(features[i]);
            return scores;
        }
        return ScoreWithPredictionEngine(features);
    }

    /// <summary>Scores through ML.NET's prediction engine: the reference the tree walker is tested against.</summary>
    public float[] ScoreWithPredictionEngine(float[][] features)
    {
        if (!_engines.TryTake(out var engine))
            engine = _ml.Model.CreatePredictionEngine<FeatureInput, ScoreOutput>(_model, inputSchemaDefinition: _inputSchema);
        try
        {
            var scores = new float[features.Length];
            var input = new FeatureInput();
            for (int i = 0; i < features.Length; i++)
            {
                input.Features = features[i];
                scores[i] = engine.Predict(input).Score;
            }
            return scores;
        }
        finally
        {
            _engines.Add(engine);
        }
    }

    private sealed class FeatureInput
    {
        [VectorType]
        public float[] Features { get; set; } = [];
    }

    private sealed class ScoreOutput
    {
        public float Score { get; set; }
    }
}
