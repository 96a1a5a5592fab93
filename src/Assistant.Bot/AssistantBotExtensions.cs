using Assistant.Bot.Activities;
using Assistant.Bot.DirectLine;
using Assistant.Bot.Hosting;
using Assistant.Bot.Officers;
using Assistant.Bot.Retention;
using Assistant.Bot.Staff;
using Assistant.Bot.Triage;
using Assistant.Conversation;
using Assistant.Conversation.Hosting;
using Assistant.Land.Freshness;
using Assistant.ServiceDefaults;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Assistant.Bot;

/// <summary>
/// Public wiring of the bot host. Typical use (Program.cs):
/// <code>
/// builder.AddServiceDefaults();
/// builder.Services.AddLandDomain(builder.Configuration);
/// builder.Services.AddAssistantConversation(builder.Configuration); // registers IConversationService
/// builder.Services.AddAssistantTriage(builder.Configuration);
/// builder.Services.AddAssistantBot(builder.Configuration);
/// var app = builder.Build();
/// app.MapDefaultEndpoints();
/// app.MapAssistantBot();
/// app.MapTriageApi();
/// </code>
/// The host never registers <see cref="IConversationService"/> itself: when none is registered at run time,
/// /api/messages and Direct Line posts answer 503 and /healthz reports it.
/// </summary>
public static partial class AssistantBotExtensions
{
    /// <summary>The named client of Bot Builder's connector (replies to channels, token calls).</summary>
    internal const string ConnectorClientName = "BotFramework";

    /// <summary>
    /// Registers the Bot Framework pieces: options (section "Bot"), ConfigurationBotFrameworkAuthentication,
    /// the CloudAdapter (<see cref="AdapterWithErrorHandler"/>), <see cref="LandAssistantBot"/> as IBot, the in-process
    /// Direct Line endpoint's store and runner; the "phân loại hồ sơ: …" chat command in front of the conversation service;
    /// officer sign-in (section "Auth", <see cref="OfficerAuthServiceCollectionExtensions.AddOfficerAuthentication"/>);
    /// readiness (<see cref="CorpusReadinessProbe"/>, also as the /healthz/ready check). Call it after the conversation
    /// core and triage are registered.
    /// </summary>
    public static IServiceCollection AddAssistantBot(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(BotHostOptions.SectionName);

        services.AddOptions<BotHostOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotHostOptions>, BotHostOptionsValidator>());
        services.AddStaffIdentity(configuration);
        services.AddRateLimits(configuration);
        services.TryAddSingleton(TimeProvider.System);

        // Replies to a channel are POSTs that Bot Builder sends once: a retry by the defaults' resilience handler could
        // deliver a reply twice, and its timeouts would cut in front of the connector's own.
        services.AddHttpClient(ConnectorClientName).WithoutDefaultResilience();

        // Reads MicrosoftAppId / MicrosoftAppPassword / MicrosoftAppTenantId / MicrosoftAppType from section "Bot".
        // Empty MicrosoftAppId = authentication off.
        services.TryAddSingleton<BotFrameworkAuthentication>(sp => new ConfigurationBotFrameworkAuthentication(
            section,
            httpClientFactory: new NamedHttpClientFactory(sp.GetRequiredService<IHttpClientFactory>(), ConnectorClientName),
            logger: sp.GetRequiredService<ILogger<ConfigurationBotFrameworkAuthentication>>()));
        services.TryAddSingleton<AdapterWithErrorHandler>();
        services.TryAddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<AdapterWithErrorHandler>());
        services.TryAddSingleton<CloudAdapter>(sp => sp.GetRequiredService<AdapterWithErrorHandler>());
        // A factory, so that development-time DI validation does not stop the host while no IConversationService is
        // registered (the endpoints answer 503 and /healthz says why instead).
        services.TryAddTransient<IBot>(sp => ActivatorUtilities.CreateInstance<LandAssistantBot>(sp));

        services.TryAddSingleton<DirectLineConversationStore>();
        services.TryAddSingleton<DirectLineTurnRunner>();

        services.AddTriageChatCommand();
        services.AddOfficerAuthentication(configuration);
        services.AddOptions<Assistant.Bot.Archive.ArchivePageOptions>().Bind(configuration.GetSection(Assistant.Bot.Archive.ArchivePageOptions.Section))
            .PostConfigure(o =>
            {
                // Where `archive index` puts the images by default: beside the store folder.
                if (string.IsNullOrWhiteSpace(o.PagesPath))
                    o.PagesPath = Path.GetFullPath((configuration["Store:Path"] is { Length: > 0 } store ? store : "store").TrimEnd('/', '\\') + "-pages");
            });
        services.AddOptions<Assistant.Bot.Archive.ArchivePageOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Assistant.Bot.Archive.ArchivePageOptions>, Assistant.Bot.Archive.ArchivePageOptionsValidator>());
        services.TryAddSingleton<Assistant.Bot.Archive.ArchivePageLinks>();

        // Personal data is kept no longer than its retention (triage records, conversation state, Direct Line transcripts).
        services.TryAddSingleton<RetentionPurgeService>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionPurgeService>());

        // Graceful stop (section "Shutdown"): the drain, and the host's shutdown timeout from the same validated options.
        services.AddOptions<ShutdownOptions>().Bind(configuration.GetSection(ShutdownOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ShutdownOptions>, ShutdownOptionsValidator>());
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);
        services.TryAddSingleton<ShutdownDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<ShutdownDrain>());

        services.TryAddSingleton<IReadinessProbe, CorpusReadinessProbe>();
        services.TryAddSingleton<AssistantReadiness>();
        services.AddHealthChecks().AddCheck<AssistantReadiness>("assistant", tags: [HealthTags.Ready]);
        // The SQLite files must be writable to be ready; the LLM and Qdrant are only reported on /healthz.
        services.TryAddSingleton<SqliteWritabilityCheck>();
        services.AddHealthChecks().AddCheck<SqliteWritabilityCheck>("sqlite-writable", tags: [HealthTags.Ready]);
        services.TryAddSingleton<DependencyProbe>();
        return services;
    }

    /// <summary>
    /// Maps the bot's HTTP surface: officer sign-in (/officer/login, /officer/logout, /officer/session, /signin-oidc) and
    /// GET /api/audit (<see cref="OfficerSignInEndpoints.UseOfficerSignIn"/>), the Web Chat page and its static files (/, /webchat/webchat.js),
    /// POST /api/messages, GET /healthz, and the Direct Line endpoint under /v3/directline (unless Bot:DirectLine:Enabled is false).
    /// </summary>
    public static WebApplication MapAssistantBot(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<BotHostOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Assistant.Bot");

        app.UseClientAddressAndSecurityHeaders();
        // Before sign-in and the limiter: a draining host refuses new work before spending anything on it.
        app.UseMiddleware<DrainMiddleware>();
        // Sign-in before the limiter, so that the per-user limit sees the signed-in officer.
        app.UseOfficerSignIn();
        app.UseRateLimits();
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.XContentTypeOptions = "nosniff",
        });

        app.MapPost(MessagesEndpoint.Path, MessagesEndpoint.HandleAsync).RequireRateLimiting(RateLimitPolicies.Messages);
        app.MapGet("/healthz", HealthAsync);
        Assistant.Bot.Archive.ArchivePageEndpoint.Map(app);
        if (options.DirectLine.Enabled)
        {
            DirectLineEndpoints.Map(app);
        }

        if (app.Services.GetService<IServiceProviderIsService>()?.IsService(typeof(IConversationService)) != true)
        {
            LogNoConversationService(logger);
        }

        LogAuthMode(logger, options.IsAuthenticationEnabled ? "on" : "off (no MicrosoftAppId)");
        // The roster is read now, so that a malformed file stops the start instead of the first Teams turn.
        var roster = app.Services.GetRequiredService<StaffRoster>();
        var staff = app.Services.GetRequiredService<IOptions<StaffOptions>>().Value;
        LogStaffMode(logger, roster.Count, staff.TenantIds.Count, staff.AllowUnverifiedInDevelopment ? " (development: unverified Teams activities accepted)" : string.Empty);
        LogDataFreshness(app.Services, logger);
        return app;
    }

    /// <summary>
    /// One warning naming the data files past their review date (data/README.md, "Freshness"), on the clock's Vietnam
    /// date, so that an operator sees on every start what must be re-read; another for files without valid dates. File
    /// names only: the files hold no personal data, and their contents stay out of the log.
    /// </summary>
    private static void LogDataFreshness(IServiceProvider services, ILogger logger)
    {
        var path = services.GetService<IOptions<DataFreshnessOptions>>()?.Value.DataPath;
        if (string.IsNullOrEmpty(path) || !Directory.Exists(path)) return;
        FreshnessReport report;
        try
        {
            report = DataFreshness.Scan(path, DataFreshness.Today(services.GetRequiredService<TimeProvider>()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogFreshnessUnreadable(logger, e.GetType().Name);
            return;
        }
        if (report.PastReview.Count > 0)
            LogPastReview(logger, report.PastReview.Count, report.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                string.Join(", ", report.PastReview.Select(f => f.Path)));
        if (report.Undated.Count > 0)
            LogUndated(logger, report.Undated.Count, string.Join(", ", report.Undated.Select(f => f.Path)));
    }

    private static async Task HealthAsync(HttpContext context)
    {
        // The corpus's description before the readiness decision: its states only move forward (indexing, ready, then the
        // embeddings running, done or skipped), so a decision taken after it is never older than what it describes (the
        // other way round, "skipped" could go out beside a status from before ready); a description from before ready
        // keeps the answer not ready, so "ready" never goes out beside a lexical index that is not.
        var corpus = context.RequestServices.GetService<CorpusBootstrapService>();
        var c = corpus is null ? null : await corpus.DescribeAsync(context.RequestAborted);
        var (ready, status) = context.RequestServices.GetRequiredService<AssistantReadiness>().Check();
        if (ready && c is { Ready: false })
        {
            ready = false;
            status = c.Status;
        }
        context.Response.Headers.CacheControl = "no-store";
        // The SQLite files are part of being ready (as on /healthz/ready); the status text says which one is not.
        var databases = await context.RequestServices.GetRequiredService<SqliteWritabilityCheck>().CheckAllAsync(context.RequestAborted);
        if (ready && databases.FirstOrDefault(d => !d.Writable) is { } unwritable)
        {
            ready = false;
            status = $"không ghi được tệp dữ liệu {unwritable.Name}";
        }
        var body = new Newtonsoft.Json.Linq.JObject { ["status"] = ready ? "ready" : status };
        // What is ready, for operators: ready means the lexical index is committed; the vectors may still be coming.
        if (c is not null)
        {
            body["lexical"] = new Newtonsoft.Json.Linq.JObject
            {
                ["ready"] = c.Ready,
                ["sources"] = c.Sources,
                ["chunks"] = c.Chunks,
                ["generation"] = c.Generation,
            };
            var embeddings = new Newtonsoft.Json.Linq.JObject
            {
                ["state"] = c.Embeddings.State,
                ["done"] = c.Embeddings.State == EmbeddingStates.Running ? c.Embeddings.Done : c.Vectors,
                ["total"] = c.Chunks,
            };
            if (c.Embeddings.Reason is { } reason) embeddings["reason"] = reason;
            body["embeddings"] = embeddings;
            body["store"] = new Newtonsoft.Json.Linq.JObject { ["opened"] = c.StoreOpened };
            body["indexing"] = new Newtonsoft.Json.Linq.JObject { ["state"] = c.Indexing };
        }
        var files = new Newtonsoft.Json.Linq.JObject();
        foreach (var d in databases)
            files[d.Name] = new Newtonsoft.Json.Linq.JObject { ["writable"] = d.Writable, ["state"] = d.State };
        body["databases"] = files;
        // Reported, not required: the assistant answers without an LLM (extractive) and Qdrant is only one store backend.
        var dependencies = new Newtonsoft.Json.Linq.JObject();
        foreach (var d in await context.RequestServices.GetRequiredService<DependencyProbe>().CheckAsync(context.RequestAborted))
            dependencies[d.Name] = new Newtonsoft.Json.Linq.JObject { ["configured"] = d.Configured, ["reachable"] = d.Reachable };
        body["dependencies"] = dependencies;
        if (context.RequestServices.GetService<Lazy<Assistant.Triage.Classification.ProcedureClassifier>>() is { } classifier)
        {
            body["triageModel"] = new Newtonsoft.Json.Linq.JObject
            {
                ["state"] = classifier.IsValueCreated ? "ready" : "loading",
                ["version"] = classifier.IsValueCreated ? classifier.Value.Version : null,
            };
        }
        await BotJson.WriteAsync(context.Response, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, body, context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No IConversationService is registered: the bot answers 503 until AddAssistantConversation (or another implementation) is registered.")]
    private static partial void LogNoConversationService(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data past review on {Today} ({Count} files; re-read their sources, then update asOf/reviewBy; assistant-indexer doctor lists them): {Files}")]
    private static partial void LogPastReview(ILogger logger, int count, string today, string files);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data files without valid asOf/reviewBy ({Count}): {Files}")]
    private static partial void LogUndated(ILogger logger, int count, string files);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The data files' review dates could not be read ({Error}).")]
    private static partial void LogFreshnessUnreadable(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bot Framework authentication: {Mode}")]
    private static partial void LogAuthMode(ILogger logger, string mode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Staff in Teams: {RosterCount} on the roster, {TenantCount} allowed tenants{Development}")]
    private static partial void LogStaffMode(ILogger logger, int rosterCount, int tenantCount, string development);
}
