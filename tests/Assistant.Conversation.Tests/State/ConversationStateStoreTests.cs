using Assistant.Conversation.State;

namespace Assistant.Conversation.Tests.State;

/// <summary>The SQLite conversation state on a real database file: concurrent turns, restarts, retention.</summary>
public sealed class ConversationStateStoreTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("assistant-state-");
    private string DbPath => Path.Combine(_dir.FullName, "state.db");

    [Fact]
    public async Task Fifty_concurrent_turns_are_all_saved_and_survive_a_restart()
    {
        using (var store = new ConversationStateStore(DbPath))
        {
            // 50 conversations × 4 turns written at once: every write must land (no "database is locked").
            await Task.WhenAll(Enumerable.Range(0, 50).Select(async c =>
            {
                for (int t = 1; t <= 4; t++)
                    await store.SaveAsync(new ConversationState($"conv-{c}", "procedure", $"1.0{c:00}", $"câu hỏi {t}", t, DateTimeOffset.UtcNow), CancellationToken.None);
            }));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var reopened = new ConversationStateStore(DbPath);
        for (int c = 0; c < 50; c++)
        {
            var state = await reopened.GetAsync($"conv-{c}", CancellationToken.None);
            Assert.Equal(4, state.Turns);
            Assert.Equal($"1.0{c:00}", state.LastProcedureCode);
            Assert.Equal("câu hỏi 4", state.LastQuery);
        }
    }

    [Fact]
    public async Task A_connection_taken_again_from_the_pool_keeps_its_settings()
    {
        // The store sets its PRAGMAs once per pooled connection: one handed back by the pool must still have them.
        using var store = new ConversationStateStore(DbPath);
        for (int t = 1; t <= 3; t++)
        {
            var state = await store.GetAsync("pooled", CancellationToken.None);
            await store.SaveAsync(state with { Turns = t, LastQuery = $"câu hỏi {t}" }, CancellationToken.None);
        }
        Assert.Equal(3, (await store.GetAsync("pooled", CancellationToken.None)).Turns);
        // The same connection string as the store's reaches the same pool; the store used one connection at a time.
        var connectionString = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(DbPath),
            Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        await using var pooled = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        await pooled.OpenAsync();
        await using var read = pooled.CreateCommand();
        read.CommandText = "PRAGMA busy_timeout;";
        Assert.Equal(5000L, await read.ExecuteScalarAsync());
        read.CommandText = "PRAGMA synchronous;";
        Assert.Equal(1L, await read.ExecuteScalarAsync()); // NORMAL
        read.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", await read.ExecuteScalarAsync());
    }

    [Fact]
    public async Task State_idle_past_the_retention_is_forgotten()
    {
        using var store = new ConversationStateStore(DbPath, retention: TimeSpan.FromDays(1));
        await store.SaveAsync(new ConversationState("old", "procedure", "1.012784", "sang tên", 3, DateTimeOffset.UtcNow.AddDays(-2)), CancellationToken.None);
        await store.SaveAsync(new ConversationState("fresh", "procedure", "1.012784", "sang tên", 3, DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.Equal(0, (await store.GetAsync("old", CancellationToken.None)).Turns);
        Assert.Null((await store.GetAsync("old", CancellationToken.None)).LastProcedureCode);
        Assert.Equal(3, (await store.GetAsync("fresh", CancellationToken.None)).Turns);
    }

    [Fact]
    public async Task Retention_is_measured_on_the_injected_clock()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 10, 8, 0, 0, TimeSpan.Zero));
        using var store = new ConversationStateStore(DbPath, retention: TimeSpan.FromDays(1), clock: clock);
        await store.SaveAsync(new ConversationState("c", "procedure", "1.012784", "tách thửa", 2, clock.GetUtcNow()), CancellationToken.None);
        Assert.Equal(2, (await store.GetAsync("c", CancellationToken.None)).Turns);
        clock.Now += TimeSpan.FromDays(2);
        var forgotten = await store.GetAsync("c", CancellationToken.None);
        Assert.Equal(0, forgotten.Turns);
        Assert.Equal(clock.Now, forgotten.UpdatedAt);
    }

    [Fact]
    public async Task Long_queries_are_truncated_not_rejected()
    {
        using var store = new ConversationStateStore(DbPath);
        await store.SaveAsync(new ConversationState("long", "legal", null, new string('a', 20_000), 1, DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.Equal(500, (await store.GetAsync("long", CancellationToken.None)).LastQuery!.Length);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { _dir.Delete(recursive: true); } catch (IOException) { }
    }
}

/// <summary>TEST DOUBLE: a clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}
