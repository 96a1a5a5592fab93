using Assistant.Land.AdminUnits;
using Assistant.Land.Procedures;
using Assistant.Triage.Classification;
using Assistant.Triage.Documents;
using Xunit.Abstractions;

namespace Assistant.Triage.Tests;

public sealed class ClassifierTests(ITestOutputHelper output)
{
    private static TriageDevData DevData() => new(
        ProcedureCatalog.Load(TestPaths.Data("procedures")),
        DocumentChecker.Load(TestPaths.Data("triage")),
        AdminUnitRegistry.Load(TestPaths.Data("admin-units")));

    [Fact]
    public void Train_command_cross_validates_saves_a_versioned_model_and_scores_the_dev_set()
    {
        var dir = TestPaths.TempDir("train");
        var modelPath = Path.Combine(dir, "triage-model.zip");
        using var writer = new StringWriter();
        var code = TriageTrainer.Run(TestPaths.Training, modelPath, TestPaths.Dev, DevData(), writer, TimeProvider.System);
        output.WriteLine(writer.ToString());
        Assert.Equal(0, code);
        Assert.True(File.Exists(modelPath));
        var loaded = ProcedureClassifier.Load(modelPath);
        Assert.StartsWith("triage-" + ProcedureClassifier.PipelineName, loaded.Version);
        Assert.Equal(ProcedureCatalog.ExpectedCount, loaded.Labels.Count);
        var top = loaded.Predict("xin tách thửa đất để chia cho con", ["đơn đề nghị tách thửa", "sổ đỏ"]);
        Assert.Equal("1.012784", top[0].ProcedureCode);
        Assert.Contains("macro-F1", writer.ToString());
    }

    [Fact]
    public void Saved_model_records_when_it_was_trained()
    {
        var examples = TrainingData.Load(TestPaths.Training);
        var codes = examples.Select(e => e.ProcedureCode).Distinct().Take(2).ToHashSet();
        var model = ProcedureClassifier.Train(examples.Where(e => codes.Contains(e.ProcedureCode)).ToList());
        var path = Path.Combine(TestPaths.TempDir("save"), "triage-model.zip");
        var trainedAt = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7));
        model.Save(path, trainedAt);
        using var meta = System.Text.Json.JsonDocument.Parse(File.ReadAllText(ProcedureClassifier.MetaPath(path)));
        Assert.Equal(trainedAt, meta.RootElement.GetProperty("TrainedAt").GetDateTimeOffset());
        Assert.Equal(model.Version, ProcedureClassifier.Load(path).Version);
    }

    [Fact]
    public void Blended_classifier_reaches_the_target_accuracy_on_the_dev_set()
    {
        var model = ProcedureClassifier.Train(TrainingData.Load(TestPaths.Training));
        var report = TriageTrainer.EvaluateDev(model, DevData(), TestPaths.Dev, TimeProvider.System, new TriageOptions().RuleWeight);
        foreach (var (mode, acc) in report.AccuracyByMode) output.WriteLine($"{mode}: {acc:F3}");
        output.WriteLine($"missing exact {report.MissingDocumentsExact:F3}, unit {report.UnitAccuracy:F3}");
        foreach (var e in report.Errors) output.WriteLine(e);
        var chosen = report.AccuracyByMode.Single(kv => kv.Key.Contains($"{new TriageOptions().RuleWeight:F2}", StringComparison.Ordinal)).Value;
        Assert.True(chosen >= 0.90, $"dev accuracy {chosen:F3} < 0.90");
        Assert.True(report.MissingDocumentsExact >= 0.9, $"missing papers exact {report.MissingDocumentsExact:F3} < 0.90");
        Assert.Equal(1.0, report.UnitAccuracy);
    }
}

