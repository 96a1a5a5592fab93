using Assistant.Access;
using Assistant.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Assistant.Bot.Officers;

/// <summary>The authentication schemes of the officer side.</summary>
public static class OfficerSchemes
{
    /// <summary>Policy scheme: <see cref="Bearer"/> when the request carries an Authorization header, else <see cref="Cookie"/>.</summary>
    public const string Officer = "Officer";

    /// <summary>JWT bearer tokens from the provider (API clients).</summary>
    public const string Bearer = "OfficerBearer";

    /// <summary>The officer page's session cookie, issued after an OpenID Connect sign-in.</summary>
    public const string Cookie = "OfficerCookie";

    /// <summary>OpenID Connect, authorization code + PKCE (the officer page's sign-in).</summary>
    public const string OpenIdConnect = "OfficerOidc";

    /// <summary>The scheme a request is authenticated with: bearer when it carries an Authorization header.</summary>
    public static string Select(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Headers.Authorization.Count > 0 ? Bearer : Cookie;
    }
}

/// <summary>How the officer side saw the caller.</summary>
public enum OfficerSignIn
{
    /// <summary>Section "Auth" has no authority: nobody can sign in, every officer endpoint answers 401.</summary>
    NotConfigured,
    /// <summary>No credentials.</summary>
    None,
    /// <summary>Credentials that did not validate (expired, wrong audience, issuer or key, tampered).</summary>
    Invalid,
    /// <summary>A verified bearer token.</summary>
    Bearer,
    /// <summary>A verified officer page cookie.</summary>
    Cookie,
}

/// <summary>
/// The caller of an officer endpoint as verified by the host: the identity (through <see cref="OfficerClaimsMapper"/>),
/// how it signed in, and its address. Resolved once per request; handlers take it as a parameter (minimal APIs bind it
/// with <see cref="BindAsync"/>), after <see cref="OfficerGate"/> has let the request through.
/// </summary>
public sealed record OfficerCaller(CallerIdentity Identity, OfficerSignIn SignIn, string? ClientAddress)
{
    private static readonly object ItemKey = new();

    /// <summary>The role names used in the audit trail and by the officer page.</summary>
    public static string RoleName(UserRole role) => role.ToString().ToLowerInvariant();

    /// <summary>Signed in through the officer page (its POSTs need the anti-forgery token).</summary>
    public bool ViaCookie => SignIn == OfficerSignIn.Cookie;

    /// <summary>Minimal API binding: the caller of this request.</summary>
    public static async ValueTask<OfficerCaller> BindAsync(HttpContext context) => await ResolveAsync(context);

    /// <summary>
    /// Authenticates the request with the officer policy scheme (once; the result is kept for the request) and maps the
    /// principal. On a cookie sign-in, HttpContext.User becomes that principal (anti-forgery tokens are bound to it).
    /// </summary>
    public static async Task<OfficerCaller> ResolveAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(ItemKey, out var known) && known is OfficerCaller caller) return caller;

        var address = context.Connection.RemoteIpAddress?.ToString();
        var options = context.RequestServices.GetRequiredService<IOptions<OfficerAuthOptions>>().Value;
        if (!options.IsConfigured)
        {
            caller = new OfficerCaller(CallerIdentity.Anonymous, OfficerSignIn.NotConfigured, address);
        }
        else
        {
            var scheme = OfficerSchemes.Select(context);
            var result = await context.AuthenticateAsync(OfficerSchemes.Officer);
            if (result.Succeeded)
            {
                var identity = context.RequestServices.GetRequiredService<OfficerClaimsMapper>().Map(result.Principal);
                context.User = result.Principal;
                caller = identity.IsAuthenticated
                    ? new OfficerCaller(identity, scheme == OfficerSchemes.Bearer ? OfficerSignIn.Bearer : OfficerSignIn.Cookie, address)
                    : new OfficerCaller(CallerIdentity.Anonymous, OfficerSignIn.Invalid, address);
            }
            else
            {
                caller = new OfficerCaller(CallerIdentity.Anonymous, result.None ? OfficerSignIn.None : OfficerSignIn.Invalid, address);
            }
        }

        context.Items[ItemKey] = caller;
        return caller;
    }

    /// <summary>An audit row of this caller: subject, main role, units, address; never dossier text.</summary>
    public AuditEntry AuditEntry(string action, string? targetId, string outcome)
    {
        var units = Identity.Units.ToString();
        return new AuditEntry(Identity.Subject ?? "anonymous", RoleName(Identity.Role), units.Length == 0 ? null : units, action, targetId, ClientAddress, outcome);
    }
}
