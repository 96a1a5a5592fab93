using Assistant.Bot.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace Assistant.Bot.Officers;

/// <summary>Body of GET /officer/session.</summary>
public sealed record OfficerSession(
    bool SignedIn,
    string Subject,
    string Role,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Units,
    OfficerSessionAntiforgery Antiforgery);

/// <summary>What a cookie-authenticated POST must carry: <see cref="Token"/> in header <see cref="HeaderName"/> (or form field <see cref="FormFieldName"/>).</summary>
public sealed record OfficerSessionAntiforgery(string HeaderName, string FormFieldName, string? Token);

/// <summary>
/// The officer side's sign-in surface. GET /officer/login: OpenID Connect challenge (code + PKCE), back to /officer.html.
/// POST /officer/logout: ends the page's session (anti-forgery form field required), then the provider's. GET
/// /officer/session: who is signed in, and the anti-forgery token for the page's POSTs; 401 when nobody is. Also the
/// middleware: authentication (which handles /signin-oidc) and, when sign-in is not configured, a warning at start.
/// </summary>
public static partial class OfficerSignInEndpoints
{
    public const string LoginPath = "/officer/login";
    public const string LogoutPath = "/officer/logout";
    public const string SessionPath = "/officer/session";
    public const string PagePath = "/officer.html";
    public const string AntiforgeryHeaderName = "RequestVerificationToken";
    public const string AntiforgeryFormFieldName = "__RequestVerificationToken";

    public const string PageSignInNotConfiguredMessage =
        "Máy chủ chưa cấu hình đăng nhập cho trang cán bộ (Auth:Authority, Auth:ClientId). Xin liên hệ quản trị hệ thống.";

    /// <summary>
    /// Adds the officer page's OpenID Connect scheme when section "Auth" allows it (decided here, once the configuration
    /// is complete), authentication middleware, the /officer/* endpoints and GET /api/audit.
    /// </summary>
    public static WebApplication UseOfficerSignIn(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<OfficerAuthOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Assistant.Bot.Officers");
        if (!options.IsConfigured)
        {
            LogNotConfigured(logger);
        }
        else
        {
            if (options.PageSignInConfigured)
            {
                app.Services.GetRequiredService<IAuthenticationSchemeProvider>().TryAddScheme(
                    new AuthenticationScheme(OfficerSchemes.OpenIdConnect, "OpenID Connect", typeof(OpenIdConnectHandler)));
            }

            LogConfigured(logger, options.Authority!, options.PageSignInConfigured ? "on" : "off (no Auth:ClientId)");
        }

        app.UseAuthentication();
        // Officer endpoints are authenticated here, before the middleware that follows (per-user rate limits), so that it
        // sees the verified subject in HttpContext.User ("sub"); the gate reuses the same result.
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<OfficerEndpoint>() is not null) await OfficerCaller.ResolveAsync(context);
            await next(context);
        });
        // The sign-in endpoints answer anyone (a login redirect, a session probe): limited like the officer APIs, per
        // signed-in subject or else per client address.
        app.MapGet(LoginPath, Login).RequireRateLimiting(RateLimitPolicies.Officer);
        app.MapPost(LogoutPath, LogoutAsync).DisableAntiforgery().RequireRateLimiting(RateLimitPolicies.Officer);
        app.MapGet(SessionPath, SessionAsync).RequireRateLimiting(RateLimitPolicies.Officer);
        app.MapAuditApi();
        return app;
    }

    private static IResult Login(HttpContext http, IOptions<OfficerAuthOptions> options)
    {
        if (!options.Value.PageSignInConfigured)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"officers\"";
            return OfficerGate.Error(StatusCodes.Status401Unauthorized, PageSignInNotConfiguredMessage);
        }

        return TypedResults.Challenge(new AuthenticationProperties { RedirectUri = PagePath }, [OfficerSchemes.OpenIdConnect]);
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, IOptions<OfficerAuthOptions> options, IAntiforgery antiforgery)
    {
        var caller = await OfficerCaller.ResolveAsync(http);
        if (!caller.ViaCookie) return TypedResults.Redirect(PagePath);
        if (!await antiforgery.IsRequestValidAsync(http)) return OfficerGate.Error(StatusCodes.Status400BadRequest, OfficerGate.AntiforgeryMessage);
        var schemes = options.Value.PageSignInConfigured ? new[] { OfficerSchemes.Cookie, OfficerSchemes.OpenIdConnect } : [OfficerSchemes.Cookie];
        return TypedResults.SignOut(new AuthenticationProperties { RedirectUri = PagePath }, schemes);
    }

    private static async Task<IResult> SessionAsync(HttpContext http, IAntiforgery antiforgery)
    {
        var caller = await OfficerCaller.ResolveAsync(http);
        http.Response.Headers.CacheControl = "no-store";
        if (OfficerGate.Refusal(http, caller) is { } refusal) return refusal;
        var identity = caller.Identity;
        var tokens = caller.ViaCookie ? antiforgery.GetAndStoreTokens(http) : null;
        return TypedResults.Json(
            new OfficerSession(
                true,
                identity.Subject!,
                OfficerCaller.RoleName(identity.Role),
                identity.Roles.Order().Select(OfficerCaller.RoleName).ToList(),
                identity.Units.AllUnits ? ["*"] : identity.Units.Codes.Order(StringComparer.Ordinal).ToList(),
                new OfficerSessionAntiforgery(AntiforgeryHeaderName, AntiforgeryFormFieldName, tokens?.RequestToken)),
            OfficerGate.Json);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Officer sign-in is not configured (section Auth, Auth:Authority empty): every officer endpoint answers 401. See README, \"Officer sign-in\".")]
    private static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Officer sign-in: authority {Authority}; officer page sign-in {Page}")]
    private static partial void LogConfigured(ILogger logger, string authority, string page);
}
