using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assistant.Bot.Tests.Infrastructure;

namespace Assistant.Bot.Tests.Deployment;

/// <summary>
/// The deployable build answering through the reverse proxy (issue 14, "A deployable build"): the installed systemd
/// unit passes systemd-analyze verify and keeps its hardening, readiness and the TLS redirect go through nginx, the
/// bot tells clients apart by the address nginx forwards (and a client cannot forge it), and the citizens' Web Chat
/// page, opened through nginx in headless Chromium, answers a question. See <see cref="PublishedBehindNginx"/>.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ReverseProxyDeploymentTests(PublishedBehindNginx deployment) : IClassFixture<PublishedBehindNginx>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [SkippableFact]
    public async Task Installed_unit_passes_systemd_analyze_verify_and_keeps_its_hardening()
    {
        var unit = SystemdUnit.Load(deployment.UnitPath);
        Assert.Equal("yes", unit.Value("NoNewPrivileges"));
        Assert.Equal("strict", unit.Value("ProtectSystem"));
        Assert.Equal("yes", unit.Value("ProtectHome"));
        Assert.Equal("yes", unit.Value("PrivateTmp"));
        Assert.Equal("", unit.Value("CapabilityBoundingSet"));
        Assert.Equal("AF_UNIX AF_INET AF_INET6", unit.Value("RestrictAddressFamilies"));
        Assert.Null(unit.Value("MemoryDenyWriteExecute")); // the JIT needs writable-then-executable pages
        Assert.Equal("tro-ly-dat-dai", unit.Value("User"));
        Assert.Equal("SIGTERM", unit.Value("KillSignal"));
        Assert.StartsWith(deployment.Prefix, unit.Value("WorkingDirectory"));
        Assert.Contains(unit.Values("ReadWritePaths"), p => p == unit.Value("WorkingDirectory"));
        Assert.Contains(unit.Values("EnvironmentFile"), f => f.TrimStart('-').StartsWith(deployment.Prefix, StringComparison.Ordinal));
        var envFile = unit.Values("EnvironmentFile").Single().TrimStart('-');
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(envFile)); // secrets: 0600

        Skip.IfNot(ProcessRunner.IsOnPath("systemd-analyze"), "systemd-analyze is not installed here");
        var verify = await ProcessRunner.RunAsync("systemd-analyze", ["verify", deployment.UnitPath], TimeSpan.FromMinutes(1));
        Assert.True(verify.ExitCode == 0 && verify.StdErr.Trim().Length == 0, $"systemd-analyze verify: {verify.ExitCode} {verify.StdErr}{verify.StdOut}");
    }

    [Fact]
    public async Task Ready_through_the_proxy_over_TLS_and_plain_HTTP_is_redirected()
    {
        using var client = deployment.ClientFrom("127.0.0.1");
        using var ready = await client.GetAsync(new Uri(deployment.ProxyAddress, "healthz/ready"));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        Assert.True(ready.Headers.Contains("Strict-Transport-Security"), "nginx adds HSTS at the TLS end");

        using var page = await client.GetAsync(deployment.ProxyAddress);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Content-Security-Policy", page.Headers.Select(h => h.Key)); // the bot's own headers pass through

        using var plain = await client.GetAsync(new Uri($"http://127.0.0.1:{deployment.HttpPort}/healthz/ready"));
        Assert.Equal(HttpStatusCode.MovedPermanently, plain.StatusCode);
        Assert.Equal("https", plain.Headers.Location!.Scheme);
    }

    [Fact]
    public async Task Clients_are_told_apart_by_the_address_nginx_forwards_and_cannot_forge_it()
    {
        // Three clients on three loopback addresses. The bot sees every connection come from nginx (127.0.0.1); only
        // X-Forwarded-For, trusted from 127.0.0.1, tells it who asked. Without it the three would share one limit.
        using var first = deployment.ClientFrom("127.0.0.2");
        using var second = deployment.ClientFrom("127.0.0.3");
        var tokens = new Uri(deployment.ProxyAddress, "v3/directline/tokens/generate");
        for (var i = 0; i < PublishedBehindNginx.TokenLimit; i++)
        {
            using var ok = await first.PostAsync(tokens, null);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await first.PostAsync(tokens, null);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);

        // A forged X-Forwarded-For does not help: nginx appends the real address and the bot reads only that last one.
        using var forged = new HttpRequestMessage(HttpMethod.Post, tokens);
        forged.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var stillLimited = await first.SendAsync(forged);
        Assert.Equal(HttpStatusCode.TooManyRequests, stillLimited.StatusCode);

        using var other = await second.PostAsync(tokens, null);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task The_bot_sees_the_https_scheme_nginx_forwards()
    {
        // The bot listens on plain HTTP; the Direct Line activities it serves name their serviceUrl from the request's
        // scheme, which is https only if X-Forwarded-Proto from the trusted proxy was applied.
        using var client = deployment.ClientFrom("127.0.0.4");
        var directLine = new Uri(deployment.ProxyAddress, "v3/directline/");
        using var start = await client.PostAsync(new Uri(directLine, "conversations"), null);
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var conversation = JsonNode.Parse(await start.Content.ReadAsStringAsync())!;
        var id = (string)conversation["conversationId"]!;
        List<string> serviceUrls = [];
        for (var attempt = 0; serviceUrls.Count == 0 && attempt < 100; attempt++) // until the greeting is there
        {
            if (attempt > 0) await Task.Delay(200);
            using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(directLine, $"conversations/{id}/activities"));
            get.Headers.Authorization = new("Bearer", (string)conversation["token"]!);
            using var activities = await client.SendAsync(get);
            Assert.Equal(HttpStatusCode.OK, activities.StatusCode);
            serviceUrls = [.. JsonNode.Parse(await activities.Content.ReadAsStringAsync())!["activities"]!.AsArray()
                .Select(a => (string?)a!["serviceUrl"]).OfType<string>()];
        }

        Assert.NotEmpty(serviceUrls);
        Assert.All(serviceUrls, url => Assert.StartsWith("https://127.0.0.1", url, StringComparison.Ordinal));
    }

    public sealed record Reply(string Text, IReadOnlyList<string> Buttons);

    public sealed record Report(IReadOnlyList<string> Steps, Reply? Before, bool Clicked, IReadOnlyList<string> PageErrors, string? Error);

    [SkippableFact]
    public async Task Web_Chat_opened_through_nginx_in_Chromium_answers_the_question()
    {
        await OfficerBrowser.EnsureInstalledAsync();
        var screenshot = Path.Combine(RepoPaths.ArtifactDir("deployment"), "webchat-through-nginx.png");
        var run = await ProcessRunner.RunAsync("node",
            [Path.Combine(OfficerBrowser.ScriptDir, "webchat-first-reply.js"), "--base", deployment.ProxyAddress.ToString(),
             "--question", "sổ đỏ tách thửa cần giấy tờ gì", "--expect", "1.012784", "--screenshot", screenshot,
             "--timeout-ms", "60000", "--chromium-arg", "--ignore-certificate-errors-spki-list=" + deployment.SpkiHash],
            OfficerBrowser.Timeout, OfficerBrowser.ScriptDir);
        var line = run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        Assert.True(line is not null, $"webchat-first-reply.js exited {run.ExitCode} without a report: {run.StdErr}");
        var report = JsonSerializer.Deserialize<Report>(line!, Json)!;
        Assert.True(report.Error is null, $"steps [{string.Join(", ", report.Steps)}]: {report.Error}\nbot:\n{deployment.BotOutput}");
        Assert.Contains("mã thủ tục 1.012784", report.Before!.Text);
        Assert.Contains("Giấy tờ cần nộp", report.Before.Text);
        Assert.Empty(report.PageErrors);
    }
}
