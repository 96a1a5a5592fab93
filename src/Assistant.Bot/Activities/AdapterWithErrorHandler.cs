using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace Assistant.Bot.Activities;

/// <summary>
/// The CloudAdapter the host uses. A subclass with a single constructor, as in the Bot Framework samples:
/// registering CloudAdapter itself fails in DI (its constructors are ambiguous). On an unhandled error in a turn
/// it logs and tells the user, in Vietnamese, to try again; it never shows exception details.
/// </summary>
public sealed partial class AdapterWithErrorHandler : CloudAdapter
{
    public AdapterWithErrorHandler(BotFrameworkAuthentication auth, ILogger<AdapterWithErrorHandler> logger)
        : base(auth, logger)
    {
        OnTurnError = async (turnContext, exception) =>
        {
            LogTurnError(logger, exception, turnContext.Activity?.ChannelId, turnContext.Activity?.Type);
            Assistant.Bot.Hosting.BotTelemetry.CountError("turn", exception.GetType().Name);
            System.Diagnostics.Activity.Current?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, exception.GetType().Name);
            try
            {
                await turnContext.SendActivityAsync(BotTexts.Error);
            }
            catch (Exception sendError)
            {
                LogSendError(logger, sendError);
            }
        };
    }

    /// <summary>
    /// Runs a turn for an activity whose caller the host has already established (the in-process Direct Line
    /// endpoint): the same pipeline as /api/messages, minus the JWT check of an HTTP request.
    /// </summary>
    public Task<InvokeResponse> ProcessAuthenticatedActivityAsync(AuthenticateRequestResult authentication, Activity activity, BotCallbackHandler callback, CancellationToken cancellationToken) =>
        ProcessActivityAsync(authentication, activity, callback, cancellationToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in a bot turn (channel {Channel}, activity {ActivityType})")]
    private static partial void LogTurnError(ILogger logger, Exception exception, string? channel, string? activityType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send the error message to the user")]
    private static partial void LogSendError(ILogger logger, Exception exception);
}
