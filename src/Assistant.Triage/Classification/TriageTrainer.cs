using System.Globalization;
using System.Text.Json;
using Assistant.Land.AdminUnits;
using Assistant.Land.Procedures;
using Assistant.Triage.Documents;
using Assistant.Triage.Model;
using Assistant.Triage.Routing;

namespace Assistant.Triage.Classification;

public sealed record ClassMetrics(string ProcedureCode, int Support, double Precision, double Recall, double F1);

public sealed record CrossValidationReport(int Folds, int Examples, IReadOnlyList<ClassMetrics> PerClass, double MacroF1, double Accuracy);

/// <summary>Dev-set figures: procedure accuracy per classifier mode, missing-papers exact match, routing.</summary>
public sealed record DevReport(int Dossiers, IReadOnlyDictionary<string, double> AccuracyByMode, double MissingDocumentsExact, double UnitAccuracy, IReadOnlyList<string> Errors);

/// <summary>What the dev set is scored against: the procedure catalogue, the paper vocabulary and the administrative units.</summary>
public sealed record TriageDevData(ProcedureCatalog Catalog, DocumentChecker Papers, AdminUnitRegistry Units);

/// <summary>
/// The "train" command: 5-fold stratified cross-validation on data/triage/training.jsonl (per-class precision, recall,
/// F1 and macro-F1), training on all data, saving the model with its version, and evaluation on eval/dossiers-dev.jsonl
/// (ML only, rules only, and blends). Entry: <see cref="Run"/>.
/// </summary>
public static class TriageTrainer
{
    public static readonly double[] RuleWeights = [0.0, 0.2, 0.35, 0.5, 0.65, 0.8, 1.0];

    /// <summary>
    /// Officers' procedure corrections as training examples (the stored request's description and papers, labelled with the
    /// overriding code; the latest override of a dossier wins). Unit-only overrides are not examples for the classifier.
    /// </summary>
    public static IReadOnlyList<TrainingExample> ExamplesFromOverrides(Storage.TriageStore store)
    {
        var latest = new Dictionary<string, TrainingExample>(StringComparer.Ordinal);
        foreach (var (o, requestJson) in store.Overrides())
        {
            if (o.ProcedureCode is null) continue;
            var request = JsonSerializer.Deserialize<DossierRequest>(requestJson, TriageService.Json);
            if (request is null) continue;
            latest[o.DossierId] = new TrainingExample(o.ProcedureCode, request.Description, request.Documents, "override/" + o.DossierId);
        }
        return latest.Values.ToList();
    }

    /// <summary>
    /// The train command. With <paramref name="overridesDatabase"/>, officers' corrections stored there are added to the
    /// training data; <paramref name="devData"/> is what the dev set (when <paramref name="devPath"/> exists) is scored against.
    /// </summary>
    /// <param name="keysPath">The data-protection key folder of the host that wrote <paramref name="overridesDatabase"/>.</param>
    public static int Run(string trainingPath, string modelPath, string? devPath, TriageDevData devData, TextWriter output, TimeProvider time, string? overridesDatabase = null, string keysPath = "keys")
    {
        ArgumentNullException.ThrowIfNull(devData);
        ArgumentNullException.ThrowIfNull(time);
        var examples = TrainingData.Load(trainingPath).ToList();
        if (overridesDatabase is not null && File.Exists(overridesDatabase))
        {
            using var protector = Protection.DataProtectionDossierProtector.ForKeysDirectory(keysPath, createKeys: false);
            var extra = ExamplesFromOverrides(new Storage.TriageStore(overridesDatabase, time, protector));
            examples.AddRange(extra);
            output.WriteLine($"Thêm {extra.Count} mẫu từ điều chỉnh của cán bộ ({overridesDatabase})");
        }
        output.WriteLine($"Dữ liệu huấn luyện: {examples.Count} mẫu, {examples.Select(e => e.ProcedureCode).Distinct().Count()} lớp ({trainingPath})");
        var cv = CrossValidate(examples, 5);
        output.WriteLine($"Kiểm định chéo {cv.Folds} phần: accuracy {cv.Accuracy:F3}, macro-F1 {cv.MacroF1:F3}");
        output.WriteLine("mã TTHC     n   precision recall  F1");
        foreach (var c in cv.PerClass)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.ProcedureCode}  {c.Support,3}  {c.Precision,8:F3}  {c.Recall,6:F3}  {c.F1,5:F3}"));
        var model = ProcedureClassifier.Train(examples);
        model.Save(modelPath, time.GetUtcNow());
        output.WriteLine($"Mô hình {model.Version} đã lưu: {modelPath}");
        if (devPath is not null && File.Exists(devPath))
        {
            var dev = EvaluateDev(model, devData, devPath, time, ProcedureBlender.DefaultRuleWeight);
            output.WriteLine($"(trọng số luật đang dùng khi phục vụ: Triage:RuleWeight = {ProcedureBlender.DefaultRuleWeight:F2}, chọn trên chính tập dev này)");
            foreach (var (mode, acc) in dev.AccuracyByMode) output.WriteLine($"Dev {dev.Dossiers} hồ sơ — {mode}: accuracy {acc:F3}");
            output.WriteLine($"Dev: giấy tờ còn thiếu đúng hoàn toàn {dev.MissingDocumentsExact:F3}; xã/phường mới đúng {dev.UnitAccuracy:F3}");
            foreach (var e in dev.Errors) output.WriteLine("  sai: " + e);
        }
        return 0;
    }

    public static CrossValidationReport CrossValidate(IReadOnlyList<TrainingExample> examples, int folds, int seed = 7)
    {
        // Stratified by class and grouped: the groups of a class (variants of one phrasing) are shuffled and dealt
        // round-robin to the folds, so that no variant of a test phrasing is seen in training.
        var rng = new Random(seed);
        var fold = new int[examples.Count];
        foreach (var byClass in examples.Select((e, i) => (e, i)).GroupBy(x => x.e.ProcedureCode))
        {
            var groups = byClass.GroupBy(x => x.e.Group ?? "#" + x.i.ToString(CultureInfo.InvariantCulture)).OrderBy(_ => rng.Next()).ToList();
            for (int k = 0; k < groups.Count; k++)
                foreach (var x in groups[k]) fold[x.i] = k % folds;
        }
        var predicted = new string[examples.Count];
        for (int f = 0; f < folds; f++)
        {
            var train = examples.Where((_, i) => fold[i] != f).ToList();
            var model = ProcedureClassifier.Train(train);
            for (int i = 0; i < examples.Count; i++)
                if (fold[i] == f) predicted[i] = model.Predict(examples[i].Description, examples[i].Documents)[0].ProcedureCode;
        }
        var classes = examples.Select(e => e.ProcedureCode).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToList();
        var metrics = new List<ClassMetrics>();
        foreach (var c in classes)
        {
            int tp = 0, fp = 0, fn = 0;
            for (int i = 0; i < examples.Count; i++)
            {
                bool gold = examples[i].ProcedureCode == c, pred = predicted[i] == c;
                if (gold && pred) tp++;
                else if (pred) fp++;
                else if (gold) fn++;
            }
            double p = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
            double r = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
            metrics.Add(new ClassMetrics(c, tp + fn, p, r, p + r == 0 ? 0 : 2 * p * r / (p + r)));
        }
        double acc = examples.Select((e, i) => e.ProcedureCode == predicted[i] ? 1.0 : 0).Average();
        return new CrossValidationReport(folds, examples.Count, metrics, metrics.Average(m => m.F1), acc);
    }

    /// <summary>
    /// Scores the dev set. The dossiers are parsed with "now" set years after <paramref name="time"/>'s, so that no
    /// dated dev dossier is refused as a future one.
    /// </summary>
    public static DevReport EvaluateDev(ProcedureClassifier model, TriageDevData data, string devPath, TimeProvider time, double chosenRuleWeight = 0.5)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(time);
        var catalog = data.Catalog;
        var matcher = new ProcedureMatcher(catalog);
        var checker = data.Papers;
        var router = new DossierRouter(data.Units);
        var lines = File.ReadLines(devPath).Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        var correct = RuleWeights.ToDictionary(w => w, _ => 0);
        int missingOk = 0, unitOk = 0, unitTotal = 0;
        var errors = new List<string>();
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var gold = root.GetProperty("gold");
            var goldCode = gold.GetProperty("procedureCode").GetString()!;
            var parsed = DossierRequestParser.Parse(System.Text.Encoding.UTF8.GetBytes(line), time.GetUtcNow().AddYears(5));
            var req = parsed.Dossier ?? throw new InvalidOperationException($"Hồ sơ dev không hợp lệ: {string.Join("; ", parsed.Errors)}");
            var ml = model.Predict(req.Description, req.Documents);
            var rules = matcher.Rank(req.Description, catalog.Count);
            foreach (var w in RuleWeights)
            {
                var best = ProcedureBlender.ApplyApplicant(ProcedureBlender.Blend(ml, rules, w), req.Applicant)[0].ProcedureCode;
                if (best == goldCode) correct[w]++;
                else if (Math.Abs(w - chosenRuleWeight) < 1e-9) errors.Add($"{req.Id}: «{req.Description}» → {best}, đúng là {goldCode}");
            }
            var goldMissing = gold.GetProperty("missingDocuments").EnumerateArray().Select(x => x.GetString()!).OrderBy(x => x, StringComparer.Ordinal).ToList();
            var check = checker.Check(catalog.Get(goldCode), req.Documents);
            if (check.Missing.OrderBy(x => x, StringComparer.Ordinal).SequenceEqual(goldMissing)) missingOk++;
            if (gold.TryGetProperty("unitCodes", out var units) && units.ValueKind == JsonValueKind.Array)
            {
                unitTotal++;
                var goldUnits = units.EnumerateArray().Select(x => x.GetString()!).ToHashSet();
                var got = router.Route(req.Parcel, catalog.Get(goldCode)).Route.Candidates.Select(c => c.UnitCode).ToHashSet();
                if (got.SetEquals(goldUnits)) unitOk++;
            }
        }
        var byMode = RuleWeights.ToDictionary(
            w => w == 0 ? "ML.NET" : w == 1 ? "luật (ProcedureMatcher)" : $"kết hợp, trọng số luật {w:F2}",
            w => (double)correct[w] / lines.Count);
        return new DevReport(lines.Count, byMode, (double)missingOk / lines.Count, unitTotal == 0 ? 0 : (double)unitOk / unitTotal, errors);
    }
}
