using Assistant.Indexer.Backup;

namespace Assistant.Indexer.Cli;

/// <summary>
/// restore: checks a backup against its manifest and writes it into a folder laid out as the bot's working folder.
/// Exit 1 when the backup is incomplete or damaged (nothing is written then), 2 when the target is not empty without --force.
/// </summary>
public sealed class RestoreCommand : CliCommand
{
    public override string Name => "restore";
    public override string Usage => "assistant-indexer restore --from THƯ_MỤC|TỆP.tar.gz --to THƯ_MỤC [--force]";
    protected override IEnumerable<string> ValueOptions => ["from", "to"];
    protected override IEnumerable<string> FlagOptions => ["force"];
    protected override bool UsesRetrievalHost => false;

    protected override async Task<int> ExecuteAsync(CommandLine cl, IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (cl.Positionals.Count > 0) throw new UserErrorException($"restore không nhận đối số.\nCách dùng: {Usage}");
        var from = cl.Value("from") ?? throw new UserErrorException($"Thiếu --from (bản sao lưu: thư mục hoặc tệp .tar.gz).\nCách dùng: {Usage}");
        var to = cl.Value("to") ?? throw new UserErrorException($"Thiếu --to THƯ_MỤC (nơi khôi phục).\nCách dùng: {Usage}");
        RestoreResult result;
        try
        {
            result = await BackupRestorer.RestoreAsync(from, to, cl.Flag("force"), ct);
        }
        catch (BackupRefusedException e)
        {
            await stderr.WriteLineAsync($"Lỗi: {e.Message}");
            return e.Damaged ? ExitCodes.CheckFailed : ExitCodes.UserError;
        }
        var m = result.Manifest;
        await stdout.WriteLineAsync($"Đã kiểm tra {m.Files.Count} tệp theo manifest.json (bản sao lưu lúc {m.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC) và khôi phục vào '{Path.GetFullPath(to)}'.");
        await stdout.WriteLineAsync("Chạy bot với thư mục làm việc này (đường dẫn mặc định), hoặc đặt:");
        if (m.Index.Included) await stdout.WriteLineAsync($"  Store__Path={result.StorePath}");
        foreach (var role in Backup.BackupLayout.Databases)
            if (result.DatabasePaths.TryGetValue(role.Role, out var path))
                await stdout.WriteLineAsync($"  {role.Setting.Replace(":", "__", StringComparison.Ordinal)}={path}");
        await stdout.WriteLineAsync("Khóa bí mật không có trong bản sao lưu: trỏ DataProtection__KeysPath tới thư mục khóa của hệ thống cũ (sao lưu riêng), nếu không hồ sơ đã mã hóa không đọc được.");
        return ExitCodes.Ok;
    }
}
