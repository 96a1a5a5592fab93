using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Assistant.Bot.Hosting;

/// <summary>
/// Names of the rate-limiting policies, for <c>.RequireRateLimiting(…)</c> on endpoints. Requests that match no endpoint
/// (the Web Chat page and static files) fall under the page limit without naming it; health endpoints have no limit.
/// </summary>
public static class RateLimitPolicies
{
    /// <summary>Direct Line token generate and refresh, per client address: the tightest limit (each token opens a conversation).</summary>
    public const string DirectLineToken = "directline-token";

    /// <summary>Direct Line conversations (start, reconnect) and posted activities, per client address.</summary>
    public const string DirectLine = "directline";

    /// <summary>
    /// Direct Line polls (GET activities), per client address. Loose on purpose: botframework-directlinejs stops polling
    /// for good when a poll fails with anything but 403 or 404, so a refused poll silences that citizen's chat.
    /// </summary>
    public const string DirectLinePolling = "directline-polling";

    /// <summary>POST /api/messages per client address while Bot Framework authentication is off; no limit when it is on.</summary>
    public const string Messages = "messages";

    /// <summary>Officer APIs, per signed-in user (claim "sub" or NameIdentifier), per client address when nobody is signed in.</summary>
    public const string Officer = "officer";
}

/// <summary>One fixed window: at most <see cref="PermitLimit"/> requests per <see cref="Window"/>; no queue (429 at once).</summary>
public sealed class FixedWindowLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Limits per policy, section "RateLimits" (validated at start). Defaults suit one machine facing citizens directly or
/// through a proxy that forwards the client address (see Assistant.ServiceDefaults.ForwardedHeadersSettings).
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    public FixedWindowLimit DirectLineToken { get; set; } = new() { PermitLimit = 10 };

    public FixedWindowLimit DirectLine { get; set; } = new() { PermitLimit = 300 };

    /// <summary>Web Chat polls once a second while the page is open: one open page costs 60 polls a minute.</summary>
    public FixedWindowLimit DirectLinePolling { get; set; } = new() { PermitLimit = 3000 };

    public FixedWindowLimit Messages { get; set; } = new() { PermitLimit = 120 };

    /// <summary>The page and its static files (a page view is four requests).</summary>
    public FixedWindowLimit Page { get; set; } = new() { PermitLimit = 120 };

    public FixedWindowLimit Officer { get; set; } = new() { PermitLimit = 600 };

    internal IEnumerable<(string Name, FixedWindowLimit Limit)> All() =>
    [
        (nameof(DirectLineToken), DirectLineToken), (nameof(DirectLine), DirectLine),
        (nameof(DirectLinePolling), DirectLinePolling), (nameof(Messages), Messages),
        (nameof(Page), Page), (nameof(Officer), Officer),
    ];
}

/// <summary>The partition keys of the limits: who counts as one client.</summary>
internal static class RateLimitPartitions
{
    /// <summary>
    /// The client address (after forwarded headers from trusted proxies). IPv4-mapped IPv6 counts as IPv4; an IPv6
    /// address counts by its /64 prefix, which one subscriber usually holds whole — per address it could rotate freely.
    /// </summary>
    public static string ClientAddress(HttpContext context) => ClientAddress(context.Connection.RemoteIpAddress);

    public static string ClientAddress(IPAddress? address)
    {
        if (address is null)
        {
            return "ip:none";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return "ip:" + new IPAddress(bytes) + "/64";
        }

        return "ip:" + address;
    }

    /// <summary>The signed-in officer's subject ("sub", else NameIdentifier); the client address when nobody is signed in.</summary>
    public static string Officer(ClaimsPrincipal? user, IPAddress? address)
    {
        if (user?.Identity?.IsAuthenticated == true)
        {
            var subject = user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value;
            if (!string.IsNullOrEmpty(subject))
            {
                return "user:" + subject;
            }
        }

        return ClientAddress(address);
    }
}

/// <summary>
/// ASP.NET Core's rate limiter on the bot host: the policies of <see cref="RateLimitPolicies"/>, the page limit on
/// requests that match no endpoint, and the rejection (429, Retry-After in seconds, a Vietnamese JSON body, one log line
/// without the client address).
/// </summary>
internal static partial class RateLimiting
{
    private const string PageRoute = "(static files)";

    private static readonly JsonSerializerOptions BodyJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Client addresses are logged only as a keyed hash, so that lines of one flood can be told apart without the address
    // being recoverable: IPv4 has so few addresses that an unkeyed hash could be reversed by trying them all. The key
    // lives in this process only.
    private static readonly byte[] ClientHashKey = RandomNumberGenerator.GetBytes(32);

    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>()
            .Bind(configuration.GetSection(RateLimitOptions.SectionName))
            .Validate(o => o.All().All(p => p.Limit is { PermitLimit: >= 1 }), "RateLimits: every PermitLimit must be at least 1.")
            .Validate(o => o.All().All(p => p.Limit.Window >= TimeSpan.FromSeconds(1) && p.Limit.Window <= TimeSpan.FromDays(1)),
                "RateLimits: every Window must be between 00:00:01 and 1.00:00:00.")
            .ValidateOnStart();

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = OnRejectedAsync;
            limiter.AddPolicy(RateLimitPolicies.DirectLineToken, context =>
                PerClient(context, RateLimitPartitions.ClientAddress(context), o => o.DirectLineToken));
            limiter.AddPolicy(RateLimitPolicies.DirectLine, context =>
                PerClient(context, RateLimitPartitions.ClientAddress(context), o => o.DirectLine));
            limiter.AddPolicy(RateLimitPolicies.DirectLinePolling, context =>
                PerClient(context, RateLimitPartitions.ClientAddress(context), o => o.DirectLinePolling));
            limiter.AddPolicy(RateLimitPolicies.Messages, context =>
                // With authentication on, /api/messages is called by the Bot Connector service for every Teams user from a
                // few Microsoft addresses, and a forged call is refused by its token: a per-address limit would only
                // throttle everyone together.
                context.RequestServices.GetRequiredService<IOptions<BotHostOptions>>().Value.IsAuthenticationEnabled
                    ? RateLimitPartition.GetNoLimiter("auth-on")
                    : PerClient(context, RateLimitPartitions.ClientAddress(context), o => o.Messages));
            limiter.AddPolicy(RateLimitPolicies.Officer, context =>
                PerClient(context, RateLimitPartitions.Officer(context.User, context.Connection.RemoteIpAddress), o => o.Officer));
            // Requests that match no endpoint are the page and its static files (and 404s). Endpoints carry their own
            // policy or none (health probes).
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.GetEndpoint() is null
                    ? PerClient(context, "page:" + RateLimitPartitions.ClientAddress(context), o => o.Page)
                    : RateLimitPartition.GetNoLimiter(string.Empty));
        });
    }

    private static RateLimitPartition<string> PerClient(HttpContext context, string key, Func<RateLimitOptions, FixedWindowLimit> pick)
    {
        var limit = pick(context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        var endpoint = context.GetEndpoint();
        var policy = endpoint?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "page";
        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? PageRoute;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimiting).FullName!);
        LogRejected(logger, policy, route, ClientHash(context.Connection.RemoteIpAddress), seconds);

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = JsonSerializer.Serialize(new { errors = new[] { RejectionMessage(seconds) } }, BodyJson);
        await context.Response.WriteAsync(body, Encoding.UTF8, ct);
    }

    internal static string RejectionMessage(int seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"Quá nhiều yêu cầu, xin chờ {seconds} giây rồi thử lại.");

    private static string ClientHash(IPAddress? address)
    {
        var key = RateLimitPartitions.ClientAddress(address);
        return Convert.ToHexStringLower(HMACSHA256.HashData(ClientHashKey, Encoding.UTF8.GetBytes(key)).AsSpan(0, 4));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit {Policy}: refused a request to {Route} from client #{ClientHash}; retry after {RetryAfterSeconds} s")]
    private static partial void LogRejected(ILogger logger, string policy, string route, string clientHash, int retryAfterSeconds);
}
