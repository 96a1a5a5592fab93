using Assistant.Land.AdminUnits;
using Assistant.Land.Tests.Procedures;
using Assistant.Vietnamese;

namespace Assistant.Land.Tests.AdminUnits;

/// <summary>
/// The registry loaded once from the repository's data/admin-units, plus the three CSV files read independently of it
/// (to check the registry against).
/// </summary>
public sealed class AdminUnitDataFixture
{
    public AdminUnitDataFixture()
    {
        DataDirectory = Path.Combine(ProcedureTestData.RepoRoot, "data", "admin-units");
        Registry = AdminUnitRegistry.Load(DataDirectory);
        OldRows = ReadRows(AdminUnitRegistry.OldUnitsFile)
            .Select(f => new OldRow(f[0], f[1], f[2], f[3], f[4], f[5]))
            .ToList();
        NewRows = ReadRows(AdminUnitRegistry.NewUnitsFile)
            .Select(f => new NewRow(f[0], f[1], f[2]))
            .ToList();
        MappingRows = ReadRows(AdminUnitRegistry.MappingFile)
            .Select(f => new MappingRow(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]))
            .ToList();
    }

    public string DataDirectory { get; }
    public AdminUnitRegistry Registry { get; }
    public IReadOnlyList<OldRow> OldRows { get; }
    public IReadOnlyList<NewRow> NewRows { get; }
    public IReadOnlyList<MappingRow> MappingRows { get; }

    /// <summary>"00167|00166|partial" strings of the mapping CSV for one old unit.</summary>
    public HashSet<string> ExpectedNewOf(string oldCode) =>
        MappingRows.Where(m => m.OldCode == oldCode).Select(m => $"{m.OldCode}|{m.NewCode}|{m.MergeType}").ToHashSet();

    /// <summary>"00167|00166|partial" strings of the mapping CSV for one new unit.</summary>
    public HashSet<string> ExpectedOldOf(string newCode) =>
        MappingRows.Where(m => m.NewCode == newCode).Select(m => $"{m.OldCode}|{m.NewCode}|{m.MergeType}").ToHashSet();

    public static HashSet<string> Pairs(OldUnitCandidate candidate) =>
        candidate.NewUnits.Select(s => $"{candidate.Unit.Code}|{s.Unit.Code}|{(s.MergeType == MergeType.Full ? "full" : "partial")}").ToHashSet();

    public static HashSet<string> Pairs(NewUnitResolution resolution) =>
        resolution.OldUnits.Select(s => $"{s.Unit.Code}|{resolution.Unit!.Code}|{(s.MergeType == MergeType.Full ? "full" : "partial")}").ToHashSet();

    private List<string[]> ReadRows(string file) =>
        File.ReadAllLines(Path.Combine(DataDirectory, file))
            .Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(VietnameseText.Nfc).ToArray())
            .ToList();

    public sealed record OldRow(string DistrictCode, string DistrictName, string DistrictType, string Code, string Name, string Type)
    {
        public string BaseName => Name[(Type.Length + 1)..];
        public string DistrictBase => DistrictName[(DistrictType.Length + 1)..];
    }

    public sealed record NewRow(string Code, string Name, string Type)
    {
        public string BaseName => Name[(Type.Length + 1)..];
    }

    public sealed record MappingRow(
        string OldCode, string OldName, string OldDistrictCode, string OldDistrictName,
        string NewCode, string NewName, string NewType, string MergeType);
}

[CollectionDefinition(Name)]
public sealed class AdminUnitCollection : ICollectionFixture<AdminUnitDataFixture>
{
    public const string Name = "AdminUnits";
}
