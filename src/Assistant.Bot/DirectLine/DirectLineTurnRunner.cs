using System.Security.Claims;
using Assistant.Bot.Activities;
using Assistant.Bot.Hosting;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace Assistant.Bot.DirectLine;

/// <summary>
/// Runs a Direct Line client's activity through the same CloudAdapter and bot as /api/messages, in process, with
/// deliveryMode "expectReplies": the replies come back from the adapter and are appended to the conversation log,
/// where the client's polling picks them up. Nothing is sent over the network.
/// </summary>
public sealed partial class DirectLineTurnRunner(
    AdapterWithErrorHandler adapter,
    BotFrameworkAuthentication authentication,
    IServiceScopeFactory scopes,
    IOptions<BotHostOptions> options,
    ShutdownDrain drain,
    ILogger<DirectLineTurnRunner> logger)
{
    private readonly BotHostOptions _options = options.Value;

    internal ChannelAccount BotAccount => new(id: "assistant-bot", name: _options.BotName, role: RoleTypes.Bot);

    /// <summary>
    /// Queues the turn behind the conversation's earlier ones and returns at once; the returned task completes when the
    /// turn has run (callers of the HTTP endpoints do not wait for it). The turn was accepted (its POST is answered), so
    /// a shutdown waits for it (<see cref="ShutdownDrain"/>) and cancels it only when the drain runs out of time.
    /// </summary>
    public Task EnqueueAsync(DirectLineConversation conversation, Activity activity, string serviceUrl)
    {
        drain.EnterAccepted();
        return conversation.EnqueueTurn(async () =>
        {
            try
            {
                await RunAsync(conversation, activity, serviceUrl, drain.HardStop);
                drain.RepliesAppended(conversation);
            }
            finally
            {
                drain.Exit();
            }
        });
    }

    /// <summary>Runs one turn and appends the bot's replies; never throws (errors become a polite reply).</summary>
    public async Task RunAsync(DirectLineConversation conversation, Activity activity, string serviceUrl, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        if (activity.Type == ActivityTypes.Message)
        {
            conversation.Append(new Activity(ActivityTypes.Typing)
            {
                From = BotAccount,
                Recipient = activity.From,
                ChannelId = Channels.Directline,
                ServiceUrl = serviceUrl,
            });
        }

        IList<Activity> replies;
        try
        {
            replies = await ProcessAsync(activity, serviceUrl, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            LogTurnFailed(logger, ex, conversation.Id);
            replies = [MessageFactory.Text(BotTexts.Error) as Activity ?? new Activity(ActivityTypes.Message) { Text = BotTexts.Error }];
        }

        foreach (var reply in replies)
        {
            reply.From = BotAccount;
            reply.Recipient = activity.From;
            reply.ChannelId = Channels.Directline;
            reply.ServiceUrl = serviceUrl;
            reply.ReplyToId ??= activity.Id;
            conversation.Append(reply);
        }
    }

    private async Task<IList<Activity>> ProcessAsync(Activity activity, string serviceUrl, CancellationToken cancellationToken)
    {
        activity.DeliveryMode = DeliveryModes.ExpectReplies;
        activity.ServiceUrl = serviceUrl;
        activity.ChannelId = Channels.Directline;
        activity.Recipient = BotAccount;

        var identity = InProcessIdentity();
        var auth = new AuthenticateRequestResult
        {
            ClaimsIdentity = identity,
            Audience = AuthenticationConstants.ToChannelFromBotOAuthScope,
            ConnectorFactory = authentication.CreateConnectorFactory(identity),
        };

        await using var scope = scopes.CreateAsyncScope();
        var bot = scope.ServiceProvider.GetRequiredService<IBot>();
        var response = await adapter.ProcessAuthenticatedActivityAsync(auth, activity, bot.OnTurnAsync, cancellationToken);
        return (response?.Body as ExpectedReplies)?.Activities ?? [];
    }

    /// <summary>
    /// The caller's identity for in-process turns: anonymous when auth is off; when it is on, a claim set naming the
    /// bot's own app id, so Bot Builder can build (lazily, never used with expectReplies) its connector credentials.
    /// </summary>
    private ClaimsIdentity InProcessIdentity()
    {
        if (!_options.IsAuthenticationEnabled)
        {
            return new ClaimsIdentity([], AuthenticationConstants.AnonymousAuthType);
        }

        var appId = _options.MicrosoftAppId!;
        return new ClaimsIdentity(
        [
            new Claim(AuthenticationConstants.AudienceClaim, appId),
            new Claim(AuthenticationConstants.AppIdClaim, appId),
            new Claim(AuthenticationConstants.VersionClaim, "1.0"),
        ], "DirectLineInProcess");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Direct Line turn failed in conversation {ConversationId}")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string conversationId);
}
