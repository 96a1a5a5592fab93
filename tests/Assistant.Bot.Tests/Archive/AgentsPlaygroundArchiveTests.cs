using Assistant.Audit;
using Assistant.Bot.Activities;
using Assistant.Bot.Archive;
using Assistant.Bot.Tests.Archive;
using Assistant.Bot.Tests.Infrastructure;
using Assistant.Retrieval.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace Assistant.Bot.Tests;

/// <summary>
/// Item 7 of issue 12, through Microsoft 365 Agents Playground (Teams channel, its tenant and signed-in user): with that
/// user on the roster (the development switch: the Playground sends no token) a parcel lookup in the personal chat
/// comes back as an archive card, and the messaging extension's query (the Playground's own composeExtension/query
/// invoke) returns the result list; with the user not on the roster, the same two get the refusal and no archive content.
/// </summary>
public sealed partial class AgentsPlaygroundTests
{
    private const string ParcelLookup = "tra cứu thửa 125 tờ 12 phường Nghĩa Đô";

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TeamsChannel_ArchiveLookupAndMessagingExtension_ForARosterUserOnly(bool onRoster)
    {
        Skip.IfNot(ProcessRunner.IsOnPath("node") && ProcessRunner.IsOnPath("npm"), "node/npm not installed");
        if (!File.Exists(PlaygroundCli))
        {
            var install = await ProcessRunner.RunAsync("bash", [RepoPaths.Script("install-playground.sh")], TimeSpan.FromMinutes(5));
            Assert.True(install.ExitCode == 0, "install-playground.sh failed: " + install.StdErr + install.StdOut);
        }

        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = budget.Token;
        var roster = Path.Combine(Directory.CreateTempSubdirectory("assistant-playground-roster-").FullName, "roster.csv");
        var listed = onRoster ? PlaygroundUserObjectId : "5b0f3c1e-8a4d-4c2e-9f61-0a1b2c3d4e99";
        await File.WriteAllTextAsync(roster, $"user,units,clearance\n{listed},00004;00008,confidential\n", ct);
        await using var host = await BotTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Staff:AllowUnverifiedInDevelopment"] = "true",
            ["Staff:TenantIds:0"] = PlaygroundTenantId,
            ["Staff:RosterPath"] = roster,
        });
        await ArchiveTestPages.IndexAsync(host.Services.GetRequiredService<IChunkStore>(),
            host.Services.GetRequiredService<IOptions<ArchivePageOptions>>().Value.PagesPath);
        await using var playground = await PlaygroundProcess.StartAsync(new Uri(host.BaseAddress, "api/messages"), ct);
        using var http = new HttpClient { BaseAddress = playground.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        var config = await GetJsonAsync(http, "_internal/v1/config", () => playground.Output, ct);
        var conversationId = (string)config["config"]!["personalChat"]!["id"]!;
        var userId = (string)config["config"]!["currentUser"]!["id"]!;
        var botId = (string)config["config"]!["bot"]!["id"]!;
        Assert.Equal(PlaygroundUserObjectId, (string?)config["config"]!["currentUser"]!["aadObjectId"]);

        var wsBase = new UriBuilder(playground.BaseAddress) { Scheme = "ws" }.Uri;
        await using var conversation = await JsonWebSocket.ConnectAsync(new Uri(wsBase, "_ws_conversation/v1/conversations/stream"), ct);
        string Diagnostics() => $"\n--- conversation stream ---\n{conversation.Describe()}\n--- playground ---\n{playground.Output}";

        await PostJsonAsync(http, $"_debug/conversation/{conversationId}/installation", new JObject(), Diagnostics, ct);
        await conversation.WaitForAsync(m => IsBotMessage(m, botId) && (string?)m["message"]!["text"] == (onRoster ? BotTexts.WelcomeStaff : BotTexts.Welcome),
            "the welcome", Diagnostics, ct);

        // A parcel lookup typed in the personal chat.
        await PostJsonAsync(http, $"_conversation/v1/conversations/{conversationId}/messages",
            new JObject { ["from"] = new JObject { ["id"] = userId }, ["text"] = ParcelLookup, ["textFormat"] = "plain" }, Diagnostics, ct);
        var reply = await conversation.WaitForAsync(m => IsBotMessage(m, botId)
            && (((string?)m["message"]!["text"])?.StartsWith(onRoster ? "Tìm thấy" : BotTexts.ArchiveStaffOnly[..20], StringComparison.Ordinal) ?? false),
            "the lookup's reply", Diagnostics, ct);

        // The messaging extension's search, as the Playground's compose box sends it.
        var me = await PostJsonAsync(http, "_conversation/v1/invoke", new JObject
        {
            ["name"] = "composeExtension/query",
            ["conversation"] = new JObject { ["id"] = conversationId },
            ["from"] = new JObject { ["id"] = userId },
            ["value"] = new JObject
            {
                ["commandId"] = "traCuuHoSoLuuTru",
                ["parameters"] = new JArray(new JObject { ["name"] = "q", ["value"] = "AA 01234567" }),
                ["queryOptions"] = new JObject { ["skip"] = 0, ["count"] = 10 },
            },
        }, Diagnostics, ct);
        var composeExtension = (JObject)me["composeExtension"]!;
        var audit = host.Services.GetRequiredService<IAuditTrail>().Query(new AuditQuery(Action: AuditActions.ArchiveLookup)).Items;

        if (onRoster)
        {
            var card = await conversation.WaitForAsync(m => IsBotMessage(m, botId) && ((JArray?)m["message"]!["attachments"])?.Count > 0,
                "the archive card", Diagnostics, ct);
            var attachment = (JObject)card["message"]!["attachments"]![0]!;
            Assert.Equal(ArchiveCards.ContentType, (string?)attachment["contentType"]);
            Assert.Contains("AA 01234567", attachment["content"]!.ToString(), StringComparison.Ordinal);
            Assert.Equal("result", (string?)composeExtension["type"]);
            var item = Assert.Single((JArray)composeExtension["attachments"]!);
            Assert.Contains("Trần Thị Bích Ngọc", item["content"]!.ToString(), StringComparison.Ordinal);
            Assert.Equal([AuditOutcomes.Ok, AuditOutcomes.Ok], audit.Select(r => r.Outcome));
            Assert.All(audit, r => Assert.Equal(ArchiveTestPages.NgocHaCertificate.PageId, r.TargetId));
        }
        else
        {
            Assert.Equal(BotTexts.ArchiveStaffOnly, (string?)reply["message"]!["text"]);
            Assert.Equal("message", (string?)composeExtension["type"]);
            var everything = conversation.Describe() + me;
            foreach (var secret in ArchiveTestPages.All.SelectMany(p => p.Secrets()))
                Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
            Assert.Equal([AuditOutcomes.Denied, AuditOutcomes.Denied], audit.Select(r => r.Outcome));
        }
    }
}
