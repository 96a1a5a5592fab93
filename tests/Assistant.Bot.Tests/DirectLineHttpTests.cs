using System.Net;
using Assistant.Bot.Activities;
using Assistant.Bot.Hosting;
using Assistant.Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;

namespace Assistant.Bot.Tests;

/// <summary>The bot's own Direct Line 3.0 endpoint over HTTP: tokens, conversations, posting, polling with watermarks.</summary>
public sealed class DirectLineHttpTests(BotHostFixture fixture) : IClassFixture<BotHostFixture>
{
    private BotTestHost Host => fixture.Host;

    private static bool IsBotMessage(JObject a) => (string?)a["type"] == "message" && (string?)a["from"]?["role"] == "bot";

    [Fact]
    public async Task TokenThenConversation_Welcome_Post_Echo_Reply_Watermarks()
    {
        var client = new DirectLineTestClient(Host.Client);
        var generated = await client.GenerateTokenAsync();
        Assert.Equal(1800, (int)generated["expires_in"]!);
        var started = await client.StartConversationAsync();
        Assert.Equal((string)generated["conversationId"]!, (string)started["conversationId"]!);
        Assert.Equal(JTokenType.Null, started["streamUrl"]!.Type);

        var welcome = (await client.PollUntilAsync(IsBotMessage)).Single(IsBotMessage);
        Assert.Equal(BotTexts.Welcome, (string?)welcome["text"]);
        var afterWelcome = long.Parse(client.Watermark!, System.Globalization.CultureInfo.InvariantCulture);

        var id = await client.SendTextAsync("Tách thửa đất cần giấy tờ gì?", "client-activity-42");
        Assert.StartsWith(client.ConversationId + "|", id, StringComparison.Ordinal);

        var received = await client.PollUntilAsync(a => IsBotMessage(a) && (string?)a["replyToId"] == id);
        var echo = received.Single(a => (string?)a["id"] == id);
        Assert.Equal("user", (string?)echo["from"]!["role"]);
        Assert.Equal("dl_test_user", (string?)echo["from"]!["id"]);
        Assert.Equal("client-activity-42", (string?)echo["channelData"]!["clientActivityID"]);
        Assert.Equal("directline", (string?)echo["channelId"]);
        Assert.Equal(client.ConversationId, (string?)echo["conversation"]!["id"]);
        Assert.NotNull(echo["timestamp"]);

        var reply = received.Single(a => IsBotMessage(a) && (string?)a["replyToId"] == id);
        Assert.Contains(StubConversationService.AnswerPrefix, (string?)reply["text"]);
        Assert.Equal("dl_test_user", (string?)reply["recipient"]!["id"]);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)reply["attachments"]![0]!["contentType"]);
        Assert.Equal(2, ((JArray)reply["suggestedActions"]!["actions"]!).Count);
        Assert.True(reply["timestamp"]!.Value<DateTime>() > echo["timestamp"]!.Value<DateTime>());
        Assert.All(received, a => Assert.StartsWith(client.ConversationId + "|", (string?)a["id"], StringComparison.Ordinal));

        Assert.True(long.Parse(client.Watermark!, System.Globalization.CultureInfo.InvariantCulture) > afterWelcome);
        Assert.Empty(await client.PollAsync());

        // Without a watermark: the whole transcript again.
        using var all = await client.GetActivitiesRawAsync(null);
        var transcript = (JArray)JObject.Parse(await all.Content.ReadAsStringAsync())["activities"]!;
        Assert.Contains(transcript, a => (string?)a["id"] == id);
        Assert.Contains(transcript, a => (string?)a["text"] == BotTexts.Welcome);
    }

    [Fact]
    public async Task ConversationWithoutToken_Is201_AndItsTokenWorks()
    {
        var client = new DirectLineTestClient(Host.Client);
        using var response = await Host.Client.PostAsync("v3/directline/conversations", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JObject.Parse(await response.Content.ReadAsStringAsync());
        client.Token = (string)body["token"]!;
        client.ConversationId = (string)body["conversationId"]!;
        var id = await client.SendTextAsync("lệ phí cấp sổ");
        await client.PollUntilAsync(a => IsBotMessage(a) && (string?)a["replyToId"] == id);
    }

    [Fact]
    public async Task TurnsOfOneConversation_AreAnsweredInOrder()
    {
        var client = new DirectLineTestClient(Host.Client);
        await client.GenerateTokenAsync();
        await client.StartConversationAsync();
        var first = await client.SendTextAsync("câu một", "c1");
        var second = await client.SendTextAsync("câu hai", "c2");
        var third = await client.SendTextAsync("câu ba", "c3");
        var received = await client.PollUntilAsync(a => IsBotMessage(a) && (string?)a["replyToId"] == third);
        var replies = received.Where(a => IsBotMessage(a) && a["replyToId"] is not null).Select(a => (string?)a["replyToId"]).ToList();
        Assert.Equal([first, second, third], replies);
    }

    [Fact]
    public async Task Tokens_AreCheckedOnEveryCall()
    {
        var a = new DirectLineTestClient(Host.Client);
        await a.GenerateTokenAsync();
        await a.StartConversationAsync();
        var b = new DirectLineTestClient(Host.Client);
        await b.GenerateTokenAsync();

        using (var crossed = await b.GetActivitiesRawAsync(null, a.ConversationId))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, crossed.StatusCode);
        }

        using (var crossedPost = await b.PostRawAsync("{\"type\":\"message\",\"text\":\"x\"}", conversationId: a.ConversationId))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, crossedPost.StatusCode);
        }

        var anonymous = new DirectLineTestClient(Host.Client) { ConversationId = a.ConversationId };
        using (var missing = await anonymous.GetActivitiesRawAsync(null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
            Assert.Equal("MissingToken", (string?)JObject.Parse(await missing.Content.ReadAsStringAsync())["error"]!["code"]);
        }

        var forged = new DirectLineTestClient(Host.Client) { ConversationId = a.ConversationId, Token = "forged-" + a.Token };
        using (var bad = await forged.GetActivitiesRawAsync(null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        }

        using (var badStart = await forged.PostRawAsync("{}", conversationId: a.ConversationId))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, badStart.StatusCode);
        }
    }

    [Fact]
    public async Task Refresh_GivesANewTokenForTheSameConversation()
    {
        var client = new DirectLineTestClient(Host.Client);
        await client.GenerateTokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v3/directline/tokens/refresh");
        request.Headers.Authorization = new("Bearer", client.Token);
        using var response = await Host.Client.SendAsync(request);
        var body = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(client.ConversationId, (string?)body["conversationId"]);
        Assert.NotEqual(client.Token, (string?)body["token"]);
        client.Token = (string)body["token"]!;
        Assert.NotNull(await client.PollAsync());

        // Reconnect (GET /conversations/{id}) as directlinejs does when given a conversationId.
        using var reconnect = new HttpRequestMessage(HttpMethod.Get, $"v3/directline/conversations/{client.ConversationId}?watermark=0");
        reconnect.Headers.Authorization = new("Bearer", client.Token);
        using var reconnected = await Host.Client.SendAsync(reconnect);
        Assert.Equal(HttpStatusCode.OK, reconnected.StatusCode);
    }

    [Theory]
    [InlineData("{\"type\":\"message\",", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{\"text\":\"no type\"}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{\"type\":\"message\",\"text\":\"x\"}", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    public async Task BadPosts_AreRejected_AndTheConversationGoesOn(string body, string contentType, HttpStatusCode expected)
    {
        var client = new DirectLineTestClient(Host.Client);
        await client.GenerateTokenAsync();
        await client.StartConversationAsync();
        using (var response = await client.PostRawAsync(body, contentType))
        {
            Assert.Equal(expected, response.StatusCode);
        }

        var id = await client.SendTextAsync("sau lỗi vẫn hỏi được");
        await client.PollUntilAsync(a => IsBotMessage(a) && (string?)a["replyToId"] == id);
    }

    [Fact]
    public async Task HugePost_Is413_AndBadWatermark_Is400()
    {
        var client = new DirectLineTestClient(Host.Client);
        await client.GenerateTokenAsync();
        var huge = new JObject { ["type"] = "message", ["text"] = new string('x', 300 * 1024) };
        using (var response = await client.PostRawAsync(huge.ToString()))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }

        using var bad = await client.GetActivitiesRawAsync("abc");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task EmojiAndEmptyMessages_GetPoliteReplies()
    {
        var client = new DirectLineTestClient(Host.Client);
        await client.GenerateTokenAsync();
        var emoji = await client.SendTextAsync("🙂🙂");
        var empty = await client.SendTextAsync(string.Empty);
        var received = await client.PollUntilAsync(a => IsBotMessage(a) && (string?)a["replyToId"] == empty);
        Assert.Equal(BotTexts.EmptyQuestion, (string?)received.Single(a => IsBotMessage(a) && (string?)a["replyToId"] == emoji)["text"]);
    }

    [Fact]
    public async Task ServiceFailure_BecomesAnApologyInTheTranscript()
    {
        var client = new DirectLineTestClient(Host.Client);
        await client.GenerateTokenAsync();
        var id = await client.SendTextAsync("hỏi " + StubConversationService.FailTrigger);
        var received = await client.PollUntilAsync(a => IsBotMessage(a) && (string?)a["replyToId"] == id);
        Assert.Equal(BotTexts.Error, (string?)received.Single(a => IsBotMessage(a) && (string?)a["replyToId"] == id)["text"]);
    }

    [Fact]
    public async Task WebChatPage_IsServedAtRoot()
    {
        var html = await Host.Client.GetStringAsync("");
        Assert.Contains("Trợ lý thủ tục đất đai Hà Nội", html);
        Assert.Contains("/webchat/webchat.js", html);
        Assert.Contains("/webchat-page.js", html);
        // The page's code is a file of its own (no inline script under the Content-Security-Policy).
        var script = await Host.Client.GetStringAsync("webchat-page.js");
        Assert.Contains("Nhập câu hỏi, ví dụ: tách thửa đất cần giấy tờ gì?", script);
        Assert.Contains("/v3/directline/tokens/generate", script);
    }
}

/// <summary>Hosts configured differently: expiring tokens, no conversation service, a probe that is not ready, auth on.</summary>
public sealed class BotHostConfigurationTests
{
    [Fact]
    public async Task Tokens_ExpireAfterTheirLifetime()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await BotTestHost.StartAsync(configureServices: s => s.AddSingleton<TimeProvider>(clock));
        var client = new DirectLineTestClient(host.Client);
        await client.GenerateTokenAsync();
        Assert.NotNull(await client.PollAsync());
        clock.Advance(TimeSpan.FromMinutes(31));
        using var expired = await client.GetActivitiesRawAsync(null);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("TokenExpired", (string?)JObject.Parse(await expired.Content.ReadAsStringAsync())["error"]!["code"]);
    }

    [Fact]
    public async Task WithoutAConversationService_MessagesAre503_AndHealthSaysWhy()
    {
        await using var host = await BotTestHost.StartAsync(registerConversationService: false);
        using var health = await host.Client.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("not registered", await health.Content.ReadAsStringAsync());

        var message = MessagesEndpointTests.Message("x", null);
        message["deliveryMode"] = "expectReplies";
        using var response = await host.Client.PostAsync("api/messages", new StringContent(message.ToString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task NotReadyProbe_Makes_Healthz503_WithItsStatus()
    {
        await using var host = await BotTestHost.StartAsync(configureServices: s => s.AddSingleton<IReadinessProbe>(new FixedProbe(false, "indexing 40%")));
        using var health = await host.Client.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("indexing 40%", (string?)JObject.Parse(await health.Content.ReadAsStringAsync())["status"]);
    }

    [Fact]
    public async Task AuthOn_MessagesNeedAToken_DirectLineStillWorksInProcess()
    {
        await using var host = await BotTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Bot:MicrosoftAppId"] = "00000000-0000-0000-0000-000000000001",
            ["Bot:MicrosoftAppPassword"] = "not-a-real-secret",
            ["Bot:MicrosoftAppType"] = "MultiTenant",
        });
        var message = MessagesEndpointTests.Message("x", new Uri("http://127.0.0.1:9/"));
        using (var noToken = await host.Client.PostAsync("api/messages", new StringContent(message.ToString(), System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = new StringContent(message.ToString(), System.Text.Encoding.UTF8, "application/json") })
        {
            request.Headers.Authorization = new("Bearer", "garbage");
            using var garbage = await host.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);
        }

        var client = new DirectLineTestClient(host.Client);
        await client.GenerateTokenAsync();
        await client.StartConversationAsync();
        var id = await client.SendTextAsync("chuyển nhượng quyền sử dụng đất");
        var received = await client.PollUntilAsync(a => (string?)a["replyToId"] == id && (string?)a["type"] == "message");
        Assert.Contains(StubConversationService.AnswerPrefix, (string?)received.Single(a => (string?)a["replyToId"] == id && (string?)a["type"] == "message")["text"]);
    }

    [Fact]
    public async Task A_reply_the_channel_refuses_is_posted_once_not_retried()
    {
        await using var host = await BotTestHost.StartAsync();
        await using var channel = await FakeChannel.StartAsync(replyStatus: Microsoft.AspNetCore.Http.StatusCodes.Status503ServiceUnavailable);
        var message = MessagesEndpointTests.Message("tách thửa cần gì", channel.ServiceUrl);
        var id = (string)message["id"]!;
        using var response = await host.Client.PostAsync("api/messages", new StringContent(message.ToString(), System.Text.Encoding.UTF8, "application/json"));

        // The turn (and every attempt to deliver its replies) has ended when /api/messages answers.
        var answers = channel.All.Where(r => r.Activity.ReplyToId == id && (r.Activity.Text ?? "").Contains(StubConversationService.AnswerPrefix, StringComparison.Ordinal)).ToList();
        Assert.Single(answers);
        Assert.Single(channel.All, r => r.Activity.Text == BotTexts.Error);
    }

    private sealed class FixedProbe(bool ready, string status) : IReadinessProbe
    {
        public bool IsReady => ready;

        public string Status => status;
    }
}
