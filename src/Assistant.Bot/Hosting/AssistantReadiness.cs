using Assistant.Conversation;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Assistant.Bot.Hosting;

/// <summary>
/// Whether the assistant can answer: a conversation service is registered and the <see cref="IReadinessProbe"/> says
/// ready. The one decision behind /healthz (its JSON body) and the host defaults' /healthz/ready (as a health check).
/// </summary>
public sealed class AssistantReadiness(IReadinessProbe probe, IServiceProviderIsService registrations, ShutdownDrain? drain = null) : IHealthCheck
{
    public const string NoConversationService = "conversation service not registered";

    /// <summary>The status while the host stops (<see cref="ShutdownDrain"/>).</summary>
    public const string Draining = "draining";

    public (bool IsReady, string Status) Check() =>
        drain?.IsDraining == true ? (false, Draining)
        : registrations.IsService(typeof(IConversationService))
            ? (probe.IsReady, probe.Status)
            : (false, NoConversationService);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (ready, status) = Check();
        return Task.FromResult(ready ? HealthCheckResult.Healthy(status) : HealthCheckResult.Unhealthy(status));
    }
}
