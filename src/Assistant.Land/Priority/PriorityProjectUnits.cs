using Assistant.Land.AdminUnits;
using Assistant.Vietnamese;

namespace Assistant.Land.Priority;

/// <summary>
/// Turns a project's old units (before 1 July 2025) into the new communes that took their land, through the merger
/// mapping of <see cref="AdminUnitRegistry"/> (NQ 1656/NQ-UBTVQH15). An old unit is written as a district
/// ("Huyện Đông Anh") or as a commune with its district ("Phường Tứ Liên, Quận Tây Hồ"); a commune name alone is
/// accepted when it is unique in Hanoi. Comparison ignores case and diacritics.
/// </summary>
public static class PriorityProjectUnits
{
    /// <summary>The new communes of <paramref name="oldUnits"/> in mapping order, and the entries that name no old unit.</summary>
    public static (IReadOnlyList<PriorityNewUnit> NewUnits, IReadOnlyList<string> Unknown) Resolve(AdminUnitRegistry units, IEnumerable<string> oldUnits)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(oldUnits);
        var unknown = new List<string>();
        var matched = new List<(string Entry, UnitMapping Mapping)>();
        foreach (var entry in oldUnits)
        {
            var found = Match(units, entry);
            if (found.Count == 0) unknown.Add(entry);
            matched.AddRange(found.Select(m => (entry, m)));
        }
        var result = matched
            .GroupBy(m => m.Mapping.New.Code, StringComparer.Ordinal)
            .Select(g => new PriorityNewUnit(
                g.Key,
                g.First().Mapping.New.Name,
                g.Any(m => m.Mapping.MergeType == MergeType.Partial) ? "partial" : "full",
                g.Select(m => m.Mapping.Old.NameWithDistrict).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();
        return (result, unknown);
    }

    private static List<UnitMapping> Match(AdminUnitRegistry units, string entry)
    {
        var text = entry.Trim();
        if (text.Length == 0) return [];
        var whole = Fold(text);
        var byDistrict = units.Mappings.Where(m => Fold(m.Old.DistrictName) == whole).ToList();
        if (byDistrict.Count > 0) return byDistrict;

        var comma = text.LastIndexOf(',');
        if (comma > 0)
        {
            var commune = Fold(text[..comma]);
            var district = Fold(text[(comma + 1)..]);
            return units.Mappings.Where(m => Fold(m.Old.Name) == commune && Fold(m.Old.DistrictName) == district).ToList();
        }
        var communes = units.Mappings.Where(m => Fold(m.Old.Name) == whole).ToList();
        // A commune name shared by two districts (several "Phường Phú Thượng"-like pairs) says nothing on its own.
        return communes.Select(m => m.Old.Code).Distinct(StringComparer.Ordinal).Count() == 1 ? communes : [];
    }

    private static string Fold(string s) => VietnameseText.FoldPhrase(s);
}
