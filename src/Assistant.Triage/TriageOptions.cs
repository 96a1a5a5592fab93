using Assistant.Triage.Classification;

namespace Assistant.Triage;

/// <summary>Settings of section "Triage".</summary>
public sealed class TriageOptions
{
    public const string Section = "Triage";

    /// <summary>SQLite file of the triage queue.</summary>
    public string DatabasePath { get; set; } = Path.Combine("store", "triage.db");

    /// <summary>
    /// SQLite file of the priority-project registry officers keep (versions, append-only), seeded from
    /// data/priority-projects at its first start. Empty: priority-projects.db beside <see cref="DatabasePath"/>.
    /// </summary>
    public string PriorityProjectsDatabasePath { get; set; } = "";

    /// <summary>The trained model (.zip, with its .json version sidecar). When missing, a model is trained from
    /// <see cref="TrainingPath"/> at first use and kept in memory (and saved here when <see cref="SaveTrainedModel"/>).
    /// Empty: data/triage/model/triage-model.zip beside the program (set by <see cref="TriageServiceCollectionExtensions.AddAssistantTriage"/>).</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>Labelled examples (JSON lines). Empty: data/triage/training.jsonl beside the program.</summary>
    public string TrainingPath { get; set; } = "";

    /// <summary>Folder of the paper vocabulary (paper-synonyms.tsv, paper-stop-syllables.txt). Empty: data/triage beside the program.</summary>
    public string PapersPath { get; set; } = "";

    public bool SaveTrainedModel { get; set; }

    /// <summary>Below this confidence the dossier needs an officer ("cần cán bộ xem xét").</summary>
    public double ReviewThreshold { get; set; } = 0.45;

    /// <summary>Weight of the rule matcher in the blend with the ML probabilities (chosen on eval/dossiers-dev.jsonl).</summary>
    public double RuleWeight { get; set; } = ProcedureBlender.DefaultRuleWeight;

    /// <summary>Remaining working days at or below which a dossier is "sắp đến hạn".</summary>
    public int AtRiskWorkingDays { get; set; } = 2;

    /// <summary>
    /// Days a triage record (request, result, overrides, subject index) is kept after it was stored; the retention job
    /// erases older ones. 1825 days (5 years) is a placeholder NOT confirmed for Hanoi: the archive period of land dossiers
    /// must come from the city's records schedule (README, "Personal data"). 0 turns the purge off.
    /// </summary>
    public int RetentionDays { get; set; } = 1825;
}
