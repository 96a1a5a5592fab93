using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Hosting;
using Assistant.ServiceDefaults.Logging;
using Assistant.ServiceDefaults.Telemetry;

namespace Assistant.ServiceDefaults;

/// <summary>The tags that put a health check behind /healthz/live or /healthz/ready.</summary>
public static class HealthTags
{
    /// <summary>The process runs and answers: nothing else is checked.</summary>
    public const string Live = "live";

    /// <summary>The host can do its work (for the assistant: the corpus is indexed and a conversation service is registered).</summary>
    public const string Ready = "ready";
}

/// <summary>
/// What every host of the solution takes in one place: health checks split into live and ready, resilience for
/// the HttpClients it creates, the client's address behind trusted proxies, security headers and closed CORS. Typical use (Program.cs):
/// <code>
/// builder.AddServiceDefaults();
/// …
/// var app = builder.Build();
/// app.MapDefaultEndpoints();
/// </code>
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string LivePath = "/healthz/live";

    public const string ReadyPath = "/healthz/ready";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Traces, metrics and logs (OpenTelemetry): the product's "Assistant.*" sources and meters, ASP.NET Core, HttpClient,
        // the runtime and Semantic Kernel; exported over OTLP when the standard OTEL_EXPORTER_OTLP_* variables say where.
        OpenTelemetryDefaults.Register(builder);
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [HealthTags.Live]);
        // A starting host answers 503 on /healthz/ready by design, and the health service would log every such probe as
        // an error; the endpoints themselves say what is not ready.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical);

        // Retries with backoff, a circuit breaker and timeouts for every HttpClient made by IHttpClientFactory. A client
        // whose calls must not be repeated opts out with WithoutDefaultResilience().
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());

        // Every log line, whoever writes it, goes through the personal-data scrubber before any sink (Law 91/2025/QH15).
        PersonalDataLogging.Register(builder.Services);

        // Who the client is behind a proxy, the security headers of every response, CORS (closed unless configured):
        // sections "ForwardedHeaders", "SecurityHeaders", "Cors", validated at start. The host places the middleware
        // with UseClientAddressAndSecurityHeaders.
        TrustedForwardedHeaders.Register(builder.Services, builder.Configuration);
        SecurityHeaders.Register(builder.Services, builder.Configuration);
        return builder;
    }

    /// <summary>
    /// The client's address and scheme from trusted proxies (<see cref="ForwardedHeadersSettings"/>), then the security
    /// headers (<see cref="SecurityHeadersOptions"/>) and CORS when origins are configured (<see cref="CrossOriginOptions"/>).
    /// Call it first in the pipeline, before authentication, rate limits and static files.
    /// </summary>
    public static IApplicationBuilder UseClientAddressAndSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        TrustedForwardedHeaders.Use(app);
        SecurityHeaders.Use(app);
        return app;
    }

    /// <summary>
    /// Takes the defaults' resilience handler off one client: for calls that are not safe to repeat, or whose timeouts
    /// are owned by the library that makes them.
    /// </summary>
    public static IHttpClientBuilder WithoutDefaultResilience(this IHttpClientBuilder http)
    {
        ArgumentNullException.ThrowIfNull(http);
        // The defaults' handlers are in place when a client's own configuration runs, so they can be taken out here.
        // (RemoveAllResilienceHandlers does the same but is marked for evaluation only, EXTEXP0001.)
        return http.ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
        {
            for (var i = handlers.Count - 1; i >= 0; i--)
            {
                if (handlers[i] is ResilienceHandler)
                    handlers.RemoveAt(i);
            }
        });
    }

    /// <summary>
    /// Maps /healthz/live (the checks tagged <see cref="HealthTags.Live"/>: 200 while the process runs) and /healthz/ready
    /// (the checks tagged <see cref="HealthTags.Ready"/>: 503 until the host can do its work). Anonymous on purpose, for
    /// orchestrator probes: they answer only "Healthy" or "Unhealthy", never a check's details. Also the Prometheus scrape
    /// endpoint when Telemetry:PrometheusEnabled is true.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Live) });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Ready) });
        OpenTelemetryDefaults.Map(app);
        return app;
    }
}
