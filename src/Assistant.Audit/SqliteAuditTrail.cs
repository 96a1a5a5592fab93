using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Assistant.Audit;

/// <summary>
/// The audit trail in one SQLite file (table <c>audit</c>), hash-chained: each row stores the hash of the row before it
/// (<c>prev_hash</c>, <see cref="GenesisHash"/> for row 1) and its own <c>hash</c>, the SHA-256 of
/// <see cref="ComputeHash"/>'s canonical encoding of its sequence number, time, every field and <c>prev_hash</c>.
/// Editing any stored value breaks that row's hash; deleting a row leaves a gap in <c>seq</c> and breaks the link of the
/// next row; recomputing the hash of an edited row breaks the link of the row after it.
/// </summary>
/// <remarks>
/// <para>Appends are serialized twice over: an in-process lock, and <c>BEGIN IMMEDIATE</c> (the SQLite write lock, waited
/// for up to <c>busy_timeout</c>) around "read the last hash, insert the next row", so several processes appending to one
/// file still build one chain.</para>
/// <para>What the chain alone cannot show: deleting the <em>last</em> rows (or the whole table) leaves a shorter chain
/// that is still intact. <see cref="Verify"/> therefore returns the head (<see cref="AuditVerification.HeadSeq"/>,
/// <see cref="AuditVerification.HeadHash"/>); operators record it somewhere the trail's writers cannot reach and check
/// later that the row of that number still carries that hash (<c>assistant-indexer audit verify --expect-head</c>).</para>
/// <para>The rows never hold dossier text or personal data: the actor is the identity provider's pseudonymous subject,
/// the target a dossier id; see <see cref="AuditEntry"/>.</para>
/// </remarks>
public sealed class SqliteAuditTrail : IAuditTrail, IDisposable
{
    /// <summary>The <c>prev_hash</c> of row 1.</summary>
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>Largest page <see cref="Query"/> returns.</summary>
    public const int MaxPageSize = 500;

    private static readonly byte[] EncodingTag = "assistant-audit-v1"u8.ToArray();

    private static readonly (int Version, string Name, string Sql)[] Migrations =
    [
        (1, "audit rows", """
            CREATE TABLE audit (
              seq INTEGER PRIMARY KEY,
              at TEXT NOT NULL,
              actor TEXT NOT NULL,
              role TEXT NOT NULL,
              unit TEXT,
              action TEXT NOT NULL,
              target_id TEXT,
              client_address TEXT,
              outcome TEXT NOT NULL,
              prev_hash TEXT NOT NULL,
              hash TEXT NOT NULL
            );
            CREATE INDEX ix_audit_actor ON audit(actor, seq);
            CREATE INDEX ix_audit_action ON audit(action, seq);
            CREATE INDEX ix_audit_target ON audit(target_id, seq);
            CREATE INDEX ix_audit_at ON audit(at);
            """),
    ];

    private const string Columns = "seq, at, actor, role, unit, action, target_id, client_address, outcome, prev_hash, hash";

    private readonly string _connectionString;
    private readonly TimeProvider? _time;
    private readonly bool _flushEachRow = true;
    private readonly Lock _appendGate = new();
    private SqliteConnection? _appendConnection;
    private bool _connectionClosed;
    // The group-commit queue (a plain object: Monitor.Wait/PulseAll): rows waiting for the next batch, whether a leader
    // is writing one, and whether the trail is closed to new appends.
    private readonly object _queue = new();
    private List<PendingAppend> _waiting = [];
    private bool _writing;
    private bool _disposed;
    private long _commits;

    /// <summary>Opens (creating the folder, the file and the table when missing) the trail in <paramref name="path"/>.</summary>
    /// <param name="path">The SQLite file.</param>
    /// <param name="time">The clock that stamps rows and applied migrations.</param>
    /// <param name="flushEachRow">See <see cref="AuditOptions.FlushEachRow"/>.</param>
    public SqliteAuditTrail(string path, TimeProvider time, bool flushEachRow = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _flushEachRow = flushEachRow;
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        Migrate(time);
    }

    private SqliteAuditTrail(string connectionString) => _connectionString = connectionString;

    /// <summary>
    /// Opens an existing trail read-only, for checking it (no file, folder or table is created, nothing is written);
    /// <see cref="Append"/> then throws.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not an audit trail (no <c>audit</c> table).</exception>
    public static SqliteAuditTrail OpenExisting(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"Không có tệp nhật ký kiểm toán '{full}'.", full);
        var trail = new SqliteAuditTrail(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        bool hasTable;
        try
        {
            using var c = trail.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit'";
            hasTable = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
        }
        catch (SqliteException e)
        {
            throw new InvalidDataException($"'{full}' không phải tệp SQLite đọc được ({e.Message}).", e);
        }
        if (!hasTable) throw new InvalidDataException($"'{full}' không phải tệp nhật ký kiểm toán (không có bảng audit).");
        return trail;
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

    /// <inheritdoc />
    /// <remarks>
    /// Group commit: appends that arrive while a batch is being written wait, then the first of them (the leader) writes
    /// all of them in one transaction — one fsync for the batch instead of one per row — and wakes the others. Each row
    /// is still chained onto the one before it inside that transaction, and no caller returns before the transaction
    /// holding its row has committed (with <see cref="AuditOptions.FlushEachRow"/>, reached the disk).
    /// </remarks>
    public AuditRecord Append(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Role);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Action);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Outcome);
        if (_time is null) throw new InvalidOperationException("Nhật ký kiểm toán được mở chỉ để đọc.");
        var pending = new PendingAppend(entry);
        bool lead;
        lock (_queue)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _waiting.Add(pending);
            lead = !_writing;
            if (lead) _writing = true;
            while (!lead && !pending.Done)
            {
                Monitor.Wait(_queue);
                if (pending.Lead) lead = true;
            }
        }
        if (lead) WriteBatches();
        return pending.Failure is { } failure
            ? throw new InvalidOperationException("Không ghi được dòng nhật ký kiểm toán.", failure)
            : pending.Record!;
    }

    /// <summary>Transactions committed by <see cref="Append"/> of this instance (fewer than rows when appends were batched).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Test hook: called by the leader with the size of each batch, before it is written.</summary>
    internal Action<int>? BeforeBatch { get; set; }

    /// <summary>Rows waiting for the batch being written to finish (for the batching test).</summary>
    internal int Waiting
    {
        get { lock (_queue) return _waiting.Count; }
    }

    /// <summary>
    /// Run by the leader: writes what has queued up (its own row included) in one transaction, hands the results out and
    /// passes the lead to one of the rows that queued meanwhile, if any — so no caller keeps writing other callers' rows
    /// after its own is done.
    /// </summary>
    private void WriteBatches()
    {
        List<PendingAppend> batch;
        lock (_queue)
        {
            batch = _waiting;
            _waiting = [];
        }
        Exception? failure = null;
        var written = false;
        try
        {
            BeforeBatch?.Invoke(batch.Count);
            WriteBatch(batch);
            written = true;
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException or ObjectDisposedException)
        {
            failure = e;
        }
        finally
        {
            // Also on an exception not caught above: the waiting callers must wake (with a failure), never hang.
            failure ??= written ? null : new InvalidOperationException("Lô dòng nhật ký kiểm toán không được ghi.");
            lock (_queue)
            {
                foreach (var p in batch)
                {
                    p.Failure = failure;
                    p.Done = true;
                }
                if (_waiting.Count > 0) _waiting[0].Lead = true;
                else _writing = false;
                Monitor.PulseAll(_queue);
            }
        }
    }

    private void WriteBatch(List<PendingAppend> batch)
    {
        var time = _time!;
        lock (_appendGate)
        {
            ObjectDisposedException.ThrowIf(_connectionClosed, this);
            // One connection for all appends of this instance: appends are serialized anyway, and it spares an open per row.
            var c = _appendConnection ??= OpenForAppend();
            // BEGIN IMMEDIATE: takes the write lock before reading the head, so another process cannot chain onto the same row.
            using var tx = c.BeginTransaction(deferred: false);
            long lastSeq = 0;
            string prevHash = GenesisHash;
            using (var head = c.CreateCommand())
            {
                head.Transaction = tx;
                head.CommandText = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
                using var r = head.ExecuteReader();
                if (r.Read())
                {
                    lastSeq = r.GetInt64(0);
                    prevHash = r.GetString(1);
                }
            }
            using var ins = c.CreateCommand();
            ins.Transaction = tx;
            ins.CommandText = $"INSERT INTO audit({Columns}) VALUES ($seq, $at, $actor, $role, $unit, $action, $target, $client, $outcome, $prev, $hash)";
            var records = new AuditRecord[batch.Count];
            for (int i = 0; i < batch.Count; i++)
            {
                var entry = batch[i].Entry;
                var seq = lastSeq + 1;
                var atText = FormatTime(time.GetUtcNow().ToUniversalTime());
                var hash = ComputeHash(seq, atText, entry.Actor, entry.Role, entry.Unit, entry.Action, entry.TargetId, entry.ClientAddress, entry.Outcome, prevHash);
                ins.Parameters.Clear();
                ins.Parameters.AddWithValue("$seq", seq);
                ins.Parameters.AddWithValue("$at", atText);
                ins.Parameters.AddWithValue("$actor", entry.Actor);
                ins.Parameters.AddWithValue("$role", entry.Role);
                ins.Parameters.AddWithValue("$unit", (object?)entry.Unit ?? DBNull.Value);
                ins.Parameters.AddWithValue("$action", entry.Action);
                ins.Parameters.AddWithValue("$target", (object?)entry.TargetId ?? DBNull.Value);
                ins.Parameters.AddWithValue("$client", (object?)entry.ClientAddress ?? DBNull.Value);
                ins.Parameters.AddWithValue("$outcome", entry.Outcome);
                ins.Parameters.AddWithValue("$prev", prevHash);
                ins.Parameters.AddWithValue("$hash", hash);
                ins.ExecuteNonQuery();
                records[i] = new AuditRecord(seq, ParseTime(atText), entry.Actor, entry.Role, entry.Unit, entry.Action, entry.TargetId,
                    entry.ClientAddress, entry.Outcome, prevHash, hash);
                lastSeq = seq;
                prevHash = hash;
            }
            tx.Commit();
            Interlocked.Increment(ref _commits);
            // Handed out only after the commit: a caller never sees a record its transaction did not keep.
            for (int i = 0; i < batch.Count; i++) batch[i].Record = records[i];
        }
    }

    /// <summary>One caller's row on its way into a batch; fields guarded by <c>_queue</c> once queued.</summary>
    private sealed class PendingAppend(AuditEntry entry)
    {
        public AuditEntry Entry { get; } = entry;
        public AuditRecord? Record { get; set; }
        public Exception? Failure { get; set; }
        public bool Done { get; set; }
        public bool Lead { get; set; }
    }

    /// <summary>
    /// Rows with <c>seq &gt; AfterSeq</c> matching every given filter (exact match on actor, action, target and outcome;
    /// <c>From &lt;= at &lt; To</c>), oldest first, at most <see cref="AuditQuery.Limit"/> clamped to 1..<see cref="MaxPageSize"/>.
    /// Paging is by key (the last seq of a page is the next page's <c>AfterSeq</c>), so rows appended meanwhile are neither
    /// skipped nor repeated.
    /// </summary>
    public AuditPage Query(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit, 1, MaxPageSize);
        using var c = Open();
        using var cmd = c.CreateCommand();
        var where = new List<string> { "seq > $after" };
        cmd.Parameters.AddWithValue("$after", Math.Max(0, query.AfterSeq));
        void Filter(string column, string name, string? value)
        {
            if (value is null) return;
            where.Add($"{column} = {name}");
            cmd.Parameters.AddWithValue(name, value);
        }
        Filter("actor", "$actor", query.Actor);
        Filter("action", "$action", query.Action);
        Filter("target_id", "$target", query.TargetId);
        Filter("outcome", "$outcome", query.Outcome);
        // Times are stored as fixed-width ISO-8601 UTC text, so text order is time order.
        if (query.From is { } from)
        {
            where.Add("at >= $from");
            cmd.Parameters.AddWithValue("$from", FormatTime(from));
        }
        if (query.To is { } to)
        {
            where.Add("at < $to");
            cmd.Parameters.AddWithValue("$to", FormatTime(to));
        }
        cmd.CommandText = $"SELECT {Columns} FROM audit WHERE {string.Join(" AND ", where)} ORDER BY seq LIMIT $limit";
        cmd.Parameters.AddWithValue("$limit", limit + 1);
        var items = new List<AuditRecord>(Math.Min(limit + 1, 64));
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                var row = StoredRow.Read(r);
                items.Add(new AuditRecord(row.Seq, ParseTime(row.At ?? ""), row.Actor ?? "", row.Role ?? "", row.Unit, row.Action ?? "",
                    row.TargetId, row.ClientAddress, row.Outcome ?? "", row.PrevHash ?? "", row.Hash ?? ""));
            }
        }
        if (items.Count <= limit) return new AuditPage(items, null);
        items.RemoveAt(items.Count - 1);
        return new AuditPage(items, items[^1].Seq);
    }

    /// <summary>
    /// Walks every row in <c>seq</c> order and stops at the first broken one: a gap in the numbering (a deleted row), a
    /// stored hash that is not the hash of the row's content (an edited row), or a <c>prev_hash</c> that is not the hash
    /// of the row before (an edited row whose own hash was recomputed). The result also carries the head — the last row's
    /// number and hash — because deleting the last rows leaves an intact, shorter chain: compare it with a head recorded
    /// earlier, outside the trail.
    /// </summary>
    public AuditVerification Verify()
    {
        using var c = Open();
        // One statement reads one snapshot (WAL), so appends running meanwhile cannot make the walk see a half chain.
        using var tx = c.BeginTransaction(deferred: true);
        long headSeq = 0;
        string headHash = GenesisHash;
        using (var head = c.CreateCommand())
        {
            head.Transaction = tx;
            head.CommandText = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
            using var r = head.ExecuteReader();
            if (r.Read())
            {
                headSeq = r.GetInt64(0);
                headHash = r.IsDBNull(1) ? "" : r.GetString(1);
            }
        }
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"SELECT {Columns} FROM audit ORDER BY seq";
        using var rows = cmd.ExecuteReader();
        long expectedSeq = 1;
        string previousHash = GenesisHash;
        long checkedRows = 0;
        AuditVerification Broken(long seq, AuditBreak kind, string problem) =>
            new(false, checkedRows, seq, problem) { Break = kind, HeadSeq = headSeq, HeadHash = headHash };
        while (rows.Read())
        {
            var row = StoredRow.Read(rows);
            checkedRows++;
            if (row.Seq != expectedSeq)
            {
                var missing = row.Seq - 1 == expectedSeq ? $"dòng #{expectedSeq}" : $"các dòng #{expectedSeq}–#{row.Seq - 1}";
                return row.Seq > expectedSeq
                    ? Broken(row.Seq, AuditBreak.RowMissing, $"thiếu {missing} ngay trước dòng này (đã bị xoá)")
                    : Broken(row.Seq, AuditBreak.LinkBroken, $"số thứ tự không liền mạch (chờ dòng #{expectedSeq})");
            }
            var recomputed = ComputeHash(row.Seq, row.At, row.Actor, row.Role, row.Unit, row.Action, row.TargetId, row.ClientAddress, row.Outcome, row.PrevHash);
            if (!string.Equals(recomputed, row.Hash, StringComparison.Ordinal))
                return Broken(row.Seq, AuditBreak.ContentChanged, "hash không khớp với nội dung dòng (dòng đã bị sửa)");
            if (!string.Equals(row.PrevHash, previousHash, StringComparison.Ordinal))
            {
                return Broken(row.Seq, AuditBreak.LinkBroken, row.Seq == 1
                    ? "dòng đầu tiên không bắt đầu từ hash khởi đầu (các dòng trước nó đã bị xoá hoặc bị thay)"
                    : $"prev_hash không khớp với hash của dòng #{row.Seq - 1} (dòng #{row.Seq - 1} đã bị sửa hoặc bị thay)");
            }
            previousHash = row.Hash!;
            expectedSeq = row.Seq + 1;
        }
        return new AuditVerification(true, checkedRows, null, null) { Break = AuditBreak.None, HeadSeq = headSeq, HeadHash = headHash };
    }

    /// <summary>
    /// The hash of one row: lowercase hex SHA-256 over the tag <c>assistant-audit-v1</c>, then <paramref name="seq"/> as
    /// 8 bytes big-endian, then each of at, actor, role, unit, action, target_id, client_address, outcome, prev_hash as
    /// either the byte 0 (null) or the byte 1, its UTF-8 length as 4 bytes big-endian and its UTF-8 bytes. Every field is
    /// length-prefixed, so no choice of values (separators, empty strings, nulls) can make two rows encode alike.
    /// </summary>
    public static string ComputeHash(long seq, string? at, string? actor, string? role, string? unit, string? action,
        string? targetId, string? clientAddress, string? outcome, string? prevHash)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(EncodingTag);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, seq);
        sha.AppendData(number);
        Span<byte> header = stackalloc byte[5];
        foreach (var field in (ReadOnlySpan<string?>)[at, actor, role, unit, action, targetId, clientAddress, outcome, prevHash])
        {
            if (field is null)
            {
                sha.AppendData([0]);
                continue;
            }
            var bytes = Encoding.UTF8.GetBytes(field);
            header[0] = 1;
            BinaryPrimitives.WriteInt32BigEndian(header[1..], bytes.Length);
            sha.AppendData(header);
            sha.AppendData(bytes);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public void Dispose()
    {
        lock (_queue)
        {
            if (_disposed) return;
            _disposed = true;
        }
        lock (_appendGate)
        {
            _connectionClosed = true;
            _appendConnection?.Dispose();
            _appendConnection = null;
        }
    }

    /// <summary>Times as stored and hashed: UTC, round-trip format ("O"), always the same width.</summary>
    private static string FormatTime(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : DateTimeOffset.MinValue;

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        using var pragma = c.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 5000;";
        pragma.ExecuteNonQuery();
        return c;
    }

    private SqliteConnection OpenForAppend()
    {
        var c = Open();
        using var pragma = c.CreateCommand();
        // FULL: a committed row survives a power cut; NORMAL (WAL): it survives a crash of the process, and costs no fsync.
        pragma.CommandText = _flushEachRow ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;";
        pragma.ExecuteNonQuery();
        return c;
    }

    private void Migrate(TimeProvider time)
    {
        using var c = Open();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);";
            cmd.ExecuteNonQuery();
        }
        foreach (var (version, name, sql) in Migrations)
        {
            // IMMEDIATE, so two processes opening a new file at once do not both apply the same migration.
            using var tx = c.BeginTransaction(deferred: false);
            using (var check = c.CreateCommand())
            {
                check.Transaction = tx;
                check.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE version = $v";
                check.Parameters.AddWithValue("$v", version);
                if (Convert.ToInt32(check.ExecuteScalar(), CultureInfo.InvariantCulture) > 0) { tx.Commit(); continue; }
            }
            using (var apply = c.CreateCommand())
            {
                apply.Transaction = tx;
                apply.CommandText = sql;
                apply.ExecuteNonQuery();
            }
            using (var record = c.CreateCommand())
            {
                record.Transaction = tx;
                record.CommandText = "INSERT INTO schema_migrations(version, name, applied_at) VALUES ($v, $n, $t)";
                record.Parameters.AddWithValue("$v", version);
                record.Parameters.AddWithValue("$n", name);
                record.Parameters.AddWithValue("$t", FormatTime(time.GetUtcNow()));
                record.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    /// <summary>A row as the file holds it: every column read as text or null, so that whatever was written into it is hashed as is.</summary>
    private sealed record StoredRow(long Seq, string? At, string? Actor, string? Role, string? Unit, string? Action, string? TargetId,
        string? ClientAddress, string? Outcome, string? PrevHash, string? Hash)
    {
        public static StoredRow Read(SqliteDataReader r)
        {
            string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
            return new StoredRow(r.GetInt64(0), Text(1), Text(2), Text(3), Text(4), Text(5), Text(6), Text(7), Text(8), Text(9), Text(10));
        }
    }
}
