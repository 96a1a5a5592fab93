namespace Assistant.Indexer.Cli;

public static class CliApp
{
    public static IReadOnlyList<CliCommand> Commands { get; } = [new IndexCommand(), new SearchCommand(), new StatsCommand(), new EvalCommand(), new TrainRankerCommand(), new MigrateCommand(), new SnapshotCommand(), new BackupCommand(), new RestoreCommand(), new AuditCommand(), new PersonalDataCommand(), new CalendarCommand(), new TeamsPackageCommand(), new DoctorCommand(), new ArchiveCommand()];

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await stdout.WriteLineAsync("assistant-indexer — lập chỉ mục và tra cứu văn bản pháp luật đất đai\n\nLệnh:");
            foreach (var c in Commands) await stdout.WriteLineAsync($"  {c.Usage}");
            await stdout.WriteLineAsync("\nMã thoát: 0 thành công · 1 kiểm tra không đạt (nhật ký kiểm toán bị sửa, gói Teams không hợp lệ) · 2 lỗi đầu vào · 3 một phần tệp lỗi · 4 lỗi hệ thống");
            return args.Length == 0 ? ExitCodes.UserError : ExitCodes.Ok;
        }
        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            await stderr.WriteLineAsync($"Lỗi: lệnh không hợp lệ '{args[0]}'. Các lệnh: {string.Join(", ", Commands.Select(c => c.Name))}.");
            return ExitCodes.UserError;
        }
        return await command.RunAsync(args[1..], stdout, stderr, ct);
    }
}
