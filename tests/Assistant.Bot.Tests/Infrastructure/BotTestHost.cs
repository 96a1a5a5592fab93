using Assistant.Conversation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Assistant.Bot.Tests.Infrastructure;

/// <summary>
/// The real bot host (AddAssistantBot + MapAssistantBot, as in Program.cs) on Kestrel at http://127.0.0.1:{free port},
/// with <see cref="StubConversationService"/> as the conversation core. A real socket, so node and Chromium can reach it.
/// </summary>
public sealed class BotTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BotTestHost(WebApplication app, StubConversationService stub, Uri baseAddress)
    {
        _app = app;
        Stub = stub;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public StubConversationService Stub { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<BotTestHost> StartAsync(
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null,
        bool registerConversationService = true,
        string? webRootPath = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = RepoPaths.BotProject,
            WebRootPath = webRootPath ?? RepoPaths.WebRoot,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:MicrosoftAppId"] = string.Empty,
            ["Bot:MicrosoftAppPassword"] = string.Empty,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        var stub = new StubConversationService();
        builder.Services.AddAssistantBot(builder.Configuration);
        if (registerConversationService)
        {
            builder.Services.AddSingleton<IConversationService>(stub);
        }

        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapAssistantBot();
        await app.StartAsync();
        var address = app.Urls.Single(u => u.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
        return new BotTestHost(app, stub, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
