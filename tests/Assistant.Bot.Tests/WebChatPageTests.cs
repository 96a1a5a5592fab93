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
    public async Task Page_SendsTheQuestionFromTheUrl_AndShowsTheAnswerWithItsSource()
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
        Assert.Contains(StubConversationService.FakeCitation, dump.StdOut);
        Assert.Contains("Xin chào! Tôi là trợ lý thủ tục đất đai", dump.StdOut);
        Assert.Contains(fixture.Host.Stub.Turns, t => t.Text == Question && t.Channel == "directline");

        var screenshot = Path.Combine(artifacts, "webchat.png");
        File.Delete(screenshot);
        var shot = await RunChromiumAsync(chromium, url, "--screenshot=" + screenshot);
        Assert.True(shot.ExitCode == 0, $"chromium exited {shot.ExitCode}: {shot.StdErr}");
        Assert.True(File.Exists(screenshot) && new FileInfo(screenshot).Length > 10_000, "screenshot missing or empty: " + screenshot);
    }

    [SkippableFact]
    public async Task Page_ExplainsInVietnamese_WhenWebChatJsIsMissing()
    {
        var chromium = await EnsureChromiumAsync();
        var webRoot = Directory.CreateTempSubdirectory("assistant-bot-webroot-");
        try
        {
            File.Copy(Path.Combine(RepoPaths.WebRoot, "index.html"), Path.Combine(webRoot.FullName, "index.html"));
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
