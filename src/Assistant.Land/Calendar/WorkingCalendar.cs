using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Assistant.Land.Calendar;

/// <summary>A day off other than Saturday/Sunday, with why.</summary>
public sealed record Holiday(DateOnly Date, string Name, bool FromData);

/// <summary>A due date computed on the working-day calendar.</summary>
/// <param name="Due">The day the time limit ends (the N-th working day after receipt, pauses excluded).</param>
/// <param name="Warnings">E.g. the year has no government decision in calendar.json, so defaults were used.</param>
public sealed record DueDateResult(DateOnly Due, IReadOnlyList<string> Warnings);

/// <summary>
/// Working days of Vietnamese public offices: Monday–Friday, minus the holidays of Art. 112 of the Labour Code 2019
/// (Tết and Giỗ Tổ computed with <see cref="LunarCalendar"/>), minus compensatory days for holidays on a weekend, with
/// each year's government decisions (5 Tết days, the day next to 2/9, swapped days off, make-up Saturdays) read from
/// data/calendar/calendar.json. Immutable; years are computed lazily and cached.
/// </summary>
public sealed class WorkingCalendar
{
    public const string FileName = "calendar.json";
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    private readonly Dictionary<int, YearData> _data;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, YearCalendar> _years = new();

    private WorkingCalendar(Dictionary<int, YearData> data) => _data = data;

    public static WorkingCalendar Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidOperationException($"Không tìm thấy tệp lịch ngày nghỉ '{path}'.");
        CalendarFile file;
        try
        {
            file = JsonSerializer.Deserialize<CalendarFile>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
                ?? throw new InvalidOperationException($"Tệp lịch ngày nghỉ '{path}' rỗng.");
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"Tệp lịch ngày nghỉ '{path}' không đúng định dạng: {ex.Message}", ex);
        }
        var data = new Dictionary<int, YearData>();
        foreach (var y in file.Years ?? [])
        {
            if (!data.TryAdd(y.Year, y)) throw new InvalidOperationException($"Tệp lịch ngày nghỉ '{path}': năm {y.Year} bị lặp.");
            foreach (var d in (y.TetDays ?? []).Concat(y.ExtraDaysOff?.Select(e => e.Date) ?? []).Concat(y.MakeUpWorkingDays?.Select(e => e.Date) ?? [])
                         .Append(y.NationalDayAdjacent ?? $"{y.Year}-09-01"))
                if (!DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || date.Year != y.Year)
                    throw new InvalidOperationException($"Tệp lịch ngày nghỉ '{path}': ngày '{d}' của năm {y.Year} không hợp lệ.");
        }
        return new WorkingCalendar(data);
    }

    /// <summary>The local (UTC+7) calendar date of an instant.</summary>
    public static DateOnly VietnamDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(VietnamOffset).DateTime);

    public bool HasDecision(int year) => _data.ContainsKey(year);

    public bool IsUncertain(int year) => _data.TryGetValue(year, out var y) && y.Uncertain;

    public IReadOnlyList<Holiday> Holidays(int year) => Year(year).Holidays;

    public bool IsWorkingDay(DateOnly date)
    {
        var y = Year(date.Year);
        if (y.MakeUp.Contains(date)) return true;
        if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) return false;
        return !y.Off.Contains(date);
    }

    /// <summary>
    /// The N-th working day after the day of receipt (counting starts the working day after receipt; a dossier received on a
    /// day off also starts on the next working day). Working days inside a pause do not count. N = 0 ("trong ngày") gives
    /// the day of receipt, or the next working day when received on a day off.
    /// </summary>
    public DueDateResult DueDate(DateTimeOffset receivedAt, int workingDays, IReadOnlyList<DossierPause>? pauses = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var received = VietnamDate(receivedAt);
        var warnings = new List<string>();
        var day = received;
        if (workingDays == 0)
        {
            while (!IsWorkingDay(day)) day = day.AddDays(1);
        }
        else
        {
            int counted = 0;
            int guard = 0;
            while (counted < workingDays)
            {
                day = day.AddDays(1);
                if (++guard > 3660) throw new InvalidOperationException("Thời hạn vượt quá 10 năm lịch.");
                if (!IsWorkingDay(day)) continue;
                if (pauses is not null && pauses.Any(p => p.From <= day && day <= p.To)) continue;
                counted++;
            }
        }
        for (int y = received.Year; y <= day.Year; y++)
        {
            if (!HasDecision(y))
                warnings.Add($"Lịch nghỉ năm {y} chưa có quyết định của Chính phủ trong dữ liệu; đã tính theo Điều 112 Bộ luật Lao động 2019 (5 ngày Tết mặc định, nghỉ bù).");
            else if (IsUncertain(y))
                warnings.Add($"Lịch nghỉ năm {y} trong dữ liệu chưa được đối chiếu văn bản gốc.");
        }
        return new DueDateResult(day, warnings);
    }

    /// <summary>Working days from <paramref name="from"/> (exclusive) to <paramref name="to"/> (inclusive); negative when to is before from.</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to == from) return 0;
        int sign = to > from ? 1 : -1;
        var (a, b) = sign > 0 ? (from, to) : (to, from);
        int n = 0;
        for (var d = a.AddDays(1); d <= b; d = d.AddDays(1))
            if (IsWorkingDay(d)) n++;
        return sign * n;
    }

    private YearCalendar Year(int year) => _years.GetOrAdd(year, Build);

    private YearCalendar Build(int year)
    {
        _data.TryGetValue(year, out var data);
        var holidays = new List<Holiday>();
        void Add(DateOnly d, string name, bool fromData) => holidays.Add(new Holiday(d, name, fromData));

        Add(new DateOnly(year, 1, 1), "Tết Dương lịch", false);
        var tet = LunarCalendar.LunarNewYear(year);
        if (data?.TetDays is { Count: > 0 } tetDays)
        {
            foreach (var t in tetDays) Add(DateOnly.ParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture), "Tết Âm lịch", true);
        }
        else
        {
            Add(tet.AddDays(-1), "Tết Âm lịch (ngày cuối năm âm lịch)", false);
            for (int i = 0; i < 4; i++) Add(tet.AddDays(i), $"Tết Âm lịch (mùng {i + 1})", false);
        }
        Add(LunarCalendar.HungKingsDay(year), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", false);
        Add(new DateOnly(year, 4, 30), "Ngày Chiến thắng", false);
        Add(new DateOnly(year, 5, 1), "Ngày Quốc tế lao động", false);
        Add(new DateOnly(year, 9, 2), "Quốc khánh", false);
        if (data?.NationalDayAdjacent is { } adj)
            Add(DateOnly.ParseExact(adj, "yyyy-MM-dd", CultureInfo.InvariantCulture), "Quốc khánh (ngày liền kề)", true);
        else
        {
            var sep1 = new DateOnly(year, 9, 1);
            Add(sep1.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? new DateOnly(year, 9, 3) : sep1, "Quốc khánh (ngày liền kề, giả định)", false);
        }

        // Compensatory days: a holiday on Saturday/Sunday gives the next working day (Art. 112(3)).
        var off = holidays.Select(h => h.Date).ToHashSet();
        var makeUp = (data?.MakeUpWorkingDays ?? []).Select(e => DateOnly.ParseExact(e.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToHashSet();
        foreach (var h in holidays.Where(h => h.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday).OrderBy(h => h.Date).ToList())
        {
            var d = h.Date.AddDays(1);
            while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || off.Contains(d)) d = d.AddDays(1);
            off.Add(d);
            holidays.Add(new Holiday(d, $"Nghỉ bù {h.Name} ({h.Date:dd/MM})", false));
        }
        foreach (var e in data?.ExtraDaysOff ?? [])
        {
            var d = DateOnly.ParseExact(e.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            off.Add(d);
            holidays.Add(new Holiday(d, e.Reason ?? "Nghỉ theo quyết định", true));
        }
        return new YearCalendar(holidays.OrderBy(h => h.Date).ToList(), off, makeUp);
    }

    private sealed record YearCalendar(IReadOnlyList<Holiday> Holidays, HashSet<DateOnly> Off, HashSet<DateOnly> MakeUp);

    private sealed class CalendarFile
    {
        [JsonPropertyName("years")] public List<YearData>? Years { get; set; }
    }

    private sealed class YearData
    {
        [JsonPropertyName("year")] public int Year { get; set; }
        [JsonPropertyName("tetDays")] public List<string>? TetDays { get; set; }
        [JsonPropertyName("nationalDayAdjacent")] public string? NationalDayAdjacent { get; set; }
        [JsonPropertyName("extraDaysOff")] public List<DatedEntry>? ExtraDaysOff { get; set; }
        [JsonPropertyName("makeUpWorkingDays")] public List<DatedEntry>? MakeUpWorkingDays { get; set; }
        [JsonPropertyName("uncertain")] public bool Uncertain { get; set; }
    }

    private sealed class DatedEntry
    {
        [JsonPropertyName("date")] public string Date { get; set; } = "";
        [JsonPropertyName("reason")] public string? Reason { get; set; }
    }
}

/// <summary>A period during which the time limit does not run (dossier returned for supplementation), both dates inclusive.</summary>
public sealed record DossierPause(DateOnly From, DateOnly To);
