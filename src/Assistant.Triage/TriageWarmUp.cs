using Assistant.Triage.Classification;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Assistant.Triage;

/// <summary>Loads (or trains) the classifier once in the background at start, so that the first dossier does not wait.</summary>
internal sealed partial class TriageWarmUp(Lazy<ProcedureClassifier> classifier, ILogger<TriageWarmUp> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        try
        {
            LogReady(logger, classifier.Value.Version);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            LogFailed(logger, ex);
        }
    }, stoppingToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Triage classifier ready: {Version}")]
    private static partial void LogReady(ILogger logger, string version);

    [LoggerMessage(Level = LogLevel.Error, Message = "Triage classifier could not be loaded or trained; POST /api/triage will fail until fixed.")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
