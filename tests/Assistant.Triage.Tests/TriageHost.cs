using Assistant.Bot.Tests.Infrastructure;
using Assistant.Conversation;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
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
/// </summary>
public sealed class TriageHost : IAsyncDisposable
{
    private readonly AssistantHostFactory _factory;

    private TriageHost(AssistantHostFactory factory, FixedTime time)
    {
        _factory = factory;
        BaseAddress = factory.BaseAddress;
        DataDir = factory.DataDir;
        Time = time;
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }
    public string DataDir { get; }
    public FixedTime Time { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _factory.Services;

    /// <param name="trainModel">
    /// True: the host trains its classifier at start and saves it in <see cref="DataDir"/> (what a host with no model file
    /// does). False: it loads one model trained once for the test run, so that hosts do not each spend seconds of CPU on
    /// training while the other tests run.
    /// </param>
    /// <param name="signIn">Settings of an OpenID provider to sign officers in against (see <see cref="OidcTestProvider.BotSettings"/>).
    /// The sign-in then keeps the real clock while triage runs on <paramref name="now"/>: the browser drops cookies whose
    /// expiry lies in its past, as the correlation and nonce cookies of a sign-in on a clock set months back would.</param>
    public static async Task<TriageHost> StartAsync(
        DateTimeOffset now, string? dataDir = null, bool trainModel = false, IReadOnlyDictionary<string, string?>? signIn = null)
    {
        var time = new FixedTime(now);
        var settings = new Dictionary<string, string?>
        {
            ["Triage:TrainingPath"] = TestPaths.Training,
            ["Triage:SaveTrainedModel"] = "true",
        };
        if (!trainModel) settings["Triage:ModelPath"] = AssistantHostFactory.SharedTriageModel(TestPaths.Training);
        foreach (var (key, value) in signIn ?? new Dictionary<string, string?>()) settings[key] = value;
        var factory = new AssistantHostFactory(dataDir ?? TestPaths.TempDir("host"), indexBundledCorpus: false, settings, services =>
        {
            services.AddSingleton<TimeProvider>(time);
            AssistantHostFactory.UseConversationService(services, new EchoConversation());
            if (signIn is not null)
            {
                services.PostConfigureAll<CookieAuthenticationOptions>(o => o.TimeProvider = TimeProvider.System);
                services.PostConfigureAll<OpenIdConnectOptions>(o => o.TimeProvider = TimeProvider.System);
            }
        });
        try
        {
            await factory.StartAndWaitUntilReadyAsync();
            return new TriageHost(factory, time);
        }
        catch
        {
            await factory.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
    }
}
