using Assistant.Bot.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The bot host's rate limits (section "RateLimits", <see cref="RateLimitOptions"/>, validated at start). In the pipeline:
/// <code>
/// app.UseClientAddressAndSecurityHeaders(); // ServiceDefaults: forwarded headers from trusted proxies, security headers, CORS
/// app.UseAuthentication();                  // (when configured) so that the per-user limit sees the signed-in officer
/// app.UseRateLimits();                      // before static files, so that the page limit covers them
/// </code>
/// </summary>
public static class RequestProtectionExtensions
{
    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        RateLimiting.Register(services, configuration);
        return services;
    }

    /// <summary>The rate limiter: after authentication, before static files.</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseRateLimiter();
    }
}
