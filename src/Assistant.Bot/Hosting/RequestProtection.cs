using Assistant.Bot.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What protects the bot host's HTTP surface, in two middleware calls around authentication:
/// <code>
/// app.UseClientAddressAndSecurityHeaders(); // forwarded headers from trusted proxies, security headers, CORS when configured
/// app.UseAuthentication();                  // (when configured) so that the per-user limit sees the signed-in officer
/// app.UseRateLimits();                      // before static files, so that the page limit covers them
/// </code>
/// Settings: "RateLimits" (<see cref="RateLimitOptions"/>), "ForwardedHeaders" (<see cref="ForwardedHeadersSettings"/>),
/// "SecurityHeaders" (<see cref="SecurityHeadersOptions"/>), "Cors" (<see cref="CrossOriginOptions"/>), all validated at start.
/// </summary>
public static class RequestProtectionExtensions
{
    public static IServiceCollection AddRequestProtection(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        TrustedForwardedHeaders.Register(services, configuration);
        SecurityHeaders.Register(services, configuration);
        RateLimiting.Register(services, configuration);
        return services;
    }

    /// <summary>The client's address and scheme from trusted proxies, then the security headers and CORS. Call it first.</summary>
    public static IApplicationBuilder UseClientAddressAndSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        TrustedForwardedHeaders.Use(app);
        SecurityHeaders.Use(app);
        return app;
    }

    /// <summary>The rate limiter: after authentication, before static files.</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseRateLimiter();
    }
}
