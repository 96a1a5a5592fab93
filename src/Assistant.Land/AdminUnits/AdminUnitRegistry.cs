namespace Assistant.Land.AdminUnits;

/// <summary>
/// Hanoi's commune-level units before (526, as of 01/3/2025) and after (126, from 01/7/2025) the merger of
/// Resolution 1656/NQ-UBTVQH15, with the old → new mapping and the old districts, loaded from a data directory the
/// caller names. Finding unit names in text is <see cref="AdminUnitNameFinder"/>'s job (reached through
/// <see cref="ResolveOld"/>, <see cref="ResolveNew"/>, <see cref="FindInText"/>, <see cref="FindDistrict"/>);
/// the Vietnamese sentences are <see cref="AdminUnitMessages"/>'. Immutable after loading and safe to share between threads.
/// </summary>
public sealed class AdminUnitRegistry
{
    public const int ExpectedOldUnitCount = 526;
    public const int ExpectedNewUnitCount = 126;
    public const string OldUnitsFile = "hanoi_old_units_2025-03-01.csv";
    public const string NewUnitsFile = "hanoi_new_units_2025-07-01.csv";
    public const string MappingFile = "hanoi_old_to_new_mapping.csv";

    /// <summary>The act the mapping comes from, cited by every answer that rests on it.</summary>
    public const string LegalBasis = "Nghị quyết 1656/NQ-UBTVQH15";

    internal static readonly string[] OldUnitTypes = ["Phường", "Xã", "Thị trấn"];
    internal static readonly string[] NewUnitTypes = ["Phường", "Xã"];
    internal static readonly string[] DistrictTypes = ["Quận", "Huyện", "Thị xã"];

    private readonly Dictionary<string, OldUnit> _oldByCode;
    private readonly Dictionary<string, NewUnit> _newByCode;
    private readonly Dictionary<string, IReadOnlyList<NewUnitShare>> _newUnitsOf;
    private readonly Dictionary<string, IReadOnlyList<OldUnitShare>> _oldUnitsOf;
    private readonly AdminUnitNameFinder _finder;

    private AdminUnitRegistry(AdminUnitDataLoader.LoadedData data)
    {
        OldUnits = data.OldUnits;
        NewUnits = data.NewUnits;
        Mappings = data.Mappings;
        _oldByCode = OldUnits.ToDictionary(u => u.Code, StringComparer.Ordinal);
        _newByCode = NewUnits.ToDictionary(u => u.Code, StringComparer.Ordinal);

        var districts = new List<OldDistrict>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var unit in OldUnits)
        {
            if (!seen.Add(unit.DistrictCode)) continue;
            var type = DistrictTypes.First(t => unit.DistrictName.StartsWith(t + " ", StringComparison.Ordinal));
            districts.Add(new OldDistrict(unit.DistrictCode, unit.DistrictName, type));
        }
        Districts = districts;

        _newUnitsOf = Mappings.GroupBy(m => m.Old.Code, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<NewUnitShare>)g.Select(m => new NewUnitShare(m.New, m.MergeType)).ToList(), StringComparer.Ordinal);
        _oldUnitsOf = Mappings.GroupBy(m => m.New.Code, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<OldUnitShare>)g.Select(m => new OldUnitShare(m.Old, m.MergeType)).ToList(), StringComparer.Ordinal);

        // Last: the finder indexes the lists and lookups set above.
        _finder = new AdminUnitNameFinder(this);
    }

    /// <summary>The 526 old commune-level units in the order of the data file.</summary>
    public IReadOnlyList<OldUnit> OldUnits { get; }

    /// <summary>The 126 new commune-level units in the order of the data file.</summary>
    public IReadOnlyList<NewUnit> NewUnits { get; }

    /// <summary>The 796 old → new pairs.</summary>
    public IReadOnlyList<UnitMapping> Mappings { get; }

    /// <summary>The 30 old districts (quận/huyện/thị xã).</summary>
    public IReadOnlyList<OldDistrict> Districts { get; }

    /// <summary>
    /// Loads and validates the three CSV files of <paramref name="dataDirectory"/>; throws <see cref="AdminUnitDataException"/>
    /// (Vietnamese message) when they are missing or inconsistent. Each call reads the files again and returns a new registry.
    /// </summary>
    public static AdminUnitRegistry Load(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        return new AdminUnitRegistry(AdminUnitDataLoader.Load(dataDirectory));
    }

    public OldUnit? FindOldByCode(string code) => _oldByCode.GetValueOrDefault(code);

    public NewUnit? FindNewByCode(string code) => _newByCode.GetValueOrDefault(code);

    /// <summary>The new unit(s) an old unit went into, with the merge type.</summary>
    public IReadOnlyList<NewUnitShare> NewUnitsOf(OldUnit unit) => _newUnitsOf.GetValueOrDefault(unit.Code) ?? [];

    /// <summary>The old units that formed a new unit, with the merge type.</summary>
    public IReadOnlyList<OldUnitShare> OldUnitsOf(NewUnit unit) => _oldUnitsOf.GetValueOrDefault(unit.Code) ?? [];

    /// <summary>The old units of an old district.</summary>
    public IReadOnlyList<OldUnit> OldUnitsIn(OldDistrict district) => OldUnits.Where(u => u.DistrictCode == district.Code).ToList();

    /// <inheritdoc cref="AdminUnitNameFinder.FindDistrict"/>
    public OldDistrict? FindDistrict(string? text) => _finder.FindDistrict(text);

    /// <inheritdoc cref="AdminUnitNameFinder.ResolveOld"/>
    public OldUnitResolution ResolveOld(string name, string? district = null) => _finder.ResolveOld(name, district);

    /// <inheritdoc cref="AdminUnitNameFinder.ResolveNew"/>
    public NewUnitResolution ResolveNew(string name) => _finder.ResolveNew(name);

    /// <inheritdoc cref="AdminUnitNameFinder.FindInText"/>
    public AdminUnitTextMatch? FindInText(string text) => _finder.FindInText(text);
}
