using System.Collections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Assistant.Indexer.Cli;

/// <summary>
/// The CLI's traces and metrics (an indexing run: "indexing.run" with one "indexing.file" per file, chunks, files by
/// outcome, chunks per second, errors by kind), exported over OTLP when one of the standard OTEL_EXPORTER_OTLP_*
/// endpoint variables is set, and not collected at all otherwise. The providers flush when the command's host is
/// disposed, so a short run is exported before the process exits. The bot's equivalent is in Assistant.ServiceDefaults,
/// which the CLI does not reference.
/// </summary>
public static class CliTelemetry
{
    public const string ServiceName = "assistant-indexer";

    private static readonly string[] EndpointVariables =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
    ];

    public static void Register(HostApplicationBuilder builder, IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(environment);
        // The CLI's configuration reads only ASSISTANT_* variables; the exporter reads its OTEL_* settings (protocol,
        // headers, timeouts) from configuration, so they are added under their own names.
        var otel = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry e in environment)
        {
            if (e.Key is string key && key.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)) otel[key] = e.Value as string;
        }
        if (!EndpointVariables.Any(v => otel.TryGetValue(v, out var value) && !string.IsNullOrWhiteSpace(value))) return;
        builder.Configuration.AddInMemoryCollection(otel);

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (!otel.ContainsKey("OTEL_SERVICE_NAME")) resource.AddService(ServiceName);
            })
            .WithTracing(tracing => tracing.AddSource("Assistant.*"))
            .WithMetrics(metrics => metrics.AddMeter("Assistant.*"))
            .UseOtlpExporter();
    }
}
