using Assistant.Conversation;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Assistant.Bot.Hosting;

/// <summary>
/// POST /api/messages, the Bot Framework channel endpoint, with its hardening in front of the adapter:
/// Authorization header while auth is off → 401 (Bot Builder would answer 500 IDX12741); wrong content type → 415;
/// body over the limit → 413; malformed JSON, no activity type or no conversation id → 400; with auth off, a serviceUrl that is not
/// http(s) on loopback → 400/403 (see <see cref="BotHostOptions.AllowNonLoopbackServiceUrlWithoutAuth"/>).
/// Valid requests go to the CloudAdapter, which answers expectReplies in the response and posts other replies
/// to the activity's serviceUrl.
/// </summary>
internal static partial class MessagesEndpoint
{
    public const string Path = "/api/messages";

    /// <summary>The 401 body for a missing, malformed or invalid Bot Connector token (which check failed stays in the log).</summary>
    internal const string TokenRejected = "Yêu cầu bị từ chối: thiếu mã xác thực (token) của Bot Connector hoặc mã không hợp lệ.";

    private const string ExpectRepliesServiceUrl = "http://localhost/expect-replies-unused/";

    public static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<BotHostOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MessagesEndpoint).FullName!);
        var ct = context.RequestAborted;
        var authorization = context.Request.Headers.Authorization.ToString();

        if (!options.IsAuthenticationEnabled && authorization.Length > 0)
        {
            await BotJson.WriteErrorAsync(context.Response, StatusCodes.Status401Unauthorized, "Unauthorized",
                "Authentication is not configured on this bot (no MicrosoftAppId); send requests without an Authorization header.", ct);
            return;
        }

        if (options.IsAuthenticationEnabled && authorization.Length > 0 && !LooksLikeBearerJwt(authorization))
        {
            await BotJson.WriteErrorAsync(context.Response, StatusCodes.Status401Unauthorized, "Unauthorized", TokenRejected, ct);
            return;
        }

        var read = await ActivityRequestReader.ReadAsync(context, options.MaxRequestBodyBytes);
        if (read is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(read.Activity.Conversation?.Id))
        {
            await BotJson.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, "BadArgument", "The activity has no conversation id.", ct);
            return;
        }

        if (!options.IsAuthenticationEnabled && read.Activity.DeliveryMode != DeliveryModes.ExpectReplies)
        {
            if (!Uri.TryCreate(read.Activity.ServiceUrl, UriKind.Absolute, out var serviceUrl)
                || (serviceUrl.Scheme != Uri.UriSchemeHttp && serviceUrl.Scheme != Uri.UriSchemeHttps))
            {
                await BotJson.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, "BadArgument",
                    "The activity needs an absolute http(s) serviceUrl (or deliveryMode \"expectReplies\").", ct);
                return;
            }

            if (!serviceUrl.IsLoopback && !options.AllowNonLoopbackServiceUrlWithoutAuth)
            {
                await BotJson.WriteErrorAsync(context.Response, StatusCodes.Status403Forbidden, "Forbidden",
                    "Without authentication this bot replies only to loopback service URLs.", ct);
                return;
            }
        }

        var body = read.Body;
        if (read.Activity.DeliveryMode == DeliveryModes.ExpectReplies
            && !Uri.TryCreate(read.Activity.ServiceUrl, UriKind.Absolute, out _))
        {
            if (options.IsAuthenticationEnabled)
            {
                await BotJson.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, "BadArgument", "The activity has no serviceUrl.", ct);
                return;
            }

            // Bot Builder builds a connector for the serviceUrl even when replies come back in the response; give it one
            // it never calls.
            read.Json["serviceUrl"] = ExpectRepliesServiceUrl;
            body = System.Text.Encoding.UTF8.GetBytes(read.Json.ToString(Newtonsoft.Json.Formatting.None));
        }

        if (services.GetService<IConversationService>() is null)
        {
            await BotJson.WriteErrorAsync(context.Response, StatusCodes.Status503ServiceUnavailable, "NotReady",
                "The conversation service is not registered.", ct);
            return;
        }

        // The adapter reads the body again: hand it the bytes already read and checked.
        context.Request.Body = new MemoryStream(body, writable: false);
        context.Request.ContentLength = body.Length;

        var adapter = services.GetRequiredService<IBotFrameworkHttpAdapter>();
        var bot = services.GetRequiredService<IBot>();
        try
        {
            await adapter.ProcessAsync(context.Request, context.Response, bot, ct);
            // The adapter answers a token it refused (wrong audience or issuer, no serviceurl claim, a channel the key is
            // not endorsed for) with a bare 401: give it the same body as the others.
            if (context.Response.StatusCode == StatusCodes.Status401Unauthorized && !context.Response.HasStarted)
            {
                LogRejectedToken(logger, "refused by the Bot Framework adapter");
                await BotJson.WriteErrorAsync(context.Response, StatusCodes.Status401Unauthorized, "Unauthorized", TokenRejected, ct);
            }
        }
        catch (Exception ex) when (IsTokenFailure(ex) && !context.Response.HasStarted)
        {
            LogRejectedToken(logger, ex.GetType().Name);
            context.Response.Clear();
            await BotJson.WriteErrorAsync(context.Response, StatusCodes.Status401Unauthorized, "Unauthorized", TokenRejected, ct);
        }
    }

    private static bool LooksLikeBearerJwt(string authorization)
    {
        const string prefix = "Bearer ";
        if (!authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var token = authorization[prefix.Length..].Trim();
        return token.Split('.').Length == 3 && token.Length < 16 * 1024;
    }

    private static bool IsTokenFailure(Exception ex) =>
        ex is SecurityTokenException or SecurityTokenArgumentException or UnauthorizedAccessException
        || (ex is ArgumentException && ex.Message.StartsWith("IDX", StringComparison.Ordinal));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a request to /api/messages: {Reason}")]
    private static partial void LogRejectedToken(ILogger logger, string reason);
}
