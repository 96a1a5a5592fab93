using Assistant.Bot.Triage;
using Assistant.Conversation;
using Assistant.Conversation.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Assistant.Bot.Tests.Infrastructure;

/// <summary>
/// The host as built: the real Program (its registrations, middleware and endpoints) on Kestrel at
/// http://127.0.0.1:{free port}, a real socket that node and Chromium can reach. Its files go to <see cref="DataDir"/>
/// (store, conversation state, triage queue and model), embeddings are off, and a test adds settings and service
/// overrides (applied after Program's registrations). Shared by the bot and triage tests (linked into both projects).
/// </summary>
public sealed class AssistantHostFactory : WebApplicationFactory<Program>
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<string>> TrainedModels = new();

    /// <summary>
    /// A triage model trained once per test run from <paramref name="trainingPath"/>, for hosts that do not test training:
    /// a host with no model file trains its own at start, seconds of CPU that would compete with the other tests.
    /// </summary>
    public static string SharedTriageModel(string trainingPath) =>
        TrainedModels.GetOrAdd(trainingPath, path => new Lazy<string>(() =>
        {
            var file = Path.Combine(Directory.CreateTempSubdirectory("assistant-triage-model-").FullName, "triage-model.zip");
            Assistant.Triage.Classification.ProcedureClassifier.Train(Assistant.Triage.Classification.TrainingData.Load(path))
                .Save(file, TimeProvider.System.GetUtcNow());
            return file;
        }, LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _overrides;
    private readonly string? _webRoot;

    /// <param name="dataDir">Folder for the host's files (created when missing).</param>
    /// <param name="indexBundledCorpus">True: the host indexes the bundled regulations at start, as in production.
    /// False: it starts on an empty corpus folder, ready at once (for tests that stand in for the conversation core).</param>
    /// <param name="settings">Configuration on top of appsettings.json and the temp-folder defaults.</param>
    /// <param name="overrides">Service registrations applied after Program's.</param>
    /// <param name="webRoot">Another web root than src/Assistant.Bot/wwwroot.</param>
    public AssistantHostFactory(
        string dataDir,
        bool indexBundledCorpus,
        IEnumerable<KeyValuePair<string, string?>>? settings = null,
        Action<IServiceCollection>? overrides = null,
        string? webRoot = null)
    {
        DataDir = Directory.CreateDirectory(dataDir).FullName;
        _overrides = overrides;
        _webRoot = webRoot;
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Bot:MicrosoftAppId"] = string.Empty,
            ["Bot:MicrosoftAppPassword"] = string.Empty,
            ["Store:Path"] = Path.Combine(DataDir, "store"),
            ["Embeddings:Provider"] = "none",
            ["Conversation:StatePath"] = Path.Combine(DataDir, "state.db"),
            ["Triage:DatabasePath"] = Path.Combine(DataDir, "triage.db"),
            ["Triage:ModelPath"] = Path.Combine(DataDir, "model", "triage-model.zip"),
            ["DataProtection:KeysPath"] = Path.Combine(DataDir, "keys"),
            ["Audit:DatabasePath"] = Path.Combine(DataDir, "audit.db"),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        // Tests run many clients from one loopback address: the rate limits are raised out of the way, and the tests of
        // the limits set their own.
        foreach (var policy in new[] { "DirectLineToken", "DirectLine", "DirectLinePolling", "Messages", "Page", "Officer" })
        {
            _settings[$"RateLimits:{policy}:PermitLimit"] = "1000000";
        }

        if (!indexBundledCorpus)
        {
            _settings["Corpus:Path"] = Directory.CreateDirectory(Path.Combine(DataDir, "corpus")).FullName;
        }

        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }

        UseKestrel();
    }

    public string DataDir { get; }

    /// <summary>The address Kestrel listens on, with a trailing slash.</summary>
    public Uri BaseAddress
    {
        get
        {
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            var address = addresses.Single(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
            return new Uri(address.TrimEnd('/') + "/");
        }
    }

    /// <summary>Starts the host (Program runs up to app.Run; Kestrel listens when this returns).</summary>
    public void Start() => StartServer();

    /// <summary>Starts the host and waits until its corpus is indexed.</summary>
    public async Task StartAndWaitUntilReadyAsync(TimeSpan? readyWithin = null)
    {
        StartServer();
        var bootstrap = Services.GetRequiredService<CorpusBootstrapService>();
        var deadline = DateTime.UtcNow + (readyWithin ?? TimeSpan.FromMinutes(3));
        while (!bootstrap.IsReady)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The host did not get ready: " + bootstrap.Status);
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Puts <paramref name="conversation"/> in place of the conversation core, with the triage chat command in front of
    /// it as the host wires it.
    /// </summary>
    public static void UseConversationService(IServiceCollection services, IConversationService conversation)
    {
        services.RemoveAll<IConversationService>();
        services.AddSingleton(conversation);
        services.AddTriageChatCommand();
    }

    /// <summary>Leaves the host without any conversation service (it answers 503).</summary>
    public static void RemoveConversationService(IServiceCollection services) => services.RemoveAll<IConversationService>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        if (_webRoot is not null)
        {
            builder.UseWebRoot(_webRoot);
        }

        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddConsole();
            logging.SetMinimumLevel(LogLevel.Warning);
            TestLogCapture.AddSuiteCapture(logging); // the suite-wide personal-data check reads these lines
        });
        if (_overrides is not null)
        {
            builder.ConfigureTestServices(_overrides);
        }
    }
}
