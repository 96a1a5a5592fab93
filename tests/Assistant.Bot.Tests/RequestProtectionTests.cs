using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text;
using Assistant.Bot.Hosting;
using Assistant.Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace Assistant.Bot.Tests;

/// <summary>
/// The host with low limits, on 127.0.0.1, reached from several loopback addresses (the whole 127.0.0.0/8 is loopback on
/// Linux: a client binds its socket to 127.0.0.2, 127.0.0.3, … so the host sees distinct clients). 127.0.0.4 is a trusted
/// proxy. Rejection log lines are captured.
/// </summary>
public sealed class LimitedHostFixture : IAsyncLifetime
{
    public const int TokenLimit = 5;

    public const string TrustedProxy = "127.0.0.4";

    public BotTestHost Host { get; private set; } = null!;

    public ConcurrentQueue<string> Logs { get; } = new();

    public async Task InitializeAsync()
    {
        Host = await BotTestHost.StartAsync(
            new Dictionary<string, string?>
            {
                // Windows long enough that none rolls over during a test: the counts below are exact.
                ["RateLimits:DirectLineToken:PermitLimit"] = TokenLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RateLimits:DirectLineToken:Window"] = "00:10:00",
                ["RateLimits:Page:PermitLimit"] = "3",
                ["RateLimits:Page:Window"] = "00:10:00",
                ["RateLimits:Messages:PermitLimit"] = "2",
                ["RateLimits:Messages:Window"] = "00:10:00",
                ["RateLimits:Officer:PermitLimit"] = "2",
                ["RateLimits:Officer:Window"] = "00:10:00",
                ["ForwardedHeaders:KnownProxies:0"] = TrustedProxy,
            },
            services => services.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(Logs)));
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>A client whose connections leave from <paramref name="localAddress"/> (a loopback address).</summary>
    public HttpClient ClientFrom(string localAddress)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, sink);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> sink) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    sink.Enqueue(category + ": " + formatter(state, exception));
                }
            }
        }
    }
}

public sealed class RequestProtectionTests(LimitedHostFixture fixture) : IClassFixture<LimitedHostFixture>
{
    private const string TokenPath = "v3/directline/tokens/generate";

    [Fact]
    public async Task A_flood_of_token_requests_from_one_client_gets_429_while_another_client_still_converses()
    {
        using var flooder = fixture.ClientFrom("127.0.0.2");
        var flood = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            using var response = await flooder.PostAsync(TokenPath, null);
            return (response.StatusCode, RetryAfter: response.Headers.RetryAfter?.Delta, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.Equal(LimitedHostFixture.TokenLimit, flood.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = flood.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(40 - LimitedHostFixture.TokenLimit, refused.Count);
        Assert.All(refused, r =>
        {
            Assert.NotNull(r.RetryAfter);
            Assert.InRange(r.RetryAfter!.Value.TotalSeconds, 1, 600);
            var errors = (JArray)JObject.Parse(r.Body)["errors"]!;
            Assert.Equal($"Quá nhiều yêu cầu, xin chờ {(int)r.RetryAfter.Value.TotalSeconds} giây rồi thử lại.", (string?)errors.Single());
        });

        // The second client: its own token, a conversation, the bot's welcome and its answer.
        using var other = fixture.ClientFrom("127.0.0.1");
        var client = new DirectLineTestClient(other);
        await client.GenerateTokenAsync();
        await client.StartConversationAsync();
        var id = await client.SendTextAsync("Tách thửa đất cần giấy tờ gì?");
        var received = await client.PollUntilAsync(a => (string?)a["replyToId"] == id && (string?)a["from"]?["role"] == "bot");
        Assert.Contains(received, a => ((string?)a["text"] ?? string.Empty).Contains(StubConversationService.AnswerPrefix, StringComparison.Ordinal));

        // The flooder is still refused.
        using var again = await flooder.PostAsync(TokenPath, null);
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);

        // One line per rejection, naming the policy and route, never the client's address.
        var lines = fixture.Logs.Where(l => l.Contains("Rate limit directline-token", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count >= refused.Count, $"{lines.Count} log lines for {refused.Count} rejections");
        Assert.All(lines, l =>
        {
            Assert.Contains("/v3/directline/tokens/generate", l);
            Assert.DoesNotContain("127.0.0.2", l);
        });
    }

    [Fact]
    public async Task Page_messages_and_officer_limits_are_separate_and_health_is_not_limited()
    {
        using var client = fixture.ClientFrom("127.0.0.3");
        var page = new List<HttpStatusCode>();
        foreach (var path in new[] { "webchat-page.css", "webchat-page.js", "", "webchat-page.js" })
        {
            using var response = await client.GetAsync(path);
            page.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], page);

        var messages = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            var activity = new JObject
            {
                ["type"] = "message",
                ["id"] = "m" + i,
                ["channelId"] = "emulator",
                ["deliveryMode"] = "expectReplies",
                ["conversation"] = new JObject { ["id"] = "limits" },
                ["from"] = new JObject { ["id"] = "user" },
                ["recipient"] = new JObject { ["id"] = "bot" },
                ["text"] = "xin chào",
            };
            using var response = await client.PostAsync("api/messages", new StringContent(activity.ToString(), Encoding.UTF8, "application/json"));
            messages.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], messages);

        var queue = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync("api/queue");
            queue.Add(response.StatusCode);
        }

        // Once officers sign in, anonymous calls may be refused (401) before they are counted.
        if (!queue.All(s => s == HttpStatusCode.Unauthorized))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, queue[^1]);
            Assert.DoesNotContain(HttpStatusCode.TooManyRequests, queue.Take(2));
        }

        for (var i = 0; i < 10; i++)
        {
            foreach (var path in new[] { "healthz", "healthz/live", "healthz/ready" })
            {
                using var health = await client.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }
        }
    }

    [Fact]
    public async Task Forwarded_addresses_count_only_from_a_configured_proxy()
    {
        // Through the trusted proxy, each forwarded client has its own budget.
        using var proxy = fixture.ClientFrom(LimitedHostFixture.TrustedProxy);
        Assert.Equal(LimitedHostFixture.TokenLimit, await TokensGrantedAsync(proxy, _ => "203.0.113.7", LimitedHostFixture.TokenLimit + 3));
        Assert.Equal(1, await TokensGrantedAsync(proxy, _ => "203.0.113.8", 1));

        // From anyone else the header is ignored: changing it does not buy new tokens.
        using var untrusted = fixture.ClientFrom("127.0.0.5");
        Assert.Equal(LimitedHostFixture.TokenLimit, await TokensGrantedAsync(untrusted, i => "198.51.100." + i, LimitedHostFixture.TokenLimit + 3));
    }

    private static async Task<int> TokensGrantedAsync(HttpClient client, Func<int, string> forwardedFor, int requests)
    {
        var granted = 0;
        for (var i = 0; i < requests; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, TokenPath);
            request.Headers.Add("X-Forwarded-For", forwardedFor(i));
            using var response = await client.SendAsync(request);
            granted += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        return granted;
    }

    [Theory]
    [InlineData("", "127.0.0.10")]
    [InlineData("webchat-page.js", "127.0.0.11")]
    [InlineData("webchat-page.css", "127.0.0.12")]
    [InlineData("officer.html", "127.0.0.13")]
    [InlineData("healthz", "127.0.0.14")]
    [InlineData("v3/directline/conversations/none/activities", "127.0.0.15")]
    public async Task Every_response_carries_the_security_headers(string path, string clientAddress)
    {
        using var client = fixture.ClientFrom(clientAddress);
        using var response = await client.GetAsync(path);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, response.StatusCode);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Equal("script-src 'self'", directives["script-src"]);
        Assert.Equal("default-src 'self'", directives["default-src"]);
        Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
        Assert.Equal("base-uri 'self'", directives["base-uri"]);
        Assert.Equal("form-action 'self'", directives["form-action"]);
        Assert.Equal("connect-src 'self'", directives["connect-src"]);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("camera=()", Assert.Single(response.Headers.GetValues("Permissions-Policy")));
    }

    [Fact]
    public async Task The_citizen_page_has_no_inline_script()
    {
        var html = await File.ReadAllTextAsync(Path.Combine(RepoPaths.WebRoot, "index.html"));
        Assert.DoesNotMatch(@"<script(?![^>]*\ssrc=)[^>]*>", html);
        Assert.DoesNotMatch(@"\son[a-z]+\s*=", html);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<script src=\"/webchat-page.js\"></script>", html);

        using var client = fixture.ClientFrom("127.0.0.7");
        using var script = await client.GetAsync("webchat-page.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_cross_origin_preflight_to_the_token_endpoint_is_not_allowed()
    {
        using var client = fixture.ClientFrom("127.0.0.8");
        using var preflight = new HttpRequestMessage(HttpMethod.Options, TokenPath);
        preflight.Headers.Add("Origin", "https://elsewhere.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var response = await client.SendAsync(preflight);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), "preflight answered " + (int)response.StatusCode + " with Access-Control-Allow-Origin");

        using var post = new HttpRequestMessage(HttpMethod.Post, TokenPath);
        post.Headers.Add("Origin", "https://elsewhere.example");
        using var posted = await client.SendAsync(post);
        Assert.False(posted.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public void Officers_are_limited_by_subject_and_anonymous_callers_by_address()
    {
        var address = IPAddress.Parse("10.1.2.3");
        var withSub = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "officer-a"), new Claim(ClaimTypes.NameIdentifier, "other")], "Bearer"));
        var withNameId = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "officer-b")], "Bearer"));
        var notSignedIn = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "forged")]));

        Assert.Equal("user:officer-a", RateLimitPartitions.Officer(withSub, address));
        Assert.Equal("user:officer-a", RateLimitPartitions.Officer(withSub, IPAddress.Parse("10.9.9.9")));
        Assert.Equal("user:officer-b", RateLimitPartitions.Officer(withNameId, address));
        Assert.Equal("ip:10.1.2.3", RateLimitPartitions.Officer(notSignedIn, address));
        Assert.Equal("ip:10.1.2.3", RateLimitPartitions.Officer(null, address));
    }

    [Fact]
    public void Client_addresses_count_ipv4_as_is_and_ipv6_by_its_64_prefix()
    {
        Assert.Equal("ip:203.0.113.9", RateLimitPartitions.ClientAddress(IPAddress.Parse("203.0.113.9")));
        Assert.Equal("ip:203.0.113.9", RateLimitPartitions.ClientAddress(IPAddress.Parse("::ffff:203.0.113.9")));
        Assert.Equal(
            RateLimitPartitions.ClientAddress(IPAddress.Parse("2001:db8:1:2:aaaa::1")),
            RateLimitPartitions.ClientAddress(IPAddress.Parse("2001:db8:1:2:bbbb::2")));
        Assert.NotEqual(
            RateLimitPartitions.ClientAddress(IPAddress.Parse("2001:db8:1:2::1")),
            RateLimitPartitions.ClientAddress(IPAddress.Parse("2001:db8:1:3::1")));
        Assert.Equal("ip:none", RateLimitPartitions.ClientAddress((IPAddress?)null));
    }

    [Fact]
    public void The_host_reads_its_limits_from_configuration()
    {
        var limits = fixture.Host.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        Assert.Equal(LimitedHostFixture.TokenLimit, limits.DirectLineToken.PermitLimit);
        Assert.Equal(TimeSpan.FromMinutes(10), limits.DirectLineToken.Window);
        Assert.Equal(10, new RateLimitOptions().DirectLineToken.PermitLimit);
    }
}

/// <summary>Settings checked at start, and CORS opened only to the origins configured.</summary>
public sealed class RequestProtectionSettingsTests
{
    [Theory]
    [InlineData("RateLimits:DirectLineToken:PermitLimit", "0")]
    [InlineData("RateLimits:Officer:Window", "00:00:00")]
    [InlineData("ForwardedHeaders:KnownProxies:0", "nginx.local")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0")]
    [InlineData("SecurityHeaders:FormActionOrigins:0", "https://sso.example/login")]
    [InlineData("Cors:AllowedOrigins:0", "*")]
    public async Task A_bad_setting_stops_the_host_at_start(string key, string value)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await BotTestHost.StartAsync(new Dictionary<string, string?> { [key] = value });
        });
        Assert.Contains(key.Split(':')[0], error.ToString());
    }

    [Fact]
    public async Task Configured_origins_get_cors_and_form_action_others_do_not()
    {
        await using var host = await BotTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Cors:AllowedOrigins:0"] = "https://portal.example",
            ["SecurityHeaders:FormActionOrigins:0"] = "https://sso.example",
        });

        async Task<HttpResponseMessage> PreflightAsync(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, "v3/directline/tokens/generate");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            return await host.Client.SendAsync(request);
        }

        using var allowed = await PreflightAsync("https://portal.example");
        Assert.Equal("https://portal.example", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        using var other = await PreflightAsync("https://elsewhere.example");
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));

        using var page = await host.Client.GetAsync("");
        Assert.Contains("form-action 'self' https://sso.example", Assert.Single(page.Headers.GetValues("Content-Security-Policy")));
    }
}

/// <summary>
/// The page's retry of a refused post (wwwroot/webchat-busy.js) around the real botframework-directlinejs in node, in
/// real time: the host's Direct Line limit (1 per 5 s) is spent by starting the conversation, so the first post gets 429
/// and goes through after Retry-After.
/// </summary>
public sealed class BusyRetryTests
{
    [SkippableFact]
    public async Task A_post_refused_with_429_is_sent_again_after_Retry_After_and_answered()
    {
        Skip.IfNot(ProcessRunner.IsOnPath("node") && ProcessRunner.IsOnPath("npm"), "node/npm not installed");
        if (!File.Exists(Path.Combine(RepoPaths.NodeClientDir, "node_modules", "botframework-directlinejs", "package.json")))
        {
            var install = await ProcessRunner.RunAsync("bash", [RepoPaths.Script("install-node-test-deps.sh")], TimeSpan.FromMinutes(5));
            Assert.True(install.ExitCode == 0, "install-node-test-deps.sh failed: " + install.StdErr + install.StdOut);
        }

        await using var host = await BotTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimits:DirectLine:PermitLimit"] = "1",
            ["RateLimits:DirectLine:Window"] = "00:00:05",
        });
        var result = await ProcessRunner.RunAsync(
            "node",
            [Path.Combine(RepoPaths.NodeClientDir, "busy-retry-client.js"), host.BaseAddress.ToString(), "Tách thửa đất cần giấy tờ gì?"],
            TimeSpan.FromSeconds(60),
            RepoPaths.NodeClientDir);
        Assert.True(result.ExitCode == 0, $"node exited {result.ExitCode}: {result.StdErr}\n{result.StdOut}");

        var report = JObject.Parse(result.StdOut.Trim().Split('\n').Last());
        var events = (JArray)report["events"]!;
        Assert.Equal(5, (int)events.First(e => e["busy"] is not null)["busy"]!);
        Assert.Contains(events, e => e["calm"] is not null);
        Assert.True((int)events.Single(e => e["posted"] is not null)["afterMs"]! >= 4000, events.ToString());
        Assert.Contains("Tách thửa đất cần giấy tờ gì?", (string?)report["reply"]);
        Assert.Single(host.Stub.Turns, t => t.Text == "Tách thửa đất cần giấy tờ gì?");
    }
}
