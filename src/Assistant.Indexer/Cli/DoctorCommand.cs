using System.Globalization;
using Assistant.Land.Freshness;

namespace Assistant.Indexer.Cli;

/// <summary>
/// doctor: how fresh the dated data files are (data/README.md, "Freshness"). Lists every dated file with its asOf and
/// reviewBy, those past review first; exit 0 when all are within review, 1 when any is past review or lacks valid dates.
/// Today is the Vietnam date of the clock unless --today fixes it (tests, or "what will be due on 1/7").
/// </summary>
public sealed class DoctorCommand(TimeProvider? time = null) : CliCommand
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public override string Name => "doctor";
    public override string Usage => "assistant-indexer doctor [--data THƯ_MỤC] [--today YYYY-MM-DD]";
    protected override IEnumerable<string> ValueOptions => ["data", "today"];
    protected override bool UsesRetrievalHost => false;

    protected override async Task<int> ExecuteAsync(CommandLine cl, IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (cl.Positionals.Count != 0)
            throw new UserErrorException($"doctor không nhận tham số '{cl.Positionals[0]}'.\nCách dùng: {Usage}");
        var today = DataFreshness.Today(_time);
        if (cl.Value("today") is { } given
            && !DateOnly.TryParseExact(given, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out today))
            throw new UserErrorException($"--today '{given}' không phải ngày YYYY-MM-DD.");
        var path = cl.Value("data") ?? BesideProgram("data");
        if (!Directory.Exists(path)) throw new UserErrorException($"Không tìm thấy thư mục dữ liệu '{path}'.");

        var report = DataFreshness.Scan(path, today);
        await stdout.WriteLineAsync($"Độ mới của dữ liệu: thư mục {report.DataPath}, ngày kiểm tra {Day(today)}");
        foreach (var file in report.Files.OrderBy(f => f.State == FreshnessState.Ok).ThenBy(f => f.Path, StringComparer.Ordinal))
        {
            var line = file.State switch
            {
                FreshnessState.Ok => $"  [ổn]                {file.Path} — rà soát lúc {Day(file.AsOf)}, hạn rà soát lại {Day(file.ReviewBy)}",
                FreshnessState.PastReview => $"  [QUÁ HẠN RÀ SOÁT]   {file.Path} — rà soát lúc {Day(file.AsOf)}, hạn rà soát lại {Day(file.ReviewBy)}",
                FreshnessState.Missing => $"  [THIẾU NGÀY]        {file.Path} — {file.Problem}",
                _ => $"  [SAI ĐỊNH DẠNG]     {file.Path} — {file.Problem}",
            };
            await stdout.WriteLineAsync(line);
        }
        int ok = report.Files.Count(f => f.State == FreshnessState.Ok);
        int past = report.PastReview.Count;
        int missing = report.Files.Count(f => f.State == FreshnessState.Missing);
        int malformed = report.Files.Count(f => f.State == FreshnessState.Malformed);
        await stdout.WriteLineAsync($"Tổng: {report.Files.Count} tệp có ngày: {ok} ổn, {past} quá hạn rà soát, {missing} thiếu ngày, {malformed} sai định dạng.");
        if (!report.AllOk)
            await stdout.WriteLineAsync("Tệp quá hạn: đọc lại nguồn (SOURCES.md của thư mục), sửa dữ liệu nếu cần, rồi cập nhật asOf và reviewBy (data/README.md, mục Freshness).");
        return report.AllOk ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }

    private static string Day(DateOnly? d) => d?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? "?";
}
