using System.Net;
using System.Text.Json;
using Assistant.Bot.Archive;
using Assistant.Bot.Tests.Infrastructure;
using Assistant.Bot.Tests.Security;
using Assistant.Retrieval.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace Assistant.Bot.Tests.Archive;

/// <summary>
/// Item 6 of issue 12: the REAL conversation core (bundled corpus indexed at start) with the archive pages in the same
/// store. Every citizen development question (eval/citizen-procedures*.jsonl, eval/dev-*.jsonl) and every archive field
/// value asked as a question, from a citizen (Emulator channel) and from a Teams user who is not on the roster, gets
/// replies without any archive text, field value, id or file name. The same store answers a staff lookup, so the
/// archive is there to leak.
/// </summary>
public sealed class CitizensNeverSeeArchiveTests
{
    private const string NotOnRoster = "0c9d8e7f-0000-4000-8000-0000000000ff";

    private static IEnumerable<string> EvalQuestions()
    {
        var eval = Path.Combine(RepoPaths.Root, "eval");
        var files = Directory.GetFiles(eval, "citizen-procedures*.jsonl").Concat(Directory.GetFiles(eval, "dev-*.jsonl")).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var line in File.ReadLines(file).Where(l => l.Trim().Length > 0))
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("question", out var q) && q.GetString() is { Length: > 0 } text) yield return text;
            }
        }
    }

    private static IEnumerable<string> ArchiveValueQuestions()
    {
        foreach (var page in ArchiveTestPages.All)
        {
            var r = page.Record;
            yield return $"thửa {r.Parcel!.Value} tờ {r.MapSheet!.Value} {r.Address!.Value}";
            yield return $"thửa đất số {r.Parcel.Value} tờ bản đồ số {r.MapSheet.Value} của ai?";
            yield return $"tra cứu thửa {r.Parcel.Value} tờ {r.MapSheet.Value} {r.Address.Value}";
            if (r.Serial is { } serial) { yield return serial.Value; yield return $"sổ đỏ số {serial.Value} của ai"; yield return $"tra cứu số giấy chứng nhận {serial.Value}"; }
            if (r.RegisterNumber is { } register) yield return $"số vào sổ {register.Value}";
            if (r.DocumentNumber is { } number) { yield return number.Value; yield return $"quyết định {number.Value} giao đất cho ai"; yield return $"tra cứu văn bản {number.Value}"; }
            foreach (var name in r.Personal.HolderNames) { yield return name; yield return $"{name} có bao nhiêu mảnh đất"; }
            foreach (var id in r.Personal.IdNumbers) yield return $"CCCD {id} đứng tên thửa nào";
            yield return Path.GetFileName(page.SourceFile);
            yield return page.Id;
        }
    }

    [Fact]
    public async Task EveryCitizenDevelopmentQuestion_AndEveryArchiveValue_GetsRepliesWithoutArchiveContent()
    {
        await using var host = await BotTestHost.StartRealAsync(new Dictionary<string, string?>
        {
            ["Staff:TenantIds:0"] = BotConnectorFixture.StaffTenant,
            ["Staff:RosterPath"] = BotConnectorFixture.RosterPath,
            ["Staff:AllowUnverifiedInDevelopment"] = "true",
            ["RateLimits:Messages:PermitLimit"] = "100000",
        });
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while ((await host.Client.GetAsync("healthz")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "the corpus was not indexed in time");
            await Task.Delay(250);
        }
        await ArchiveTestPages.IndexAsync(host.Services.GetRequiredService<IChunkStore>(),
            host.Services.GetRequiredService<IOptions<ArchivePageOptions>>().Value.PagesPath);

        // The archive is in the store: a staff member finds the page.
        var staff = await AskAsync(host, TeamsActivities.Message("a:1staff", "tra cứu số giấy chứng nhận AA 01234567", BotConnectorFixture.StaffTenant, BotConnectorFixture.RosterUserConfidential));
        Assert.Contains("Trần Thị Bích Ngọc", staff, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString(ArchiveTestPages.NgocHaCertificate.PageId), staff, StringComparison.Ordinal); // in the signed link

        var secrets = ArchiveTestPages.All.SelectMany(p => p.Secrets()).Append("archive-").Append("/archive/page").Distinct().ToList();
        var questions = EvalQuestions().Concat(ArchiveValueQuestions()).ToList();
        Assert.True(questions.Count > 900, $"only {questions.Count} questions");
        var leaks = new List<string>();
        int n = 0;
        foreach (var question in questions)
        {
            // Alternate a public-channel citizen and a Teams user who is not on the roster.
            var activity = n++ % 2 == 0
                ? TeamsActivities.Message("c-" + n, question, BotConnectorFixture.StaffTenant, "citizen-" + n, channelId: "emulator")
                : TeamsActivities.Message("a:1c" + n, question, BotConnectorFixture.StaffTenant, NotOnRoster);
            if (n % 2 == 1) activity["serviceUrl"] = "http://127.0.0.1:9/";
            var reply = await AskAsync(host, activity);
            Assert.True(JObject.Parse(reply)["activities"] is JArray { Count: > 0 }, $"no reply to «{question}»");
            foreach (var secret in secrets.Where(s => reply.Contains(s, StringComparison.OrdinalIgnoreCase)))
                leaks.Add($"«{question}» → {secret}");
        }
        Assert.True(leaks.Count == 0, "archive content in citizen replies:\n" + string.Join("\n", leaks.Take(30)));
    }

    private static async Task<string> AskAsync(BotTestHost host, JObject activity)
    {
        var (response, body) = await TeamsActivities.PostAsync(host.Client, activity, token: null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        return body;
    }
}
