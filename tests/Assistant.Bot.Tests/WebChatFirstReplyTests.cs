using System.Text.Json;
using Assistant.Bot.Tests.Infrastructure;

namespace Assistant.Bot.Tests;

/// <summary>
/// The first reply of the REAL assistant in the citizens' Web Chat page on a phone-sized screen (412×915), in headless
/// Chromium driven by puppeteer-core (browser/webchat-first-reply.js): the answer leads, the law is not on the first
/// screen, and "Xem căn cứ" opens it. Screenshots go to the test output (artifacts/webchat-phone/); the README's
/// screenshot (docs/screenshots/webchat-first-reply.png) is a copy of the first.
/// </summary>
[Collection(RealBotCollection.Name)]
public sealed class WebChatFirstReplyTests(RealBotFixture fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Reply(string Text, IReadOnlyList<string> Buttons);

    public sealed record Report(IReadOnlyList<string> Steps, Reply? Before, Reply? After, bool Clicked, IReadOnlyList<string> PageErrors, string? Error);

    [SkippableFact]
    public async Task First_reply_on_a_phone_leads_with_the_answer_and_Xem_can_cu_opens_the_law()
    {
        await OfficerBrowser.EnsureInstalledAsync();
        if (!File.Exists(RepoPaths.WebChatScript))
        {
            var install = await ProcessRunner.RunAsync("bash", [RepoPaths.Script("install-webchat.sh")], TimeSpan.FromMinutes(5));
            Assert.True(install.ExitCode == 0, "install-webchat.sh failed: " + install.StdErr + install.StdOut);
        }
        var artifacts = RepoPaths.ArtifactDir("webchat-phone");
        string first = Path.Combine(artifacts, "webchat-first-reply.png"), expanded = Path.Combine(artifacts, "webchat-first-reply-basis.png");
        var run = await ProcessRunner.RunAsync("node",
            [Path.Combine(OfficerBrowser.ScriptDir, "webchat-first-reply.js"), "--base", fixture.Host.BaseAddress.ToString(),
             "--question", "tách thửa đất cần giấy tờ gì", "--expect", "1.012784", "--screenshot", first, "--expanded-screenshot", expanded,
             "--timeout-ms", "45000"],
            OfficerBrowser.Timeout, OfficerBrowser.ScriptDir);
        var line = run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        Assert.True(line is not null, $"webchat-first-reply.js exited {run.ExitCode} without a report: {run.StdErr}");
        var report = JsonSerializer.Deserialize<Report>(line!, Json)!;
        Assert.True(report.Error is null, $"steps [{string.Join(", ", report.Steps)}]: {report.Error}");

        var before = report.Before!;
        Assert.Contains("mã thủ tục 1.012784", before.Text);
        Assert.Contains("Thời hạn", before.Text);
        Assert.Contains("Giấy tờ cần nộp", before.Text);
        Assert.DoesNotMatch(@"Điều \d+ Luật", before.Text); // the law is behind the expander
        Assert.Contains("Xem căn cứ", before.Buttons);
        Assert.True(report.Clicked);
        Assert.Matches(@"Điều \d+", report.After!.Text);
        Assert.True(File.Exists(first) && new FileInfo(first).Length > 10_000, "screenshot missing: " + first);
    }
}
