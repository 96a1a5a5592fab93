namespace Assistant.Triage;

/// <summary>Settings of section "Triage".</summary>
public sealed class TriageOptions
{
    public const string Section = "Triage";

    /// <summary>SQLite file of the triage queue.</summary>
    public string DatabasePath { get; set; } = Path.Combine("store", "triage.db");

    /// <summary>The trained model (.zip, with its .json version sidecar). When missing, a model is trained from
    /// <see cref="TrainingPath"/> at first use and kept in memory (and saved here when <see cref="SaveTrainedModel"/>).</summary>
    public string ModelPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "data", "triage", "model", "triage-model.zip");

    public string TrainingPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "data", "triage", "training.jsonl");

    public bool SaveTrainedModel { get; set; }

    /// <summary>Below this confidence the dossier needs an officer ("cần cán bộ xem xét").</summary>
    public double ReviewThreshold { get; set; } = 0.45;

    /// <summary>Weight of the rule matcher in the blend with the ML probabilities (chosen on eval/dossiers-dev.jsonl).</summary>
    public double RuleWeight { get; set; } = 0.65;

    /// <summary>Remaining working days at or below which a dossier is "sắp đến hạn".</summary>
    public int AtRiskWorkingDays { get; set; } = 2;
}
