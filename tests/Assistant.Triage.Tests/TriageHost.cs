using Assistant.Bot;
using Assistant.Bot.Hosting;
using Assistant.Conversation;
using Assistant.Land;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Assistant.Triage.Tests;

/// <summary>A settable clock.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}

/// <summary>Echo conversation service standing in for the real core (the decorator is what is tested).</summary>
public sealed class EchoConversation : IConversationService
{
    public Task<AssistantReply> HandleAsync(UserTurn turn, CancellationToken cancellationToken) =>
        Task.FromResult(new AssistantReply("echo: " + turn.Text, null, [], [], "echo"));
}

/// <summary>The bot host as in Program.cs (AddAssistantBot + AddAssistantTriage + MapTriageEndpoints) on Kestrel at 127.0.0.1:{free port}.</summary>
public sealed class TriageHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TriageHost(WebApplication app, Uri baseAddress, string dataDir, FixedTime time)
    {
        _app = app;
        BaseAddress = baseAddress;
        DataDir = dataDir;
        Time = time;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }
    public string DataDir { get; }
    public FixedTime Time { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<TriageHost> StartAsync(DateTimeOffset now, string? dataDir = null)
    {
        dataDir ??= TestPaths.TempDir("host");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = Path.Combine(TestPaths.Root, "src", "Assistant.Bot"),
            WebRootPath = TestPaths.WebRoot,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:MicrosoftAppId"] = "",
            ["Bot:MicrosoftAppPassword"] = "",
            ["Triage:DatabasePath"] = Path.Combine(dataDir, "triage.db"),
            ["Triage:ModelPath"] = Path.Combine(dataDir, "model", "triage-model.zip"),
            ["Triage:TrainingPath"] = TestPaths.Training,
            ["Triage:SaveTrainedModel"] = "true",
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var time = new FixedTime(now);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IConversationService, EchoConversation>();
        builder.Services.AddLandDomain(builder.Configuration);
        builder.Services.AddAssistantTriage(builder.Configuration);
        builder.Services.AddTriageChatCommand();
        builder.Services.AddAssistantBot(builder.Configuration);
        var app = builder.Build();
        app.MapAssistantBot();
        app.MapTriageEndpoints();
        await app.StartAsync();
        var address = app.Urls.Single(u => u.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
        return new TriageHost(app, new Uri(address.TrimEnd('/') + "/"), dataDir, time);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
