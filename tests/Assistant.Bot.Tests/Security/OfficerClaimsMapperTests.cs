using System.Security.Claims;
using Assistant.Access;
using Assistant.Bot.Officers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Assistant.Bot.Tests.Security;

/// <summary>Claims → caller identity (the one mapper), the roster file, and the checks of section "Auth" on start.</summary>
public sealed class OfficerClaimsMapperTests
{
    private static ClaimsPrincipal Principal(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), authenticationType: "test"));

    private static OfficerClaimsMapper Mapper(OfficerAuthOptions? options = null, OfficerRoster? roster = null) =>
        new(Options.Create(options ?? new OfficerAuthOptions()), roster ?? OfficerRoster.Empty);

    private static string TempFile(string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("assistant-auth-").FullName, "file.txt");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Roles_and_units_come_from_the_configured_claims_and_unknown_roles_grant_nothing()
    {
        var caller = Mapper().Map(Principal(("sub", "abc"), ("roles", "officer"), ("roles", "cleaner"), ("units", "00004"), ("units", "00008, 00025")));
        Assert.Equal("abc", caller.Subject);
        Assert.Equal(UserRole.Officer, caller.Role);
        Assert.Equal([UserRole.Officer], caller.Roles);
        Assert.Equal("00004,00008,00025", caller.Units.ToString());

        var both = Mapper().Map(Principal(("sub", "s"), ("roles", "Officer"), ("roles", "SUPERVISOR")));
        Assert.Equal(UserRole.Supervisor, both.Role); // the highest role is the main one

        var custom = new OfficerAuthOptions { RoleClaim = "app_roles", UnitClaim = "unit_codes", SubjectClaim = "oid" };
        custom.RoleValues["CanBoMotCua"] = UserRole.Officer;
        var entra = Mapper(custom).Map(Principal(("oid", "o-1"), ("sub", "ignored"), ("app_roles", "CanBoMotCua"), ("unit_codes", "00004")));
        Assert.Equal(("o-1", UserRole.Officer, "00004"), (entra.Subject, entra.Role, entra.Units.ToString()));
    }

    [Fact]
    public void No_subject_means_anonymous_and_no_role_means_nothing_is_allowed()
    {
        var policy = new AccessPolicy();
        Assert.False(Mapper().Map(Principal(("roles", "supervisor"))).IsAuthenticated);
        Assert.False(Mapper().Map(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "x"), new Claim("roles", "officer")]))).IsAuthenticated); // not authenticated

        var noRole = Mapper().Map(Principal(("sub", "x"), ("units", "00004")));
        Assert.True(noRole.IsAuthenticated);
        Assert.Equal(UserRole.Citizen, noRole.Role);
        Assert.All(Enum.GetValues<OfficerAction>(), a => Assert.False(policy.Allows(noRole, a)));

        // An officer never gets every unit from a wildcard; a supervisor does.
        Assert.Equal(UnitScope.None, policy.DossierUnitsFor(Mapper().Map(Principal(("sub", "o"), ("roles", "officer"), ("units", "*")))));
        Assert.True(policy.DossierUnitsFor(Mapper().Map(Principal(("sub", "s"), ("roles", "supervisor"), ("units", "*")))).AllUnits);
    }

    [Fact]
    public void The_roster_adds_units_to_subjects_the_provider_gives_none()
    {
        var roster = OfficerRoster.Load(TempFile("# comment\nsubject,units\nofficer-a,00004;00008\n\nsupervisor,*\n"));
        Assert.Equal(2, roster.Count);
        var caller = Mapper(roster: roster).Map(Principal(("sub", "officer-a"), ("roles", "officer")));
        Assert.Equal("00004,00008", caller.Units.ToString());
        Assert.Equal("00004,00008,00025", Mapper(roster: roster).Map(Principal(("sub", "officer-a"), ("roles", "officer"), ("units", "00025"))).Units.ToString());
        Assert.Equal(UnitScope.None, Mapper(roster: roster).Map(Principal(("sub", "stranger"), ("roles", "officer"))).Units);

        Assert.Contains(":1:", Assert.Throws<FormatException>(() => OfficerRoster.Load(TempFile("officer-a,00004\n"))).Message, StringComparison.Ordinal);
        Assert.Contains(":2:", Assert.Throws<FormatException>(() => OfficerRoster.Load(TempFile("subject,units\nofficer-a,Ba Đình\n"))).Message, StringComparison.Ordinal);
        Assert.Contains(":3:", Assert.Throws<FormatException>(() => OfficerRoster.Load(TempFile("subject,units\na,00004\na,00008\n"))).Message, StringComparison.Ordinal);
        Assert.Contains(":2:", Assert.Throws<FormatException>(() => OfficerRoster.Load(TempFile("subject,units\nofficer-a\n"))).Message, StringComparison.Ordinal);
        // The shipped sample parses.
        Assert.Equal(3, OfficerRoster.Load(Path.Combine(Infrastructure.RepoPaths.Root, "data", "officers", "roster.sample.csv")).Count);
    }

    [Fact]
    public void Section_Auth_is_checked_on_start()
    {
        static IReadOnlyList<string> Failures(OfficerAuthOptions options, IConfiguration? configuration = null) =>
            new OfficerAuthOptionsValidator(configuration ?? new ConfigurationBuilder().Build()).Validate(null, options).Failures?.ToList() ?? [];

        Assert.Empty(Failures(new OfficerAuthOptions())); // not configured: sign-in off, nothing to check
        Assert.Empty(Failures(new OfficerAuthOptions { Authority = "https://login.microsoftonline.com/t/v2.0", Audience = "api://tro-ly-dat-dai" }));
        Assert.Contains(Failures(new OfficerAuthOptions { Authority = "http://sso.example/realms/hanoi", Audience = "api://x" }), f => f.Contains("https", StringComparison.Ordinal));
        Assert.Empty(Failures(new OfficerAuthOptions { Authority = "http://127.0.0.1:5000", Audience = "api://x", RequireHttpsMetadata = false }));
        Assert.Contains(Failures(new OfficerAuthOptions { Authority = "https://sso.example" }), f => f.Contains("Auth:Audience", StringComparison.Ordinal));
        Assert.Contains(Failures(new OfficerAuthOptions { Authority = "sso.example", Audience = "api://x" }), f => f.Contains("absolute", StringComparison.Ordinal));
        Assert.Contains(Failures(new OfficerAuthOptions { Authority = "https://sso.example", Audience = "api://x", ClockSkewSeconds = 3600 }), f => f.Contains("ClockSkew", StringComparison.Ordinal));

        // The client secret comes from the environment, never from a settings file.
        var fromFile = new ConfigurationBuilder().AddJsonFile(TempFile("""{"Auth":{"ClientSecret":"s3cret"}}"""), optional: false).Build();
        Assert.Contains(Failures(new OfficerAuthOptions(), fromFile), f => f.Contains("Auth__ClientSecret", StringComparison.Ordinal));
        var fromEnvironmentLike = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:ClientSecret"] = "s3cret" }).Build();
        Assert.Empty(Failures(new OfficerAuthOptions(), fromEnvironmentLike));
    }
}
