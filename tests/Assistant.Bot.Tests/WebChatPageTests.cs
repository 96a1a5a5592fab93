using Assistant.Bot.Tests.Infrastructure;

namespace Assistant.Bot.Tests;

/// <summary>
/// The citizens' Web Chat page in headless Chromium against the running host: ?q= sends a first question, and the
/// answer (from the stub, through Direct Line polling) must show up in the DOM. A screenshot is saved under the test
/// output (artifacts/webchat/) for a person to look at. Installs Chromium (apt) and webchat.js on first use.
/// </summary>
public sealed class WebChatPageTests(BotHostFixture fixture) : IClassFixture<BotHostFixture>
{
    private const string Question = "Tách thửa đất cần giấy tờ gì?";

    private static async Task<string> EnsureChromiumAsync()
    {
        if (!ProcessRunner.IsOnPath("chromium"))
        {
            var install = await ProcessRunner.RunAsync("bash", [RepoPaths.Script("install-browser.sh")], TimeSpan.FromMinutes(8));
            Skip.If(install.ExitCode == 3, "chromium is not installed and cannot be installed here: " + install.StdErr);
            Assert.True(install.ExitCode == 0, "install-browser.sh failed: " + install.StdErr + install.StdOut);
        }

        return "chromium";
    }

    private static async Task EnsureWebChatAsync()
    {
        if (!File.Exists(RepoPaths.WebChatScript))
        {
            var install = await ProcessRunner.RunAsync("bash", [RepoPaths.Script("install-webchat.sh")], TimeSpan.FromMinutes(5));
            Assert.True(install.ExitCode == 0, "install-webchat.sh failed: " + install.StdErr + install.StdOut);
        }
    }

    private static async Task<ProcessRunner.Result> RunChromiumAsync(string chromium, string url, params string[] mode)
    {
        var profile = Directory.CreateTempSubdirectory("assistant-bot-chromium-");
        try
        {
            string[] args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--lang=vi-VN",
                "--user-data-dir=" + profile.FullName, "--window-size=1000,1400", "--virtual-time-budget=15000",
                .. mode, url,
            ];
            return await ProcessRunner.RunAsync(chromium, args, TimeSpan.FromSeconds(120));
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still be flushing its profile; the temp folder is disposable.
            }
        }
    }

    [SkippableFact]
    public async Task Page_SendsTheQuestionFromTheUrl_AndShowsTheAnswerWithXemCanCu()
    {
        var chromium = await EnsureChromiumAsync();
        await EnsureWebChatAsync();
        var url = new Uri(fixture.Host.BaseAddress, "?q=" + Uri.EscapeDataString(Question)).ToString();
        var artifacts = RepoPaths.ArtifactDir("webchat");

        var dump = await RunChromiumAsync(chromium, url, "--dump-dom");
        await File.WriteAllTextAsync(Path.Combine(artifacts, "webchat-dom.html"), dump.StdOut);
        Assert.True(dump.ExitCode == 0, $"chromium exited {dump.ExitCode}: {dump.StdErr}");
        Assert.Contains("Trợ lý thủ tục đất đai Hà Nội", dump.StdOut);
        Assert.Contains(StubConversationService.AnswerPrefix, dump.StdOut);
        Assert.Contains(Question, dump.StdOut);
        // The source is behind "Xem căn cứ" (WebChatFirstReplyTests opens it); the card offers it.
        Assert.Contains("Xem căn cứ", dump.StdOut);
        Assert.Contains("Xin chào! Tôi là trợ lý thủ tục đất đai", dump.StdOut);
        Assert.Contains(fixture.Host.Stub.Turns, t => t.Text == Question && t.Channel == "directline");

        var screenshot = Path.Combine(artifacts, "webchat.png");
        File.Delete(screenshot);
        var shot = await RunChromiumAsync(chromium, url, "--screenshot=" + screenshot);
        Assert.True(shot.ExitCode == 0, $"chromium exited {shot.ExitCode}: {shot.StdErr}");
        Assert.True(File.Exists(screenshot) && new FileInfo(screenshot).Length > 10_000, "screenshot missing or empty: " + screenshot);
    }

    [SkippableFact]
    public async Task Page_AskedToWait_ByTheTokenLimit_SaysXinCho_InsteadOfFailing()
    {
        var chromium = await EnsureChromiumAsync();
        await EnsureWebChatAsync();
        await using var host = await BotTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimits:DirectLineToken:PermitLimit"] = "1",
            ["RateLimits:DirectLineToken:Window"] = "00:10:00",
        });
        // This test's client and Chromium are the same client (127.0.0.1): the one token of the window goes here.
        using (var first = await host.Client.PostAsync("v3/directline/tokens/generate", null))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, first.StatusCode);
        }

        var dump = await RunChromiumAsync(chromium, new Uri(host.BaseAddress, "?q=" + Uri.EscapeDataString(Question)).ToString(), "--dump-dom");
        await File.WriteAllTextAsync(Path.Combine(RepoPaths.ArtifactDir("webchat"), "webchat-busy-dom.html"), dump.StdOut);
        Assert.True(dump.ExitCode == 0, $"chromium exited {dump.ExitCode}: {dump.StdErr}");
        Assert.Matches("Hệ thống đang bận, xin chờ [0-9]+ giây…", dump.StdOut);
        Assert.DoesNotContain("Không kết nối được", dump.StdOut);
        Assert.Empty(host.Stub.Turns);
    }

    [SkippableFact]
    public async Task Page_WhosePostIsRefused_SaysXinCho_InsteadOfLosingTheMessage()
    {
        var chromium = await EnsureChromiumAsync();
        await EnsureWebChatAsync();
        // Starting the conversation spends the one Direct Line request of the window; the question's post gets 429.
        await using var host = await BotTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimits:DirectLine:PermitLimit"] = "1",
            ["RateLimits:DirectLine:Window"] = "00:10:00",
        });

        var dump = await RunChromiumAsync(chromium, new Uri(host.BaseAddress, "?q=" + Uri.EscapeDataString(Question)).ToString(), "--dump-dom");
        await File.WriteAllTextAsync(Path.Combine(RepoPaths.ArtifactDir("webchat"), "webchat-post-busy-dom.html"), dump.StdOut);
        Assert.True(dump.ExitCode == 0, $"chromium exited {dump.ExitCode}: {dump.StdErr}");
        // Connected (the conversation started), the question shown as being sent, the citizen told to wait. (Web Chat
        // holds the bot's greeting back while a post is pending, with or without the page's retry.)
        Assert.Contains("Đã kết nối", dump.StdOut);
        Assert.Contains(Question, dump.StdOut);
        Assert.Matches("Hệ thống đang bận, xin chờ [0-9]+ giây…", dump.StdOut);
        Assert.Empty(host.Stub.Turns);
    }

    [SkippableFact]
    public async Task Page_ExplainsInVietnamese_WhenWebChatJsIsMissing()
    {
        var chromium = await EnsureChromiumAsync();
        var webRoot = Directory.CreateTempSubdirectory("assistant-bot-webroot-");
        try
        {
            foreach (var file in new[] { "index.html", "webchat-busy.js", "webchat-page.js", "webchat-page.css" })
            {
                File.Copy(Path.Combine(RepoPaths.WebRoot, file), Path.Combine(webRoot.FullName, file));
            }

            await using var host = await BotTestHost.StartAsync(webRootPath: webRoot.FullName);
            var dump = await RunChromiumAsync(chromium, host.BaseAddress.ToString(), "--dump-dom");
            Assert.True(dump.ExitCode == 0, $"chromium exited {dump.ExitCode}: {dump.StdErr}");
            Assert.Contains("Chưa cài đặt giao diện trò chuyện", dump.StdOut);
            Assert.Contains("scripts/install-webchat.sh", dump.StdOut);
        }
        finally
        {
            webRoot.Delete(recursive: true);
        }
    }
}
