namespace Assistant.Land.Calendar;

/// <summary>
/// The Vietnamese lunisolar calendar computed astronomically (Hồ Ngọc Đức's algorithm after Jean Meeus, "Astronomical
/// Algorithms": mean new moon with periodic corrections, apparent solar longitude, month 11 holding the winter solstice,
/// leap month = first month without a major solar term), at the time zone of Vietnam (UTC+7). No date table.
/// </summary>
public static class LunarCalendar
{
    public const double VietnamTimeZone = 7.0;

    /// <summary>The solar date of a lunar date (day, month, year, leap month flag) at UTC+7.</summary>
    public static DateOnly ToSolar(int lunarDay, int lunarMonth, int lunarYear, bool leap = false, double timeZone = VietnamTimeZone)
    {
        if (lunarDay is < 1 or > 30 || lunarMonth is < 1 or > 12) throw new ArgumentOutOfRangeException(nameof(lunarDay));
        long a11, b11;
        if (lunarMonth < 11)
        {
            a11 = LunarMonth11(lunarYear - 1, timeZone);
            b11 = LunarMonth11(lunarYear, timeZone);
        }
        else
        {
            a11 = LunarMonth11(lunarYear, timeZone);
            b11 = LunarMonth11(lunarYear + 1, timeZone);
        }
        long k = (long)Math.Floor(0.5 + (a11 - 2415021.076998695) / 29.530588853);
        int off = lunarMonth - 11;
        if (off < 0) off += 12;
        if (b11 - a11 > 365)
        {
            int leapOff = LeapMonthOffset(a11, timeZone);
            int leapMonth = leapOff - 2;
            if (leapMonth < 0) leapMonth += 12;
            if (leap && lunarMonth != leapMonth) throw new ArgumentException($"Năm âm lịch {lunarYear} không có tháng {lunarMonth} nhuận.");
            if (leap || off >= leapOff) off += 1;
        }
        else if (leap) throw new ArgumentException($"Năm âm lịch {lunarYear} không có tháng nhuận.");
        long monthStart = NewMoonDay(k + off, timeZone);
        return FromJulianDay(monthStart + lunarDay - 1);
    }

    /// <summary>Mùng 1 Tết (first day of lunar month 1) of the lunar year that starts in <paramref name="year"/>.</summary>
    public static DateOnly LunarNewYear(int year) => ToSolar(1, 1, year);

    /// <summary>Giỗ Tổ Hùng Vương, 10/3 lunar.</summary>
    public static DateOnly HungKingsDay(int year) => ToSolar(10, 3, year);

    public static long JulianDay(DateOnly date)
    {
        int dd = date.Day, mm = date.Month, yy = date.Year;
        int a = (14 - mm) / 12;
        int y = yy + 4800 - a;
        int m = mm + 12 * a - 3;
        long jd = dd + (153 * m + 2) / 5 + 365L * y + y / 4 - y / 100 + y / 400 - 32045;
        if (jd < 2299161) jd = dd + (153 * m + 2) / 5 + 365L * y + y / 4 - 32083;
        return jd;
    }

    public static DateOnly FromJulianDay(long jd)
    {
        long a, b, c;
        if (jd > 2299160)
        {
            a = jd + 32044;
            b = (4 * a + 3) / 146097;
            c = a - b * 146097 / 4;
        }
        else
        {
            b = 0;
            c = jd + 32082;
        }
        long d = (4 * c + 3) / 1461;
        long e = c - 1461 * d / 4;
        long m = (5 * e + 2) / 153;
        int day = (int)(e - (153 * m + 2) / 5 + 1);
        int month = (int)(m + 3 - 12 * (m / 10));
        int year = (int)(b * 100 + d - 4800 + m / 10);
        return new DateOnly(year, month, day);
    }

    /// <summary>Julian day (with fraction, UT) of the k-th new moon after 1900-01-01.</summary>
    internal static double NewMoon(long k)
    {
        double T = k / 1236.85, T2 = T * T, T3 = T2 * T, dr = Math.PI / 180;
        double jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
        jd1 += 0.00033 * Math.Sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
        double M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
        double Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
        double F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
        double c1 = (0.1734 - 0.000393 * T) * Math.Sin(M * dr) + 0.0021 * Math.Sin(2 * dr * M);
        c1 = c1 - 0.4068 * Math.Sin(Mpr * dr) + 0.0161 * Math.Sin(dr * 2 * Mpr);
        c1 -= 0.0004 * Math.Sin(dr * 3 * Mpr);
        c1 = c1 + 0.0104 * Math.Sin(dr * 2 * F) - 0.0051 * Math.Sin(dr * (M + Mpr));
        c1 = c1 - 0.0074 * Math.Sin(dr * (M - Mpr)) + 0.0004 * Math.Sin(dr * (2 * F + M));
        c1 = c1 - 0.0004 * Math.Sin(dr * (2 * F - M)) - 0.0006 * Math.Sin(dr * (2 * F + Mpr));
        c1 = c1 + 0.0010 * Math.Sin(dr * (2 * F - Mpr)) + 0.0005 * Math.Sin(dr * (2 * Mpr + M));
        double deltaT = T < -11
            ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
            : -0.000278 + 0.000265 * T + 0.000262 * T2;
        return jd1 + c1 - deltaT;
    }

    internal static long NewMoonDay(long k, double timeZone) => (long)Math.Floor(NewMoon(k) + 0.5 + timeZone / 24);

    /// <summary>Apparent solar longitude in radians at a Julian day (UT).</summary>
    internal static double SunLongitude(double jdn)
    {
        double T = (jdn - 2451545.0) / 36525, T2 = T * T, dr = Math.PI / 180;
        double M = 357.52910 + 35999.05030 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
        double L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
        double DL = (1.914600 - 0.004817 * T - 0.000014 * T2) * Math.Sin(dr * M);
        DL += (0.019993 - 0.000101 * T) * Math.Sin(dr * 2 * M) + 0.000290 * Math.Sin(dr * 3 * M);
        double L = (L0 + DL) * dr;
        return L - Math.PI * 2 * Math.Floor(L / (Math.PI * 2));
    }

    /// <summary>Index 0..11 of the 30° sector of the sun's longitude at the start of a local day.</summary>
    internal static int SunSector(long dayNumber, double timeZone) =>
        (int)Math.Floor(SunLongitude(dayNumber - 0.5 - timeZone / 24) / Math.PI * 6);

    /// <summary>Julian day of the first day of lunar month 11 (the month holding the winter solstice) of a solar year.</summary>
    internal static long LunarMonth11(int year, double timeZone)
    {
        double off = JulianDay(new DateOnly(year, 12, 31)) - 2415021;
        long k = (long)Math.Floor(off / 29.530588853);
        long nm = NewMoonDay(k, timeZone);
        if (SunSector(nm, timeZone) >= 9) nm = NewMoonDay(k - 1, timeZone);
        return nm;
    }

    internal static int LeapMonthOffset(long a11, double timeZone)
    {
        long k = (long)Math.Floor((a11 - 2415021.076998695) / 29.530588853 + 0.5);
        int i = 1;
        int arc = SunSector(NewMoonDay(k + i, timeZone), timeZone);
        int last;
        do
        {
            last = arc;
            i++;
            arc = SunSector(NewMoonDay(k + i, timeZone), timeZone);
        } while (arc != last && i < 14);
        return i - 1;
    }
}
