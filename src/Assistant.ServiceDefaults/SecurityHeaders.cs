using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Assistant.ServiceDefaults;

/// <summary>
/// Security headers of every response (section "SecurityHeaders"). The pages load scripts only from this origin, so
/// the Content-Security-Policy forbids inline script; <see cref="FormActionOrigins"/> and <see cref="ConnectOrigins"/> add
/// other origins where a deployment needs them.
/// </summary>
public sealed class SecurityHeadersOptions
{
    public const string SectionName = "SecurityHeaders";

    /// <summary>
    /// Origins a form on the pages may submit to, besides this one. The officer sign-in posts to the host, which redirects
    /// to the identity provider, and browsers apply form-action to that redirect too: list the provider's origin here
    /// (e.g. "https://login.microsoftonline.com", "https://sso.hanoi.gov.vn").
    /// </summary>
    public List<string> FormActionOrigins { get; set; } = [];

    /// <summary>Origins the pages' scripts may call besides this one (e.g. an external Direct Line service).</summary>
    public List<string> ConnectOrigins { get; set; } = [];

    internal static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.GetLeftPart(UriPartial.Authority).Equals(value.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>The Content-Security-Policy header value.</summary>
    internal string ContentSecurityPolicy()
    {
        static string Extra(List<string> origins) =>
            string.Concat(origins.Select(o => " " + o.TrimEnd('/')));
        return string.Join("; ",
            "default-src 'self'",
            // No inline script and no eval: the page's code is /webchat-page.js, Web Chat is /webchat/webchat.js.
            "script-src 'self'",
            // Web Chat styles itself at run time: its emotion style sheets are <style> elements it creates, and without
            // 'unsafe-inline' Chromium refuses them all and shows the transcript unstyled. A nonce would need the page
            // rendered per request; styles cannot run code, so this is the smaller risk.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            // Direct Line is polled over HTTP on this origin (no WebSocket stream).
            "connect-src 'self'" + Extra(ConnectOrigins),
            "media-src 'self' blob:",
            "object-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'" + Extra(FormActionOrigins));
    }
}

/// <summary>
/// Cross-origin calls (section "Cors"). Closed by default: with no <see cref="AllowedOrigins"/> no CORS policy exists
/// and browsers refuse every cross-origin call to the API and Direct Line.
/// </summary>
public sealed class CrossOriginOptions
{
    public const string SectionName = "Cors";

    /// <summary>Origins (scheme://host[:port]) whose pages may call the API and Direct Line, e.g. a city portal embedding the chat.</summary>
    public List<string> AllowedOrigins { get; set; } = [];
}

/// <summary>Writes the security headers on every response, whatever answers it (static files, endpoints, 429s, errors).</summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next, IOptions<SecurityHeadersOptions> options)
{
    private readonly string _contentSecurityPolicy = options.Value.ContentSecurityPolicy();

    public Task InvokeAsync(HttpContext context)
    {
        // Set when the response starts, because an endpoint may clear the headers of a response it rewrites.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            // An endpoint may set a stricter policy of its own (an archive page image: nothing but the image).
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy)) headers.ContentSecurityPolicy = _contentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            // For browsers without frame-ancestors.
            headers.XFrameOptions = "DENY";
            // The page's address can carry the citizen's question (?q=…), which may name a person or a parcel: links in
            // answers must not pass it to other sites, and no same-origin use of the referrer exists.
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
            return Task.CompletedTask;
        });
        return next(context);
    }
}

internal static class SecurityHeaders
{
    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityHeadersOptions>()
            .Bind(configuration.GetSection(SecurityHeadersOptions.SectionName))
            .Validate(o => o.FormActionOrigins.Concat(o.ConnectOrigins).All(SecurityHeadersOptions.IsOrigin),
                "SecurityHeaders: FormActionOrigins and ConnectOrigins take origins only (https://host[:port]).")
            .ValidateOnStart();

        services.AddOptions<CrossOriginOptions>()
            .Bind(configuration.GetSection(CrossOriginOptions.SectionName))
            .Validate(o => o.AllowedOrigins.All(SecurityHeadersOptions.IsOrigin), "Cors: AllowedOrigins takes origins only (https://host[:port]).")
            .ValidateOnStart();
        // The CORS services exist either way; a policy exists only for configured origins, and the middleware runs only
        // then (see Use). Read through options: a host's configuration is complete only once it is built.
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<CrossOriginOptions>>((cors, origins) =>
            {
                if (origins.Value.AllowedOrigins.Count > 0)
                {
                    cors.AddDefaultPolicy(policy => policy
                        .WithOrigins([.. origins.Value.AllowedOrigins.Select(origin => origin.TrimEnd('/'))])
                        .WithMethods(HttpMethods.Get, HttpMethods.Post)
                        .WithHeaders("Authorization", "Content-Type")
                        .WithExposedHeaders("Retry-After"));
                }
            });
    }

    public static void Use(IApplicationBuilder app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (app.ApplicationServices.GetRequiredService<IOptions<CrossOriginOptions>>().Value.AllowedOrigins.Count > 0)
        {
            app.UseCors();
        }
    }
}
