using System.Text.Json;
using System.Text.Json.Serialization;

namespace Assistant.Indexer.Backup;

/// <summary>
/// manifest.json, the last file a backup writes: what the backup holds and how to check it. A backup without one was
/// interrupted; a file whose size or SHA-256 differs from it was damaged after the backup was made.
/// </summary>
public sealed record BackupManifest
{
    public const string FileName = "manifest.json";
    public const string CurrentFormat = "assistant-backup/1";

    public required string Format { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required BackupIndex Index { get; init; }
    public required IReadOnlyList<BackupDatabase> Databases { get; init; }
    /// <summary>Every file of the backup but this manifest, with its size and SHA-256 (lower-case hex).</summary>
    public required IReadOnlyList<BackupFile> Files { get; init; }

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>The legal store's part: its kind, whether its files are in the backup (folder <see cref="BackupLayout.IndexFolder"/>),
/// the Lucene commit generation copied and the store's schema and embedding model at that commit.</summary>
public sealed record BackupIndex(string Kind, bool Included, long? CommitGeneration, string? SchemaVersion, string? EmbeddingModel, int? Dimensions, string? Note);

/// <summary>One SQLite database: its role, the setting that names it in the bot, whether the bot had created it yet, where
/// it is in the backup and its schema version (the highest applied migration, or PRAGMA user_version).</summary>
public sealed record BackupDatabase(string Role, string Setting, bool Included, string? Path, long? SchemaVersion);

public sealed record BackupFile(string Path, long Size, string Sha256);

/// <summary>
/// Where each part lives inside a backup, and where a restore puts it: the bot's default layout relative to its working
/// folder, so that a bot started in the restored folder with default paths finds everything.
/// </summary>
public static class BackupLayout
{
    public const string IndexFolder = "index";
    public const string DatabaseFolder = "sqlite";
    public const string RestoredStoreFolder = "store";

    /// <summary>The databases the bot keeps: role, its setting, the file name in the backup, the default path the bot
    /// uses relative to its working folder (the restore target).</summary>
    public static IReadOnlyList<DatabaseRole> Databases { get; } =
    [
        new("conversation", "Conversation:StatePath", "conversation-state.db", System.IO.Path.Combine("store", "conversation-state.db")),
        new("triage", "Triage:DatabasePath", "triage.db", System.IO.Path.Combine("store", "triage.db")),
        new("priority-projects", "Triage:PriorityProjectsDatabasePath", "priority-projects.db", System.IO.Path.Combine("store", "priority-projects.db")),
        new("audit", "Audit:DatabasePath", "audit.db", "audit.db"),
    ];
}

public sealed record DatabaseRole(string Role, string Setting, string BackupName, string DefaultPath);

/// <summary>A backup that cannot be used (incomplete, damaged) or a target that must not be overwritten; the message is
/// the operator's, in Vietnamese.</summary>
public sealed class BackupRefusedException(string message, bool damaged) : Exception(message)
{
    /// <summary>True when the backup itself is incomplete or damaged (not a wrong argument).</summary>
    public bool Damaged => damaged;
}
