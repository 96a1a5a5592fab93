using System.Globalization;
using System.Text;
using Assistant.Bot.Hosting;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace Assistant.Bot.DirectLine;

/// <summary>
/// A Direct Line 3.0-compatible endpoint served by the bot itself (no Azure), enough for Web Chat and
/// botframework-directlinejs with polling (webSocket: false):
///   POST /v3/directline/tokens/generate                      → {conversationId, token, expires_in}
///   POST /v3/directline/tokens/refresh           (Bearer)    → {conversationId, token, expires_in}
///   POST /v3/directline/conversations            (Bearer optional) → {conversationId, token, expires_in, streamUrl: null}
///   GET  /v3/directline/conversations/{id}       (Bearer)    → same (reconnect)
///   POST /v3/directline/conversations/{id}/activities (Bearer) → {id}
///   GET  /v3/directline/conversations/{id}/activities?watermark=N (Bearer) → {activities, watermark: "M"}
/// No secret exists: anyone may start a conversation (the page is public); each token opens one conversation only.
/// </summary>
internal static class DirectLineEndpoints
{
    public const string Prefix = "/v3/directline";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var tokens = endpoints.MapGroup(Prefix).RequireRateLimiting(RateLimitPolicies.DirectLineToken);
        tokens.MapPost("/tokens/generate", GenerateTokenAsync);
        tokens.MapPost("/tokens/refresh", RefreshTokenAsync);
        var group = endpoints.MapGroup(Prefix).RequireRateLimiting(RateLimitPolicies.DirectLine);
        endpoints.MapGroup(Prefix).RequireRateLimiting(RateLimitPolicies.DirectLinePolling)
            .MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        group.MapPost("/conversations", StartConversationAsync);
        group.MapGet("/conversations/{conversationId}", ReconnectAsync);
        group.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        group.MapPost("/conversations/{conversationId}/upload", (HttpContext context) =>
            BotJson.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, "BadArgument",
                "Tệp đính kèm chưa được hỗ trợ. / Attachments are not supported.", context.RequestAborted));
    }

    private static async Task GenerateTokenAsync(HttpContext context)
    {
        var store = context.RequestServices.GetRequiredService<DirectLineConversationStore>();
        var (_, token) = store.Create();
        await BotJson.WriteAsync(context.Response, StatusCodes.Status200OK, TokenBody(token), context.RequestAborted);
    }

    private static async Task RefreshTokenAsync(HttpContext context)
    {
        var store = context.RequestServices.GetRequiredService<DirectLineConversationStore>();
        var check = store.Check(context.Request.Headers.Authorization, null, out var conversation);
        if (check != TokenCheck.Ok)
        {
            await WriteTokenErrorAsync(context, check);
            return;
        }

        var token = store.IssueToken(conversation!);
        await BotJson.WriteAsync(context.Response, StatusCodes.Status200OK, TokenBody(token), context.RequestAborted);
    }

    private static async Task StartConversationAsync(HttpContext context)
    {
        var store = context.RequestServices.GetRequiredService<DirectLineConversationStore>();
        DirectLineConversation conversation;
        DirectLineToken token;
        var status = StatusCodes.Status200OK;
        if (context.Request.Headers.Authorization.Count > 0)
        {
            var check = store.Check(context.Request.Headers.Authorization, null, out var existing);
            if (check != TokenCheck.Ok)
            {
                await WriteTokenErrorAsync(context, check);
                return;
            }

            conversation = existing!;
            token = store.IssueToken(conversation);
        }
        else
        {
            (conversation, token) = store.Create();
            status = StatusCodes.Status201Created;
        }

        if (conversation.MarkStarted())
        {
            // The bot greets on conversationUpdate, as with Azure's Direct Line.
            var runner = context.RequestServices.GetRequiredService<DirectLineTurnRunner>();
            var user = new ChannelAccount(id: conversation.UserId, role: RoleTypes.User);
            var update = new Activity(ActivityTypes.ConversationUpdate)
            {
                From = user,
                MembersAdded = [runner.BotAccount, user],
                Timestamp = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
                Conversation = new ConversationAccount(id: conversation.Id),
                Locale = "vi-VN",
            };
            _ = runner.EnqueueAsync(conversation, update, ServiceUrl(context));
        }

        await BotJson.WriteAsync(context.Response, status, ConversationBody(token), context.RequestAborted);
    }

    private static async Task ReconnectAsync(HttpContext context, string conversationId)
    {
        var store = context.RequestServices.GetRequiredService<DirectLineConversationStore>();
        var check = store.Check(context.Request.Headers.Authorization, conversationId, out var conversation);
        if (check != TokenCheck.Ok)
        {
            await WriteTokenErrorAsync(context, check);
            return;
        }

        var token = store.IssueToken(conversation!);
        await BotJson.WriteAsync(context.Response, StatusCodes.Status200OK, ConversationBody(token), context.RequestAborted);
    }

    private static async Task PostActivityAsync(HttpContext context, string conversationId)
    {
        var services = context.RequestServices;
        var store = services.GetRequiredService<DirectLineConversationStore>();
        var options = services.GetRequiredService<IOptions<BotHostOptions>>().Value;
        var check = store.Check(context.Request.Headers.Authorization, conversationId, out var conversation);
        if (check != TokenCheck.Ok)
        {
            await WriteTokenErrorAsync(context, check);
            return;
        }

        var read = await ActivityRequestReader.ReadAsync(context, options.MaxRequestBodyBytes);
        if (read is null)
        {
            return;
        }

        var runner = services.GetRequiredService<DirectLineTurnRunner>();
        var activity = read.Activity;
        var from = activity.From ?? new ChannelAccount();
        activity.From = new ChannelAccount(
            id: string.IsNullOrWhiteSpace(from.Id) ? conversation!.UserId : Shorten(from.Id, 128),
            name: from.Name is null ? null : Shorten(from.Name, 128),
            role: RoleTypes.User);
        activity.Recipient = runner.BotAccount;
        activity.ChannelId = Microsoft.Bot.Connector.Channels.Directline;
        activity.ServiceUrl = ServiceUrl(context);
        activity.DeliveryMode = null;
        activity.CallerId = null;
        activity.Locale = string.IsNullOrWhiteSpace(activity.Locale) ? "vi-VN" : Shorten(activity.Locale, 20);

        if (activity.Type == ActivityTypes.Typing)
        {
            // Typing indicators are neither logged nor sent to the bot.
            await BotJson.WriteAsync(context.Response, StatusCodes.Status200OK, new JObject { ["id"] = Guid.NewGuid().ToString("N") }, context.RequestAborted);
            return;
        }

        if (services.GetService<Assistant.Conversation.IConversationService>() is null)
        {
            await BotJson.WriteErrorAsync(context.Response, StatusCodes.Status503ServiceUnavailable, "NotReady",
                "The conversation service is not registered.", context.RequestAborted);
            return;
        }

        // The echo: clients find their own message (by channelData.clientActivityID) in the stream with id and timestamp.
        conversation!.Append(activity);
        var forBot = Clone(activity);
        _ = runner.EnqueueAsync(conversation, forBot, activity.ServiceUrl);
        await BotJson.WriteAsync(context.Response, StatusCodes.Status200OK, new JObject { ["id"] = activity.Id }, context.RequestAborted);
    }

    private static async Task GetActivitiesAsync(HttpContext context, string conversationId)
    {
        var store = context.RequestServices.GetRequiredService<DirectLineConversationStore>();
        var check = store.Check(context.Request.Headers.Authorization, conversationId, out var conversation);
        if (check != TokenCheck.Ok)
        {
            await WriteTokenErrorAsync(context, check);
            return;
        }

        long? watermark = null;
        var raw = context.Request.Query["watermark"].ToString();
        if (raw.Length > 0)
        {
            if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                await BotJson.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, "BadArgument", "Invalid watermark.", context.RequestAborted);
                return;
            }

            watermark = parsed;
        }

        var (activities, next) = conversation!.ReadAfter(watermark);
        context.RequestServices.GetService<ShutdownDrain>()?.RepliesRead(conversation);

        // The activities are stored as JSON text; the body is assembled from them without re-serialising.
        var json = new StringBuilder(64 + activities.Sum(a => a.Length + 1));
        json.Append("{\"activities\":[");
        for (var i = 0; i < activities.Count; i++)
        {
            if (i > 0)
            {
                json.Append(',');
            }

            json.Append(activities[i]);
        }

        json.Append("],\"watermark\":\"").Append(next.ToString(CultureInfo.InvariantCulture)).Append("\"}");
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(json.ToString(), Encoding.UTF8, context.RequestAborted);
    }

    private static JObject TokenBody(DirectLineToken token) => new()
    {
        ["conversationId"] = token.ConversationId,
        ["token"] = token.Token,
        ["expires_in"] = token.ExpiresInSeconds,
    };

    private static JObject ConversationBody(DirectLineToken token) => new()
    {
        ["conversationId"] = token.ConversationId,
        ["token"] = token.Token,
        ["expires_in"] = token.ExpiresInSeconds,
        ["streamUrl"] = null,
    };

    private static Task WriteTokenErrorAsync(HttpContext context, TokenCheck check)
    {
        var (code, message) = check switch
        {
            TokenCheck.Missing => ("MissingToken", "Authorization: Bearer <token> is required."),
            TokenCheck.Expired => ("TokenExpired", "The token has expired; start a new conversation."),
            TokenCheck.WrongConversation => ("TokenInvalid", "The token is not valid for this conversation."),
            _ => ("TokenInvalid", "Invalid token."),
        };
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return BotJson.WriteErrorAsync(context.Response, StatusCodes.Status401Unauthorized, code, message, context.RequestAborted);
    }

    private static string ServiceUrl(HttpContext context) =>
        $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{Prefix}/";

    private static string Shorten(string value, int max) => value.Length <= max ? value : value[..max];

    private static Activity Clone(Activity activity) =>
        JObject.FromObject(activity, BotJson.Serializer).ToObject<Activity>(BotJson.Serializer)!;
}
