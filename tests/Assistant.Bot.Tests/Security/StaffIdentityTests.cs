using System.Net;
using Assistant.Access;
using Assistant.Audit;
using Assistant.Bot.Activities;
using Assistant.Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Bot.Tests.Security;

/// <summary>
/// Who is staff, through the real adapter over real HTTP: only a Teams activity with a verified Bot Connector token,
/// from an allowed tenant, from a user on the staff roster. Everyone else gets the citizens' welcome.
/// </summary>
[Collection(BotConnectorCollection.Name)]
public sealed class StaffIdentityTests(BotConnectorFixture fixture)
{
    private const string OtherTenant = "11111111-2222-4333-8444-555555555555";
    private const string UserNotOnRoster = "0c9d8e7f-0000-4000-8000-0000000000ff";

    [Fact]
    public async Task RosterUser_FromTheStaffTenant_WithAVerifiedToken_GetsTheStaffWelcome() =>
        Assert.Equal([BotTexts.WelcomeStaff], await WelcomeAsync(BotConnectorFixture.StaffTenant, BotConnectorFixture.RosterUserInternal));

    [Fact]
    public async Task RosterUser_FromAnotherTenant_IsACitizen() =>
        Assert.Equal([BotTexts.Welcome], await WelcomeAsync(OtherTenant, BotConnectorFixture.RosterUserInternal));

    [Fact]
    public async Task UserNotOnTheRoster_FromTheStaffTenant_IsACitizen() =>
        Assert.Equal([BotTexts.Welcome], await WelcomeAsync(BotConnectorFixture.StaffTenant, UserNotOnRoster));

    [Fact]
    public async Task AuthenticationOff_NobodyIsStaff_EvenARosterUserFromTheStaffTenant()
    {
        await using var host = await BotTestHost.StartAsync(StaffSettings(allowUnverified: false));
        var (response, body) = await TeamsActivities.PostAsync(host.Client,
            TeamsActivities.MembersAdded(NewConversation(), BotConnectorFixture.StaffTenant, BotConnectorFixture.RosterUserConfidential), token: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([BotTexts.Welcome], TeamsActivities.ReplyTexts(body));
        Assert.Empty(host.Services.GetRequiredService<IAuditTrail>().Query(new AuditQuery(Action: AuditActions.StaffSessionStart)).Items);

        await TeamsActivities.PostAsync(host.Client,
            TeamsActivities.Message(NewConversation(), "cấp sổ đỏ lần đầu", BotConnectorFixture.StaffTenant, BotConnectorFixture.RosterUserConfidential), token: null);
        var turn = Assert.Single(host.Stub.Turns);
        Assert.Equal(UserRole.Citizen, turn.Role);
        Assert.False(turn.Caller.IsAuthenticated);
        Assert.Equal(AccessScope.Public, new AccessPolicy().ScopeFor(turn.Caller));
    }

    [Fact]
    public async Task DevelopmentSwitch_LetsTheEmulatorPlayARosterUser_WithTheRostersUnitsAndClearance()
    {
        await using var host = await BotTestHost.StartAsync(StaffSettings(allowUnverified: true));
        var (_, welcome) = await TeamsActivities.PostAsync(host.Client,
            TeamsActivities.MembersAdded(NewConversation(), BotConnectorFixture.StaffTenant, BotConnectorFixture.RosterUserConfidential), token: null);
        Assert.Equal([BotTexts.WelcomeStaff], TeamsActivities.ReplyTexts(welcome));
        var session = Assert.Single(host.Services.GetRequiredService<IAuditTrail>().Query(new AuditQuery(Action: AuditActions.StaffSessionStart)).Items);
        Assert.Equal((BotConnectorFixture.RosterUserConfidential, "staff", "00004,00008"), (session.Actor, session.Role, session.Unit));

        await TeamsActivities.PostAsync(host.Client,
            TeamsActivities.Message(NewConversation(), "cấp sổ đỏ lần đầu", BotConnectorFixture.StaffTenant, BotConnectorFixture.RosterUserConfidential), token: null);
        await TeamsActivities.PostAsync(host.Client,
            TeamsActivities.Message(NewConversation(), "cấp sổ đỏ lần đầu", OtherTenant, BotConnectorFixture.RosterUserConfidential), token: null);
        var turns = host.Stub.Turns.ToList();
        Assert.Equal(2, turns.Count);
        var staff = turns[0].Caller;
        Assert.Equal(UserRole.Staff, staff.Role);
        Assert.Equal(BotConnectorFixture.RosterUserConfidential, staff.Subject);
        Assert.Equal(SecurityLevel.Confidential, staff.Clearance);
        Assert.Equal("00004,00008", staff.Units.ToString());
        var policy = new AccessPolicy();
        Assert.Equal(AccessScope.Confidential, policy.ScopeFor(staff));
        Assert.Equal("00004,00008", policy.DocumentUnitsFor(staff).ToString());
        // The same user from a tenant that is not the city's stays a citizen, switch or not.
        Assert.Equal(UserRole.Citizen, turns[1].Role);
        Assert.Equal(AccessScope.Public, policy.ScopeFor(turns[1].Caller));
    }

    [Fact]
    public async Task DevelopmentSwitch_InProduction_StopsTheStart_WithAClearMessage()
    {
        var environment = new Dictionary<string, string>
        {
            ["Staff__AllowUnverifiedInDevelopment"] = "true",
            ["Staff__TenantIds__0"] = BotConnectorFixture.StaffTenant,
            ["Staff__RosterPath"] = BotConnectorFixture.RosterPath,
        };

        var (exitCode, output) = await BotProcess.RunUntilExitAsync(environment, hostEnvironment: "Production");

        Assert.True(exitCode != 0, "the bot started in Production with the development switch on:\n" + output);
        Assert.True(output.Contains("Staff:AllowUnverifiedInDevelopment=true is refused in Production", StringComparison.Ordinal),
            "the start did not stop with the clear message:\n" + output);
    }

    private async Task<IReadOnlyList<string>> WelcomeAsync(string tenant, string user)
    {
        var token = fixture.TokenService.Sign(
            BotConnectorTokenServiceDouble.ChannelClaims(BotConnectorFixture.AppId, BotConnectorFixture.ServiceUrl, DateTimeOffset.UtcNow));
        var (response, body) = await TeamsActivities.PostAsync(fixture.Bot.Client, TeamsActivities.MembersAdded(NewConversation(), tenant, user), token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}\n{fixture.Bot.Output}");
        return TeamsActivities.ReplyTexts(body);
    }

    private static Dictionary<string, string?> StaffSettings(bool allowUnverified) => new()
    {
        ["Staff:TenantIds:0"] = BotConnectorFixture.StaffTenant,
        ["Staff:RosterPath"] = BotConnectorFixture.RosterPath,
        ["Staff:AllowUnverifiedInDevelopment"] = allowUnverified ? "true" : "false",
    };

    private static string NewConversation() => "a:1" + Guid.NewGuid().ToString("N");
}
