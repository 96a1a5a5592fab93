using System.Globalization;
using Assistant.Land.Calendar;

namespace Assistant.Indexer.Cli;

/// <summary>
/// calendar check YEAR: every day off of the year (holidays, Tết, the day next to 2/9, swapped and compensatory days) and
/// every make-up working Saturday, each with its source, so an officer can compare them with the year's official notice
/// before due dates are promised on them. Unconfirmed facts say so; days announced as policy but not yet in the law are
/// listed apart and are not days off.
/// </summary>
public sealed class CalendarCommand : CliCommand
{
    private const string Unconfirmed = "CHƯA XÁC NHẬN";

    public override string Name => "calendar";
    public override string Usage => "assistant-indexer calendar check NĂM [--calendar TỆP]";
    protected override IEnumerable<string> ValueOptions => ["calendar"];
    protected override bool UsesRetrievalHost => false;

    protected override async Task<int> ExecuteAsync(CommandLine cl, IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (cl.Positionals.Count != 2 || cl.Positionals[0] != "check")
            throw new UserErrorException($"calendar cần lệnh con check và một năm.\nCách dùng: {Usage}");
        if (!int.TryParse(cl.Positionals[1], NumberStyles.None, CultureInfo.InvariantCulture, out int year)
            || year is < WorkingCalendar.MinYear or > WorkingCalendar.MaxYear)
            throw new UserErrorException($"Năm '{cl.Positionals[1]}' không hợp lệ (cần từ {WorkingCalendar.MinYear} đến {WorkingCalendar.MaxYear}).");
        var path = cl.Value("calendar") ?? BesideProgram("data", "calendar", WorkingCalendar.FileName);
        WorkingCalendar calendar;
        try
        {
            calendar = WorkingCalendar.Load(path);
        }
        catch (InvalidOperationException e)
        {
            throw new UserErrorException(e.Message);
        }

        await stdout.WriteLineAsync($"Lịch ngày nghỉ năm {year} (tệp {Path.GetFullPath(path)})");
        if (calendar.YearDecision(year) is { } decision)
        {
            await stdout.WriteLineAsync($"Quyết định của năm: {decision.Source ?? "(không ghi nguồn)"}");
            if (decision.Uncertain) await stdout.WriteLineAsync($"  {Unconfirmed}: {decision.Note ?? "chưa đối chiếu văn bản gốc"}");
        }
        else
        {
            await stdout.WriteLineAsync($"Năm {year} chưa có quyết định của Chính phủ trong dữ liệu: 5 ngày Tết, ngày liền kề 2/9 tính theo quy tắc mặc định ({Unconfirmed}).");
        }

        await stdout.WriteLineAsync();
        await stdout.WriteLineAsync("Ngày nghỉ (ngoài thứ Bảy, Chủ nhật):");
        var holidays = calendar.Holidays(year);
        foreach (var h in holidays)
            await stdout.WriteLineAsync($"  {Day(h.Date)}  {h.Name} — nguồn: {h.Source ?? "(không ghi)"}{(h.Uncertain ? $" [{Unconfirmed}]" : "")}");
        await stdout.WriteLineAsync($"  Tổng: {holidays.Count} ngày.");

        await stdout.WriteLineAsync();
        await stdout.WriteLineAsync("Ngày làm bù (thứ Bảy đi làm):");
        var makeUp = calendar.MakeUpDays(year);
        if (makeUp.Count == 0) await stdout.WriteLineAsync("  (không có)");
        foreach (var m in makeUp)
            await stdout.WriteLineAsync($"  {Day(m.Date)}  {m.Reason} — nguồn: {m.Source ?? "(không ghi)"}{(m.Uncertain ? $" [{Unconfirmed}]" : "")}");

        await stdout.WriteLineAsync();
        await stdout.WriteLineAsync("Ngày nghỉ đã có chủ trương nhưng chưa có văn bản luật (KHÔNG tính là ngày nghỉ):");
        if (calendar.PendingCandidates.Count == 0) await stdout.WriteLineAsync("  (không có)");
        foreach (var p in calendar.PendingCandidates)
        {
            var date = new DateOnly(year, p.Month, Math.Min(p.Day, DateTime.DaysInMonth(year, p.Month)));
            await stdout.WriteLineAsync($"  {Day(date)}  {p.Name} [{Unconfirmed}] — {p.Note} Nguồn: {p.Source}");
        }
        return ExitCodes.Ok;
    }

    private static readonly string[] WeekDays = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

    private static string Day(DateOnly d) => $"{d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} ({WeekDays[(int)d.DayOfWeek]})";
}
