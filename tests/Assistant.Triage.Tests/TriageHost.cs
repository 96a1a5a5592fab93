using Assistant.Bot.Tests.Infrastructure;
using Assistant.Conversation;
using Microsoft.Extensions.DependencyInjection;

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

/// <summary>
/// The host as built (Program, through <see cref="AssistantHostFactory"/>) on Kestrel at 127.0.0.1:{free port}, with a
/// settable clock, <see cref="EchoConversation"/> behind the triage chat command, and its queue and model in <see cref="DataDir"/>.
/// With a test OpenID provider, officer sign-in points at it and <see cref="Client"/> carries a supervisor's access token
/// from a real sign-in (<see cref="ClientForAsync"/> for other accounts); without one, sign-in is not configured.
/// </summary>
public sealed class TriageHost : IAsyncDisposable
{
    private readonly AssistantHostFactory _factory;
    private readonly List<HttpClient> _clients = [];

    private TriageHost(AssistantHostFactory factory, FixedTime time, OidcTestProvider? provider)
    {
        _factory = factory;
        BaseAddress = factory.BaseAddress;
        DataDir = factory.DataDir;
        Time = time;
        Provider = provider;
        Anonymous = NewClient(null);
        Client = Anonymous;
    }

    public Uri BaseAddress { get; }
    public string DataDir { get; }
    public FixedTime Time { get; }
    public OidcTestProvider? Provider { get; }

    /// <summary>A supervisor's client (every unit, overrides) when started with a provider; else anonymous.</summary>
    public HttpClient Client { get; private set; }

    /// <summary>A client without credentials.</summary>
    public HttpClient Anonymous { get; }
    public IServiceProvider Services => _factory.Services;

    /// <summary>A client carrying <paramref name="user"/>'s access token from a real sign-in at the provider.</summary>
    public async Task<HttpClient> ClientForAsync(string user) =>
        NewClient(await (Provider ?? throw new InvalidOperationException("Started without an OpenID provider.")).GetAccessTokenAsync(user));

    /// <summary>A client sending <paramref name="bearerToken"/> as is (crafted test tokens).</summary>
    public HttpClient ClientWithToken(string bearerToken) => NewClient(bearerToken);

    private HttpClient NewClient(string? bearerToken)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (bearerToken is not null) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
        _clients.Add(client);
        return client;
    }

    /// <param name="trainModel">
    /// True: the host trains its classifier at start and saves it in <see cref="DataDir"/> (what a host with no model file
    /// does). False: it loads one model trained once for the test run, so that hosts do not each spend seconds of CPU on
    /// training while the other tests run.
    /// </param>
    /// <param name="provider">The OpenID provider officers sign in with; null: sign-in not configured.</param>
    /// <param name="extraSettings">Settings over the test defaults (e.g. a low rate limit).</param>
    public static async Task<TriageHost> StartAsync(
        DateTimeOffset now, string? dataDir = null, bool trainModel = false, OidcTestProvider? provider = null,
        IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var time = new FixedTime(now);
        var settings = new Dictionary<string, string?>
        {
            ["Triage:TrainingPath"] = TestPaths.Training,
            ["Triage:SaveTrainedModel"] = "true",
        };
        if (!trainModel) settings["Triage:ModelPath"] = AssistantHostFactory.SharedTriageModel(TestPaths.Training);
        foreach (var (key, value) in provider?.BotSettings() ?? new Dictionary<string, string?>()) settings[key] = value;
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>()) settings[key] = value;
        var factory = new AssistantHostFactory(dataDir ?? TestPaths.TempDir("host"), indexBundledCorpus: false, settings, services =>
        {
            services.AddSingleton<TimeProvider>(time);
            AssistantHostFactory.UseConversationService(services, new EchoConversation());
        });
        try
        {
            await factory.StartAndWaitUntilReadyAsync();
            var host = new TriageHost(factory, time, provider);
            if (provider is not null) host.Client = await host.ClientForAsync("supervisor");
            return host;
        }
        catch
        {
            await factory.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        await _factory.DisposeAsync();
    }
}
