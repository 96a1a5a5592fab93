using System.ComponentModel.DataAnnotations;

namespace Assistant.Audit;

/// <summary>Section "Audit".</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>The SQLite file of the trail (kept apart from the dossiers, so that erasing a dossier never touches it).</summary>
    [Required]
    public string DatabasePath { get; set; } = "audit.db";
}
