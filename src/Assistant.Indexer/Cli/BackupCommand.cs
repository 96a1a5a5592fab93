using Assistant.Audit;
using Assistant.Indexer.Backup;
using Assistant.Retrieval.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Indexer.Cli;

/// <summary>
/// backup: a consistent copy of the running system (the legal store's last commit, the conversation state, the triage
/// dossiers, the priority-project registry, the audit trail) into a folder or a .tar.gz, while the bot keeps serving.
/// Run on the bot's machine, as the bot's user: it reads the same files (see README, "Sao lưu và khôi phục").
/// </summary>
public sealed class BackupCommand : CliCommand
{
    public override string Name => "backup";
    public override string Usage =>
        "assistant-indexer backup --out THƯ_MỤC|TỆP.tar.gz [--data-dir THƯ_MỤC_CỦA_BOT] [--store KHO] [--conversation-db TỆP] [--triage-db TỆP] [--priority-db TỆP] [--audit-db TỆP] [--wait GIÂY] [--operator TÊN]";
    protected override IEnumerable<string> ValueOptions => ["out", "data-dir", "conversation-db", "triage-db", "priority-db", "audit-db", "wait", "operator"];

    private static readonly IReadOnlyDictionary<string, string> OptionOfRole = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["conversation"] = "conversation-db",
        ["triage"] = "triage-db",
        ["priority-projects"] = "priority-db",
        ["audit"] = "audit-db",
    };

    /// <summary>The bot's working folder: its default relative paths (store, store/triage.db, audit.db …) start there.</summary>
    private static string DataDir(CommandLine cl) => Path.GetFullPath(cl.Value("data-dir") ?? Directory.GetCurrentDirectory());

    protected override IEnumerable<KeyValuePair<string, string?>> HostSettings(CommandLine cl) =>
        cl.Value("store") is null && cl.Value("data-dir") is not null
            ? [new($"{StoreOptions.Section}:Path", Path.Combine(DataDir(cl), BackupLayout.RestoredStoreFolder))]
            : [];

    protected override async Task<int> ExecuteAsync(CommandLine cl, IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (cl.Positionals.Count > 0) throw new UserErrorException($"backup không nhận đối số.\nCách dùng: {Usage}");
        var output = cl.Value("out") ?? throw new UserErrorException($"Thiếu --out THƯ_MỤC|TỆP.tar.gz (nơi ghi bản sao lưu).\nCách dùng: {Usage}");
        var dataDir = DataDir(cl);
        if (!Directory.Exists(dataDir)) throw new UserErrorException($"Không có thư mục dữ liệu của bot '{dataDir}' (--data-dir).");
        var wait = TimeSpan.FromSeconds(cl.Int("wait", 600, 0, 86_400));

        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var role in BackupLayout.Databases)
            paths[role.Role] = Path.GetFullPath(cl.Value(OptionOfRole[role.Role]) ?? Path.Combine(dataDir, role.DefaultPath));
        // The bot keeps the registry beside the triage file unless told otherwise (Triage:PriorityProjectsDatabasePath empty).
        if (cl.Value("priority-db") is null && cl.Value("triage-db") is { } triage)
            paths["priority-projects"] = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(triage))!, "priority-projects.db");

        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        try
        {
            var result = await new BackupWriter(time, stderr).WriteAsync(new BackupSources(services.GetRequiredService<IChunkStore>(), paths), output, wait, ct);
            // A backup is a copy of every dossier: the live trail records who took it (the row is not in this backup).
            if (File.Exists(paths["audit"]))
                using (var trail = new SqliteAuditTrail(paths["audit"], time))
                    trail.Append(new AuditEntry("cli:" + (cl.Value("operator") is { Length: > 0 } op ? op : Environment.UserName), "operator", null,
                        AuditActions.Backup, Path.GetFileName(result.Output), null, AuditOutcomes.Ok));
            var m = result.Manifest;
            await stdout.WriteLineAsync($"Đã sao lưu vào '{result.Output}' lúc {m.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC: " +
                $"{m.Files.Count} tệp, {m.Files.Sum(f => f.Size) / 1024.0 / 1024.0:0.0} MB" +
                (m.Index.Included ? $", chỉ mục commit {m.Index.CommitGeneration}" : ", không có chỉ mục") +
                $", {m.Databases.Count(d => d.Included)} cơ sở dữ liệu. Khóa bí mật (DataProtection:KeysPath, mật khẩu) KHÔNG có trong bản sao lưu.");
            return ExitCodes.Ok;
        }
        catch (BackupRefusedException e)
        {
            await stderr.WriteLineAsync($"Lỗi: {e.Message}");
            return e.Damaged ? ExitCodes.CheckFailed : ExitCodes.UserError;
        }
    }
}
