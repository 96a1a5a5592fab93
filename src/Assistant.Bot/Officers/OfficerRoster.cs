using System.Globalization;

namespace Assistant.Bot.Officers;

/// <summary>
/// Unit codes by subject, for providers that cannot put unit codes into a claim (Auth:RosterPath). A CSV file in UTF-8:
/// a header line "subject,units", then one line per officer: the subject (the token's subject claim, exactly) and the
/// unit codes separated by ';' ("*" = every unit, meaningful for supervisors only). Blank lines and lines starting with
/// '#' are ignored. Read once at start; a malformed line stops the start, naming the line.
/// </summary>
public sealed class OfficerRoster
{
    private readonly Dictionary<string, IReadOnlyList<string>> _units;

    private OfficerRoster(Dictionary<string, IReadOnlyList<string>> units) => _units = units;

    /// <summary>No roster: every subject gets its units from the claim only.</summary>
    public static OfficerRoster Empty { get; } = new(new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal));

    public int Count => _units.Count;

    /// <summary>The roster's unit codes of <paramref name="subject"/> (none when not listed).</summary>
    public IReadOnlyList<string> UnitsOf(string subject) => _units.TryGetValue(subject, out var units) ? units : [];

    public static OfficerRoster Load(string path)
    {
        var units = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var lineNumber = 0;
        var headerSeen = false;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split(',', 2, StringSplitOptions.TrimEntries);
            if (!headerSeen)
            {
                headerSeen = true;
                if (fields.Length == 2 && fields[0].Equals("subject", StringComparison.OrdinalIgnoreCase)) continue;
                throw new FormatException($"{path}:{lineNumber}: the first line must be the header \"subject,units\".");
            }

            var codes = fields.Length == 2 ? fields[1].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
            if (fields[0].Length == 0 || codes.Length == 0)
                throw new FormatException($"{path}:{lineNumber}: expected \"subject,unit;unit…\".");
            if (codes.FirstOrDefault(c => c != "*" && !(c.Length == 5 && c.All(char.IsAsciiDigit))) is { } bad)
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{path}:{lineNumber}: '{bad}' is not a five-digit unit code or \"*\"."));
            if (!units.TryAdd(fields[0], codes))
                throw new FormatException($"{path}:{lineNumber}: the subject is listed twice.");
        }

        return new OfficerRoster(units);
    }
}
