using System.Globalization;
using Assistant.Audit;

namespace Assistant.Indexer.Cli;

/// <summary>
/// audit verify | show: checks or lists the officers' audit trail (an SQLite file written by the bot, Audit:DatabasePath).
/// Opens the file read-only and never creates one; exit 1 when the chain is broken, so a cron job can alert on it.
/// </summary>
public sealed class AuditCommand : CliCommand
{
    public override string Name => "audit";
    public override string Usage =>
        "assistant-indexer audit verify --db TỆP [--expect-head SỐ:HASH]\n" +
        "  assistant-indexer audit show --db TỆP [--actor X] [--action A] [--target ID] [--outcome K] [--from THỜI_ĐIỂM] [--to THỜI_ĐIỂM] [--after SỐ] [--limit N]";
    protected override IEnumerable<string> ValueOptions => ["db", "expect-head", "actor", "action", "target", "outcome", "from", "to", "after", "limit"];
    protected override bool UsesRetrievalHost => false;

    protected override async Task<int> ExecuteAsync(CommandLine cl, IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (cl.Positionals.Count != 1 || cl.Positionals[0] is not ("verify" or "show"))
            throw new UserErrorException($"audit cần đúng một lệnh con: verify hoặc show.\nCách dùng: {Usage}");
        var db = cl.Value("db") ?? throw new UserErrorException($"Thiếu --db TỆP (tệp nhật ký kiểm toán, Audit:DatabasePath của bot).\nCách dùng: {Usage}");
        using var trail = Open(db);
        return cl.Positionals[0] == "verify"
            ? await VerifyAsync(trail, cl, stdout)
            : await ShowAsync(trail, cl, stdout);
    }

    private static SqliteAuditTrail Open(string db)
    {
        try
        {
            return SqliteAuditTrail.OpenExisting(db);
        }
        catch (FileNotFoundException)
        {
            throw new UserErrorException($"Không có tệp nhật ký kiểm toán '{Path.GetFullPath(db)}'.");
        }
        catch (InvalidDataException e)
        {
            throw new UserErrorException(e.Message);
        }
    }

    private async Task<int> VerifyAsync(SqliteAuditTrail trail, CommandLine cl, TextWriter stdout)
    {
        (long Seq, string Hash)? expected = cl.Value("expect-head") is { } head ? ParseHead(head) : null;
        foreach (var name in new[] { "actor", "action", "target", "outcome", "from", "to", "after", "limit" })
            if (cl.Value(name) is not null) throw new UserErrorException($"--{name} chỉ dùng với audit show.");

        var result = trail.Verify();
        if (!result.Intact)
        {
            await stdout.WriteLineAsync($"Nhật ký kiểm toán bị sửa: dòng #{result.BrokenAtSeq} — {result.Problem}");
            await stdout.WriteLineAsync($"Đã kiểm tra {result.RowsChecked} dòng; dòng cuối trong tệp là #{result.HeadSeq}.");
            return ExitCodes.CheckFailed;
        }
        // The chain cannot show that its last rows were deleted: only a head recorded earlier, elsewhere, can.
        if (expected is { } e)
        {
            var row = e.Seq == 0 ? null : trail.Query(new AuditQuery(AfterSeq: e.Seq - 1, Limit: 1)).Items.FirstOrDefault(r => r.Seq == e.Seq);
            string? problem = row is null && e.Seq > 0
                ? $"không còn trong tệp (dòng cuối hiện là #{result.HeadSeq}: các dòng cuối đã bị xoá)"
                : row is not null && !string.Equals(row.Hash, e.Hash, StringComparison.OrdinalIgnoreCase)
                    ? "hash khác với hash đã ghi lại (nhật ký đã bị thay)"
                    : null;
            if (problem is not null)
            {
                await stdout.WriteLineAsync($"Nhật ký kiểm toán bị sửa: dòng #{e.Seq} — {problem}");
                return ExitCodes.CheckFailed;
            }
        }
        await stdout.WriteLineAsync($"Nhật ký kiểm toán nguyên vẹn: {result.RowsChecked} dòng, dòng cuối #{result.HeadSeq}, hash {result.HeadHash}");
        if (expected is { } ok)
            await stdout.WriteLineAsync($"Dòng #{ok.Seq} vẫn mang đúng hash đã ghi lại.");
        else
            await stdout.WriteLineAsync($"Hãy lưu \"{result.HeadSeq}:{result.HeadHash}\" ở nơi khác và lần sau chạy với --expect-head để phát hiện việc xoá các dòng cuối.");
        return ExitCodes.Ok;
    }

    private (long Seq, string Hash) ParseHead(string value)
    {
        var parts = value.Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            || parts[1].Length != 64 || !parts[1].All(char.IsAsciiHexDigit))
            throw new UserErrorException($"--expect-head phải có dạng SỐ:HASH (hash 64 ký tự hex, như dòng 'nguyên vẹn' in ra), nhận được '{value}'.\nCách dùng: {Usage}");
        return (seq, parts[1]);
    }

    private async Task<int> ShowAsync(SqliteAuditTrail trail, CommandLine cl, TextWriter stdout)
    {
        if (cl.Value("expect-head") is not null) throw new UserErrorException("--expect-head chỉ dùng với audit verify.");
        var query = new AuditQuery(
            Actor: cl.Value("actor"),
            Action: cl.Value("action"),
            TargetId: cl.Value("target"),
            Outcome: cl.Value("outcome"),
            From: Time(cl, "from"),
            To: Time(cl, "to"),
            AfterSeq: cl.Int("after", 0, 0, int.MaxValue),
            Limit: cl.Int("limit", 50, 1, SqliteAuditTrail.MaxPageSize));
        var page = trail.Query(query);
        if (page.Items.Count == 0)
        {
            await stdout.WriteLineAsync("Không có dòng nào khớp.");
            return ExitCodes.Ok;
        }
        await stdout.WriteLineAsync($"{"#",6}  {"thời điểm (UTC)",-20}  {"người làm",-20}  {"vai trò",-10}  {"đơn vị",-12}  {"hành động",-22}  {"đối tượng",-16}  {"địa chỉ",-15}  {"kết quả",-9}  hash");
        foreach (var r in page.Items)
        {
            await stdout.WriteLineAsync(
                $"{r.Seq,6}  {r.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),-20}  {r.Actor,-20}  {r.Role,-10}  {r.Unit ?? "-",-12}  " +
                $"{r.Action,-22}  {r.TargetId ?? "-",-16}  {r.ClientAddress ?? "-",-15}  {r.Outcome,-9}  {r.Hash[..Math.Min(12, r.Hash.Length)]}");
        }
        if (page.NextAfterSeq is { } next)
            await stdout.WriteLineAsync($"Còn nữa: chạy lại với --after {next}.");
        return ExitCodes.Ok;
    }

    private DateTimeOffset? Time(CommandLine cl, string name)
    {
        if (cl.Value(name) is not { } value) return null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at;
        throw new UserErrorException($"--{name} phải là thời điểm ISO-8601, ví dụ 2026-03-02 hoặc 2026-03-02T08:00:00+07:00 (nhận được '{value}').\nCách dùng: {Usage}");
    }
}
