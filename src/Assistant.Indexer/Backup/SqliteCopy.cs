using Microsoft.Data.Sqlite;

namespace Assistant.Indexer.Backup;

/// <summary>SQLite files copied with the online backup API: a consistent copy while the bot keeps writing.</summary>
public static class SqliteCopy
{
    /// <summary>
    /// Copies <paramref name="source"/> into a new file <paramref name="destination"/> page by page under one read
    /// transaction (sqlite3_backup with all pages in one step), so the copy is the database as one commit left it; the
    /// bot's writers go on meanwhile (WAL). Retried while another connection holds a lock that keeps the read out.
    /// </summary>
    public static async Task CopyAsync(string source, string destination, TimeProvider time, CancellationToken ct)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                using var from = Open(source, SqliteOpenMode.ReadWrite);
                using var to = Open(destination, SqliteOpenMode.ReadWriteCreate);
                from.BackupDatabase(to);
                // The copy becomes a single self-contained file (no -wal/-shm beside it, readable read-only); the bot
                // switches a restored file back to WAL when it opens it.
                using var journal = to.CreateCommand();
                journal.CommandText = "PRAGMA journal_mode = DELETE;";
                journal.ExecuteNonQuery();
                return;
            }
            catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6 && attempt < 50) // SQLITE_BUSY, SQLITE_LOCKED
            {
                File.Delete(destination);
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct);
            }
        }
    }

    /// <summary>PRAGMA integrity_check of a copy: "ok" or SQLite's first complaint.</summary>
    public static string IntegrityCheck(string path)
    {
        using var db = Open(path, SqliteOpenMode.ReadOnly);
        using var cmd = db.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check;";
        return Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    /// <summary>The schema version: the highest applied migration where the database has a migrations table (triage,
    /// audit), otherwise PRAGMA user_version (conversation state).</summary>
    public static long SchemaVersion(string path)
    {
        using var db = Open(path, SqliteOpenMode.ReadOnly);
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations';";
        bool migrations = Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
        cmd.CommandText = migrations ? "SELECT coalesce(max(version), 0) FROM schema_migrations;" : "PRAGMA user_version;";
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        // No pooling: the file must be closed when the copy is done (the backup is archived or moved right after).
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
