using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Assistant.Land.Calendar;

/// <summary>A day off other than Saturday/Sunday, with why.</summary>
public sealed record Holiday(DateOnly Date, string Name, bool FromData)
{
    /// <summary>The instrument or notice the day comes from (null for a default the law leaves to a yearly decision).</summary>
    public string? Source { get; init; }

    /// <summary>True when the source was not checked against the original text: never shown to a citizen as fact.</summary>
    public bool Uncertain { get; init; }
}

/// <summary>A Saturday that is a working day (make-up for a swapped day off), with its source.</summary>
public sealed record MakeUpDay(DateOnly Date, string Reason, string? Source, bool Uncertain);

/// <summary>A day off announced as policy but not yet in the law (e.g. 24/11): listed for officers, never counted.</summary>
public sealed record PendingHoliday(int Month, int Day, string Name, string Source, string Note);

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

    /// <summary>Years the lunar conversion and the data are meant for; outside it a year is refused.</summary>
    public const int MinYear = 1900, MaxYear = 2199;

    private readonly Dictionary<int, YearData> _data;
    private readonly IReadOnlyList<HolidayRule> _rules;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, YearCalendar> _years = new();

    private WorkingCalendar(Dictionary<int, YearData> data, IReadOnlyList<HolidayRule> rules, IReadOnlyList<PendingHoliday> pending, string? compensatorySource)
    {
        _data = data;
        _rules = rules;
        PendingCandidates = pending;
        CompensatorySource = compensatorySource;
    }

    /// <summary>Days off with a policy but no confirmed legal instrument yet; they are not days off in this calendar.</summary>
    public IReadOnlyList<PendingHoliday> PendingCandidates { get; }

    /// <summary>The clause the compensatory rule comes from (Art. 112(3)), as the data names it.</summary>
    public string? CompensatorySource { get; }

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
        if (file.Holidays is not { Count: > 0 } rules)
            throw new InvalidOperationException($"Tệp lịch ngày nghỉ '{path}' thiếu danh sách ngày lễ \"holidays\" (Điều 112 Bộ luật Lao động).");
        foreach (var r in rules)
        {
            bool ok = r.Kind switch
            {
                "fixed" => r.Month is >= 1 and <= 12 && r.Day is >= 1 and <= 31,
                "lunar" => r.LunarMonth is >= 1 and <= 12 && r.LunarDay is >= 1 and <= 30,
                "lunarNewYear" => r.Days is >= 1 and <= 10,
                _ => false,
            };
            if (!ok || string.IsNullOrWhiteSpace(r.Name) || string.IsNullOrWhiteSpace(r.Instrument)
                || !DateOnly.TryParseExact(r.EffectiveFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                || (r.EffectiveTo is not null && !DateOnly.TryParseExact(r.EffectiveTo, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
                throw new InvalidOperationException($"Tệp lịch ngày nghỉ '{path}': ngày lễ '{r.Name}' thiếu hoặc sai loại (fixed|lunar|lunarNewYear), ngày, văn bản hay ngày hiệu lực.");
        }
        var pending = new List<PendingHoliday>();
        foreach (var c in file.PendingCandidates ?? [])
        {
            if (c.Month is < 1 or > 12 || c.Day is < 1 or > 31 || string.IsNullOrWhiteSpace(c.Source) || string.IsNullOrWhiteSpace(c.Note))
                throw new InvalidOperationException($"Tệp lịch ngày nghỉ '{path}': ngày nghỉ chờ xác nhận '{c.Name}' thiếu ngày, nguồn hoặc ghi chú.");
            pending.Add(new PendingHoliday(c.Month, c.Day, c.Name, c.Source!, c.Note!));
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
        return new WorkingCalendar(data, rules, pending, file.Compensatory?.Instrument);
    }

    /// <summary>The local (UTC+7) calendar date of an instant.</summary>
    public static DateOnly VietnamDate(DateTimeOffset instant) => DateOnly.FromDateTime(VietnamTime(instant).DateTime);

    /// <summary>The same instant on Vietnam's clock (UTC+7, no daylight saving), e.g. for a same-day cut-off hour.</summary>
    public static DateTimeOffset VietnamTime(DateTimeOffset instant) => instant.ToOffset(VietnamOffset);

    public bool HasDecision(int year) => _data.ContainsKey(year);

    public bool IsUncertain(int year) => _data.TryGetValue(year, out var y) && y.Uncertain;

    public IReadOnlyList<Holiday> Holidays(int year) => Year(year).Holidays;

    /// <summary>The make-up working Saturdays of a year from the data, with their sources.</summary>
    public IReadOnlyList<MakeUpDay> MakeUpDays(int year) =>
        _data.TryGetValue(year, out var y)
            ? (y.MakeUpWorkingDays ?? []).Select(e => new MakeUpDay(ParseDate(e.Date), e.Reason ?? "Làm bù", e.Source ?? y.Source, e.Uncertain ?? y.Uncertain))
                .OrderBy(m => m.Date).ToList()
            : [];

    /// <summary>The year's own source and note on what is unconfirmed, when the data has an entry for it.</summary>
    public (string? Source, bool Uncertain, string? Note)? YearDecision(int year) =>
        _data.TryGetValue(year, out var y) ? (y.Source, y.Uncertain, y.UncertainNote) : null;

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

    private static DateOnly ParseDate(string d) => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool InForce(HolidayRule r, int year) =>
        ParseDate(r.EffectiveFrom!).Year <= year && (r.EffectiveTo is null || ParseDate(r.EffectiveTo).Year >= year);

    private YearCalendar Build(int year)
    {
        if (year is < MinYear or > MaxYear) throw new ArgumentOutOfRangeException(nameof(year), year, $"Năm ngoài khoảng {MinYear}–{MaxYear}.");
        _data.TryGetValue(year, out var data);
        var holidays = new List<Holiday>();
        void Add(DateOnly d, string name, bool fromData, string? source, bool uncertain) =>
            holidays.Add(new Holiday(d, name, fromData) { Source = source, Uncertain = uncertain });

        // Which dates are holidays comes from data ("holidays"); the lunar conversion stays in code.
        foreach (var r in _rules.Where(r => InForce(r, year)))
        {
            switch (r.Kind)
            {
                case "fixed":
                    Add(new DateOnly(year, r.Month, r.Day), r.Name, false, r.Instrument, false);
                    if (r.AdjacentDay)
                    {
                        var main = new DateOnly(year, r.Month, r.Day);
                        if (data?.NationalDayAdjacent is { } adj)
                            Add(ParseDate(adj), $"{r.Name} (ngày liền kề)", true, data.NationalDaySource ?? data.Source, data.Uncertain);
                        else
                        {
                            var before = main.AddDays(-1);
                            Add(before.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? main.AddDays(1) : before,
                                $"{r.Name} (ngày liền kề, giả định)", false, r.Instrument, true);
                        }
                    }
                    break;
                case "lunar":
                    Add(LunarCalendar.ToSolar(r.LunarDay, r.LunarMonth, year), $"{r.Name} ({r.LunarDay}/{r.LunarMonth} âm lịch)", false, r.Instrument, false);
                    break;
                case "lunarNewYear":
                    if (data?.TetDays is { Count: > 0 } tetDays)
                    {
                        foreach (var t in tetDays) Add(ParseDate(t), r.Name, true, data.Source, data.Uncertain);
                    }
                    else
                    {
                        var tet = LunarCalendar.LunarNewYear(year);
                        Add(tet.AddDays(-1), $"{r.Name} (ngày cuối năm âm lịch)", false, r.Instrument, false);
                        for (int i = 0; i < r.Days - 1; i++) Add(tet.AddDays(i), $"{r.Name} (mùng {i + 1})", false, r.Instrument, false);
                    }
                    break;
            }
        }

        // Compensatory days (Labour Code 2019 Art. 112(3)): a holiday on Saturday/Sunday gives the next working day.
        // Kept as code: it is a rule over the list, not a date; the data names its clause ("compensatory").
        var off = holidays.Select(h => h.Date).ToHashSet();
        var makeUp = (data?.MakeUpWorkingDays ?? []).Select(e => ParseDate(e.Date)).ToHashSet();
        foreach (var h in holidays.Where(h => h.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday).OrderBy(h => h.Date).ToList())
        {
            var d = h.Date.AddDays(1);
            while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || off.Contains(d)) d = d.AddDays(1);
            off.Add(d);
            Add(d, $"Nghỉ bù {h.Name} ({h.Date:dd/MM})", false, CompensatorySource, h.Uncertain);
        }
        foreach (var e in data?.ExtraDaysOff ?? [])
        {
            var d = ParseDate(e.Date);
            off.Add(d);
            Add(d, e.Reason ?? "Nghỉ theo quyết định", true, e.Source ?? data!.Source, e.Uncertain ?? data!.Uncertain);
        }
        return new YearCalendar(holidays.OrderBy(h => h.Date).ToList(), off, makeUp);
    }

    private sealed record YearCalendar(IReadOnlyList<Holiday> Holidays, HashSet<DateOnly> Off, HashSet<DateOnly> MakeUp);

    private sealed class CalendarFile
    {
        [JsonPropertyName("holidays")] public List<HolidayRule>? Holidays { get; set; }
        [JsonPropertyName("compensatory")] public RuleSource? Compensatory { get; set; }
        [JsonPropertyName("pendingCandidates")] public List<PendingEntry>? PendingCandidates { get; set; }
        [JsonPropertyName("years")] public List<YearData>? Years { get; set; }
    }

    private sealed class HolidayRule
    {
        [JsonPropertyName("name")] public string Name { get; set; } = "";
        [JsonPropertyName("kind")] public string Kind { get; set; } = "";
        [JsonPropertyName("month")] public int Month { get; set; }
        [JsonPropertyName("day")] public int Day { get; set; }
        [JsonPropertyName("lunarMonth")] public int LunarMonth { get; set; }
        [JsonPropertyName("lunarDay")] public int LunarDay { get; set; }
        [JsonPropertyName("days")] public int Days { get; set; }
        [JsonPropertyName("adjacentDay")] public bool AdjacentDay { get; set; }
        [JsonPropertyName("instrument")] public string? Instrument { get; set; }
        [JsonPropertyName("effectiveFrom")] public string? EffectiveFrom { get; set; }
        [JsonPropertyName("effectiveTo")] public string? EffectiveTo { get; set; }
    }

    private sealed class RuleSource
    {
        [JsonPropertyName("instrument")] public string? Instrument { get; set; }
    }

    private sealed class PendingEntry
    {
        [JsonPropertyName("name")] public string Name { get; set; } = "";
        [JsonPropertyName("month")] public int Month { get; set; }
        [JsonPropertyName("day")] public int Day { get; set; }
        [JsonPropertyName("source")] public string? Source { get; set; }
        [JsonPropertyName("note")] public string? Note { get; set; }
    }

    private sealed class YearData
    {
        [JsonPropertyName("year")] public int Year { get; set; }
        [JsonPropertyName("tetDays")] public List<string>? TetDays { get; set; }
        [JsonPropertyName("nationalDayAdjacent")] public string? NationalDayAdjacent { get; set; }
        [JsonPropertyName("extraDaysOff")] public List<DatedEntry>? ExtraDaysOff { get; set; }
        [JsonPropertyName("makeUpWorkingDays")] public List<DatedEntry>? MakeUpWorkingDays { get; set; }
        [JsonPropertyName("uncertain")] public bool Uncertain { get; set; }
        [JsonPropertyName("uncertainNote")] public string? UncertainNote { get; set; }
        [JsonPropertyName("source")] public string? Source { get; set; }
        [JsonPropertyName("nationalDaySource")] public string? NationalDaySource { get; set; }
    }

    private sealed class DatedEntry
    {
        [JsonPropertyName("date")] public string Date { get; set; } = "";
        [JsonPropertyName("reason")] public string? Reason { get; set; }
        [JsonPropertyName("source")] public string? Source { get; set; }
        [JsonPropertyName("uncertain")] public bool? Uncertain { get; set; }
        [JsonPropertyName("uncertainNote")] public string? UncertainNote { get; set; }
    }
}

/// <summary>A period during which the time limit does not run (dossier returned for supplementation), both dates inclusive.</summary>
public sealed record DossierPause(DateOnly From, DateOnly To);
