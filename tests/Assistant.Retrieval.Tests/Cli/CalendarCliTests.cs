using Assistant.Indexer.Cli;

namespace Assistant.Retrieval.Tests.Cli;

/// <summary>"assistant-indexer calendar check YEAR" run in-process on the real data/calendar/calendar.json.</summary>
public sealed class CalendarCliTests
{
    private static readonly string DataFile = Path.Combine(RepoPaths.Root, "data", "calendar", "calendar.json");

    private static string Line(string output, string startsWith) =>
        output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(startsWith, StringComparison.Ordinal));

    [Fact]
    public async Task Check_2026_lists_the_swapped_Monday_and_the_make_up_Saturday_with_their_sources()
    {
        var (exit, output, err) = await CliEnvironment.RunAsync("calendar", "check", "2026", "--calendar", DataFile);
        Assert.True(exit == ExitCodes.Ok, output + err);

        var swap = Line(output, "31/08/2026 (Thứ Hai)");
        Assert.Contains("nguồn: Lịch nghỉ Quốc khánh 2026", swap, StringComparison.Ordinal);
        Assert.EndsWith("[CHƯA XÁC NHẬN]", swap, StringComparison.Ordinal);
        var makeUp = Line(output, "22/08/2026 (Thứ Bảy)");
        Assert.Contains("nguồn: Lịch nghỉ Quốc khánh 2026", makeUp, StringComparison.Ordinal);
        Assert.EndsWith("[CHƯA XÁC NHẬN]", makeUp, StringComparison.Ordinal);
        Assert.Contains("nguồn: 45/2019/QH14 Điều 112 khoản 1 điểm đ", Line(output, "02/09/2026"), StringComparison.Ordinal);
        Assert.Contains("nguồn: 45/2019/QH14 Điều 112 khoản 3", Line(output, "27/04/2026"), StringComparison.Ordinal);

        // 24/11 is shown to the officer, apart from the days off, as not yet law.
        var pendingHeader = output.IndexOf("chưa có văn bản luật (KHÔNG tính là ngày nghỉ)", StringComparison.Ordinal);
        Assert.True(pendingHeader > 0, output);
        Assert.True(output.IndexOf("24/11/2026", StringComparison.Ordinal) > pendingHeader, output);
        Assert.Contains("Ngày Văn hóa Việt Nam [CHƯA XÁC NHẬN]", Line(output, "24/11/2026"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_uses_the_calendar_bundled_beside_the_program_by_default()
    {
        var (exit, output, err) = await CliEnvironment.RunAsync("calendar", "check", "2025");
        Assert.True(exit == ExitCodes.Ok, output + err);
        Assert.Contains("8726/VPCP-KGVX", Line(output, "02/05/2025"), StringComparison.Ordinal);
        Assert.Contains("26/04/2025 (Thứ Bảy)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_year_without_a_decision_is_listed_with_the_defaults_flagged()
    {
        var (exit, output, _) = await CliEnvironment.RunAsync("calendar", "check", "2027", "--calendar", DataFile);
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("Năm 2027 chưa có quyết định", output, StringComparison.Ordinal);
        Assert.Contains("ngày liền kề, giả định", Line(output, "01/09/2027"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("20x6")]
    [InlineData("1800")]
    [InlineData("-1")]
    public async Task A_bad_year_exits_2(string year)
    {
        var (exit, _, err) = await CliEnvironment.RunAsync("calendar", "check", "--", year);
        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Equal(2, exit);
        Assert.Contains("Lỗi", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_calendar_file_exits_2()
    {
        var (exit, _, err) = await CliEnvironment.RunAsync("calendar", "check", "2026", "--calendar", Path.Combine(Path.GetTempPath(), "khong-co-lich.json"));
        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("Không tìm thấy tệp lịch", err, StringComparison.Ordinal);
    }
}
