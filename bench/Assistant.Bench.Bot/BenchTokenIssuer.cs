using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

/// <summary>
/// BENCH DOUBLE of an OpenID provider, for `--auth`: serves only what a token validator reads (the discovery document and
/// the JWKS) on 127.0.0.1, and mints RS256 access tokens with its own key, so the bench measures the bot's real
/// validation (JwtBearer: issuer, audience, lifetime, signature) without a sign-in flow in the loop. Not a provider: no
/// authorization or token endpoint behaviour. The tests use a real one (oidc-provider, see README "Officer sign-in").
/// </summary>
internal sealed class BenchTokenIssuer : IDisposable
{
    private const string KeyId = "bench-key";
    private readonly RSA _key = RSA.Create(2048);
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();

    private BenchTokenIssuer(int port)
    {
        Issuer = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Issuer + "/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Issuer { get; }

    public static BenchTokenIssuer Start()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new BenchTokenIssuer(port);
    }

    /// <summary>An RS256 access token for <paramref name="audience"/> with the given subject, roles and units.</summary>
    public string Token(string audience, string subject, string[] roles, string[] units, TimeSpan lifetime)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Json(new { alg = "RS256", typ = "at+jwt", kid = KeyId });
        var payload = Json(new { iss = Issuer, aud = audience, sub = subject, roles, units, iat = now, nbf = now, exp = now + (long)lifetime.TotalSeconds });
        var signingInput = Base64Url(header) + "." + Base64Url(payload);
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private async Task ServeAsync()
    {
        var p = _key.ExportParameters(includePrivateParameters: false);
        var jwks = Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = Base64Url(p.Modulus!), e = Base64Url(p.Exponent!) } } });
        var discovery = Json(new
        {
            issuer = Issuer,
            jwks_uri = Issuer + "/jwks",
            authorization_endpoint = Issuer + "/auth",
            token_endpoint = Issuer + "/token",
            response_types_supported = new[] { "code" },
            subject_types_supported = new[] { "public" },
            id_token_signing_alg_values_supported = new[] { "RS256" },
        });
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            var body = context.Request.Url?.AbsolutePath switch
            {
                "/.well-known/openid-configuration" => discovery,
                "/jwks" => jwks,
                _ => null,
            };
            context.Response.StatusCode = body is null ? 404 : 200;
            context.Response.ContentType = "application/json";
            if (body is not null) await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private static byte[] Json<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _key.Dispose();
        _stop.Dispose();
    }
}
