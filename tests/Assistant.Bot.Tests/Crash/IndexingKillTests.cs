using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Assistant.Bot.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace Assistant.Bot.Tests.Crash;

/// <summary>
/// kill -9 during the first start's indexing of the bundled corpus (issue 14, item 4). The bot commits the index after
/// each file (Corpus:CommitEveryFiles = 1), so the kill, wherever it lands, leaves the last commit whole: Lucene's
/// CheckIndex finds it clean, the next start opens it, skips the files committed before the kill and indexes the rest,
/// and the finished store answers like one indexed in a single clean run.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed partial class IndexingKillTests(ITestOutputHelper output)
{
    /// <summary>The kill comes when the bot logs this many indexed files (the ones before it are committed by then).</summary>
    private const int IndexedBeforeKill = 3;

    private static readonly string[] Questions =
    [
        "hạn mức công nhận đất ở tại Hà Nội",
        "bồi thường về nhà khi nhà nước thu hồi đất",
        "thủ tục chuyển mục đích sử dụng đất",
    ];

    [Fact]
    public async Task KilledDuringFirstStartIndexing_TheIndexIsClean_TheNextStartResumes_AndAnswersLikeACleanIndex()
    {
        var crashedDir = Directory.CreateTempSubdirectory("assistant-crash-index-").FullName;
        var cleanDir = Directory.CreateTempSubdirectory("assistant-clean-index-").FullName;
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["Corpus__Path"] = Path.Combine(RepoPaths.Root, "data", "regulations"),
                ["Logging__LogLevel__Assistant.Retrieval.Ingestion"] = "Information",
                ["Logging__LogLevel__Assistant.Conversation.Hosting"] = "Information",
            };
            var storePath = Path.Combine(crashedDir, "store");

            // First start on an empty store, killed from the output reader as soon as the chosen file is logged.
            var indexed = 0;
            BotProcess? first = null;
            var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            first = await BotProcess.LaunchAsync(environment, crashedDir, line =>
            {
                if (IndexedLine().IsMatch(line) && Interlocked.Increment(ref indexed) == IndexedBeforeKill)
                {
                    // The reader may see the line before LaunchAsync returned the process to this test.
                    SpinWait.SpinUntil(() => Volatile.Read(ref first) is not null);
                    first!.KillHard();
                    killed.TrySetResult();
                }
            });
            await using (first)
            {
                await killed.Task.WaitAsync(TimeSpan.FromMinutes(3));
                Assert.NotEqual(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(30)));
                Assert.DoesNotContain("Store ready", first.Output, StringComparison.Ordinal);
            }

            var afterKill = StoreChecks.LuceneCheck(storePath);
            Assert.True(afterKill.Clean, "CheckIndex after the kill:\n" + afterKill.Report);

            // Second start on the same folder: it opens the index, keeps what was committed, indexes the rest.
            JObject resumedHealth;
            List<string> resumedAnswers;
            await using (var resumed = await TriageKillTests.LaunchReadyAsync(environment, crashedDir))
            {
                var existing = int.Parse(AlreadyIndexed().Match(resumed.Output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(existing >= IndexedBeforeKill - 1, $"the restart found {existing} committed sources; at least {IndexedBeforeKill - 1} were committed before the kill\n{resumed.Output}");
                resumedHealth = await HealthAsync(resumed.Client);
                output.WriteLine($"killed at the {IndexedBeforeKill}th indexed file: {existing} of {(int)resumedHealth["lexical"]!["sources"]!} sources committed before the kill");
                Assert.True(existing < (int)resumedHealth["lexical"]!["sources"]!, "the kill came after the last file: nothing was left to resume");
                resumedAnswers = await AnswersAsync(resumed.Client);
            }

            var afterResume = StoreChecks.LuceneCheck(storePath);
            Assert.True(afterResume.Clean, "CheckIndex after the resumed run:\n" + afterResume.Report);

            // The same corpus indexed in one clean run.
            await using (var clean = await TriageKillTests.LaunchReadyAsync(environment, cleanDir))
            {
                var cleanHealth = await HealthAsync(clean.Client);
                Assert.Equal((int)cleanHealth["lexical"]!["sources"]!, (int)resumedHealth["lexical"]!["sources"]!);
                Assert.Equal((int)cleanHealth["lexical"]!["chunks"]!, (int)resumedHealth["lexical"]!["chunks"]!);
                Assert.Equal(await AnswersAsync(clean.Client), resumedAnswers);
            }
        }
        finally
        {
            TriageKillTests.DeleteQuietly(crashedDir);
            TriageKillTests.DeleteQuietly(cleanDir);
        }
    }

    private static async Task<JObject> HealthAsync(HttpClient client)
    {
        using var response = await client.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JObject.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The bot's reply texts to <see cref="Questions"/>, each in a conversation of its own.</summary>
    private static async Task<List<string>> AnswersAsync(HttpClient client)
    {
        var answers = new List<string>();
        foreach (var question in Questions)
        {
            var activity = CitizenActivity.ExpectReplies("crash-" + Guid.NewGuid().ToString("N"), question);
            using var response = await client.PostAsync("api/messages", new StringContent(activity.ToString(), Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
            var texts = ((JArray)JObject.Parse(body)["activities"]!).Select(a => (string?)a["text"] ?? "").Where(t => t.Length > 0);
            answers.Add(string.Join("\n---\n", texts));
        }

        return answers;
    }

    [GeneratedRegex(@"^\s*Indexed .+: \d+ chunks")]
    private static partial Regex IndexedLine();

    [GeneratedRegex(@"Indexing the bundled corpus from .+ \((\d+) sources already indexed\)")]
    private static partial Regex AlreadyIndexed();
}
