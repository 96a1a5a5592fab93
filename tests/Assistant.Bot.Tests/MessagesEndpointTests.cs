using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Assistant.Bot.Activities;
using Assistant.Bot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace Assistant.Bot.Tests;

/// <summary>
/// POST /api/messages over real HTTP, with the test playing the channel: a real listener on 127.0.0.1 is the
/// activity's serviceUrl and receives the bot's reply. Bad inputs are rejected cleanly, and the bot still answers after each.
/// </summary>
public sealed class MessagesEndpointTests(BotHostFixture fixture) : IClassFixture<BotHostFixture>
{
    private BotTestHost Host => fixture.Host;
    private FakeChannel Channel => fixture.Channel;

    internal static JObject Message(string text, Uri? serviceUrl, string channelId = "emulator", string? conversationId = null) => new()
    {
        ["type"] = "message",
        ["id"] = "act-" + Guid.NewGuid().ToString("N"),
        ["channelId"] = channelId,
        ["serviceUrl"] = serviceUrl?.ToString(),
        ["conversation"] = new JObject { ["id"] = conversationId ?? "conv-" + Guid.NewGuid().ToString("N") },
        ["from"] = new JObject { ["id"] = "user-1", ["name"] = "Người dân", ["role"] = "user" },
        ["recipient"] = new JObject { ["id"] = "bot-1", ["name"] = "Trợ lý", ["role"] = "bot" },
        ["text"] = text,
        ["locale"] = "vi-VN",
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
    };

    private Task<HttpResponseMessage> PostAsync(string body, string contentType = "application/json", Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/messages")
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        configure?.Invoke(request);
        return Host.Client.SendAsync(request);
    }

    /// <summary>A normal question, answered through the channel's serviceUrl.</summary>
    private async Task<Activity> AskThroughChannelAsync(string text)
    {
        var message = Message(text, Channel.ServiceUrl);
        using var response = await PostAsync(message.ToString());
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var id = (string)message["id"]!;
        var received = await Channel.WaitForMessageAsync(id);
        Assert.Equal($"/v3/conversations/{message["conversation"]!["id"]}/activities/{id}", received.Path);
        return received.Activity;
    }

    private async Task AssertStillAnswersAsync()
    {
        var reply = await AskThroughChannelAsync("tách thửa cần gì");
        Assert.Contains(StubConversationService.AnswerPrefix, reply.Text);
    }

    [Fact]
    public async Task Message_ReplyIsPostedToTheServiceUrl_WithCardAndSuggestions()
    {
        var reply = await AskThroughChannelAsync("Tách thửa đất cần giấy tờ gì?");
        Assert.Contains("Tách thửa đất cần giấy tờ gì?", reply.Text);
        Assert.Equal("markdown", reply.TextFormat);
        Assert.Equal("bot-1", reply.From.Id);
        Assert.Equal("user-1", reply.Recipient.Id);
        var card = Assert.Single(reply.Attachments);
        Assert.Equal("application/vnd.microsoft.card.adaptive", card.ContentType);
        Assert.Contains(StubConversationService.FakeCitation, card.Content.ToString());
        Assert.Equal(2, reply.SuggestedActions.Actions.Count);
        Assert.All(Channel.All, r => Assert.True(string.IsNullOrEmpty(r.Authorization), "auth is off: no token expected"));
    }

    [Fact]
    public async Task ExpectReplies_ReturnsTheActivitiesInTheResponse()
    {
        var message = Message("Thủ tục cấp Giấy chứng nhận lần đầu", serviceUrl: null, channelId: "directline");
        message["deliveryMode"] = "expectReplies";
        message["serviceUrl"] = "http://127.0.0.1:9/unused";
        using var response = await PostAsync(message.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var activities = (JArray)JObject.Parse(body)["activities"]!;
        var reply = Assert.Single(activities);
        Assert.Equal("message", (string?)reply["type"]);
        Assert.Contains(StubConversationService.AnswerPrefix, (string?)reply["text"]);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)reply["attachments"]![0]!["contentType"]);
    }

    [Fact]
    public async Task ExpectReplies_WorksWithoutServiceUrl()
    {
        var message = Message("lệ phí trước bạ", serviceUrl: null);
        message["deliveryMode"] = "expectReplies";
        message.Remove("serviceUrl");
        using var response = await PostAsync(message.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains(StubConversationService.AnswerPrefix, body);
    }

    [Theory]
    [InlineData("")]
    [InlineData("😀😀😀")]
    public async Task EmptyOrEmojiText_GetsAPoliteReply(string text)
    {
        var reply = await AskThroughChannelAsync(text);
        Assert.Equal(BotTexts.EmptyQuestion, reply.Text);
        await AssertStillAnswersAsync();
    }

    [Fact]
    public async Task TwentyThousandChars_GetsAskedToShorten()
    {
        var reply = await AskThroughChannelAsync(new string('đ', 20_000));
        Assert.Contains("rút gọn", reply.Text);
        await AssertStillAnswersAsync();
    }

    [Fact]
    public async Task UnknownActivityType_IsAcceptedAndIgnored()
    {
        var activity = Message("x", Channel.ServiceUrl);
        activity["type"] = "someFutureType";
        using var response = await PostAsync(activity.ToString());
        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        await AssertStillAnswersAsync();
        Assert.DoesNotContain(Channel.All, r => r.Activity.ReplyToId == (string)activity["id"]!);
    }

    [Theory]
    [InlineData("{\"type\": \"message\", \"text\": ")]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{'type': 'message'}")]
    [InlineData("{\"type\": \"message\", \"from\": \"not an object\"}")]
    [InlineData("{\"text\": \"no type\"}")]
    public async Task MalformedJson_Is400(string body)
    {
        using var response = await PostAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("BadArgument", (string?)error["error"]!["code"]);
        await AssertStillAnswersAsync();
    }

    [Fact]
    public async Task MinimalAndOddActivities_NeverGive500()
    {
        var serviceUrl = Channel.ServiceUrl.ToString();
        string[] bodies =
        [
            $$$"""{"type":"message","text":"tối thiểu","serviceUrl":"{{{serviceUrl}}}","conversation":{"id":"c-min"}}""",
            $$$"""{"type":"message","text":"không có hội thoại","serviceUrl":"{{{serviceUrl}}}"}""",
            $$$"""{"type":"message","text":12345,"serviceUrl":"{{{serviceUrl}}}","conversation":{"id":"c-num"}}""",
            $$$"""{"type":"message","text":"x","attachments":"not a list","serviceUrl":"{{{serviceUrl}}}","conversation":{"id":"c-att"}}""",
            $$$"""{"type":"message","text":null,"serviceUrl":"{{{serviceUrl}}}","conversation":{"id":"c-null"},"entities":[{"type":"mention"}]}""",
            $$$"""{"type":"invoke","name":"unknown/thing","serviceUrl":"{{{serviceUrl}}}","conversation":{"id":"c-inv"}}""",
            $$$"""{"type":"message","text":"<at>Bot</at>","channelId":"msteams","serviceUrl":"{{{serviceUrl}}}","conversation":{"id":"c-at"}}""",
            new string('[', 1000) + new string(']', 1000),
            "{\"type\":\"message\",\"channelData\":" + new string('[', 200) + new string(']', 200) + "}",
            "",
            "null",
        ];
        foreach (var body in bodies)
        {
            using var response = await PostAsync(body);
            // An invoke nobody handles is answered 501 Not Implemented: the Bot Framework's own protocol answer, not a crash.
            var isUnhandledInvoke = body.Contains("\"invoke\"", StringComparison.Ordinal) && response.StatusCode == HttpStatusCode.NotImplemented;
            Assert.True((int)response.StatusCode < 500 || isUnhandledInvoke, $"{(int)response.StatusCode} for {body[..Math.Min(body.Length, 80)]}: {await response.Content.ReadAsStringAsync()}");
        }

        await AssertStillAnswersAsync();
    }

    [Fact]
    public async Task AuthorizationHeader_WhileAuthIsOff_Is401()
    {
        var message = Message("câu hỏi", Channel.ServiceUrl);
        using var response = await PostAsync(message.ToString(), configure: r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "abc.def.ghi"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Unauthorized", (string?)JObject.Parse(await response.Content.ReadAsStringAsync())["error"]!["code"]);
        await AssertStillAnswersAsync();
    }

    [Fact]
    public async Task BodyOver256KB_Is413()
    {
        var message = Message(new string('a', 300 * 1024), Channel.ServiceUrl);
        using var response = await PostAsync(message.ToString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertStillAnswersAsync();
    }

    [Fact]
    public async Task ChunkedBodyOver256KB_Is413()
    {
        var message = Message(new string('a', 300 * 1024), Channel.ServiceUrl);
        var request = new HttpRequestMessage(HttpMethod.Post, "api/messages")
        {
            Content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(message.ToString()))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;
        using var response = await Host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertStillAnswersAsync();
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=iso-8859-1")]
    public async Task WrongContentType_Is415(string contentType)
    {
        using var response = await PostAsync(Message("x", Channel.ServiceUrl).ToString(), contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertStillAnswersAsync();
    }

    [Fact]
    public async Task NonLoopbackServiceUrl_WhileAuthIsOff_IsRefused()
    {
        using var response = await PostAsync(Message("x", new Uri("http://192.0.2.10/")).ToString());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var missing = await PostAsync(Message("x", serviceUrl: null).ToString());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        await AssertStillAnswersAsync();
    }

    [Fact]
    public async Task ServiceFailure_BecomesAVietnameseApology()
    {
        var reply = await AskThroughChannelAsync("lỗi " + StubConversationService.FailTrigger);
        Assert.Equal(BotTexts.Error, reply.Text);
        await AssertStillAnswersAsync();
    }

    [Fact]
    public async Task ConversationUpdate_GetsTheWelcome()
    {
        var update = Message(string.Empty, Channel.ServiceUrl);
        update["type"] = "conversationUpdate";
        update.Remove("text");
        update["membersAdded"] = new JArray(new JObject { ["id"] = "user-1" });
        using var response = await PostAsync(update.ToString());
        Assert.True(response.IsSuccessStatusCode);
        var conversationId = (string)update["conversation"]!["id"]!;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Channel.All.Any(r => r.Path.Contains(conversationId, StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var welcome = Channel.All.Single(r => r.Path.Contains(conversationId, StringComparison.Ordinal));
        Assert.Equal(BotTexts.Welcome, welcome.Activity.Text);
    }

    [Fact]
    public async Task Healthz_IsReady()
    {
        using var response = await Host.Client.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", (string?)JObject.Parse(await response.Content.ReadAsStringAsync())["status"]);
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
