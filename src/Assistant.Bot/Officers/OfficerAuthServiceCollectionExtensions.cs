using Assistant.Access;
using Assistant.Bot.Officers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.DependencyInjection;

public static class OfficerAuthServiceCollectionExtensions
{
    /// <summary>Token signing algorithms accepted from the provider: RSA and ECDSA with SHA-256 only (never "none" or HMAC).</summary>
    public static readonly IReadOnlyList<string> SigningAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];

    /// <summary>
    /// Officer sign-in (section "Auth", checked on start): JWT bearer for the officer APIs, a cookie after an OpenID
    /// Connect sign-in (code + PKCE) for the officer page, a policy scheme choosing between them, the claims mapper and
    /// roster, <see cref="AccessPolicy"/>, anti-forgery. No default scheme: only the officer endpoints authenticate, so
    /// a Bot Framework token on /api/messages is never read here. The OpenID Connect scheme is added at start by
    /// UseOfficerSignIn when Auth:Authority and Auth:ClientId are set.
    /// </summary>
    public static IServiceCollection AddOfficerAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OfficerAuthOptions>().Bind(configuration.GetSection(OfficerAuthOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OfficerAuthOptions>, OfficerAuthOptionsValidator>());
        services.TryAddSingleton<AccessPolicy>();
        services.TryAddSingleton(sp =>
        {
            var path = sp.GetRequiredService<IOptions<OfficerAuthOptions>>().Value.RosterPath;
            return string.IsNullOrWhiteSpace(path)
                ? OfficerRoster.Empty
                : OfficerRoster.Load(Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, path));
        });
        services.TryAddSingleton<OfficerClaimsMapper>();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = OfficerSignInEndpoints.AntiforgeryHeaderName;
            o.FormFieldName = OfficerSignInEndpoints.AntiforgeryFormFieldName;
            o.Cookie.Name = ".TroLy.Antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddAuthentication()
            .AddPolicyScheme(OfficerSchemes.Officer, "Officer (bearer or page cookie)", o => o.ForwardDefaultSelector = OfficerSchemes.Select)
            .AddJwtBearer(OfficerSchemes.Bearer, _ => { })
            .AddCookie(OfficerSchemes.Cookie, _ => { });
        services.AddOptions<JwtBearerOptions>(OfficerSchemes.Bearer).Configure<IOptions<OfficerAuthOptions>>((o, auth) => ConfigureBearer(o, auth.Value));
        services.AddOptions<CookieAuthenticationOptions>(OfficerSchemes.Cookie).Configure<IOptions<OfficerAuthOptions>>((o, auth) => ConfigureCookie(o, auth.Value));

        // The OpenID Connect handler and its options, without the scheme (added at start only when configured: its options
        // cannot be valid without an authority and a client id, and the authentication middleware builds every remote
        // handler on each request).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        services.TryAddTransient<OpenIdConnectHandler>();
        services.AddOptions<OpenIdConnectOptions>(OfficerSchemes.OpenIdConnect).Configure<IOptions<OfficerAuthOptions>>((o, auth) => ConfigureOpenIdConnect(o, auth.Value));
        return services;
    }

    private static TokenValidationParameters Validation(OfficerAuthOptions auth) => new()
    {
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidAlgorithms = SigningAlgorithms,
        ClockSkew = TimeSpan.FromSeconds(auth.ClockSkewSeconds),
        NameClaimType = auth.SubjectClaim,
        RoleClaimType = auth.RoleClaim,
    };

    private static void ConfigureBearer(JwtBearerOptions o, OfficerAuthOptions auth)
    {
        if (!auth.IsConfigured) return;
        o.Authority = auth.Authority;
        o.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        o.MapInboundClaims = false;
        o.TokenValidationParameters = Validation(auth);
        o.TokenValidationParameters.ValidAudiences = auth.AllAudiences;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions o, OfficerAuthOptions auth)
    {
        o.Cookie.Name = ".TroLy.Officer";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.ExpireTimeSpan = TimeSpan.FromMinutes(auth.SessionMinutes);
        o.SlidingExpiration = false;
        o.LoginPath = OfficerSignInEndpoints.LoginPath;
        // The officer endpoints answer for themselves (OfficerGate); a cookie challenge never redirects an API call.
        o.Events.OnRedirectToLogin = ctx => { ctx.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
        o.Events.OnRedirectToAccessDenied = ctx => { ctx.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
    }

    private static void ConfigureOpenIdConnect(OpenIdConnectOptions o, OfficerAuthOptions auth)
    {
        if (!auth.PageSignInConfigured) return;
        o.Authority = auth.Authority;
        o.ClientId = auth.ClientId;
        o.ClientSecret = string.IsNullOrEmpty(auth.ClientSecret) ? null : auth.ClientSecret;
        o.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        o.ResponseType = "code";
        o.UsePkce = true;
        // The code comes back in the query of a top-level GET, so the correlation and nonce cookies can be SameSite=Lax
        // (form_post would need SameSite=None, which browsers refuse without https).
        o.ResponseMode = "query";
        o.SignInScheme = OfficerSchemes.Cookie;
        o.CallbackPath = "/signin-oidc";
        o.SignedOutCallbackPath = "/signout-callback-oidc";
        o.SignedOutRedirectUri = OfficerSignInEndpoints.PagePath;
        o.MapInboundClaims = false;
        o.GetClaimsFromUserInfoEndpoint = false;
        // The ID token stays in the (encrypted) cookie for the provider's sign-out (id_token_hint).
        o.SaveTokens = true;
        o.Scope.Clear();
        o.Scope.Add("openid");
        foreach (var scope in auth.Scopes.Where(s => !string.IsNullOrWhiteSpace(s))) o.Scope.Add(scope.Trim());
        o.TokenValidationParameters = Validation(auth);
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    }
}
