using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Assistant.Conversation.Answering;
using Assistant.Land.Tests.Procedures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Assistant.Conversation.Tests.Dialogue;

/// <summary>
/// TEST DOUBLE: an OpenAI-compatible chat endpoint on 127.0.0.1 (no LLM weights can run here). It answers
/// /v1/chat/completions with whatever the test sets, or fails with 500, and records the prompts it received.
/// </summary>
public sealed class FakeOpenAiChatEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    public string Answer { get; set; } = "";
    public bool Fail { get; set; }
    public List<string> Prompts { get; } = [];
    public string BaseUrl { get; }

    public FakeOpenAiChatEndpoint()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}/v1";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); } catch (Exception) { return; }
            using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            lock (Prompts) Prompts.Add(body);
            if (Fail)
            {
                ctx.Response.StatusCode = 500;
                ctx.Response.Close();
                continue;
            }
            var response = JsonSerializer.Serialize(new
            {
                id = "chatcmpl-test",
                @object = "chat.completion",
                created = 1_700_000_000,
                model = "test-model",
                choices = new[] { new { index = 0, message = new { role = "assistant", content = Answer }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
            });
            var bytes = Encoding.UTF8.GetBytes(response);
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength64 = bytes.Length;
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }
}

public sealed class GeneratedAnswerFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "assistant-llm-" + Guid.NewGuid().ToString("N"));
    private IHost? _host;
    public FakeOpenAiChatEndpoint Llm { get; } = new();
    public IConversationService Service => _host!.Services.GetRequiredService<IConversationService>();

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Path"] = Path.Combine(_root, "store"),
            ["Embeddings:Provider"] = "none",
            ["Conversation:StatePath"] = Path.Combine(_root, "state.db"),
            ["Llm:Endpoint"] = Llm.BaseUrl,
            ["Llm:Model"] = "test-model",
            ["Llm:TimeoutSeconds"] = "10",
            ["Llm:PromptsPath"] = Path.Combine(ProcedureTestData.RepoRoot, "prompts"),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Services.AddAssistantConversation(builder.Configuration);
        _host = builder.Build();
        await _host.StartAsync();
        await AssistantFixture.WaitForCorpusAsync(_host.Services);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) { await _host.StopAsync(); _host.Dispose(); }
        Llm.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition("llm", DisableParallelization = true)]
public sealed class LlmCollection : ICollectionFixture<GeneratedAnswerFixture>;

[Collection("llm")]
public sealed class GeneratedAnswerTests(GeneratedAnswerFixture fixture)
{
    private const string Question = "theo Luật Đất đai 2024, Nhà nước thu hồi đất vì mục đích quốc phòng, an ninh trong những trường hợp nào?";

    private Task<AssistantReply> Ask() =>
        fixture.Service.HandleAsync(new UserTurn(Guid.NewGuid().ToString(), Question, "test"), CancellationToken.None);

    [Fact]
    public async Task A_fully_cited_answer_is_shown_with_its_sources()
    {
        fixture.Llm.Fail = false;
        fixture.Llm.Answer = "Nhà nước thu hồi đất để làm nơi đóng quân, trụ sở làm việc và các công trình quốc phòng, an ninh [1]. Việc thu hồi theo trình tự luật định [1][2].";
        var reply = await Ask();
        Assert.Equal("legal-generated", reply.Intent);
        Assert.StartsWith("Nhà nước thu hồi đất để làm nơi đóng quân", reply.Markdown);
        Assert.NotEmpty(reply.Sources);
        // The prompt carried the retrieved, numbered sources and the question.
        var prompt = fixture.Llm.Prompts.Last();
        Assert.Contains("[1]", prompt);
        Assert.Contains("Điều 78 Luật Đất đai 2024", prompt);
    }

    [Theory]
    [InlineData("Thửa đất phải có giấy chứng nhận [1]. Phí tách thửa là 2 triệu đồng.")]   // an uncited sentence
    [InlineData("Thửa đất phải có giấy chứng nhận [9].")]                                   // a source that was not retrieved
    [InlineData("KHÔNG ĐỦ CĂN CỨ")]
    public async Task An_answer_failing_the_citation_check_falls_back_to_the_extractive_answer(string answer)
    {
        fixture.Llm.Fail = false;
        fixture.Llm.Answer = answer;
        var reply = await Ask();
        Assert.Equal("legal", reply.Intent);
        Assert.DoesNotContain("2 triệu", reply.Markdown);
        Assert.DoesNotContain(answer, reply.Markdown);
        Assert.Contains("Điều 78", reply.Markdown);
    }

    [Fact]
    public async Task A_failing_endpoint_falls_back_to_the_extractive_answer()
    {
        fixture.Llm.Fail = true;
        var reply = await Ask();
        Assert.Equal("legal", reply.Intent);
        Assert.Contains("Điều 78", reply.Markdown);
        fixture.Llm.Fail = false;
    }
}

public sealed class CitationCheckerTests
{
    [Theory]
    [InlineData("Câu một [1]. Câu hai [2].", 2, true)]
    [InlineData("Câu một [1][2].", 2, true)]
    [InlineData("Câu một [1]. Câu hai không dẫn nguồn.", 2, false)]
    [InlineData("Câu một [3].", 2, false)]
    [InlineData("", 2, false)]
    [InlineData("KHÔNG ĐỦ CĂN CỨ", 2, false)]
    public void Checks_every_sentence_cites_a_retrieved_source(string answer, int sources, bool ok) =>
        Assert.Equal(ok, CitationChecker.Check(answer, sources).Ok);
}
