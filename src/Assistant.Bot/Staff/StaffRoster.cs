using System.Globalization;
using Assistant.Access;

namespace Assistant.Bot.Staff;

/// <summary>One staff member on the roster: the units they work for and the highest level they are cleared for.</summary>
public sealed record StaffMember(UnitScope Units, SecurityLevel Clearance);

/// <summary>
/// The staff roster (Staff:RosterPath): a CSV file in UTF-8 with the header "user,units,clearance", then one line per
/// staff member: the user (the Microsoft Entra object id, as Teams sends it in from.aadObjectId, or the user principal
/// name), the unit codes separated by ';' ("*" = every unit), and "internal" or "confidential". Blank lines and lines
/// starting with '#' are ignored. Read once at start; a malformed line stops the start, naming the line.
/// </summary>
public sealed class StaffRoster
{
    private readonly Dictionary<string, StaffMember> _members;

    private StaffRoster(Dictionary<string, StaffMember> members) => _members = members;

    /// <summary>No roster: nobody is staff.</summary>
    public static StaffRoster Empty { get; } = new(new Dictionary<string, StaffMember>(StringComparer.OrdinalIgnoreCase));

    public int Count => _members.Count;

    /// <summary>The roster's entry for an object id or a user principal name (case-insensitive), or null.</summary>
    public StaffMember? Find(string? user) =>
        !string.IsNullOrWhiteSpace(user) && _members.TryGetValue(user.Trim(), out var member) ? member : null;

    public static StaffRoster Load(string path)
    {
        var members = new Dictionary<string, StaffMember>(StringComparer.OrdinalIgnoreCase);
        var lineNumber = 0;
        var headerSeen = false;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            string Where() => string.Create(CultureInfo.InvariantCulture, $"{path}:{lineNumber}");
            if (!headerSeen)
            {
                headerSeen = true;
                if (fields is ["user", "units", "clearance"]) continue;
                throw new FormatException($"{Where()}: the first line must be the header \"user,units,clearance\".");
            }

            if (fields.Length != 3 || fields[0].Length == 0)
                throw new FormatException($"{Where()}: expected \"user,unit;unit…,internal|confidential\".");
            var user = fields[0];
            if (!IsObjectId(user) && !(user.Contains('@', StringComparison.Ordinal) && !user.Contains(' ', StringComparison.Ordinal)))
                throw new FormatException($"{Where()}: '{user}' is neither an Entra object id (a GUID) nor a user principal name; never a name.");
            var codes = fields[1].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (codes.Length == 0)
                throw new FormatException($"{Where()}: at least one unit code (or \"*\") is required.");
            if (codes.FirstOrDefault(c => c != "*" && !(c.Length == 5 && c.All(char.IsAsciiDigit))) is { } bad)
                throw new FormatException($"{Where()}: '{bad}' is not a five-digit unit code or \"*\".");
            var clearance = fields[2].ToLowerInvariant() switch
            {
                "internal" => SecurityLevel.Internal,
                "confidential" => SecurityLevel.Confidential,
                _ => throw new FormatException($"{Where()}: clearance must be \"internal\" or \"confidential\", not '{fields[2]}'."),
            };
            if (!members.TryAdd(user, new StaffMember(UnitScope.Of(codes), clearance)))
                throw new FormatException($"{Where()}: the user is listed twice.");
        }

        return new StaffRoster(members);
    }

    /// <summary>
    /// An Entra directory id (object or tenant id): a GUID, read loosely as hex digits and dashes, because Microsoft's
    /// own local tools (the Agents Playground) use ids one digit longer than a GUID.
    /// </summary>
    internal static bool IsObjectId(string? id) =>
        id is { Length: >= 32 and <= 40 } && id.All(c => char.IsAsciiHexDigit(c) || c == '-') && id.Count(char.IsAsciiHexDigit) >= 32;
}
