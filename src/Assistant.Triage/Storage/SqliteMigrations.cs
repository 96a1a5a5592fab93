using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Assistant.Triage.Storage;

/// <summary>
/// The one migration runner of the triage project's SQLite files (the dossier queue and the priority-project registry):
/// WAL, a <c>schema_migrations</c> table, and each numbered step applied once in its own transaction with the time it
/// was applied. (The audit trail keeps its own copy: Assistant.Audit references nothing.)
/// </summary>
internal static class SqliteMigrations
{
    public static void Apply(SqliteConnection connection, IEnumerable<(int Version, string Name, string Sql)> migrations, TimeProvider time)
    {
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);";
            cmd.ExecuteNonQuery();
        }
        foreach (var (version, name, sql) in migrations)
        {
            using var tx = connection.BeginTransaction();
            using (var check = connection.CreateCommand())
            {
                check.Transaction = tx;
                check.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE version = $v";
                check.Parameters.AddWithValue("$v", version);
                if (Convert.ToInt32(check.ExecuteScalar(), CultureInfo.InvariantCulture) > 0) { tx.Commit(); continue; }
            }
            using (var apply = connection.CreateCommand())
            {
                apply.Transaction = tx;
                apply.CommandText = sql;
                apply.ExecuteNonQuery();
            }
            using (var record = connection.CreateCommand())
            {
                record.Transaction = tx;
                record.CommandText = "INSERT INTO schema_migrations(version, name, applied_at) VALUES ($v, $n, $t)";
                record.Parameters.AddWithValue("$v", version);
                record.Parameters.AddWithValue("$n", name);
                record.Parameters.AddWithValue("$t", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
                record.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }
}
