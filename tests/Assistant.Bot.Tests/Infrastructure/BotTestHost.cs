using Assistant.Triage.Classification;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Bot.Tests.Infrastructure;

/// <summary>
/// The real host (Program, through <see cref="AssistantHostFactory"/>) on Kestrel at http://127.0.0.1:{free port}, with
/// <see cref="StubConversationService"/> as the conversation core (behind the triage chat command, as the host wires it),
/// or with the real core on the bundled corpus (<see cref="StartRealAsync"/>). A real socket, so node and Chromium can reach it.
/// </summary>
public sealed class BotTestHost : IAsyncDisposable
{
    private readonly AssistantHostFactory _factory;

    private BotTestHost(AssistantHostFactory factory, StubConversationService stub)
    {
        _factory = factory;
        Stub = stub;
        BaseAddress = factory.BaseAddress;
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The stand-in conversation core (it receives no turns when the host runs the real one).</summary>
    public StubConversationService Stub { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _factory.Services;

    /// <param name="settings">Configuration on top of appsettings.json.</param>
    /// <param name="configureServices">Registrations applied after Program's (e.g. a clock or a readiness probe).</param>
    /// <param name="registerConversationService">False: no conversation service at all (the host answers 503).</param>
    /// <param name="webRootPath">Another web root than src/Assistant.Bot/wwwroot.</param>
    public static async Task<BotTestHost> StartAsync(
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null,
        bool registerConversationService = true,
        string? webRootPath = null)
    {
        var stub = new StubConversationService();
        var factory = new AssistantHostFactory(NewDataDir(), indexBundledCorpus: false, WithSharedTriageModel(settings), services =>
        {
            if (registerConversationService)
            {
                AssistantHostFactory.UseConversationService(services, stub);
            }
            else
            {
                AssistantHostFactory.RemoveConversationService(services);
            }

            configureServices?.Invoke(services);
        }, webRootPath);
        return await StartAsync(factory, stub, () => factory.StartAndWaitUntilReadyAsync());
    }

    /// <summary>
    /// The host exactly as Program composes it: the real conversation core on the bundled corpus. Returns as soon as the
    /// host listens; the corpus is still being indexed (/healthz/ready says when it is done).
    /// </summary>
    public static async Task<BotTestHost> StartRealAsync(IDictionary<string, string?>? settings = null)
    {
        var factory = new AssistantHostFactory(NewDataDir(), indexBundledCorpus: true, WithSharedTriageModel(settings));
        return await StartAsync(factory, new StubConversationService(), () =>
        {
            factory.Start();
            return Task.CompletedTask;
        });
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_factory.DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<BotTestHost> StartAsync(AssistantHostFactory factory, StubConversationService stub, Func<Task> start)
    {
        try
        {
            await start();
            return new BotTestHost(factory, stub);
        }
        catch
        {
            await factory.DisposeAsync();
            throw;
        }
    }

    private static string NewDataDir() => Directory.CreateTempSubdirectory("assistant-bot-host-").FullName;

    /// <summary>
    /// Every host of this test run loads one classifier trained once, instead of training its own at start (what a host
    /// does when no model file exists): the bot tests do not measure the classifier, and training on every start would
    /// compete with them for the CPU.
    /// </summary>
    private static Dictionary<string, string?> WithSharedTriageModel(IDictionary<string, string?>? settings)
    {
        var all = new Dictionary<string, string?> { ["Triage:ModelPath"] = AssistantHostFactory.SharedTriageModel(Path.Combine(RepoPaths.Root, "data", "triage", TrainingData.FileName)) };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return all;
    }
}
