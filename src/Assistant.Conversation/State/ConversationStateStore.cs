using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Assistant.Conversation.State;

/// <summary>What the assistant remembers of a conversation between turns: enough to answer "còn giấy tờ gì nữa?".</summary>
public sealed record ConversationState(string ConversationId, string? LastIntent, string? LastProcedureCode, string? LastQuery, int Turns, DateTimeOffset UpdatedAt)
{
    public static ConversationState New(string id, DateTimeOffset now) => new(id, null, null, null, 0, now);
}

/// <summary>
/// Conversation state in SQLite (the embedded default). Schema versioned with PRAGMA user_version; no message text
/// is stored beyond the last query needed for follow-ups, and rows idle for longer than the retention are purged.
/// </summary>
public sealed class ConversationStateStore : IDisposable
{
    private const int SchemaVersion = 1;
    private readonly string _connectionString;
    private readonly TimeSpan _retention;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _gate = new(1, 1);
    // One writer at a time inside the process: SQLite allows one writer per database, and on a lock conflict
    // Microsoft.Data.Sqlite retries only after sleeping 150 ms, which put a 150-200 ms tail on busy turns.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(10);
    private long _nextPurgeTicks;
    private bool _initialized;
    // The pooled connections already set up: their settings stay with the SQLite handle, so a turn that gets one back
    // from the pool does not run the PRAGMAs again (two statements prepared and run per open, twice a turn).
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();

    public ConversationStateStore(string databasePath, TimeSpan? retention = null, TimeProvider? clock = null)
    {
        var full = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        _retention = retention ?? TimeSpan.FromDays(30);
        _clock = clock ?? TimeProvider.System;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        if (connection.Handle is { } handle && Configured.TryGetValue(handle, out _)) return connection;
        await using (var sync = connection.CreateCommand())
        {
            // With WAL, NORMAL survives a crash of the process and costs no fsync per turn; a power cut may lose the
            // last turns' state, which only means a follow-up question has to name its procedure again.
            // busy_timeout: another process (a second bot instance, a backup) holding the lock is waited for by SQLite's
            // own short back-off instead of the driver's 150 ms sleeps.
            sync.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";
            await sync.ExecuteNonQueryAsync(ct);
        }
        if (!_initialized)
        {
            await _gate.WaitAsync(ct);
            try
            {
                if (!_initialized)
                {
                    await MigrateAsync(connection, ct);
                    _initialized = true;
                }
            }
            finally { _gate.Release(); }
        }
        if (connection.Handle is { } opened) Configured.AddOrUpdate(opened, Configured);
        return connection;
    }

    private static async Task MigrateAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using (var wal = connection.CreateCommand())
        {
            // WAL lets the bot's many readers go on while one turn writes.
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            await wal.ExecuteNonQueryAsync(ct);
        }
        if (await ReadVersion(connection, ct) >= SchemaVersion) return;
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var create = connection.CreateCommand();
        create.Transaction = tx;
        create.CommandText = """
            CREATE TABLE IF NOT EXISTS conversation_state (
                conversation_id TEXT PRIMARY KEY,
                last_intent TEXT NULL,
                last_procedure_code TEXT NULL,
                last_query TEXT NULL,
                turns INTEGER NOT NULL DEFAULT 0,
                updated_at TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS ix_conversation_state_updated ON conversation_state(updated_at);
            PRAGMA user_version = 1;
            """;
        await create.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static async Task<int> ReadVersion(SqliteConnection connection, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct));
    }

    public async Task<ConversationState> GetAsync(string conversationId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT last_intent, last_procedure_code, last_query, turns, updated_at FROM conversation_state WHERE conversation_id = $id";
        cmd.Parameters.AddWithValue("$id", conversationId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var now = _clock.GetUtcNow();
        if (!await reader.ReadAsync(ct)) return ConversationState.New(conversationId, now);
        var updated = DateTimeOffset.Parse(reader.GetString(4), System.Globalization.CultureInfo.InvariantCulture);
        if (now - updated > _retention) return ConversationState.New(conversationId, now);
        return new ConversationState(conversationId,
            reader.IsDBNull(0) ? null : reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.GetInt32(3), updated);
    }

    public async Task SaveAsync(ConversationState state, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            INSERT INTO conversation_state (conversation_id, last_intent, last_procedure_code, last_query, turns, updated_at)
            VALUES ($id, $intent, $proc, $query, $turns, $updated)
            ON CONFLICT(conversation_id) DO UPDATE SET last_intent = excluded.last_intent, last_procedure_code = excluded.last_procedure_code,
                last_query = excluded.last_query, turns = excluded.turns, updated_at = excluded.updated_at;
            """;
        cmd.Parameters.AddWithValue("$id", state.ConversationId);
        cmd.Parameters.AddWithValue("$intent", (object?)state.LastIntent ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$proc", (object?)state.LastProcedureCode ?? DBNull.Value);
        // The last question is kept for follow-ups only, without the personal data a citizen may have typed into it.
        cmd.Parameters.AddWithValue("$query", (object?)Truncate(Assistant.Access.PersonalData.PersonalDataScrubber.Scrub(state.LastQuery), 500) ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$turns", state.Turns);
        cmd.Parameters.AddWithValue("$updated", state.UpdatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        await _writeGate.WaitAsync(ct);
        try
        {
            await cmd.ExecuteNonQueryAsync(ct);
            // Rows idle past the retention go at most every few minutes, not on every turn.
            var now = _clock.GetUtcNow();
            if (now.UtcTicks >= Interlocked.Read(ref _nextPurgeTicks))
            {
                Interlocked.Exchange(ref _nextPurgeTicks, (now + PurgeInterval).UtcTicks);
                await PurgeAsync(connection, now - _retention, ct);
            }
        }
        finally { _writeGate.Release(); }
    }

    private static async Task<int> PurgeAsync(SqliteConnection connection, DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var purge = connection.CreateCommand();
        purge.CommandText = "DELETE FROM conversation_state WHERE updated_at < $cutoff;";
        purge.Parameters.AddWithValue("$cutoff", cutoff.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        return await purge.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Deletes the state of conversations idle for longer than the retention (the daily retention job); returns how many.</summary>
    public async Task<int> PurgeIdleAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await _writeGate.WaitAsync(ct);
        try
        {
            return await PurgeAsync(connection, _clock.GetUtcNow() - _retention, ct);
        }
        finally { _writeGate.Release(); }
    }

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];

    public void Dispose()
    {
        // The pooled connections are closed too: the last close checkpoints the write-ahead log into the file, so a
        // stopped host leaves one closed database behind (a killed one leaves the log, which the next open replays).
        using (var connection = new SqliteConnection(_connectionString)) SqliteConnection.ClearPool(connection);
        _gate.Dispose();
        _writeGate.Dispose();
    }
}
