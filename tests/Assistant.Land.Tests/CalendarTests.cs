using Assistant.Land.Calendar;

namespace Assistant.Land.Tests;

public sealed class CalendarTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Load(Path.Combine(Assistant.Land.Tests.Procedures.ProcedureTestData.RepoRoot, "data", "calendar", "calendar.json"));

    private static DateTimeOffset At(int y, int m, int d, int h = 9) => new(y, m, d, h, 0, 0, TimeSpan.FromHours(7));

    [Theory]
    [InlineData(2020, 1, 25)]
    [InlineData(2023, 1, 22)]
    [InlineData(2024, 2, 10)]
    [InlineData(2025, 1, 29)]
    [InlineData(2026, 2, 17)]
    [InlineData(2027, 2, 6)]
    [InlineData(2028, 1, 26)]
    public void Lunar_new_year_is_computed_astronomically_for_Vietnam(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), LunarCalendar.LunarNewYear(year));

    [Theory]
    [InlineData(2024, 4, 18)]
    [InlineData(2025, 4, 7)]
    [InlineData(2026, 4, 26)]
    public void Hung_Kings_day_is_10th_of_the_third_lunar_month(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), LunarCalendar.HungKingsDay(year));

    [Fact]
    public void Julian_day_round_trips() =>
        Assert.Equal(new DateOnly(2026, 11, 26), LunarCalendar.FromJulianDay(LunarCalendar.JulianDay(new DateOnly(2026, 11, 26))));

    [Fact]
    public void Tet_2025_follows_the_government_schedule_from_data()
    {
        // 27/1–31/1/2025 off (data); 25–26/1 and 1–2/2 weekend.
        foreach (var d in new[] { 27, 28, 29, 30, 31 }) Assert.False(Calendar.IsWorkingDay(new DateOnly(2025, 1, d)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2025, 1, 24)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2025, 2, 3)));
        // Received Fri 24/1/2025, 3 working days: Mon 3/2, Tue 4/2, Wed 5/2.
        Assert.Equal(new DateOnly(2025, 2, 5), Calendar.DueDate(At(2025, 1, 24), 3).Due);
    }

    [Fact]
    public void April_30_and_May_1_2025_with_the_swapped_Friday_and_make_up_Saturday()
    {
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2025, 4, 30)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2025, 5, 1)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2025, 5, 2)));   // swapped
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2025, 4, 26)));   // make-up Saturday
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2025, 4, 7)));   // Giỗ Tổ (Monday)
        // Received Tue 29/4/2025, 2 working days: Mon 5/5, Tue 6/5.
        Assert.Equal(new DateOnly(2025, 5, 6), Calendar.DueDate(At(2025, 4, 29), 2).Due);
    }

    [Fact]
    public void Tet_2026_default_days_and_Hung_Kings_day_on_Sunday_is_compensated()
    {
        foreach (var d in new[] { 16, 17, 18, 19, 20 }) Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 2, d)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 2, 13)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 2, 23)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 4, 27)));  // nghỉ bù Giỗ Tổ (26/4 is Sunday)
        // Received Fri 13/2/2026, 12 working days: 23,24,25,26,27/2, 2,3,4,5,6/3, 9,10/3.
        var due = Calendar.DueDate(At(2026, 2, 13), 12);
        Assert.Equal(new DateOnly(2026, 3, 10), due.Due);
        Assert.Contains(due.Warnings, w => w.Contains("2026", StringComparison.Ordinal));
        // 30/4 (Thu) and 1/5 (Fri) 2026; received Wed 29/4, 1 working day → Mon 4/5.
        Assert.Equal(new DateOnly(2026, 5, 4), Calendar.DueDate(At(2026, 4, 29), 1).Due);
    }

    [Fact]
    public void Tet_2027_without_a_decision_uses_the_labour_code_with_compensatory_days()
    {
        // Lunar new year Sat 6/2/2027: 5/2 (last day), 6, 7 (weekend), 8, 9 → compensatory Wed 10/2, Thu 11/2.
        foreach (var d in new[] { 5, 8, 9, 10, 11 }) Assert.False(Calendar.IsWorkingDay(new DateOnly(2027, 2, d)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2027, 2, 4)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2027, 2, 12)));
        var due = Calendar.DueDate(At(2027, 2, 4), 2);
        Assert.Equal(new DateOnly(2027, 2, 15), due.Due); // Fri 12/2, Mon 15/2
        Assert.Contains(due.Warnings, w => w.Contains("2027", StringComparison.Ordinal) && w.Contains("chưa có quyết định", StringComparison.Ordinal));
        // 30/4/2027 Friday, 1/5 Saturday → compensatory Monday 3/5.
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2027, 4, 30)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2027, 5, 3)));
        Assert.Equal(new DateOnly(2027, 5, 4), Calendar.DueDate(At(2027, 4, 29), 1).Due);
    }

    [Fact]
    public void Counting_starts_the_working_day_after_receipt_and_skips_pauses()
    {
        // Received Mon 2/3/2026 at 16:00 → day 1 is Tue 3/3; 5 working days → Mon 9/3.
        Assert.Equal(new DateOnly(2026, 3, 9), Calendar.DueDate(At(2026, 3, 2, 16), 5).Due);
        // Received on a Saturday: day 1 is Monday.
        Assert.Equal(new DateOnly(2026, 3, 9), Calendar.DueDate(At(2026, 3, 7), 1).Due);
        // Returned for supplementation 4/3–6/3 (3 working days) → due 3 working days later: Thu 12/3.
        Assert.Equal(new DateOnly(2026, 3, 12), Calendar.DueDate(At(2026, 3, 2, 16), 5, [new DossierPause(new DateOnly(2026, 3, 4), new DateOnly(2026, 3, 6))]).Due);
        // Receipt time is read in Vietnam time: 2026-03-02T20:00Z is already Tue 3/3 in Hanoi.
        Assert.Equal(new DateOnly(2026, 3, 4), Calendar.DueDate(new DateTimeOffset(2026, 3, 2, 20, 0, 0, TimeSpan.Zero), 1).Due);
        // "Trong ngày": same day.
        Assert.Equal(new DateOnly(2026, 3, 2), Calendar.DueDate(At(2026, 3, 2), 0).Due);
    }

    [Fact]
    public void National_day_adjacent_day_comes_from_data()
    {
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2025, 9, 1)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2025, 9, 2)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2025, 9, 3)));
    }
}
