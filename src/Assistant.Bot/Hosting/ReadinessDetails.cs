using System.Net.Sockets;
using Assistant.Audit;
using Assistant.Conversation;
using Assistant.Conversation.Answering;
using Assistant.Retrieval.Storage;
using Assistant.Triage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Assistant.Bot.Hosting;

/// <summary>One SQLite file the host writes, and whether it can: "writable", "busy" (another writer holds the lock, so it is), "not-created" (its folder is writable), or why not.</summary>
public sealed record DatabaseWritability(string Name, bool Writable, string State);

/// <summary>An optional dependency: configured or not, and whether its host and port accepted a connection.</summary>
public sealed record DependencyReachability(string Name, bool Configured, bool? Reachable);

/// <summary>
/// Whether each SQLite file of the host can be written (conversation state, triage queue, priority projects, audit
/// trail): a ready check, since a turn that cannot save its state fails. The write lock is taken and released
/// (BEGIN IMMEDIATE; ROLLBACK), so nothing is written; a file that does not exist yet counts when its folder is writable.
/// </summary>
public sealed class SqliteWritabilityCheck(
    IOptions<ConversationOptions> conversation, IOptions<TriageOptions> triage, IOptions<AuditOptions> audit) : IHealthCheck
{
    public IReadOnlyList<(string Name, string Path)> Files =>
    [
        ("conversationState", conversation.Value.StatePath),
        ("triage", triage.Value.DatabasePath),
        ("priorityProjects", triage.Value.PriorityProjectsDatabasePath),
        ("audit", audit.Value.DatabasePath),
    ];

    public async Task<IReadOnlyList<DatabaseWritability>> CheckAllAsync(CancellationToken ct)
    {
        var results = new List<DatabaseWritability>();
        foreach (var (name, path) in Files.Where(f => !string.IsNullOrWhiteSpace(f.Path)))
            results.Add(await CheckAsync(name, path, ct));
        return results;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var results = await CheckAllAsync(cancellationToken);
        var failed = results.Where(r => !r.Writable).Select(r => r.Name).ToList();
        return failed.Count == 0
            ? HealthCheckResult.Healthy("SQLite files writable")
            : HealthCheckResult.Unhealthy("SQLite files not writable: " + string.Join(", ", failed));
    }

    public static async Task<DatabaseWritability> CheckAsync(string name, string path, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) return new(name, false, "is-a-directory");
        if (!File.Exists(full)) return new(name, FolderWritable(Path.GetDirectoryName(full)!), "not-created");
        try
        {
            var builder = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWrite, Pooling = false };
            await using var connection = new SqliteConnection(builder.ToString());
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout=250; BEGIN IMMEDIATE; ROLLBACK;";
            await command.ExecuteNonQueryAsync(ct);
            return new(name, true, "writable");
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            // SQLITE_BUSY / SQLITE_LOCKED: a writer of this process (or a backup) holds the lock, so the file is written.
            return new(name, true, "busy");
        }
        catch (SqliteException e)
        {
            return new(name, false, "sqlite-error-" + e.SqliteErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new(name, false, e.GetType().Name);
        }
    }

    private static bool FolderWritable(string folder)
    {
        if (!Directory.Exists(folder)) return false;
        var probe = Path.Combine(folder, ".healthz-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

/// <summary>
/// Reports (never requires) the optional services: the LLM endpoint (Llm:Endpoint) and Qdrant (when Store:Kind is
/// qdrant). A TCP connection to the configured host and port, with a short timeout and no credentials sent; the answer
/// is kept for <see cref="CacheFor"/> so that frequent probes do not become a stream of connections.
/// </summary>
public sealed class DependencyProbe(IOptions<LlmOptions> llm, IOptions<StoreOptions> store, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private (DateTimeOffset At, IReadOnlyList<DependencyReachability> Results)? _cached;

    public async Task<IReadOnlyList<DependencyReachability>> CheckAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (_cached is { } c && now - c.At < CacheFor) return c.Results;
        }
        var llmEndpoint = llm.Value.Enabled ? llm.Value.Endpoint : null;
        var qdrantUrl = string.Equals(store.Value.Kind, StoreOptions.KindQdrant, StringComparison.OrdinalIgnoreCase) ? store.Value.Qdrant.Url : null;
        var probes = await Task.WhenAll(ProbeAsync("llm", llmEndpoint, ct), ProbeAsync("qdrant", qdrantUrl, ct));
        lock (_gate) _cached = (now, probes);
        return probes;
    }

    private static async Task<DependencyReachability> ProbeAsync(string name, string? url, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(url)) return new(name, false, null);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return new(name, true, false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(uri.Host, uri.Port, timeout.Token);
            return new(name, true, true);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return new(name, true, false);
        }
    }
}
