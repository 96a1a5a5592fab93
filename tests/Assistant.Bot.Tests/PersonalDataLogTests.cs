using System.Net;
using System.Text;
using Assistant.Bot.Tests.Infrastructure;
using Assistant.Triage.Classification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace Assistant.Bot.Tests;

/// <summary>
/// Issue 10, "must show": no CCCD, phone number or e-mail address of a citizen reaches a log line. The real host (the real
/// conversation core on the bundled corpus, the triage service, Direct Line) logs at Trace, ASP.NET Core's request logging
/// included, into a capture; chat turns, a Direct Line conversation, a query string and a triage submission all carry the
/// same CCCD, phone and e-mail. (test.sh checks the same over every host of the whole suite: scripts/check-test-logs.sh.)
/// </summary>
public sealed class PersonalDataLogTests
{
    private const string Cccd = "001098007531";
    private const string Phone = "0903 456 789";
    private const string PhoneDigits = "0903456789";
    private const string Email = "tran.thi.mai@example.com";
    private static readonly string Personal = $"Tôi là bà Trần Thị Mai, CCCD {Cccd}, điện thoại {Phone}, email {Email}";

    [Fact]
    public async Task Chat_Direct_Line_and_triage_carrying_personal_data_leave_none_in_the_logs()
    {
        var capture = new TestLogCapture();
        var dir = Directory.CreateTempSubdirectory("assistant-pii-logs-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Triage:ModelPath"] = AssistantHostFactory.SharedTriageModel(Path.Combine(RepoPaths.Root, "data", "triage", TrainingData.FileName)),
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Logging:Console:LogLevel:Default"] = "Warning",
        };
        await using (var factory = new AssistantHostFactory(dir, indexBundledCorpus: true, settings, services =>
        {
            services.AddSingleton<ILoggerProvider>(capture);
            // Everything this sink is given, from Trace up (the suite sink's Debug rule is for the same type).
            services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(typeof(TestLogCapture).FullName, null, LogLevel.Trace, null)));
        }))
        {
            await factory.StartAndWaitUntilReadyAsync();
            using var http = new HttpClient { BaseAddress = factory.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

            // Chat turns as a channel plays them (the real conversation core answers), and the triage chat command.
            await AskAsync(http, Personal + ". Tôi muốn tách thửa đất thì cần giấy tờ gì?");
            await AskAsync(http, $"phân loại hồ sơ: {Personal}, xin cấp đổi sổ đỏ");

            // Direct Line, as Web Chat talks to the host.
            var directLine = new DirectLineTestClient(http);
            await directLine.GenerateTokenAsync();
            await directLine.StartConversationAsync();
            await directLine.SendTextAsync(Personal + ", hỏi thủ tục chuyển nhượng");
            await directLine.PollUntilAsync(a => (string?)a["from"]?["role"] == "bot" && ((string?)a["replyToId"])?.Length > 0, TimeSpan.FromSeconds(30));

            // Personal data in a URL: request logging writes the query string.
            using (await http.GetAsync($"?q={Cccd}&sdt={PhoneDigits}")) { }

            // A dossier submitted to the triage API.
            var dossier = new JObject { ["id"] = "PII-LOG-1", ["description"] = Personal + ". Xin tách thửa đất chia cho con." };
            using var submitted = await http.PostAsync("api/triage", new StringContent(dossier.ToString(), Encoding.UTF8, "application/json"));
            Assert.True(submitted.IsSuccessStatusCode || submitted.StatusCode == HttpStatusCode.Unauthorized, $"triage submit: {(int)submitted.StatusCode}");
        }

        var lines = capture.Lines;
        // The capture did collect: request logging at Debug, and a line that held the CCCD before it was scrubbed.
        Assert.True(lines.Count > 50, $"only {lines.Count} lines captured");
        Assert.Contains(lines, l => l.Contains("Microsoft.AspNetCore.Hosting", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("[CCCD]", StringComparison.Ordinal));
        var leaks = lines.Where(l => l.Contains(Cccd, StringComparison.Ordinal)
            || l.Replace(" ", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal).Contains(PhoneDigits, StringComparison.Ordinal)
            || l.Contains(Email, StringComparison.OrdinalIgnoreCase)
            || l.Contains("Trần Thị Mai", StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, "personal data in log lines:\n" + string.Join('\n', leaks));
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task The_suite_wide_check_fails_on_a_leaked_value_and_on_an_empty_capture()
    {
        // Negative controls of scripts/check-test-logs.sh, which test.sh runs over every host's captured lines.
        var dir = Directory.CreateTempSubdirectory("assistant-log-check-").FullName;
        try
        {
            var script = RepoPaths.Script("check-test-logs.sh");
            var empty = await ProcessRunner.RunAsync("bash", [script, dir], TimeSpan.FromMinutes(2));
            Assert.Equal(2, empty.ExitCode);

            var log = Path.Combine(dir, "host.log");
            await File.WriteAllTextAsync(log, "Information Assistant.Bot: Answered on directline: intent procedure, 3 sources\n");
            var clean = await ProcessRunner.RunAsync("bash", [script, dir], TimeSpan.FromMinutes(2));
            Assert.True(clean.ExitCode == 0, clean.StdOut + clean.StdErr);

            // This test's own inputs are among the values collected: a raw line with them is caught, spaced or not.
            await File.AppendAllTextAsync(log, $"Warning Some.Component: citizen 001 098 007 531 wrote from {Email.ToUpperInvariant()}\n");
            var leaked = await ProcessRunner.RunAsync("bash", [script, dir], TimeSpan.FromMinutes(2));
            Assert.Equal(1, leaked.ExitCode);
            Assert.Contains("host.log:2: personal data from a test input in a log line: " + Cccd, leaked.StdErr);
            Assert.Contains("host.log:2: personal data from a test input in a log line: " + Email, leaked.StdErr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task AskAsync(HttpClient http, string text)
    {
        var activity = new JObject
        {
            ["type"] = "message",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["channelId"] = "emulator",
            ["serviceUrl"] = "http://127.0.0.1:9/",
            ["deliveryMode"] = "expectReplies",
            ["conversation"] = new JObject { ["id"] = "pii-conversation" },
            ["from"] = new JObject { ["id"] = "citizen-1", ["role"] = "user" },
            ["recipient"] = new JObject { ["id"] = "bot" },
            ["locale"] = "vi-VN",
            ["text"] = text,
        };
        using var response = await http.PostAsync("api/messages", new StringContent(activity.ToString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
