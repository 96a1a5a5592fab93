using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;
using Assistant.Vietnamese;

namespace Assistant.Triage.Classification;

/// <summary>One labelled example of data/triage/training.jsonl.</summary>
/// <param name="Group">Examples sharing a group (variants of one phrasing) stay in the same cross-validation fold; null = its own group.</param>
public sealed record TrainingExample(string ProcedureCode, string Description, IReadOnlyList<string> Documents, string? Group = null);

/// <summary>A procedure code with its probability.</summary>
public sealed record ClassScore(string ProcedureCode, double Probability);

/// <summary>
/// Multiclass ML.NET classifier over the catalogue's procedure codes: the folded description and the folded paper names
/// are featurized separately (word 1–2-grams + character 4-grams), concatenated and fed to SDCA maximum entropy.
/// Thread-safe for prediction (one prediction engine behind a lock). Saved as a .zip (the ML.NET model) plus a .json
/// sidecar with the version string.
/// </summary>
public sealed class ProcedureClassifier
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly PredictionEngine<ModelInput, ModelOutput> _engine;
    private readonly string[] _labels;
    private readonly Lock _lock = new();

    private ProcedureClassifier(MLContext ml, ITransformer model, DataViewSchema inputSchema, string version)
    {
        _ml = ml;
        _model = model;
        Version = version;
        _engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model, inputSchema);
        VBuffer<ReadOnlyMemory<char>> names = default;
        _engine.OutputSchema["Score"].GetSlotNames(ref names);
        _labels = names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    /// <summary>"triage-sdca-{data hash}" — identifies the training data and pipeline that built the model.</summary>
    public string Version { get; }

    public IReadOnlyList<string> Labels => _labels;

    public const string PipelineName = "sdca-me-v1";

    public static ProcedureClassifier Train(IReadOnlyList<TrainingExample> examples, int seed = 1)
    {
        if (examples.Count == 0) throw new InvalidOperationException("Không có dữ liệu huấn luyện.");
        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(examples.Select(ToInput));
        var model = Pipeline(ml).Fit(data);
        return new ProcedureClassifier(ml, model, data.Schema, VersionOf(examples));
    }

    public static string VersionOf(IReadOnlyList<TrainingExample> examples)
    {
        var sb = new StringBuilder();
        foreach (var e in examples) sb.Append(e.ProcedureCode).Append('\t').Append(e.Description).Append('\t').AppendJoin('|', e.Documents).Append('\n');
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..10].ToLowerInvariant();
        return $"triage-{PipelineName}-{examples.Count}-{hash}";
    }

    private static IEstimator<ITransformer> Pipeline(MLContext ml)
    {
        TextFeaturizingEstimator.Options Options() => new()
        {
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
            CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 4, UseAllLengths = false },
            KeepDiacritics = false,
            KeepPunctuations = false,
            KeepNumbers = true,
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        return ml.Transforms.Conversion.MapValueToKey("Label", nameof(ModelInput.Label))
            .Append(ml.Transforms.Text.FeaturizeText("TextFeatures", Options(), nameof(ModelInput.Text)))
            .Append(ml.Transforms.Text.FeaturizeText("DocFeatures", Options(), nameof(ModelInput.Docs)))
            .Append(ml.Transforms.Concatenate("Features", "TextFeatures", "DocFeatures"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Features", maximumNumberOfIterations: 60))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
    }

    /// <summary>All classes with their probabilities, best first.</summary>
    public IReadOnlyList<ClassScore> Predict(string description, IReadOnlyList<string> documents)
    {
        ModelOutput output;
        lock (_lock)
        {
            output = _engine.Predict(ToInput(new TrainingExample("", description, documents)));
        }
        var scores = output.Score ?? [];
        return scores.Select((s, i) => new ClassScore(_labels[i], s)).OrderByDescending(c => c.Probability).ToList();
    }

    /// <summary>Saves the model and its version sidecar, which records <paramref name="trainedAt"/>.</summary>
    public void Save(string path, DateTimeOffset trainedAt)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var tmp = path + ".tmp";
        var schema = SchemaDefinition.Create(typeof(ModelInput));
        var empty = _ml.Data.LoadFromEnumerable(Array.Empty<ModelInput>(), schema);
        _ml.Model.Save(_model, empty.Schema, tmp);
        File.Move(tmp, path, overwrite: true);
        File.WriteAllText(MetaPath(path), JsonSerializer.Serialize(new ModelMeta(Version, trainedAt, _labels)));
    }

    public static ProcedureClassifier Load(string path)
    {
        if (!File.Exists(path) || !File.Exists(MetaPath(path)))
            throw new FileNotFoundException($"Không tìm thấy mô hình phân loại '{path}' (hoặc tệp phiên bản đi kèm).", path);
        var meta = JsonSerializer.Deserialize<ModelMeta>(File.ReadAllText(MetaPath(path)))
            ?? throw new InvalidOperationException($"Tệp phiên bản mô hình '{MetaPath(path)}' rỗng.");
        var ml = new MLContext(1);
        var model = ml.Model.Load(path, out var schema);
        return new ProcedureClassifier(ml, model, schema, meta.Version);
    }

    public static string MetaPath(string modelPath) => Path.ChangeExtension(modelPath, ".json");

    private sealed record ModelMeta(string Version, DateTimeOffset TrainedAt, string[] Labels);

    internal static ModelInput ToInput(TrainingExample e) => new()
    {
        Label = e.ProcedureCode,
        Text = VietnameseText.FoldPhrase(e.Description ?? ""),
        Docs = VietnameseText.FoldPhrase(string.Join(" . ", e.Documents ?? [])),
    };

    internal sealed class ModelInput
    {
        public string Label { get; set; } = "";
        public string Text { get; set; } = "";
        public string Docs { get; set; } = "";
    }

    internal sealed class ModelOutput
    {
        public string PredictedLabel { get; set; } = "";
        public float[]? Score { get; set; }
    }
}
