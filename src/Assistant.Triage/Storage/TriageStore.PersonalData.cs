using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Assistant.Access.PersonalData;
using Assistant.Triage.Protection;
using Microsoft.Data.Sqlite;

namespace Assistant.Triage.Storage;

/// <summary>Everything the store keeps about one dossier, decrypted: what an export hands to the person.</summary>
public sealed record DossierRecord(
    string Id,
    DateTimeOffset ReceivedAt,
    DateTimeOffset StoredAt,
    string RequestJson,
    string ResultJson,
    IReadOnlyList<TriageOverride> Overrides);

/// <summary>
/// Personal data in the triage store (Law 91/2025/QH15): encryption at rest of the request and result (migration 3), the
/// subject index (HMAC-SHA256 of each identity number found in a dossier, with a random key that is itself stored
/// encrypted by the key ring), export and erasure of one person's dossiers, and the retention purge.
/// </summary>
public sealed partial class TriageStore
{
    private const string ProtectionMigrationSql = """
        ALTER TABLE dossiers ADD COLUMN protected INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE dossier_subjects (
          dossier_id TEXT NOT NULL REFERENCES dossiers(id),
          subject_hash TEXT NOT NULL,
          PRIMARY KEY (dossier_id, subject_hash)
        );
        CREATE INDEX ix_dossier_subjects_hash ON dossier_subjects(subject_hash);
        CREATE TABLE store_keys (
          name TEXT PRIMARY KEY,
          protected_value TEXT NOT NULL
        );
        """;

    // A known text encrypted with the key ring: opening the store with other keys fails here, at start, not on a read.
    private const string CanaryName = "canary";
    private const string CanaryText = "assistant-triage-store";
    private const string SubjectKeyName = "subject-index-hmac";

    private byte[] _subjectKey = [];

    /// <summary>Rows written before migration 3 (request and result in clear): encrypted at start, nothing lost.</summary>
    public int RowsProtectedAtStart { get; private set; }

    private void OpenKeysAndProtectClearRows()
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        var canary = ReadKey(c, tx, CanaryName);
        if (canary is null) WriteKey(c, tx, CanaryName, _protector.Protect(CanaryText));
        else if (_protector.Unprotect(canary) != CanaryText) throw new DossierKeysUnavailableException(DossierKeysUnavailableException.DefaultMessage(null));

        var subjectKey = ReadKey(c, tx, SubjectKeyName);
        if (subjectKey is null)
        {
            _subjectKey = RandomNumberGenerator.GetBytes(32);
            WriteKey(c, tx, SubjectKeyName, _protector.Protect(Convert.ToBase64String(_subjectKey)));
        }
        else
        {
            _subjectKey = Convert.FromBase64String(_protector.Unprotect(subjectKey));
        }

        var clear = new List<(string Id, string Request, string Result)>();
        using (var find = c.CreateCommand())
        {
            find.Transaction = tx;
            find.CommandText = "SELECT id, request_json, result_json FROM dossiers WHERE protected = 0";
            using var r = find.ExecuteReader();
            while (r.Read()) clear.Add((r.GetString(0), r.GetString(1), r.GetString(2)));
        }
        foreach (var (id, request, result) in clear)
        {
            var (minimised, idNumbers) = StoredRequest.MinimiseJson(request);
            using var update = c.CreateCommand();
            update.Transaction = tx;
            update.CommandText = "UPDATE dossiers SET request_json = $req, result_json = $res, protected = 1 WHERE id = $id";
            update.Parameters.AddWithValue("$req", _protector.Protect(minimised));
            update.Parameters.AddWithValue("$res", _protector.Protect(result));
            update.Parameters.AddWithValue("$id", id);
            update.ExecuteNonQuery();
            AddSubjects(c, tx, id, idNumbers);
        }
        tx.Commit();
        RowsProtectedAtStart = clear.Count;
        if (clear.Count > 0)
        {
            // The clear text may still sit in free pages and the WAL: rewrite the file without them.
            using var vacuum = c.CreateCommand();
            vacuum.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;";
            vacuum.ExecuteNonQuery();
        }
    }

    private static string? ReadKey(SqliteConnection c, SqliteTransaction tx, string name)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT protected_value FROM store_keys WHERE name = $n";
        cmd.Parameters.AddWithValue("$n", name);
        return cmd.ExecuteScalar() as string;
    }

    private static void WriteKey(SqliteConnection c, SqliteTransaction tx, string name, string value)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO store_keys(name, protected_value) VALUES ($n, $v)";
        cmd.Parameters.AddWithValue("$n", name);
        cmd.Parameters.AddWithValue("$v", value);
        cmd.ExecuteNonQuery();
    }

    /// <summary>The keyed hash under which an identity number (digits only) is indexed.</summary>
    public string SubjectHash(string idNumber)
    {
        ArgumentNullException.ThrowIfNull(idNumber);
        return Convert.ToHexString(HMACSHA256.HashData(_subjectKey, Encoding.UTF8.GetBytes(idNumber))).ToLowerInvariant();
    }

    private void AddSubjects(SqliteConnection c, SqliteTransaction tx, string dossierId, IEnumerable<string> idNumbers)
    {
        foreach (var number in idNumbers.Distinct(StringComparer.Ordinal))
        {
            using var ins = c.CreateCommand();
            ins.Transaction = tx;
            ins.CommandText = "INSERT OR IGNORE INTO dossier_subjects(dossier_id, subject_hash) VALUES ($id, $h)";
            ins.Parameters.AddWithValue("$id", dossierId);
            ins.Parameters.AddWithValue("$h", SubjectHash(number));
            ins.ExecuteNonQuery();
        }
    }

    /// <summary>The dossiers whose description held <paramref name="idNumber"/> (as typed; spaces and dots allowed).</summary>
    public IReadOnlyList<string> DossierIdsForIdNumber(string idNumber)
    {
        var digits = PersonalDataScrubber.NormalizeIdNumber(idNumber);
        if (digits is null) return [];
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT dossier_id FROM dossier_subjects WHERE subject_hash = $h ORDER BY dossier_id";
        cmd.Parameters.AddWithValue("$h", SubjectHash(digits));
        using var r = cmd.ExecuteReader();
        var ids = new List<string>();
        while (r.Read()) ids.Add(r.GetString(0));
        return ids;
    }

    /// <summary>Everything kept about one dossier, decrypted; null when there is no such dossier.</summary>
    public DossierRecord? Export(string id)
    {
        using var c = Open();
        DossierRecord? record = null;
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT received_at, stored_at, request_json, result_json FROM dossiers WHERE id = $id";
            cmd.Parameters.AddWithValue("$id", id);
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return null;
            record = new DossierRecord(id, DateTimeOffset.Parse(r.GetString(0), CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture), _protector.Unprotect(r.GetString(2)), _protector.Unprotect(r.GetString(3)), []);
        }
        var overrides = new List<TriageOverride>();
        using (var o = c.CreateCommand())
        {
            o.CommandText = "SELECT procedure_code, unit_code, officer, at FROM overrides WHERE dossier_id = $id ORDER BY seq";
            o.Parameters.AddWithValue("$id", id);
            using var r = o.ExecuteReader();
            while (r.Read())
                overrides.Add(new TriageOverride(id, r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2),
                    DateTimeOffset.Parse(r.GetString(3), CultureInfo.InvariantCulture)));
        }
        return record with { Overrides = overrides };
    }

    /// <summary>
    /// Erases one dossier: its row (request, result) and every row that refers to it (officers' overrides, the subject
    /// index, unit links) in one transaction. The overrides go too: their only use is retraining on the dossier's
    /// request, which is gone, and kept they would still tie an officer's decision to the person. False when unknown.
    /// </summary>
    public bool Erase(string id)
    {
        lock (_writeGate)
        {
            var c = Writer();
            using var tx = c.BeginTransaction();
            var erased = EraseIn(c, tx, id, ReferencingTables(c, tx));
            tx.Commit();
            return erased;
        }
    }

    /// <summary>
    /// Retention: erases (as <see cref="Erase"/>) every dossier stored before <paramref name="cutoff"/>, and returns how
    /// many.
    /// </summary>
    public int PurgeStoredBefore(DateTimeOffset cutoff)
    {
        lock (_writeGate) return PurgeIn(Writer(), cutoff);
    }

    private int PurgeIn(SqliteConnection c, DateTimeOffset cutoff)
    {
        using var tx = c.BeginTransaction();
        var ids = new List<string>();
        using (var find = c.CreateCommand())
        {
            find.Transaction = tx;
            find.CommandText = "SELECT id, stored_at FROM dossiers";
            using var r = find.ExecuteReader();
            while (r.Read())
            {
                if (DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture) < cutoff) ids.Add(r.GetString(0));
            }
        }
        var tables = ReferencingTables(c, tx);
        var count = ids.Count(id => EraseIn(c, tx, id, tables));
        tx.Commit();
        return count;
    }

    // Every table with a foreign key to dossiers (overrides, dossier_subjects, and those later migrations add), so that
    // erasure stays complete when the schema grows.
    private static List<(string Table, string Column)> ReferencingTables(SqliteConnection c, SqliteTransaction tx)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            SELECT m.name, f."from" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
            WHERE m.type = 'table' AND f."table" = 'dossiers'
            """;
        using var r = cmd.ExecuteReader();
        var list = new List<(string, string)>();
        while (r.Read()) list.Add((r.GetString(0), r.GetString(1)));
        return list;
    }

    private static bool EraseIn(SqliteConnection c, SqliteTransaction tx, string id, List<(string Table, string Column)> referencing)
    {
        foreach (var (table, column) in referencing)
        {
            using var del = c.CreateCommand();
            del.Transaction = tx;
            del.CommandText = $"DELETE FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WHERE \"{column.Replace("\"", "\"\"", StringComparison.Ordinal)}\" = $id";
            del.Parameters.AddWithValue("$id", id);
            del.ExecuteNonQuery();
        }
        using var dossier = c.CreateCommand();
        dossier.Transaction = tx;
        dossier.CommandText = "DELETE FROM dossiers WHERE id = $id";
        dossier.Parameters.AddWithValue("$id", id);
        return dossier.ExecuteNonQuery() > 0;
    }
}
