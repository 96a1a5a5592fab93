using System.ComponentModel.DataAnnotations;

namespace Assistant.Audit;

/// <summary>Section "Audit".</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>The SQLite file of the trail (kept apart from the dossiers, so that erasing a dossier never touches it).</summary>
    [Required]
    public string DatabasePath { get; set; } = "audit.db";

    /// <summary>
    /// True (default): each row is flushed to disk before the append returns, so it survives a power cut (an fsync,
    /// ~5 ms p50 here). False: it survives a crash of the process but the last rows may be lost with the machine (~0.1 ms).
    /// The chain stays consistent either way.
    /// </summary>
    public bool FlushEachRow { get; set; } = true;
}
