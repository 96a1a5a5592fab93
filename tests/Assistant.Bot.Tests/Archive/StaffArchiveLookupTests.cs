using System.Net;
using Assistant.Audit;
using Assistant.Bot.Activities;
using Assistant.Bot.Archive;
using Assistant.Bot.Tests.Infrastructure;
using Assistant.Bot.Tests.Security;
using Assistant.Retrieval.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace Assistant.Bot.Tests.Archive;

/// <summary>One host (real Program, real adapter, Kestrel on 127.0.0.1) whose store holds <see cref="ArchiveTestPages"/>.
/// Staff identity comes from the roster under Staff:AllowUnverifiedInDevelopment (auth off, as the Emulator/Playground).</summary>
public sealed class ArchiveHostFixture : IAsyncLifetime
{
    public BotTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await BotTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Staff:TenantIds:0"] = BotConnectorFixture.StaffTenant,
            ["Staff:RosterPath"] = BotConnectorFixture.RosterPath,
            ["Staff:AllowUnverifiedInDevelopment"] = "true",
            ["ArchivePages:PublicBaseUrl"] = "https://bot.example.gov.vn",
        });
        await ArchiveTestPages.IndexAsync(Host.Services.GetRequiredService<IChunkStore>(),
            Host.Services.GetRequiredService<IOptions<ArchivePageOptions>>().Value.PagesPath);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ArchiveHostCollection : ICollectionFixture<ArchiveHostFixture>
{
    public const string Name = "archive host";
}

/// <summary>Item 5 of issue 12: staff lookups in Teams (message commands and the messaging extension), trimmed by the
/// roster's units and clearance inside the store query, masked below clearance, audited; nothing for anyone else.</summary>
[Collection(ArchiveHostCollection.Name)]
public sealed class StaffArchiveLookupTests(ArchiveHostFixture fixture)
{
    private const string NotOnRoster = "0c9d8e7f-0000-4000-8000-0000000000ff";
    private static readonly ArchiveTestPages.Page NgocHa = ArchiveTestPages.NgocHaCertificate;
    private static readonly ArchiveTestPages.Page BaDinh = ArchiveTestPages.BaDinhDecision;
    private static readonly ArchiveTestPages.Page NghiaDo = ArchiveTestPages.NghiaDoCertificate;

    private async Task<JArray> SayAsync(string user, string text)
    {
        var (response, body) = await TeamsActivities.PostAsync(fixture.Host.Client,
            TeamsActivities.Message("a:1" + Guid.NewGuid().ToString("N"), text, BotConnectorFixture.StaffTenant, user), token: null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        return (JArray)JObject.Parse(body)["activities"]!;
    }

    private static IReadOnlyList<JObject> Cards(JArray replies) =>
        replies.SelectMany(a => a["attachments"] as JArray ?? []).Select(a =>
        {
            Assert.Equal(ArchiveCards.ContentType, (string?)a["contentType"]);
            return (JObject)a["content"]!;
        }).ToList();

    private IReadOnlyList<AuditRecord> Audit(string actor) =>
        fixture.Host.Services.GetRequiredService<IAuditTrail>().Query(new AuditQuery(Actor: actor, Action: AuditActions.ArchiveLookup, Limit: 200)).Items;

    [Fact]
    public async Task ParcelLookup_WithTheOldWardName_FindsThePageFiledUnderTheNewUnit_OnlyInTheCallersUnits_WithNamesForConfidentialClearance()
    {
        var user = BotConnectorFixture.RosterUserConfidential; // units 00004;00008, confidential
        var before = Audit(user).Count;
        var replies = await SayAsync(user, "tra cứu thửa 125 tờ 12 phường Nghĩa Đô");
        var card = Assert.Single(Cards(replies));
        var json = card.ToString();
        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        Assert.Contains("AA 01234567", json, StringComparison.Ordinal);
        Assert.Contains("Trần Thị Bích Ngọc", json, StringComparison.Ordinal);
        Assert.Contains("000180012345", json, StringComparison.Ordinal);
        Assert.Contains("⚠", json, StringComparison.Ordinal); // the serial was read with 72% confidence
        // The same parcel and sheet in Phường Nghĩa Đô (00160) is not in this member's units: never in the reply.
        Assert.DoesNotContain("DT 123456", replies.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(NghiaDo.Record.Personal.HolderNames[0], replies.ToString(), StringComparison.Ordinal);
        var link = (string)card["actions"]![0]!["url"]!;
        Assert.StartsWith("https://bot.example.gov.vn/archive/page?p=", link, StringComparison.Ordinal);

        var rows = Audit(user);
        Assert.Equal(before + 1, rows.Count);
        var row = rows[^1];
        Assert.Equal((NgocHa.PageId, AuditOutcomes.Ok, "staff", "00004,00008"), (row.TargetId, row.Outcome, row.Role, row.Unit));
    }

    [Fact]
    public async Task DocumentNumberLookup_ByAnInternalMember_MasksNamesAndIdNumbers()
    {
        var user = BotConnectorFixture.RosterUserInternal; // unit 00004, internal
        var replies = await SayAsync(user, "tra cứu văn bản 1234/qđ-ubnd");
        var json = Assert.Single(Cards(replies)).ToString();
        Assert.Contains("1234/QĐ-UBND", json, StringComparison.Ordinal);
        Assert.Contains("L*** V*** H***", json, StringComparison.Ordinal);
        Assert.Contains("********4321", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Lê Văn Hùng", replies.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("000170054321", replies.ToString(), StringComparison.Ordinal);
        Assert.Contains("đã được che", json, StringComparison.Ordinal);

        // A confidential page of the same member's search never comes back at internal clearance, even in its unit.
        var outside = await SayAsync(user, "tra cứu thửa 125 tờ 12 phường Nghĩa Đô");
        Assert.Empty(Cards(outside));
        Assert.Equal(BotTexts.ArchiveOutsideUnits, (string?)outside[0]["text"]);
        Assert.Equal(AuditOutcomes.Denied, Audit(user)[^1].Outcome);
    }

    [Fact]
    public async Task SerialLookup_WithoutCommand_IsAnsweredForStaff()
    {
        var replies = await SayAsync(BotConnectorFixture.RosterUserConfidential, "aa01234567");
        var json = Assert.Single(Cards(replies)).ToString();
        Assert.Contains("Thửa đất số", json, StringComparison.Ordinal);
        Assert.Contains("125", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserNotOnTheRoster_GetsThePoliteRefusal_AndNoArchiveContent()
    {
        foreach (var text in new[] { "tra cứu thửa 125 tờ 12 phường Nghĩa Đô", "tra cứu số giấy chứng nhận AA 01234567", "tra cứu văn bản 1234/QĐ-UBND" })
        {
            var replies = await SayAsync(NotOnRoster, text);
            Assert.Empty(Cards(replies));
            Assert.Equal(BotTexts.ArchiveStaffOnly, (string?)replies[0]["text"]);
            foreach (var secret in ArchiveTestPages.All.SelectMany(p => p.Secrets()))
                Assert.DoesNotContain(secret, replies.ToString(), StringComparison.Ordinal);
        }
        Assert.All(Audit("anonymous").TakeLast(3), r => Assert.Equal(AuditOutcomes.Denied, r.Outcome));
    }

    [Fact]
    public async Task CitizenOnWebChat_AskingToLookUpADocument_GetsAnOrdinaryAnswer_NotTheStaffRefusal_AndNoArchiveContent()
    {
        // The lookup commands are the Teams app's; on the citizens' channels "tra cứu văn bản …" is an ordinary question.
        var activity = TeamsActivities.Message("a:1" + Guid.NewGuid().ToString("N"), "tra cứu văn bản quy định điều kiện tách thửa đất",
            BotConnectorFixture.StaffTenant, NotOnRoster);
        activity["channelId"] = "webchat";
        activity.Remove("channelData");
        var (response, body) = await TeamsActivities.PostAsync(fixture.Host.Client, activity, token: null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        var replies = (JArray)JObject.Parse(body)["activities"]!;
        Assert.NotEmpty(replies);
        Assert.NotEqual(BotTexts.ArchiveStaffOnly, (string?)replies[0]["text"]);
        Assert.Contains("tách thửa", replies.ToString(), StringComparison.OrdinalIgnoreCase);
        foreach (var secret in ArchiveTestPages.All.SelectMany(p => p.Secrets()))
            Assert.DoesNotContain(secret, replies.ToString(), StringComparison.Ordinal);
    }

    private async Task<JObject> MessagingExtensionQueryAsync(string user, string q)
    {
        var activity = TeamsActivities.Message("a:1" + Guid.NewGuid().ToString("N"), "", BotConnectorFixture.StaffTenant, user);
        activity["type"] = "invoke";
        activity["name"] = "composeExtension/query";
        activity.Remove("text");
        activity.Remove("deliveryMode");
        // An invoke is answered in the HTTP response; with auth off the host still wants a loopback serviceUrl.
        activity["serviceUrl"] = "http://127.0.0.1:9/";
        activity["value"] = new JObject
        {
            ["commandId"] = "traCuuHoSoLuuTru",
            ["parameters"] = new JArray(new JObject { ["name"] = "q", ["value"] = q }),
            ["queryOptions"] = new JObject { ["skip"] = 0, ["count"] = 10 },
        };
        var (response, body) = await TeamsActivities.PostAsync(fixture.Host.Client, activity, token: null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        return (JObject)JObject.Parse(body)["composeExtension"]!;
    }

    [Fact]
    public async Task MessagingExtensionQuery_ReturnsTheSameCardsAsAResultList_ForStaffOnly()
    {
        var result = await MessagingExtensionQueryAsync(BotConnectorFixture.RosterUserConfidential, "thửa 125 tờ 12 Nghĩa Đô");
        Assert.Equal("result", (string?)result["type"]);
        Assert.Equal("list", (string?)result["attachmentLayout"]);
        var attachment = Assert.Single((JArray)result["attachments"]!);
        Assert.Equal(ArchiveCards.ContentType, (string?)attachment["contentType"]);
        Assert.Contains("AA 01234567", attachment["content"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("application/vnd.microsoft.card.thumbnail", (string?)attachment["preview"]!["contentType"]);
        Assert.Equal(NgocHa.PageId, Audit(BotConnectorFixture.RosterUserConfidential)[^1].TargetId);

        var refused = await MessagingExtensionQueryAsync(NotOnRoster, "AA 01234567");
        Assert.Equal("message", (string?)refused["type"]);
        Assert.Equal(BotTexts.ArchiveStaffOnly, (string?)refused["text"]);
        Assert.DoesNotContain("01234567", refused.ToString().Replace("AA 01234567\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageLink_OpensNothing_WithoutTheOfficerSignIn_OrWhenTampered_AndSaysNoStore()
    {
        var replies = await SayAsync(BotConnectorFixture.RosterUserConfidential, "tra cứu số giấy chứng nhận AA 01234567");
        var link = new Uri((string)Cards(replies)[0]["actions"]![0]!["url"]!);
        var local = new Uri(link.PathAndQuery, UriKind.Relative);

        // Officer sign-in is not configured on this host: a valid link alone is not enough.
        var response = await fixture.Host.Client.GetAsync(local);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        Assert.NotEqual("image/png", response.Content.Headers.ContentType?.MediaType);

        var tampered = await fixture.Host.Client.GetAsync(new Uri(local.OriginalString.Replace("%23p1", "%23p2", StringComparison.Ordinal), UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        var otherSubject = await fixture.Host.Client.GetAsync(new Uri(local.OriginalString.Replace(BotConnectorFixture.RosterUserConfidential, BotConnectorFixture.RosterUserInternal, StringComparison.Ordinal), UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, otherSubject.StatusCode);
        Assert.Contains("hết hạn", await tampered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
