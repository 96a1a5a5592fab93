using Assistant.Access;
using Assistant.Bot.Staff;
using Assistant.Bot.Tests.Infrastructure;

namespace Assistant.Bot.Tests.Security;

public sealed class StaffRosterTests
{
    [Fact]
    public void TheSampleRoster_Loads_ByObjectIdOrUpn_CaseInsensitive()
    {
        var roster = StaffRoster.Load(Path.Combine(RepoPaths.Root, "data", "staff", "roster.sample.csv"));
        Assert.Equal(3, roster.Count);
        var confidential = roster.Find("5B0F3C1E-8A4D-4C2E-9F61-0A1B2C3D4E02")!;
        Assert.Equal(SecurityLevel.Confidential, confidential.Clearance);
        Assert.Equal("00004,00008", confidential.Units.ToString());
        Assert.True(roster.Find("Can-Bo.Mau@so-tnmt.example")!.Units.AllUnits);
        Assert.Null(roster.Find("0c9d8e7f-0000-4000-8000-0000000000ff"));
        Assert.Null(roster.Find(null));
    }

    [Theory]
    [InlineData("subject,units\n", "header")]
    [InlineData("user,units,clearance\nNguyễn Văn A,00004,internal\n", "never a name")]
    [InlineData("user,units,clearance\n5b0f3c1e-8a4d-4c2e-9f61-0a1b2c3d4e01,4,internal\n", "five-digit")]
    [InlineData("user,units,clearance\n5b0f3c1e-8a4d-4c2e-9f61-0a1b2c3d4e01,00004,secret\n", "clearance")]
    [InlineData("user,units,clearance\n5b0f3c1e-8a4d-4c2e-9f61-0a1b2c3d4e01,00004\n", "expected")]
    [InlineData("user,units,clearance\na@b.vn,00004,internal\nA@B.vn,00008,internal\n", "twice")]
    public void AMalformedRoster_StopsTheLoad_NamingTheLine(string content, string expected)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("staff-roster-").FullName, "roster.csv");
        File.WriteAllText(path, content);
        var error = Assert.Throws<FormatException>(() => StaffRoster.Load(path));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("roster.csv:", error.Message, StringComparison.Ordinal);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
