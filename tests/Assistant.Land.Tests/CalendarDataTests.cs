using System.Text.Json;
using Assistant.Land.Calendar;

namespace Assistant.Land.Tests;

/// <summary>Issue 11: the 2026 National Day break, 24/11 kept pending, and the Art. 112 holiday list read from the data file.</summary>
public sealed class CalendarDataTests
{
    private static readonly string DataFile = Path.Combine(Assistant.Land.Tests.Procedures.ProcedureTestData.RepoRoot, "data", "calendar", "calendar.json");
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Load(DataFile);

    private static DateTimeOffset At(int y, int m, int d, int h = 9) => new(y, m, d, h, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    public void National_day_2026_break_runs_from_Saturday_29_August_to_Wednesday_2_September()
    {
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 8, 31)));  // Monday, swapped day off
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 9, 1)));   // adjacent day
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 9, 2)));   // National Day
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 8, 22)));   // make-up Saturday
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 8, 29)));  // plain weekend
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 9, 3)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 9, 4).AddDays(1))); // Saturday 5/9 stays a weekend
    }

    [Fact]
    public void Eight_working_days_from_Wednesday_26_August_2026_cross_the_break()
    {
        // Convention of WorkingCalendar.DueDate: the day of receipt is NOT counted; day 1 is the next working day.
        // Received Wed 26/8: Thu 27/8 = 1, Fri 28/8 = 2 (Sat 22/8, the make-up day, is before receipt);
        // Sat 29, Sun 30 weekend; Mon 31/8 swapped off; Tue 1/9 adjacent day; Wed 2/9 National Day;
        // Thu 3/9 = 3, Fri 4/9 = 4, Mon 7/9 = 5, Tue 8/9 = 6, Wed 9/9 = 7, Thu 10/9 = 8.
        var due = Calendar.DueDate(At(2026, 8, 26), 8);
        Assert.Equal(new DateOnly(2026, 9, 10), due.Due);
        // The 2026 data is marked unconfirmed, so the officer's note says it was not checked against the original.
        Assert.Contains(due.Warnings, w => w.Contains("2026", StringComparison.Ordinal) && w.Contains("chưa được đối chiếu", StringComparison.Ordinal));
        // A dossier received the Friday before the make-up Saturday gets that Saturday as its day 1.
        Assert.Equal(new DateOnly(2026, 8, 22), Calendar.DueDate(At(2026, 8, 21), 1).Due);
    }

    [Fact]
    public void Vietnam_culture_day_24_November_2026_stays_a_working_day_until_its_law_is_confirmed()
    {
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 11, 24)));
        Assert.DoesNotContain(Calendar.Holidays(2026), h => h.Date == new DateOnly(2026, 11, 24));
        var pending = Assert.Single(Calendar.PendingCandidates, p => p is { Month: 11, Day: 24 });
        Assert.Contains("80-NQ/TW", pending.Source, StringComparison.Ordinal);
        Assert.Contains("CHƯA", pending.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Swapped_days_2026_carry_their_source_and_are_marked_unconfirmed()
    {
        var swap = Assert.Single(Calendar.Holidays(2026), h => h.Date == new DateOnly(2026, 8, 31));
        Assert.True(swap.Uncertain);
        Assert.Contains("31/8", swap.Source, StringComparison.Ordinal);
        var makeUp = Assert.Single(Calendar.MakeUpDays(2026), m => m.Date == new DateOnly(2026, 8, 22));
        Assert.True(makeUp.Uncertain);
        Assert.Contains("22/8", makeUp.Source, StringComparison.Ordinal);
        // Labour Code holidays name the clause they come from.
        Assert.Contains(Calendar.Holidays(2026), h => h.Date == new DateOnly(2026, 9, 2) && h.Source == "45/2019/QH14 Điều 112 khoản 1 điểm đ" && !h.Uncertain);
        Assert.Contains(Calendar.Holidays(2026), h => h.Date == new DateOnly(2026, 4, 27) && h.Source == "45/2019/QH14 Điều 112 khoản 3");
    }

    [Fact]
    public void The_2025_source_is_the_government_office_letter_not_the_unfindable_notice()
    {
        var text = File.ReadAllText(DataFile);
        Assert.Contains("8726/VPCP-KGVX", Calendar.YearDecision(2025)!.Value.Source, StringComparison.Ordinal);
        Assert.DoesNotContain("Thông báo 6150/TB-LĐTBXH ngày", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_entry_of_the_data_file_has_a_source_and_every_uncertain_one_a_note()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(DataFile));
        var root = doc.RootElement;
        static bool Text(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString());
        static bool IsUncertain(JsonElement e) => e.TryGetProperty("uncertain", out var u) && u.ValueKind == JsonValueKind.True;

        var rules = root.GetProperty("holidays").EnumerateArray().ToList();
        Assert.Equal(6, rules.Count);
        foreach (var r in rules)
        {
            Assert.True(Text(r, "instrument"), r.ToString());
            Assert.StartsWith("45/2019/QH14 Điều 112", r.GetProperty("instrument").GetString(), StringComparison.Ordinal);
            Assert.True(Text(r, "effectiveFrom"), r.ToString());
        }
        Assert.True(Text(root.GetProperty("compensatory"), "instrument"));
        foreach (var p in root.GetProperty("pendingCandidates").EnumerateArray())
            Assert.True(Text(p, "source") && Text(p, "note"), p.ToString());
        foreach (var y in root.GetProperty("years").EnumerateArray())
        {
            Assert.True(Text(y, "source"), y.ToString());
            if (IsUncertain(y)) Assert.True(Text(y, "uncertainNote"), y.ToString());
            foreach (var list in new[] { "extraDaysOff", "makeUpWorkingDays" })
                if (y.TryGetProperty(list, out var entries))
                    foreach (var e in entries.EnumerateArray())
                    {
                        Assert.True(Text(e, "source") && Text(e, "reason"), e.ToString());
                        if (IsUncertain(e)) Assert.True(Text(e, "uncertainNote"), e.ToString());
                    }
        }
    }

    [Fact]
    public void A_fixed_holiday_added_to_the_data_is_a_day_off_from_its_effective_year()
    {
        // What confirming 24/11 will take: one entry in "holidays", no code change.
        var folder = Directory.CreateTempSubdirectory("calendar-");
        try
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(DataFile))!;
            json["holidays"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject
            {
                ["name"] = "Ngày Văn hóa Việt Nam",
                ["kind"] = "fixed",
                ["month"] = 11,
                ["day"] = 24,
                ["instrument"] = "văn bản thử",
                ["effectiveFrom"] = "2027-01-01",
            });
            var path = Path.Combine(folder.FullName, WorkingCalendar.FileName);
            File.WriteAllText(path, json.ToJsonString());
            var calendar = WorkingCalendar.Load(path);
            Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 11, 24)));   // before its effective date
            Assert.False(calendar.IsWorkingDay(new DateOnly(2027, 11, 24)));  // Wednesday 24/11/2027
            Assert.False(calendar.IsWorkingDay(new DateOnly(2030, 11, 25)));  // 24/11/2030 is a Sunday: compensatory Monday
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_data_file_without_the_holiday_list_is_refused()
    {
        var folder = Directory.CreateTempSubdirectory("calendar-");
        try
        {
            var path = Path.Combine(folder.FullName, WorkingCalendar.FileName);
            File.WriteAllText(path, """{ "years": [] }""");
            var e = Assert.Throws<InvalidOperationException>(() => WorkingCalendar.Load(path));
            Assert.Contains("holidays", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
