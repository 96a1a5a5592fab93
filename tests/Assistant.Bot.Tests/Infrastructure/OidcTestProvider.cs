using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Assistant.Bot.Tests.Infrastructure;

/// <summary>
/// TEST ONLY: a real OpenID provider, npm oidc-provider 9.13.3 (tests/Assistant.Bot.Tests/oidc/provider.mjs), run in
/// node on 127.0.0.1 at a free port. The fixture generates the provider's RSA signing key, so it can also mint crafted
/// tokens (expired, wrong audience, wrong issuer, missing role) with that same key, and one signed with another key.
/// Real tokens come from <see cref="GetAccessTokenAsync"/>: the authorization code + PKCE flow over HTTP, through the
/// provider's own development login and consent pages. Killed (process tree) on dispose.
/// </summary>
public sealed partial class OidcTestProvider : IAsyncDisposable
{
    public const string Audience = "api://tro-ly-dat-dai";
    public const string OfficerPageClientId = "officer-page";
    public const string OfficerPageClientSecret = "officer-page-test-secret";
    public const string ApiTestClientId = "api-test";
    public const string KeyId = "test-key-1";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly DirectoryInfo _dir;
    private readonly RSA _key;
    private readonly StringBuilder _stderr;

    private OidcTestProvider(Process process, DirectoryInfo dir, RSA key, StringBuilder stderr, string issuer)
    {
        _process = process;
        _dir = dir;
        _key = key;
        _stderr = stderr;
        Issuer = issuer;
    }

    /// <summary>The folder of provider.mjs and its package.json.</summary>
    public static string ScriptDir => Path.Combine(RepoPaths.Root, "tests", "Assistant.Bot.Tests", "oidc");

    /// <summary>"http://127.0.0.1:PORT", the provider's issuer and the bot's Auth:Authority.</summary>
    public string Issuer { get; }

    /// <summary>What the provider wrote on stderr so far (for failure messages).</summary>
    public string StdErr
    {
        get { lock (_stderr) { return _stderr.ToString(); } }
    }

    /// <summary>Installs the provider's node package when missing (scripts/install-oidc-provider.sh) and starts it.</summary>
    public static async Task<OidcTestProvider> StartAsync()
    {
        if (!File.Exists(Path.Combine(ScriptDir, "node_modules", "oidc-provider", "package.json")))
        {
            var install = await ProcessRunner.RunAsync("bash", [RepoPaths.Script("install-oidc-provider.sh")], TimeSpan.FromMinutes(5));
            if (install.ExitCode != 0) throw new InvalidOperationException("install-oidc-provider.sh failed: " + install.StdErr + install.StdOut);
        }

        var dir = Directory.CreateTempSubdirectory("assistant-oidc-");
        var key = RSA.Create(2048);
        var jwksPath = Path.Combine(dir.FullName, "jwks.json");
        await File.WriteAllTextAsync(jwksPath, PrivateJwks(key));

        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = ScriptDir,
        };
        foreach (var a in new[] { Path.Combine(ScriptDir, "provider.mjs"), "--port", "0", "--jwks", jwksPath, "--audience", Audience })
            info.ArgumentList.Add(a);
        var process = new Process { StartInfo = info };
        var stderr = new StringBuilder();
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("READY ", StringComparison.Ordinal) == true) ready.TrySetResult(e.Data["READY ".Length..].Trim());
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) { stderr.AppendLine(e.Data); } };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("The OpenID provider exited: " + stderr));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var issuer = await ready.Task.WaitAsync(StartTimeout);
            return new OidcTestProvider(process, dir, key, stderr, issuer);
        }
        catch
        {
            Kill(process);
            key.Dispose();
            dir.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>
    /// The bot's "Auth" settings for this provider: authority, audience, claim names, the officer page's client, and
    /// plain http metadata (the provider runs on loopback without TLS).
    /// </summary>
    public IReadOnlyDictionary<string, string?> BotSettings() => new Dictionary<string, string?>
    {
        ["Auth:Authority"] = Issuer,
        ["Auth:Audience"] = Audience,
        ["Auth:RoleClaim"] = "roles",
        ["Auth:UnitClaim"] = "units",
        ["Auth:ClientId"] = OfficerPageClientId,
        ["Auth:ClientSecret"] = OfficerPageClientSecret,
        ["Auth:RequireHttpsMetadata"] = "false",
    };

    /// <summary>Tokens from a real sign-in.</summary>
    public sealed record SignInTokens(string AccessToken, string IdToken);

    /// <summary>An access token (a JWT for <see cref="Audience"/>) for <paramref name="user"/>, from a real sign-in.</summary>
    public async Task<string> GetAccessTokenAsync(string user) => (await SignInAsync(user)).AccessToken;

    /// <summary>
    /// The authorization code flow with PKCE, as a browser would run it, with the API test client: GET /auth, the
    /// development login form (POST), the consent form (POST), the code at the redirect URI, then the token endpoint.
    /// </summary>
    public async Task<SignInTokens> SignInAsync(string user)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        const string redirectUri = "http://127.0.0.1:9/callback"; // never called: the code is read from the redirect
        var query = new Dictionary<string, string>
        {
            ["client_id"] = ApiTestClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri,
            ["scope"] = "openid triage",
            ["resource"] = Audience,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["state"] = state,
            ["nonce"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
        };
        var start = new Uri(Issuer + "/auth?" + string.Join("&", query.Select(kv => kv.Key + "=" + Uri.EscapeDataString(kv.Value))));
        var landed = await BrowseSignInAsync(http, start, user, uri => uri.AbsoluteUri.StartsWith(redirectUri, StringComparison.Ordinal));
        var code = CodeFrom(landed, state);
        using var token = await http.PostAsync(new Uri(Issuer + "/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["client_id"] = ApiTestClientId,
            ["code_verifier"] = verifier,
        }));
        var body = await token.Content.ReadAsStringAsync();
        if (token.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"Token endpoint for {user}: {(int)token.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return new SignInTokens(json.RootElement.GetProperty("access_token").GetString()!, json.RootElement.GetProperty("id_token").GetString()!);
    }

    /// <summary>
    /// Plays a browser through a sign-in at this provider: follows redirects from <paramref name="start"/> (with the
    /// cookies of <paramref name="http"/>, which must not follow redirects itself), fills the development login form
    /// with <paramref name="user"/> and any password, confirms the consent form, until a redirect goes to an address
    /// for which <paramref name="done"/> is true; returns that address (not requested).
    /// </summary>
    public static async Task<Uri> BrowseSignInAsync(HttpClient http, Uri start, string user, Func<Uri, bool> done)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(done);
        var next = start;
        for (var step = 0; step < 16; step++)
        {
            using var response = await http.GetAsync(next);
            if (IsRedirect(response.StatusCode))
            {
                next = new Uri(next, response.Headers.Location!);
                if (done(next)) return next;
                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"Sign-in of {user}: {(int)response.StatusCode} at {next}: {html}");
            var action = new Uri(next, WebUtility.HtmlDecode(FormAction().Match(html).Groups[1].Value));
            var prompt = PromptField().Match(html).Groups[1].Value;
            var fields = prompt == "login"
                ? new Dictionary<string, string> { ["prompt"] = "login", ["login"] = user, ["password"] = "any-password" }
                : new Dictionary<string, string> { ["prompt"] = prompt };
            using var posted = await http.PostAsync(action, new FormUrlEncodedContent(fields));
            if (!IsRedirect(posted.StatusCode))
                throw new InvalidOperationException($"Sign-in of {user}: the {prompt} form answered {(int)posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");
            next = new Uri(action, posted.Headers.Location!);
            if (done(next)) return next;
        }

        throw new InvalidOperationException($"Sign-in of {user} did not finish in 16 steps (last at {next}).");
    }

    /// <summary>A crafted test token, signed with the provider's own key, that expired an hour ago.</summary>
    public string CraftedExpiredToken(string subject = "officer-a") =>
        Craft(subject, ["officer"], ["00004"], notBefore: DateTime.UtcNow.AddHours(-2), expires: DateTime.UtcNow.AddHours(-1));

    /// <summary>A crafted test token, signed with the provider's own key, for another audience.</summary>
    public string CraftedWrongAudienceToken(string subject = "officer-a") =>
        Craft(subject, ["officer"], ["00004"], audience: "api://another-service");

    /// <summary>A crafted test token, signed with the provider's own key, from another issuer.</summary>
    public string CraftedWrongIssuerToken(string subject = "officer-a") =>
        Craft(subject, ["officer"], ["00004"], issuer: "http://127.0.0.1:1/not-the-provider");

    /// <summary>A crafted test token with every claim right, signed by another RSA key under the provider's key id.</summary>
    public string CraftedWrongKeyToken(string subject = "officer-a")
    {
        using var other = RSA.Create(2048);
        return Craft(subject, ["officer"], ["00004"], key: other);
    }

    /// <summary>A crafted test token with every claim right and no signature at all ("alg": "none").</summary>
    public string CraftedUnsignedToken(string subject = "officer-a")
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"at+jwt"}""");
        var payload = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new
        {
            iss = Issuer,
            aud = Audience,
            sub = subject,
            roles = new[] { "supervisor" },
            units = new[] { "*" },
            iat = now,
            nbf = now,
            exp = now + 600,
        }));
        return header + "." + payload + ".";
    }

    /// <summary>A crafted test token, valid and signed with the provider's own key, that carries no role.</summary>
    public string CraftedNoRoleToken(string subject = "officer-a") => Craft(subject, [], ["00004"]);

    /// <summary>A crafted test token, valid and signed with the provider's own key (the control of the matrix).</summary>
    public string CraftedValidToken(string subject, string[] roles, string[] units) => Craft(subject, roles, units);

    private string Craft(
        string subject, string[] roles, string[] units, string? audience = null, string? issuer = null,
        DateTime? notBefore = null, DateTime? expires = null, RSA? key = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience ?? Audience,
            IssuedAt = notBefore ?? now,
            NotBefore = notBefore ?? now,
            Expires = expires ?? now.AddMinutes(10),
            TokenType = "at+jwt",
            Claims = new Dictionary<string, object> { ["sub"] = subject, ["roles"] = roles, ["units"] = units, ["scope"] = "triage" },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? _key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private static string CodeFrom(Uri redirect, string expectedState)
    {
        var parameters = redirect.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""), StringComparer.Ordinal);
        if (parameters.TryGetValue("error", out var error))
            throw new InvalidOperationException($"The provider refused: {error} {parameters.GetValueOrDefault("error_description")}");
        if (parameters.GetValueOrDefault("state") != expectedState) throw new InvalidOperationException("state mismatch at the redirect");
        return parameters["code"];
    }

    private static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400;

    [GeneratedRegex("<form[^>]*action=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex FormAction();

    [GeneratedRegex("name=\"prompt\" value=\"([a-z]+)\"")]
    private static partial Regex PromptField();

    private static string PrivateJwks(RSA key)
    {
        var p = key.ExportParameters(includePrivateParameters: true);
        var jwk = new Dictionary<string, string>
        {
            ["kty"] = "RSA",
            ["kid"] = KeyId,
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            ["d"] = Base64UrlEncoder.Encode(p.D),
            ["p"] = Base64UrlEncoder.Encode(p.P),
            ["q"] = Base64UrlEncoder.Encode(p.Q),
            ["dp"] = Base64UrlEncoder.Encode(p.DP),
            ["dq"] = Base64UrlEncoder.Encode(p.DQ),
            ["qi"] = Base64UrlEncoder.Encode(p.InverseQ),
        };
        return JsonSerializer.Serialize(new { keys = new[] { jwk } });
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill(_process);
        _process.Dispose();
        _key.Dispose();
        try { _dir.Delete(recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// One <see cref="OidcTestProvider"/> per test class or collection (xunit fixture). Needs node and npm (test.sh installs
/// the package); without them the tests that use it fail rather than pass unchecked.
/// </summary>
public sealed class OidcProviderFixture : IAsyncLifetime
{
    private OidcTestProvider? _provider;

    public OidcTestProvider Provider => _provider ?? throw new InvalidOperationException("The OpenID provider is not started.");

    public async Task InitializeAsync() => _provider = await OidcTestProvider.StartAsync();

    public async Task DisposeAsync()
    {
        if (_provider is not null) await _provider.DisposeAsync();
    }
}
