using Assistant.Bot.Activities;
using Assistant.Bot.Tests.Infrastructure;
using Newtonsoft.Json.Linq;

namespace Assistant.Bot.Tests;

/// <summary>
/// The real Direct Line client library (botframework-directlinejs 0.15.8, polling) against the running host,
/// run in node by node/directline-client.js. Installs its node packages on first use.
/// </summary>
public sealed class NodeDirectLineClientTests(BotHostFixture fixture) : IClassFixture<BotHostFixture>
{
    [SkippableFact]
    public async Task DirectLineJs_StartsPostsAndReceivesTheReply()
    {
        Skip.IfNot(ProcessRunner.IsOnPath("node") && ProcessRunner.IsOnPath("npm"), "node/npm not installed");
        if (!File.Exists(Path.Combine(RepoPaths.NodeClientDir, "node_modules", "botframework-directlinejs", "package.json")))
        {
            var install = await ProcessRunner.RunAsync("bash", [RepoPaths.Script("install-node-test-deps.sh")], TimeSpan.FromMinutes(5));
            Assert.True(install.ExitCode == 0, "install-node-test-deps.sh failed: " + install.StdErr + install.StdOut);
        }

        var result = await ProcessRunner.RunAsync(
            "node",
            [Path.Combine(RepoPaths.NodeClientDir, "directline-client.js"), fixture.Host.BaseAddress.ToString(), "Tách thửa đất cần giấy tờ gì?"],
            TimeSpan.FromSeconds(60),
            RepoPaths.NodeClientDir);
        Assert.True(result.ExitCode == 0, $"node exited {result.ExitCode}: {result.StdErr}\n{result.StdOut}");

        var report = JObject.Parse(result.StdOut.Trim().Split('\n').Last());
        Assert.True((bool)report["ok"]!);
        Assert.True((bool)report["sameConversation"]!);
        Assert.Contains("Online", report["statuses"]!.Values<string>());
        Assert.Equal(BotTexts.Welcome, (string?)report["welcome"]);
        Assert.Equal("user", (string?)report["echo"]!["role"]);
        Assert.Equal((string?)report["userIdSent"], (string?)report["echo"]!["fromId"]);
        Assert.True((bool)report["echo"]!["hasTimestamp"]!);
        Assert.Contains("Tách thửa đất cần giấy tờ gì?", (string?)report["reply"]!["text"]);
        Assert.Equal("markdown", (string?)report["reply"]!["textFormat"]);
        Assert.Contains("application/vnd.microsoft.card.adaptive", report["reply"]!["attachmentTypes"]!.Values<string>());
        Assert.Equal("string", (string?)report["watermarkType"]);
        Assert.Contains(fixture.Host.Stub.Turns, t => t.Text == "Tách thửa đất cần giấy tờ gì?" && t.Channel == "directline");
    }
}
