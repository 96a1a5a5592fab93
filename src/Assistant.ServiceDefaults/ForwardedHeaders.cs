using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Assistant.ServiceDefaults;

/// <summary>
/// Which proxies may tell the host the client's address and scheme (X-Forwarded-For, X-Forwarded-Proto), section
/// "ForwardedHeaders". Empty by default: the headers are ignored and the client is the socket's peer. Behind nginx on the
/// same machine set <c>ForwardedHeaders:KnownProxies:0=127.0.0.1</c>; otherwise every citizen would share the proxy's
/// address and its rate limits. Only list proxies you run: whoever is trusted here can pick any client address.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. "127.0.0.1", "10.0.0.5".</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form, e.g. "10.0.0.0/24".</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row are read off X-Forwarded-For (one nginx: 1).</summary>
    public int ForwardLimit { get; set; } = 1;

    internal bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    internal bool IsValid() =>
        ForwardLimit >= 1
        && KnownProxies.All(p => IPAddress.TryParse(p, out _))
        && KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _));
}

internal static class TrustedForwardedHeaders
{
    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ForwardedHeadersSettings>()
            .Bind(configuration.GetSection(ForwardedHeadersSettings.SectionName))
            .Validate(s => s.IsValid(), "ForwardedHeaders: KnownProxies must be IP addresses, KnownNetworks CIDR networks (10.0.0.0/24), ForwardLimit at least 1.")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((forwarded, settings) =>
        {
            // X-Forwarded-Host is not taken: nginx passes the Host header itself, and a forged host would reach the
            // sign-in redirect URIs.
            forwarded.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor
                | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = settings.Value.ForwardLimit;
            // ASP.NET Core trusts loopback by default; here only what is configured is trusted.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in settings.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in settings.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
    }

    public static void Use(IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value.Enabled)
        {
            app.UseForwardedHeaders();
        }
    }
}
