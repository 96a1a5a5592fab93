using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Assistant.Bot.Tests.Infrastructure;

/// <summary>
/// TEST DOUBLE of Microsoft's Bot Connector token service (login.botframework.com), which cannot be reached here: the
/// OpenID metadata and a JWKS served over https on 127.0.0.1 (a certificate from a test CA made at start; the bot trusts
/// it through SSL_CERT_FILE = <see cref="CaBundlePath"/>), and channel tokens signed with keys generated at start.
/// Keys: <see cref="TeamsKey"/> endorsed for Teams and the other channels, <see cref="WebChatOnlyKey"/> endorsed for
/// "webchat" only, and <see cref="UnknownKey"/>, which the JWKS does not publish.
/// </summary>
public sealed class BotConnectorTokenServiceDouble : IAsyncDisposable
{
    /// <summary>The issuer of the double's channel tokens (Bot:ToBotFromChannelTokenIssuer of the bot under test).</summary>
    public const string Issuer = "https://api.botframework.test";

    public const string TeamsKey = "key-teams";
    public const string WebChatOnlyKey = "key-webchat-only";
    public const string UnknownKey = "key-unknown";

    private readonly WebApplication _app;
    private readonly Dictionary<string, RSA> _keys;
    private readonly string _dir;

    private BotConnectorTokenServiceDouble(WebApplication app, Dictionary<string, RSA> keys, string dir, string caBundle)
    {
        _app = app;
        _keys = keys;
        _dir = dir;
        CaBundlePath = caBundle;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>https://127.0.0.1:{port}/</summary>
    public Uri BaseAddress { get; }

    /// <summary>Bot:ToBotFromChannelOpenIdMetadataUrl of the bot under test.</summary>
    public string MetadataUrl => new Uri(BaseAddress, "v1/.well-known/openidconfiguration").ToString();

    /// <summary>The system CA bundle plus the test CA, for SSL_CERT_FILE of the bot's process.</summary>
    public string CaBundlePath { get; }

    /// <summary>How many times the bot fetched the JWKS (proves it read the keys from here).</summary>
    public int KeyFetches { get; private set; }

    public static async Task<BotConnectorTokenServiceDouble> StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("bot-token-service-double-").FullName;
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Test CA of BotConnectorTokenServiceDouble", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(2));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var issued = serverRequest.Create(ca, now.AddDays(-1), now.AddDays(1), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(serverKey);
        var serverCert = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), password: null);

        const string systemBundle = "/etc/ssl/certs/ca-certificates.crt";
        var caBundle = Path.Combine(dir, "ca-bundle.pem");
        await File.WriteAllTextAsync(caBundle, (File.Exists(systemBundle) ? await File.ReadAllTextAsync(systemBundle) + "\n" : string.Empty) + ca.ExportCertificatePem() + "\n");

        var keys = new Dictionary<string, RSA>
        {
            [TeamsKey] = RSA.Create(2048),
            [WebChatOnlyKey] = RSA.Create(2048),
            [UnknownKey] = RSA.Create(2048),
        };

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serverCert)));
        var app = builder.Build();
        BotConnectorTokenServiceDouble? self = null;
        app.MapGet("/v1/.well-known/openidconfiguration", (HttpContext http) => Results.Text(new JsonObject
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = new Uri(self!.BaseAddress, "v1/authorize").ToString(),
            ["jwks_uri"] = new Uri(self.BaseAddress, "v1/.well-known/keys").ToString(),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
        }.ToJsonString(), "application/json"));
        app.MapGet("/v1/.well-known/keys", () =>
        {
            self!.KeyFetches++;
            return Results.Text(new JsonObject
            {
                ["keys"] = new JsonArray(
                    Jwk(TeamsKey, keys[TeamsKey], "msteams", "webchat", "directline", "emulator", "test"),
                    Jwk(WebChatOnlyKey, keys[WebChatOnlyKey], "webchat")),
            }.ToJsonString(), "application/json");
        });
        await app.StartAsync();
        self = new BotConnectorTokenServiceDouble(app, keys, dir, caBundle);
        return self;
    }

    /// <summary>The claims of a channel token as Microsoft's service issues them for <paramref name="appId"/>.</summary>
    public static JsonObject ChannelClaims(string appId, string serviceUrl, DateTimeOffset now) => new()
    {
        ["iss"] = Issuer,
        ["aud"] = appId,
        ["serviceurl"] = serviceUrl,
        ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
        ["exp"] = now.AddMinutes(30).ToUnixTimeSeconds(),
    };

    /// <summary>A compact JWS signed RS256 with the key named <paramref name="keyId"/>.</summary>
    public string Sign(JsonObject claims, string keyId = TeamsKey)
    {
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = keyId, ["x5t"] = keyId };
        var signingInput = Part(header) + "." + Part(claims);
        var signature = _keys[keyId].SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>An unsigned token ("alg": "none", empty signature), as an attacker would write one.</summary>
    public static string Unsigned(JsonObject claims) =>
        Part(new JsonObject { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = TeamsKey }) + "." + Part(claims) + ".";

    /// <summary>A signed token whose payload was changed after signing (another audience), the signature kept.</summary>
    public string Tampered(JsonObject claims, string otherAudience)
    {
        var parts = Sign(claims).Split('.');
        var changed = JsonNode.Parse(claims.ToJsonString())!.AsObject();
        changed["aud"] = otherAudience;
        return parts[0] + "." + Part(changed) + "." + parts[2];
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }

        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Part(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private static JsonObject Jwk(string keyId, RSA key, params string[] endorsements)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = keyId,
            ["x5t"] = keyId,
            ["n"] = Base64Url.EncodeToString(parameters.Modulus),
            ["e"] = Base64Url.EncodeToString(parameters.Exponent),
            ["endorsements"] = new JsonArray(endorsements.Select(e => (JsonNode)JsonValue.Create(e)!).ToArray()),
        };
    }
}
