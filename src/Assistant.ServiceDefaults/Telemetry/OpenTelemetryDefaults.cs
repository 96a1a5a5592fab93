using System.Diagnostics;
using Assistant.Access.PersonalData;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Assistant.ServiceDefaults.Telemetry;

/// <summary>Section "Telemetry": what the OpenTelemetry defaults add beyond the standard OTEL_* variables.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Serve the metrics for Prometheus to scrape at <see cref="PrometheusPath"/> (off by default: it is anonymous).</summary>
    public bool PrometheusEnabled { get; set; }

    public string PrometheusPath { get; set; } = "/metrics";
}

/// <summary>
/// OpenTelemetry as every host of the solution takes it: traces, metrics and logs of the product's own sources and
/// meters ("Assistant.*"), ASP.NET Core, HttpClient, the .NET runtime and Semantic Kernel ("Microsoft.SemanticKernel*",
/// its sensitive mode forced off). The OTLP exporter is added only when a standard OTEL_EXPORTER_OTLP_* endpoint is set
/// (protocol, headers and the rest are read from the OTEL_* variables by the exporter itself); Prometheus only when
/// Telemetry:PrometheusEnabled is true. Every string attribute of every span is scrubbed of personal data on its way out.
/// </summary>
public static class OpenTelemetryDefaults
{
    /// <summary>The product's sources and meters, by prefix: each project names its own "Assistant.&lt;Project&gt;".</summary>
    public const string ProductPrefix = "Assistant.*";

    public const string SemanticKernelPrefix = "Microsoft.SemanticKernel*";

    /// <summary>Semantic Kernel's switch for its spans and metrics (names of models and functions, token counts).</summary>
    public const string SemanticKernelDiagnosticsSwitch = "Microsoft.SemanticKernel.Experimental.GenAI.EnableOTelDiagnostics";

    /// <summary>Semantic Kernel's switch that would put prompts and completions into spans: always off here.</summary>
    public const string SemanticKernelSensitiveSwitch = "Microsoft.SemanticKernel.Experimental.GenAI.EnableOTelDiagnosticsSensitive";

    /// <summary>The variables that turn the OTLP exporter on (any one of them).</summary>
    public static readonly string[] OtlpEndpointVariables =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
        "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
    ];

    /// <summary>True when any standard OTLP endpoint variable is set in <paramref name="configuration"/> (environment included).</summary>
    public static bool OtlpConfigured(IConfiguration configuration) =>
        OtlpEndpointVariables.Any(v => !string.IsNullOrWhiteSpace(configuration[v]));

    public static void Register(IHostApplicationBuilder builder)
    {
        // Set before Semantic Kernel first reads them (it caches them on first use). An explicit false beats the
        // SEMANTICKERNEL_EXPERIMENTAL_GENAI_ENABLE_OTEL_DIAGNOSTICS_SENSITIVE variable: prompts carry citizens' questions.
        AppContext.SetSwitch(SemanticKernelDiagnosticsSwitch, true);
        AppContext.SetSwitch(SemanticKernelSensitiveSwitch, false);

        var settings = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.Configure<TelemetryOptions>(builder.Configuration.GetSection(TelemetryOptions.Section));

        // Log records carry the trace and span ids of the activity they were written in; they reach this provider
        // through the scrubbing logger factory like every other sink.
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME, when set, is read by the SDK's own detector and wins over this default.
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
                    resource.AddService(builder.Environment.ApplicationName, serviceVersion: typeof(OpenTelemetryDefaults).Assembly.GetName().Version?.ToString());
            })
            .WithTracing(tracing => tracing
                .AddSource(ProductPrefix, SemanticKernelPrefix)
                .AddAspNetCoreInstrumentation(aspnet =>
                {
                    // Probes and scrapes every few seconds would drown the turns.
                    aspnet.Filter = context => !IsProbe(context.Request.Path, settings);
                })
                .AddHttpClientInstrumentation()
                .AddProcessor(new ScrubbingSpanProcessor()))
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(ProductPrefix, SemanticKernelPrefix)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (settings.PrometheusEnabled) metrics.AddPrometheusExporter();
            });
        if (OtlpConfigured(builder.Configuration)) telemetry.UseOtlpExporter();
    }

    /// <summary>Maps the Prometheus scrape endpoint when Telemetry:PrometheusEnabled is true.</summary>
    public static void Map(WebApplication app)
    {
        var settings = app.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (settings.PrometheusEnabled) app.MapPrometheusScrapingEndpoint(settings.PrometheusPath);
    }

    private static bool IsProbe(PathString path, TelemetryOptions settings) =>
        path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase)
        || (settings.PrometheusEnabled && path.StartsWithSegments(settings.PrometheusPath, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// The last line of defence for traces, as the scrubbing logger factory is for logs: every string attribute and the
/// status description of every ended span go through <see cref="PersonalDataScrubber"/> before any exporter sees them.
/// The product's own spans carry ids and counts only; this catches what a library might add (a URL path with a phone
/// number in it, an exception message).
/// </summary>
public sealed class ScrubbingSpanProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        List<KeyValuePair<string, string>>? changed = null;
        foreach (var tag in data.TagObjects)
        {
            if (tag.Value is not string text || text.Length == 0) continue;
            var scrubbed = tag.Key.StartsWith("url.", StringComparison.Ordinal) ? ScrubUrl(text) : PersonalDataScrubber.Scrub(text);
            if (!string.Equals(scrubbed, text, StringComparison.Ordinal)) (changed ??= []).Add(new(tag.Key, scrubbed));
        }
        foreach (var (key, value) in changed ?? []) data.SetTag(key, value);
        if (data.StatusDescription is { Length: > 0 } description)
        {
            var scrubbed = PersonalDataScrubber.Scrub(description);
            if (!string.Equals(scrubbed, description, StringComparison.Ordinal)) data.SetStatus(data.Status, scrubbed);
        }
    }

    /// <summary>
    /// A URL or path scrubbed segment by segment: the scrubber leaves numbers glued to '/' alone (that is how it keeps
    /// "31/2024/QH15"), but in a path a segment is a value of its own ("/lookup/0912345678").
    /// </summary>
    public static string ScrubUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var parts = url.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            var query = parts[i].IndexOfAny(['?', '#']);
            parts[i] = query < 0
                ? PersonalDataScrubber.Scrub(parts[i])
                : PersonalDataScrubber.Scrub(parts[i][..query]) + PersonalDataScrubber.Scrub(parts[i][query..]);
        }
        return string.Join('/', parts);
    }
}
