using Assistant.Conversation.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Assistant.Conversation.Tests.Dialogue;

/// <summary>
/// The real conversation core as the bot host composes it (AddAssistantConversation), on a fresh embedded store in a
/// temp folder that it indexes from the bundled corpus at start, with a real SQLite state file. No embeddings: the
/// corpus indexes in seconds and retrieval is lexical (what the figures in the README are measured with).
/// </summary>
public sealed class AssistantFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "assistant-dialogue-" + Guid.NewGuid().ToString("N"));
    private IHost? _host;

    public IConversationService Service => _host!.Services.GetRequiredService<IConversationService>();
    public string StatePath => Path.Combine(_root, "state.db");

    public async Task InitializeAsync() => _host = await StartAsync(_root);

    /// <summary>
    /// Starts the conversation core as the host composes it, with its store and state under <paramref name="root"/>, and
    /// waits until the corpus (the bundled one, or <paramref name="corpus"/>) is indexed.
    /// </summary>
    public static async Task<IHost> StartAsync(string root, string? corpus = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Path"] = Path.Combine(root, "store"),
            ["Embeddings:Provider"] = "none",
            ["Conversation:StatePath"] = Path.Combine(root, "state.db"),
            ["Corpus:Path"] = corpus,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        Assistant.Bot.Tests.Infrastructure.TestLogCapture.AddSuiteCapture(builder.Logging); // the suite-wide personal-data check
        builder.Services.AddAssistantConversation(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        await WaitForCorpusAsync(host.Services);
        return host;
    }

    /// <summary>Waits (up to 3 minutes) until the first-start indexing of the bundled corpus is done.</summary>
    public static async Task WaitForCorpusAsync(IServiceProvider services)
    {
        var bootstrap = services.GetRequiredService<CorpusBootstrapService>();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!bootstrap.IsReady && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.True(bootstrap.IsReady, $"corpus not indexed: {bootstrap.Status}");
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class AssistantCollection : ICollectionFixture<AssistantFixture>
{
    public const string Name = "assistant";
}
