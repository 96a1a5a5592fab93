using System.Net;
using System.Text;
using Assistant.Bot.Tests.Infrastructure;
using Assistant.Conversation.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Newtonsoft.Json.Linq;

namespace Assistant.Bot.Tests;

/// <summary>
/// Program as built (its registrations, defaults and endpoints) with the real conversation core and triage: health
/// live and ready, /healthz as before, a triage over HTTP and through the bot, and which outgoing clients retry.
/// </summary>
[Collection(RealBotCollection.Name)]
public sealed class HostAsBuiltTests(RealBotFixture fixture)
{
    private BotTestHost Host => fixture.Host;

    [Fact]
    public async Task Live_answers_from_the_start_and_ready_once_the_corpus_is_indexed()
    {
        Assert.Equal(HttpStatusCode.OK, fixture.LiveAtStart);
        Assert.Equal(HttpStatusCode.OK, fixture.ReadyAfterIndexing);
        Assert.True(Host.Services.GetRequiredService<CorpusBootstrapService>().IsReady);

        using var live = await Host.Client.GetAsync("healthz/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var ready = await Host.Client.GetAsync("healthz/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Healthz_says_ready_and_what_is_ready()
    {
        using var response = await Host.Client.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var health = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ready", (string?)health["status"]);
        Assert.True((bool)health["lexical"]!["ready"]!);
        Assert.True((int)health["lexical"]!["chunks"]! > 1000);
        // The host as tested runs with Embeddings:Provider = none.
        Assert.Equal("off", (string?)health["embeddings"]!["state"]);
        Assert.Equal("Embeddings:Provider is none", (string?)health["embeddings"]!["reason"]);
        Assert.Equal("ready", (string?)health["triageModel"]!["state"]);
    }

    [Fact]
    public async Task A_dossier_posted_to_the_triage_api_by_a_signed_in_officer_is_created()
    {
        var body = """{"id":"HOST-1","description":"Ông Phạm Văn Định đề nghị tách mảnh đất 120m2 thành hai thửa để chia cho hai con","documents":["don tach thua","so do"]}""";
        using (var anonymous = await Host.Client.PostAsync("api/triage", new StringContent(body, Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/triage") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await fixture.Oidc.GetAccessTokenAsync("officer-a"));
        using var response = await Host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("1.012784", (string?)JObject.Parse(text)["procedureCode"]);
    }

    [Fact]
    public async Task Phan_loai_ho_so_through_the_bot_is_refused_to_an_unverified_caller()
    {
        var activity = new JObject
        {
            ["type"] = "message",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["channelId"] = "emulator",
            ["deliveryMode"] = "expectReplies",
            ["conversation"] = new JObject { ["id"] = Guid.NewGuid().ToString() },
            ["from"] = new JObject { ["id"] = "officer-1", ["role"] = "user" },
            ["recipient"] = new JObject { ["id"] = "bot" },
            ["locale"] = "vi-VN",
            ["text"] = "phân loại hồ sơ: xin tách thửa đất chia cho con, có sổ đỏ và đơn tách thửa",
        };
        using var response = await Host.Client.PostAsync("api/messages", new StringContent(activity.ToString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = string.Join("\n", ((JArray)JObject.Parse(await response.Content.ReadAsStringAsync())["activities"]!).Select(a => (string?)a["text"] ?? ""));
        // Chat carries no verified officer identity: the command points to the officer page and gives no triage.
        Assert.Equal(Assistant.Bot.Triage.TriageChatCommand.OfficersOnly, text);
        Assert.DoesNotContain("1.012784", text);
    }

    [Fact]
    public void Outgoing_clients_get_the_default_resilience_but_the_channel_connector_does_not()
    {
        var handlers = Host.Services.GetRequiredService<IHttpMessageHandlerFactory>();
        Assert.True(HasResilienceHandler(handlers.CreateHandler("any-outgoing-client")));
        Assert.False(HasResilienceHandler(handlers.CreateHandler(AssistantBotExtensions.ConnectorClientName)));
    }

    private static bool HasResilienceHandler(HttpMessageHandler handler)
    {
        for (var current = handler; current is DelegatingHandler delegating; current = delegating.InnerHandler!)
        {
            if (delegating is ResilienceHandler)
            {
                return true;
            }
        }

        return false;
    }
}
