using System.Text.RegularExpressions;
using Assistant.Vietnamese;

namespace Assistant.Land.Procedures;

/// <summary>
/// Reads the normal-case time limit out of the raw processing-time lines. Only lines that state the limit for the
/// normal case count: notes in parentheses ("(Không tính thời gian 30 ngày niêm yết…)") and the longer limit for
/// hard-to-reach areas ("27 - 30 ngày (vùng khó khăn, hải đảo...)") are skipped. One remaining line with one number
/// gives <c>WorkingDays</c>; one remaining line with "a - b ngày" gives <c>WorkingDaysRange</c>; several remaining
/// lines are different cases ("04 ngày: …", "08 ngày: …") and give neither — the raw lines must be read.
/// </summary>
internal static partial class ProcessingTimeParser
{
    [GeneratedRegex(@"(\d{1,3})\s*[-–—]\s*(\d{1,3})\s*ngày", RegexOptions.CultureInvariant)]
    private static partial Regex RangePattern();

    [GeneratedRegex(@"(\d{1,3})\s*ngày", RegexOptions.CultureInvariant)]
    private static partial Regex SinglePattern();

    public static (int? Days, (int Min, int Max)? Range) Parse(IReadOnlyList<string> lines)
    {
        var main = lines
            .Select(l => VietnameseText.Nfc(l).Trim().TrimStart('-', '•', ' ').Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('(') && !IsHardAreaLine(l))
            .ToList();
        if (main.Count != 1) return (null, null);

        var line = main[0];
        var range = RangePattern().Match(line);
        if (range.Success)
        {
            int a = int.Parse(range.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            int b = int.Parse(range.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            return a < b ? (null, (a, b)) : (null, null);
        }
        var singles = SinglePattern().Matches(line);
        if (singles.Count == 1)
            return (int.Parse(singles[0].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), null);
        return (null, null); // "Trong ngày làm việc." or several numbers on one line: no single figure.
    }

    // The catalogue's own wording for the longer limit, compared folded as it is sometimes typed without diacritics.
    private static readonly PhraseList HardAreaWords = new(["vùng khó khăn", "hải đảo"], MatchMode.Folded, SyllableOptions.NoBreaks);

    private static bool IsHardAreaLine(string line) => HardAreaWords.ContainsAny(line);
}
