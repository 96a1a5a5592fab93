namespace Assistant.Access;

/// <summary>
/// The administrative units whose dossiers a caller may see: a set of unit codes (the five-digit codes of the 126 units
/// after 1 July 2025), or every unit. Applied inside the store query (a dossier belongs to the units it is routed to, or
/// to the unit an override chose), never as a filter on a page.
/// </summary>
public sealed record UnitScope
{
    private UnitScope(bool allUnits, IReadOnlySet<string> codes)
    {
        AllUnits = allUnits;
        Codes = codes;
    }

    /// <summary>No unit at all: sees no dossier.</summary>
    public static UnitScope None { get; } = new(false, new HashSet<string>(StringComparer.Ordinal));

    /// <summary>Every unit, including dossiers that could not be routed to one.</summary>
    public static UnitScope All { get; } = new(true, new HashSet<string>(StringComparer.Ordinal));

    /// <summary>The given unit codes (blank ones ignored); "*" among them means <see cref="All"/>.</summary>
    public static UnitScope Of(IEnumerable<string> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var set = new HashSet<string>(codes.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()), StringComparer.Ordinal);
        if (set.Contains("*")) return All;
        return set.Count == 0 ? None : new UnitScope(false, set);
    }

    /// <summary>True when every unit is in scope.</summary>
    public bool AllUnits { get; }

    /// <summary>The unit codes in scope (empty when <see cref="AllUnits"/>).</summary>
    public IReadOnlySet<string> Codes { get; }

    /// <summary>True when a dossier routed to <paramref name="dossierUnits"/> is in scope. A dossier with no unit is in
    /// scope only for <see cref="All"/>.</summary>
    public bool Covers(IEnumerable<string> dossierUnits)
    {
        ArgumentNullException.ThrowIfNull(dossierUnits);
        return AllUnits || dossierUnits.Any(Codes.Contains);
    }

    /// <summary>"*" or the codes joined by ",", for the audit trail.</summary>
    public override string ToString() => AllUnits ? "*" : string.Join(",", Codes.Order(StringComparer.Ordinal));
}
