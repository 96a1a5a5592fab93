using System.Net;
using System.Text;
using Assistant.Bot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace Assistant.Bot.Tests.Crash;

/// <summary>
/// SIGTERM under load (issue 14, item 6). Every turn is held inside the bot — its answer waits on a chat model that answers
/// only when the test lets it (<see cref="HeldChatModel"/>) — so the test knows that all of them are in flight when it
/// sends SIGTERM, and that the drain cannot end before it releases them: no timing decides the outcome. While draining,
/// /healthz/ready says so and new requests get 503 in Vietnamese; once released, every accepted turn is answered (the
/// /api/messages requests with 200 and their replies, the Direct Line conversations with replies their clients fetch while
/// the host drains), the process exits 0, and the files reopen clean.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class GracefulShutdownTests
{
    private const int MessageConversations = 12;
    private const int DirectLineConversations = 12;

    /// <summary>A legal question (not a procedure): its answer is asked of the chat model.</summary>
    private const string Question = "theo Luật Đất đai 2024, Nhà nước thu hồi đất vì mục đích quốc phòng, an ninh trong những trường hợp nào?";

    [Fact]
    public async Task SigtermWhileTwentyFourConversationsAreInFlight_DrainsThemAll_RefusesNewWorkWith503_ExitsZero_AndTheStoreReopensClean()
    {
        var dataDir = Directory.CreateTempSubdirectory("assistant-sigterm-").FullName;
        await using var model = await HeldChatModel.StartAsync();
        try
        {
            // One law of the bundled corpus (with its catalogue entry): quick to index, and it holds the answer.
            var corpus = Directory.CreateDirectory(Path.Combine(dataDir, "law")).FullName;
            foreach (var name in new[] { "luat-dat-dai-2024_31-2024-QH15.md", "catalog.json" })
                File.Copy(Path.Combine(RepoPaths.Root, "data", "regulations", name), Path.Combine(corpus, name));
            var environment = new Dictionary<string, string>
            {
                ["Corpus__Path"] = corpus,
                ["Llm__Endpoint"] = model.Endpoint,
                ["Llm__TimeoutSeconds"] = "600",
                ["Shutdown__Timeout"] = "00:05:00",
                ["RateLimits__DirectLineToken__PermitLimit"] = "1000000",
                ["RateLimits__DirectLine__PermitLimit"] = "1000000",
                ["RateLimits__DirectLinePolling__PermitLimit"] = "1000000",
            };

            await using (var bot = await TriageKillTests.LaunchReadyAsync(environment, dataDir))
            {
                // Direct Line clients first get their conversations (and the welcome), then all turns start at once.
                var clients = new List<DirectLineTestClient>();
                for (var i = 0; i < DirectLineConversations; i++)
                {
                    var client = new DirectLineTestClient(bot.Client);
                    await client.GenerateTokenAsync();
                    await client.StartConversationAsync();
                    await client.PollUntilAsync(a => (string?)a["type"] == "message", TimeSpan.FromMinutes(2));
                    clients.Add(client);
                }

                // The /api/messages turns stay open for as long as the test holds the model (the wait for all of them, the
                // stop, the checks while draining): no client timeout of its own, the WaitAsync bounds below end them.
                using var held = new HttpClient { BaseAddress = bot.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
                var messageTurns = Enumerable.Range(0, MessageConversations).Select(i => Task.Run(() => PostMessageAsync(held, "sigterm-" + i))).ToList();
                var directLineTurns = clients.Select((client, i) => Task.Run(() => DirectLineTurnAsync(client, "dl-" + i))).ToList();

                // Every turn has reached the model: all are accepted and in flight.
                await model.WaitForRequestsAsync(MessageConversations + DirectLineConversations, TimeSpan.FromMinutes(3), () => bot.Output);

                bot.Terminate();
                await WaitUntilDrainingAsync(bot.Client, () => bot.Output);

                // New work while draining: 503 with a Vietnamese message.
                using (var refused = await bot.Client.PostAsync("api/messages", Activity("sigterm-new")))
                {
                    var body = await refused.Content.ReadAsStringAsync();
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                    Assert.Contains("Trợ lý đang tạm dừng", (string?)JObject.Parse(body)["error"]!["message"], StringComparison.Ordinal);
                }

                using (var refused = await bot.Client.PostAsync("v3/directline/tokens/generate", null))
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                }

                using (var health = await bot.Client.GetAsync("healthz"))
                {
                    Assert.Equal("draining", (string?)JObject.Parse(await health.Content.ReadAsStringAsync())["status"]);
                }

                model.Release();

                // Every accepted turn is answered: no 5xx, no reset connection, a reply for each.
                foreach (var reply in await Task.WhenAll(messageTurns).WaitAsync(TimeSpan.FromMinutes(3)))
                    Assert.True(reply.Length > 0, "an /api/messages turn was answered without a reply");
                foreach (var reply in await Task.WhenAll(directLineTurns).WaitAsync(TimeSpan.FromMinutes(3)))
                    Assert.True(reply.Length > 0, "a Direct Line turn got no reply");

                Assert.Equal(0, await bot.WaitForExitAsync(TimeSpan.FromMinutes(3)));
                Assert.Contains("Drained in", bot.Output, StringComparison.Ordinal);
                Assert.DoesNotContain("Drain timed out", bot.Output, StringComparison.Ordinal);
            }

            var index = StoreChecks.LuceneCheck(Path.Combine(dataDir, "store"));
            Assert.True(index.Clean, "CheckIndex after the stop:\n" + index.Report);
            foreach (var db in new[] { "state.db", "triage.db", "audit.db" })
            {
                // Closed by the host: the last connection's close checkpointed the write-ahead log and removed it.
                Assert.False(File.Exists(Path.Combine(dataDir, db + "-wal")), db + "-wal is left: the database was not closed");
                Assert.Equal("ok", StoreChecks.IntegrityCheck(Path.Combine(dataDir, db)));
            }

            // And it starts again on the same files without re-indexing anything.
            environment.Remove("Llm__Endpoint");
            environment["Logging__LogLevel__Assistant.Conversation.Hosting"] = "Information";
            await using (var again = await TriageKillTests.LaunchReadyAsync(environment, dataDir))
            {
                Assert.Contains("sources already indexed", again.Output, StringComparison.Ordinal);
                Assert.DoesNotContain("(0 sources already indexed)", again.Output, StringComparison.Ordinal);
            }
        }
        finally
        {
            TriageKillTests.DeleteQuietly(dataDir);
        }
    }

    [Fact]
    public async Task ShutdownTimeoutOutOfRange_StopsTheStart_WithAClearMessage()
    {
        var (exitCode, output) = await BotProcess.RunUntilExitAsync(new Dictionary<string, string> { ["Shutdown__Timeout"] = "00:00:01" }, "Development");
        Assert.True(exitCode != 0, "the bot started with Shutdown:Timeout = 1 s:\n" + output);
        Assert.Contains("Shutdown:Timeout must be between", output, StringComparison.Ordinal);
    }

    private static StringContent Activity(string conversationId) =>
        new(CitizenActivity.ExpectReplies(conversationId, Question, userId: "citizen-" + conversationId).ToString(), Encoding.UTF8, "application/json");

    /// <summary>One /api/messages turn; its replies' text (fails on anything but 200).</summary>
    private static async Task<string> PostMessageAsync(HttpClient client, string conversationId)
    {
        using var response = await client.PostAsync("api/messages", Activity(conversationId));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{conversationId}: {(int)response.StatusCode} {body}");
        return string.Concat(((JArray)JObject.Parse(body)["activities"]!).Select(a => (string?)a["text"]));
    }

    /// <summary>One Direct Line turn: the POST (accepted), then polls until the bot's reply to it arrives.</summary>
    private static async Task<string> DirectLineTurnAsync(DirectLineTestClient client, string clientActivityId)
    {
        var id = await client.SendTextAsync(Question, clientActivityId);
        var received = await client.PollUntilAsync(a => (string?)a["type"] == "message" && (string?)a["replyToId"] == id, TimeSpan.FromMinutes(5));
        return (string?)received.First(a => (string?)a["replyToId"] == id && (string?)a["type"] == "message")["text"] ?? "";
    }

    private static async Task WaitUntilDrainingAsync(HttpClient client, Func<string> output)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            using var ready = await client.GetAsync("healthz/ready");
            if (ready.StatusCode == HttpStatusCode.ServiceUnavailable && await ready.Content.ReadAsStringAsync() == "Draining") return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("/healthz/ready never said Draining\n" + output());
            await Task.Delay(50);
        }
    }
}

/// <summary>
/// TEST DOUBLE of an OpenAI-compatible chat model (POST /v1/chat/completions) on 127.0.0.1 that answers nothing until
/// <see cref="Release"/>: it holds the bot's turns in flight for as long as a test needs (the bot's model client gives up
/// after the OpenAI SDK's 100 s network timeout, far beyond the few seconds the test holds). A real model cannot run here.
/// </summary>
public sealed class HeldChatModel : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requests;

    private HeldChatModel(WebApplication app) => _app = app;

    /// <summary>The base URL for Llm:Endpoint.</summary>
    public string Endpoint { get; private set; } = "";

    public static async Task<HeldChatModel> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var model = new HeldChatModel(app);
        app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            Interlocked.Increment(ref model._requests);
            await model._released.Task;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""
                {"id":"chatcmpl-held","object":"chat.completion","created":1764900000,"model":"held",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Theo quy định [1]."},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}
                """);
        });
        await app.StartAsync();
        model.Endpoint = app.Urls.First().TrimEnd('/') + "/v1";
        return model;
    }

    public int Requests => Volatile.Read(ref _requests);

    public async Task WaitForRequestsAsync(int count, TimeSpan timeout, Func<string> diagnostics)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Requests < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the model got {Requests} of {count} requests\n{diagnostics()}");
            await Task.Delay(50);
        }
    }

    public void Release() => _released.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
