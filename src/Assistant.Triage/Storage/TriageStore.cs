using System.Globalization;
using System.Text.Json;
using Assistant.Access;
using Assistant.Triage.Model;
using Assistant.Triage.Protection;
using Microsoft.Data.Sqlite;

namespace Assistant.Triage.Storage;

/// <summary>A stored triage, as listed in the queue.</summary>
public sealed record StoredDossier(
    string Id,
    DateTimeOffset ReceivedAt,
    DateTimeOffset StoredAt,
    string ModelVersion,
    string InputsHash,
    string ResultJson,
    string? ProcedureCode,
    string? DueDate,
    bool IsPriority,
    bool NeedsReview,
    string? OverrideProcedureCode,
    string? OverrideUnitCode,
    string? OverrideOfficer);

/// <summary>An officer's correction, kept for retraining.</summary>
public sealed record TriageOverride(string DossierId, string? ProcedureCode, string? UnitCode, string Officer, DateTimeOffset At);

/// <summary>
/// A dossier looked up within a caller's units: <see cref="Exists"/> tells whether the id is stored at all, and
/// <see cref="Dossier"/> is null when it is not, or when it belongs to none of the caller's units.
/// </summary>
public sealed record ScopedDossier(bool Exists, StoredDossier? Dossier)
{
    /// <summary>Stored, but outside the caller's units.</summary>
    public bool OutOfScope => Exists && Dossier is null;
}

/// <summary>Outcome of <see cref="TriageStore.Save"/>.</summary>
public enum SaveOutcome { Inserted, Unchanged, Conflict }

/// <summary>
/// SQLite store of triaged dossiers (data file chosen by Triage:DatabasePath). Schema changes are numbered migrations
/// recorded in schema_migrations. Each triage is written in one transaction (dossier row + its request), so nothing is
/// stored half-way; overrides go to their own table and are deleted only with their dossier (erasure, retention).
/// The request and result JSON are encrypted with an <see cref="IDossierProtector"/> (migration 3; see
/// TriageStore.PersonalData.cs for the subject index, export, erasure and retention).
/// </summary>
public sealed partial class TriageStore : IDisposable
{
    private readonly string _connectionString;
    private readonly IDossierProtector _protector;

    /// <summary>
    /// Writers of this process take turns here before BEGIN: without it, concurrent requests each open a connection and
    /// race for SQLite's write lock, and the losers sleep in SQLite's busy handler (1, 2, 5, 10… ms steps) even when the
    /// lock is free again a millisecond later — under 16 concurrent triages that sleeping was most of the request time.
    /// busy_timeout still covers writers in other processes (the operators' CLI).
    /// </summary>
    private readonly Lock _writeGate = new();

    /// <summary>
    /// The one connection of this instance's writes, opened at the first write and used only under
    /// <see cref="_writeGate"/>: a fresh connection per write (Pooling=false) re-reads and re-parses the schema and
    /// re-prepares every statement, which cost more than the write itself.
    /// </summary>
    private SqliteConnection? _writer;
    private bool _disposed;

    // The group-commit queue of Save (a plain object: Monitor.Wait/PulseAll): saves waiting for the next batch, and
    // whether a leader is writing one.
    private readonly object _saveQueue = new();
    private List<PendingSave> _waitingSaves = [];
    private bool _savingBatch;

    private static readonly (int Version, string Name, string Sql)[] Migrations =
    [
        (1, "dossiers and overrides", """
            CREATE TABLE dossiers (
              id TEXT PRIMARY KEY,
              received_at TEXT NOT NULL,
              stored_at TEXT NOT NULL,
              model_version TEXT NOT NULL,
              inputs_hash TEXT NOT NULL,
              request_json TEXT NOT NULL,
              result_json TEXT NOT NULL,
              procedure_code TEXT,
              due_date TEXT,
              is_priority INTEGER NOT NULL,
              needs_review INTEGER NOT NULL
            );
            CREATE INDEX ix_dossiers_queue ON dossiers(is_priority DESC, due_date);
            CREATE TABLE overrides (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              dossier_id TEXT NOT NULL REFERENCES dossiers(id),
              procedure_code TEXT,
              unit_code TEXT,
              officer TEXT NOT NULL,
              at TEXT NOT NULL
            );
            CREATE INDEX ix_overrides_dossier ON overrides(dossier_id);
            """),
        // The units a dossier belongs to, for unit-scoped queries: the units it was routed to, replaced by the unit of
        // the latest override that chose one. Filled from the stored results and overrides of an existing file.
        (2, "dossier units", """
            CREATE TABLE dossier_units (
              dossier_id TEXT NOT NULL REFERENCES dossiers(id),
              unit_code TEXT NOT NULL,
              PRIMARY KEY (dossier_id, unit_code)
            ) WITHOUT ROWID;
            CREATE INDEX ix_dossier_units_unit ON dossier_units(unit_code, dossier_id);
            INSERT OR IGNORE INTO dossier_units(dossier_id, unit_code)
              SELECT d.id, json_extract(c.value, '$.unitCode')
              FROM dossiers d, json_each(d.result_json, '$.routeTo.candidates') c
              WHERE json_extract(c.value, '$.unitCode') IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM overrides o WHERE o.dossier_id = d.id AND o.unit_code IS NOT NULL);
            INSERT OR IGNORE INTO dossier_units(dossier_id, unit_code)
              SELECT o.dossier_id, o.unit_code FROM overrides o
              WHERE o.seq = (SELECT MAX(seq) FROM overrides l WHERE l.dossier_id = o.dossier_id AND l.unit_code IS NOT NULL);
            """),
        (3, "encrypted payloads and the subject index", ProtectionMigrationSql),
    ];

    /// <param name="path">The SQLite file (created with its folder when missing).</param>
    /// <param name="time">The clock that stamps applied migrations.</param>
    /// <param name="protector">Encrypts what is stored about each dossier. Checked against the store at once: keys that
    /// cannot open it throw <see cref="DossierKeysUnavailableException"/>; rows written before encryption are encrypted now.</param>
    public TriageStore(string path, TimeProvider time, IDossierProtector protector)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(protector);
        _protector = protector;
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        Migrate(time);
        OpenKeysAndProtectClearRows();
    }

    public int SchemaVersion
    {
        get
        {
            using var c = Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
            return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The write connection; call only under <see cref="_writeGate"/>.</summary>
    private SqliteConnection Writer()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _writer ??= Open();
    }

    /// <summary>Closes the write connection (the file stays as it is); reads and writes after this throw.</summary>
    public void Dispose()
    {
        lock (_writeGate)
        {
            if (_disposed) return;
            _disposed = true;
            _writer?.Dispose();
            _writer = null;
        }
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        using var pragma = c.CreateCommand();
        // secure_delete: an erased or purged dossier is overwritten in the file, not just unlinked. synchronous FULL (set,
        // not left to the build's default): a triage answered 201 has its commit on disk, so it survives a power cut, not
        // only a killed process.
        pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA secure_delete = ON; PRAGMA synchronous = FULL;";
        pragma.ExecuteNonQuery();
        return c;
    }

    private void Migrate(TimeProvider time)
    {
        using var c = Open();
        SqliteMigrations.Apply(c, Migrations, time);
    }

    /// <summary>
    /// Stores a triage in one transaction. The same id with the same inputs is <see cref="SaveOutcome.Unchanged"/> (the
    /// stored result stays); the same id with different inputs is a <see cref="SaveOutcome.Conflict"/> and stores nothing.
    /// </summary>
    /// <param name="idNumbers">The identity numbers found in the dossier (digits): indexed as keyed hashes only.</param>
    public (SaveOutcome Outcome, string? StoredResultJson) Save(
        DossierRequest request, string inputsHash, string requestJson, TriageResult result, string resultJson, DateTimeOffset now,
        IReadOnlyList<string>? idNumbers = null)
    {
        // Encrypted before the write lock is taken: the encryption is CPU work that does not need it.
        var protectedRequest = _protector.Protect(requestJson);
        var protectedResult = _protector.Protect(resultJson);
        var pending = new PendingSave((c, tx) => SaveIn(c, tx, request, inputsHash, protectedRequest, result, protectedResult, now, idNumbers));
        bool lead;
        lock (_saveQueue)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _waitingSaves.Add(pending);
            lead = !_savingBatch;
            if (lead) _savingBatch = true;
            while (!lead && !pending.Done)
            {
                Monitor.Wait(_saveQueue);
                if (pending.Lead) lead = true;
            }
        }
        if (lead) WriteSaveBatch();
        if (pending.Failure is { } failure) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return pending.Outcome;
    }

    /// <summary>
    /// Group commit of <see cref="Save"/>: the leader writes every save queued so far in one transaction — each inside
    /// its own savepoint, so one that fails is undone alone and its caller gets the exception — and commits once (one
    /// fsync for the batch). Callers return only after that commit. Then the lead passes to a save that queued meanwhile.
    /// </summary>
    private void WriteSaveBatch()
    {
        List<PendingSave> batch;
        lock (_saveQueue)
        {
            batch = _waitingSaves;
            _waitingSaves = [];
        }
        Exception? batchFailure = null;
        try
        {
            lock (_writeGate)
            {
                var c = Writer();
                using var tx = c.BeginTransaction(System.Data.IsolationLevel.Serializable);
                foreach (var p in batch)
                {
                    tx.Save("dossier");
                    try
                    {
                        p.Outcome = p.Work(c, tx);
                        tx.Release("dossier");
                    }
                    catch (Exception e)
                    {
                        tx.Rollback("dossier");
                        tx.Release("dossier");
                        p.Failure = e;
                    }
                }
                tx.Commit();
            }
        }
        catch (Exception e)
        {
            batchFailure = e;
        }
        finally
        {
            lock (_saveQueue)
            {
                foreach (var p in batch)
                {
                    if (batchFailure is not null) p.Failure ??= batchFailure;
                    p.Done = true;
                }
                if (_waitingSaves.Count > 0) _waitingSaves[0].Lead = true;
                else _savingBatch = false;
                Monitor.PulseAll(_saveQueue);
            }
        }
    }

    /// <summary>One caller's save on its way into a batch; fields guarded by <c>_saveQueue</c> once queued.</summary>
    private sealed class PendingSave(Func<SqliteConnection, SqliteTransaction, (SaveOutcome, string?)> work)
    {
        public Func<SqliteConnection, SqliteTransaction, (SaveOutcome, string?)> Work { get; } = work;
        public (SaveOutcome, string?) Outcome { get; set; }
        public Exception? Failure { get; set; }
        public bool Done { get; set; }
        public bool Lead { get; set; }
    }

    private (SaveOutcome Outcome, string? StoredResultJson) SaveIn(SqliteConnection c, SqliteTransaction tx,
        DossierRequest request, string inputsHash, string protectedRequest, TriageResult result, string protectedResult, DateTimeOffset now,
        IReadOnlyList<string>? idNumbers)
    {
        using (var find = c.CreateCommand())
        {
            find.Transaction = tx;
            find.CommandText = "SELECT inputs_hash, result_json FROM dossiers WHERE id = $id";
            find.Parameters.AddWithValue("$id", request.Id);
            using var r = find.ExecuteReader();
            if (r.Read())
            {
                var hash = r.GetString(0);
                var stored = r.GetString(1);
                return hash == inputsHash ? (SaveOutcome.Unchanged, _protector.Unprotect(stored)) : (SaveOutcome.Conflict, null);
            }
        }
        using (var ins = c.CreateCommand())
        {
            ins.Transaction = tx;
            ins.CommandText = """
                INSERT INTO dossiers(id, received_at, stored_at, model_version, inputs_hash, request_json, result_json, procedure_code, due_date, is_priority, needs_review, protected)
                VALUES ($id, $rec, $at, $mv, $hash, $req, $res, $code, $due, $prio, $review, 1)
                """;
            ins.Parameters.AddWithValue("$id", request.Id);
            ins.Parameters.AddWithValue("$rec", request.ReceivedAt.ToString("O", CultureInfo.InvariantCulture));
            ins.Parameters.AddWithValue("$at", now.ToString("O", CultureInfo.InvariantCulture));
            ins.Parameters.AddWithValue("$mv", result.ModelVersion);
            ins.Parameters.AddWithValue("$hash", inputsHash);
            ins.Parameters.AddWithValue("$req", protectedRequest);
            ins.Parameters.AddWithValue("$res", protectedResult);
            ins.Parameters.AddWithValue("$code", (object?)result.ProcedureCode ?? DBNull.Value);
            ins.Parameters.AddWithValue("$due", (object?)result.DueDate ?? DBNull.Value);
            ins.Parameters.AddWithValue("$prio", result.Priority.IsPriority ? 1 : 0);
            ins.Parameters.AddWithValue("$review", result.NeedsReview ? 1 : 0);
            ins.ExecuteNonQuery();
        }
        SetUnits(c, tx, request.Id, result.RouteTo.Candidates.Select(u => u.UnitCode));
        AddSubjects(c, tx, request.Id, idNumbers ?? []);
        return (SaveOutcome.Inserted, null);
    }

    /// <summary>The dossier, whoever asks (internal use: retraining, tools). Officer reads go through the scoped overload.</summary>
    public StoredDossier? Find(string id) => Query("WHERE d.id = $id", [("$id", id)]).FirstOrDefault();

    /// <summary>The dossier if it belongs to one of the units of <paramref name="scope"/>; whether it exists at all either way.</summary>
    public ScopedDossier Find(string id, UnitScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var args = new List<(string, object)> { ("$id", id) };
        var found = Query($"WHERE d.id = $id AND {InScope(scope, args)}", args).FirstOrDefault();
        if (found is not null) return new ScopedDossier(true, found);
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM dossiers WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        return new ScopedDossier(Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) > 0, null);
    }

    /// <summary>
    /// The stored dossiers of the units in <paramref name="scope"/> (every dossier for <see cref="UnitScope.All"/>, none
    /// for <see cref="UnitScope.None"/>), priority first, then due date (none last), then receipt time.
    /// </summary>
    public IReadOnlyList<StoredDossier> List(UnitScope scope, int limit = 500)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var args = new List<(string, object)>();
        return Query($"WHERE {InScope(scope, args)} ORDER BY d.is_priority DESC, d.due_date IS NULL, d.due_date, d.received_at LIMIT {Math.Clamp(limit, 1, 5000)}", args);
    }

    /// <summary>The units a dossier belongs to (routed candidates, or the unit of the latest override that chose one).</summary>
    public IReadOnlyList<string> UnitsOf(string id)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT unit_code FROM dossier_units WHERE dossier_id = $id ORDER BY unit_code";
        cmd.Parameters.AddWithValue("$id", id);
        using var r = cmd.ExecuteReader();
        var units = new List<string>();
        while (r.Read()) units.Add(r.GetString(0));
        return units;
    }

    /// <summary>How many stored dossiers each unit has in its queue (a dossier routed to two candidates counts for both).</summary>
    public IReadOnlyList<(string Unit, long Count)> CountByUnit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT unit_code, COUNT(*) FROM dossier_units GROUP BY unit_code ORDER BY unit_code";
        using var r = cmd.ExecuteReader();
        var counts = new List<(string, long)>();
        while (r.Read()) counts.Add((r.GetString(0), r.GetInt64(1)));
        return counts;
    }

    /// <summary>The SQL condition "dossier d is in <paramref name="scope"/>", its unit codes added to <paramref name="args"/> as parameters.</summary>
    private static string InScope(UnitScope scope, List<(string Name, object Value)> args)
    {
        if (scope.AllUnits) return "1 = 1";
        if (scope.Codes.Count == 0) return "0 = 1";
        var names = new List<string>();
        foreach (var code in scope.Codes.Order(StringComparer.Ordinal))
        {
            var name = "$unit" + names.Count.ToString(CultureInfo.InvariantCulture);
            names.Add(name);
            args.Add((name, code));
        }
        return $"EXISTS (SELECT 1 FROM dossier_units u WHERE u.dossier_id = d.id AND u.unit_code IN ({string.Join(", ", names)}))";
    }

    private static void SetUnits(SqliteConnection c, SqliteTransaction tx, string dossierId, IEnumerable<string> units)
    {
        using (var clear = c.CreateCommand())
        {
            clear.Transaction = tx;
            clear.CommandText = "DELETE FROM dossier_units WHERE dossier_id = $id";
            clear.Parameters.AddWithValue("$id", dossierId);
            clear.ExecuteNonQuery();
        }
        foreach (var unit in units.Where(u => !string.IsNullOrWhiteSpace(u)).Distinct(StringComparer.Ordinal))
        {
            using var ins = c.CreateCommand();
            ins.Transaction = tx;
            ins.CommandText = "INSERT INTO dossier_units(dossier_id, unit_code) VALUES ($id, $unit)";
            ins.Parameters.AddWithValue("$id", dossierId);
            ins.Parameters.AddWithValue("$unit", unit);
            ins.ExecuteNonQuery();
        }
    }

    private List<StoredDossier> Query(string tail, IEnumerable<(string Name, object Value)> args)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"""
            SELECT d.id, d.received_at, d.stored_at, d.model_version, d.inputs_hash, d.result_json, d.procedure_code, d.due_date, d.is_priority, d.needs_review,
                   o.procedure_code, o.unit_code, o.officer
            FROM dossiers d
            LEFT JOIN overrides o ON o.seq = (SELECT MAX(seq) FROM overrides WHERE dossier_id = d.id)
            {tail}
            """;
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
        using var r = cmd.ExecuteReader();
        var list = new List<StoredDossier>();
        while (r.Read())
        {
            list.Add(new StoredDossier(
                r.GetString(0),
                DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture),
                r.GetString(3), r.GetString(4), _protector.Unprotect(r.GetString(5)),
                r.IsDBNull(6) ? null : r.GetString(6),
                r.IsDBNull(7) ? null : r.GetString(7),
                r.GetInt32(8) != 0, r.GetInt32(9) != 0,
                r.IsDBNull(10) ? null : r.GetString(10),
                r.IsDBNull(11) ? null : r.GetString(11),
                r.IsDBNull(12) ? null : r.GetString(12)));
        }
        return list;
    }

    /// <summary>Records an officer's override; false when the dossier does not exist.</summary>
    public bool AddOverride(TriageOverride o)
    {
        lock (_writeGate) return AddOverrideIn(Writer(), o);
    }

    private static bool AddOverrideIn(SqliteConnection c, TriageOverride o)
    {
        using var tx = c.BeginTransaction();
        using (var exists = c.CreateCommand())
        {
            exists.Transaction = tx;
            exists.CommandText = "SELECT COUNT(*) FROM dossiers WHERE id = $id";
            exists.Parameters.AddWithValue("$id", o.DossierId);
            if (Convert.ToInt32(exists.ExecuteScalar(), CultureInfo.InvariantCulture) == 0) return false;
        }
        using (var ins = c.CreateCommand())
        {
            ins.Transaction = tx;
            ins.CommandText = "INSERT INTO overrides(dossier_id, procedure_code, unit_code, officer, at) VALUES ($id, $p, $u, $o, $t)";
            ins.Parameters.AddWithValue("$id", o.DossierId);
            ins.Parameters.AddWithValue("$p", (object?)o.ProcedureCode ?? DBNull.Value);
            ins.Parameters.AddWithValue("$u", (object?)o.UnitCode ?? DBNull.Value);
            ins.Parameters.AddWithValue("$o", o.Officer);
            ins.Parameters.AddWithValue("$t", o.At.ToString("O", CultureInfo.InvariantCulture));
            ins.ExecuteNonQuery();
        }
        // An override that chooses a unit moves the dossier to that unit's queue.
        if (o.UnitCode is not null) SetUnits(c, tx, o.DossierId, [o.UnitCode]);
        tx.Commit();
        return true;
    }

    /// <summary>Overrides joined with their dossiers' requests: the examples for retraining.</summary>
    public IReadOnlyList<(TriageOverride Override, string RequestJson)> Overrides()
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT o.dossier_id, o.procedure_code, o.unit_code, o.officer, o.at, d.request_json FROM overrides o JOIN dossiers d ON d.id = o.dossier_id ORDER BY o.seq";
        using var r = cmd.ExecuteReader();
        var list = new List<(TriageOverride, string)>();
        while (r.Read())
            list.Add((new TriageOverride(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3),
                DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture)), _protector.Unprotect(r.GetString(5))));
        return list;
    }
}
