using Assistant.Land.Procedures;
using Assistant.Triage.Classification;
using Xunit.Abstractions;

namespace Assistant.Triage.Tests;

public sealed class ClassifierTests(ITestOutputHelper output)
{
    [Fact]
    public void Train_command_cross_validates_saves_a_versioned_model_and_scores_the_dev_set()
    {
        var dir = TestPaths.TempDir("train");
        var modelPath = Path.Combine(dir, "triage-model.zip");
        using var writer = new StringWriter();
        var code = TriageTrainer.Run(TestPaths.Training, modelPath, TestPaths.Dev, writer);
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
    public void Blended_classifier_reaches_the_target_accuracy_on_the_dev_set()
    {
        var model = ProcedureClassifier.Train(TrainingData.Load(TestPaths.Training));
        var report = TriageTrainer.EvaluateDev(model, ProcedureCatalog.LoadDefault(), TestPaths.Dev, new TriageOptions().RuleWeight);
        foreach (var (mode, acc) in report.AccuracyByMode) output.WriteLine($"{mode}: {acc:F3}");
        output.WriteLine($"missing exact {report.MissingDocumentsExact:F3}, unit {report.UnitAccuracy:F3}");
        foreach (var e in report.Errors) output.WriteLine(e);
        var chosen = report.AccuracyByMode.Single(kv => kv.Key.Contains($"{new TriageOptions().RuleWeight:F2}", StringComparison.Ordinal)).Value;
        Assert.True(chosen >= 0.90, $"dev accuracy {chosen:F3} < 0.90");
        Assert.True(report.MissingDocumentsExact >= 0.9, $"missing papers exact {report.MissingDocumentsExact:F3} < 0.90");
        Assert.Equal(1.0, report.UnitAccuracy);
    }
}

