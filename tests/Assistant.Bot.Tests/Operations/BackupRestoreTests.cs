using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Assistant.Bot.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace Assistant.Bot.Tests.Operations;

/// <summary>
/// Backup while serving and restore (issue 14, item 3), with the real bot process on 127.0.0.1, the real OpenID provider for
/// officer tokens, the assistant-indexer CLI in processes of its own, real SQLite files and a real Lucene store.
/// </summary>
public sealed class BackupRestoreTests(ITestOutputHelper output)
{
    private static readonly string[] Questions =
    [
        "bồi thường khi thu hồi đất còn lại không thỏa thuận được",
        "tien su dung dat theo nghi quyet 254",
        "trường hợp không áp dụng bảng giá đất",
        "phạm vi điều chỉnh",
    ];

    [Fact]
    public async Task A_backup_taken_during_a_write_burst_restores_every_acknowledged_dossier_turn_and_the_same_search_results()
    {
        var work = Directory.CreateTempSubdirectory("assistant-backup-burst-").FullName;
        try
        {
            var corpus = SmallCorpus(work);
            await using var oidc = await OidcTestProvider.StartAsync();
            await using var bot = await BotProcess.StartAsync(BotEnvironment(oidc, corpus));
            var officer = await oidc.GetAccessTokenAsync("officer-a");
            var supervisor = await oidc.GetAccessTokenAsync("supervisor");

            // The burst: three officers' clients submitting dossiers and one citizen client taking turns, until told to stop.
            var acknowledged = new ConcurrentQueue<(string Id, string Body)>();
            var turns = new ConcurrentQueue<string>();
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 3).Select(w => SubmitLoopAsync(bot.Client, officer, w, acknowledged, stop.Token))
                .Append(TurnLoopAsync(bot.Client, turns, stop.Token)).ToList();
            while (acknowledged.Count < 15 || turns.Count < 3)
            {
                if (workers.FirstOrDefault(t => t.IsFaulted) is { } failed) await failed;
                await Task.Delay(20);
            }

            // Everything acknowledged before the backup starts must be in it; the burst goes on while it runs.
            var before = acknowledged.ToArray();
            var turnsBefore = turns.ToArray();
            var archive = Path.Combine(work, "sao-luu.tar.gz");
            var backupClock = System.Diagnostics.Stopwatch.StartNew();
            var backup = await IndexerProcess.RunAsync("backup", "--out", archive, "--data-dir", bot.DataDir,
                "--conversation-db", bot.StatePath, "--triage-db", Path.Combine(bot.DataDir, "triage.db"), "--audit-db", Path.Combine(bot.DataDir, "audit.db"));
            int duringBackup = acknowledged.Count - before.Length;
            output.WriteLine($"backup took {backupClock.ElapsedMilliseconds} ms; {before.Length} dossiers acknowledged before it, {duringBackup} while it ran");
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            Assert.True(backup.ExitCode == 0, backup.ToString());
            Assert.True(duringBackup > 0, $"no dossier was acknowledged while the backup ran ({before.Length} before): the backup did not overlap the burst");
            Assert.Contains("KHÔNG có trong bản sao lưu", backup.StdOut, StringComparison.Ordinal);
            // The live trail records who took the backup.
            var shown = await IndexerProcess.RunAsync("audit", "show", "--db", Path.Combine(bot.DataDir, "audit.db"), "--action", "backup");
            Assert.True(shown.ExitCode == 0 && shown.StdOut.Contains("cli:", StringComparison.Ordinal) && shown.StdOut.Contains("sao-luu.tar.gz", StringComparison.Ordinal), shown.ToString());

            var restored = Path.Combine(work, "khoi-phuc");
            var restore = await IndexerProcess.RunAsync("restore", "--from", archive, "--to", restored);
            Assert.True(restore.ExitCode == 0, restore.ToString());
            Assert.Contains("Store__Path=", restore.StdOut, StringComparison.Ordinal);

            // The same search results, from the live store and from the restored one.
            foreach (var question in Questions)
            {
                var live = await IndexerProcess.RunAsync("search", question, "--json", "--top", "5", "--store", Path.Combine(bot.DataDir, "store"));
                var back = await IndexerProcess.RunAsync("search", question, "--json", "--top", "5", "--store", Path.Combine(restored, "store"));
                Assert.True(live.ExitCode == 0, live.ToString());
                Assert.True(JArray.Parse(live.StdOut).Count > 0, $"'{question}' finds nothing in the live store");
                Assert.Equal(live.StdOut, back.StdOut);
            }

            // The restored audit trail is an intact chain.
            var audit = await IndexerProcess.RunAsync("audit", "verify", "--db", Path.Combine(restored, "audit.db"));
            Assert.True(audit.ExitCode == 0, audit.ToString());

            // Every conversation that had a turn answered before the backup has its state.
            await using (var state = new SqliteConnection($"Data Source={Path.Combine(restored, "store", "conversation-state.db")};Mode=ReadOnly;Pooling=False"))
            {
                await state.OpenAsync();
                foreach (var conversation in turnsBefore)
                {
                    await using var cmd = state.CreateCommand();
                    cmd.CommandText = "SELECT count(*) FROM conversation_state WHERE instr(conversation_id, $id) > 0";
                    cmd.Parameters.AddWithValue("$id", conversation);
                    Assert.True(Convert.ToInt64(await cmd.ExecuteScalarAsync()) == 1, $"conversation {conversation} (answered before the backup) is missing");
                }
            }

            // A bot started from the restored folder (with the original key ring, which backups leave out) serves every
            // dossier acknowledged before the backup, exactly as it was acknowledged, and answers as the original does.
            var restoredEnvironment = new Dictionary<string, string>(BotEnvironment(oidc, corpus))
            {
                ["Store__Path"] = Path.Combine(restored, "store"),
                ["Conversation__StatePath"] = Path.Combine(restored, "store", "conversation-state.db"),
                ["Triage__DatabasePath"] = Path.Combine(restored, "store", "triage.db"),
                ["Audit__DatabasePath"] = Path.Combine(restored, "audit.db"),
                ["DataProtection__KeysPath"] = Path.Combine(bot.DataDir, "keys"),
            };
            await using var second = await BotProcess.StartAsync(restoredEnvironment);
            foreach (var (id, body) in before)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"api/triage/{id}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", supervisor);
                using var response = await second.Client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{id}: {(int)response.StatusCode} {text}");
                Assert.Equal(body, text);
            }
            foreach (var question in Questions.Take(2))
                Assert.Equal(await AskAsync(bot.Client, "so-sanh-" + Guid.NewGuid().ToString("N"), question), await AskAsync(second.Client, "so-sanh-" + Guid.NewGuid().ToString("N"), question));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task A_damaged_or_incomplete_backup_is_refused_and_a_non_empty_target_is_kept()
    {
        var work = Directory.CreateTempSubdirectory("assistant-backup-damaged-").FullName;
        try
        {
            var data = Directory.CreateDirectory(Path.Combine(work, "bot")).FullName;
            var corpus = Directory.CreateDirectory(Path.Combine(work, "corpus")).FullName;
            foreach (var name in new[] { "nghi-dinh-50-2026-ND-CP.md", "catalog.json" })
                File.Copy(Path.Combine(RepoPaths.Root, "data", "regulations", name), Path.Combine(corpus, name));
            var index = await IndexerProcess.RunAsync("index", corpus, "--store", Path.Combine(data, "store"));
            Assert.True(index.ExitCode == 0, index.ToString());
            await using (var db = new SqliteConnection($"Data Source={Path.Combine(data, "store", "triage.db")};Pooling=False"))
            {
                await db.OpenAsync();
                await using var cmd = db.CreateCommand();
                cmd.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL); INSERT INTO schema_migrations VALUES (3, 'x', '2026-12-05'); CREATE TABLE dossiers (id TEXT PRIMARY KEY); INSERT INTO dossiers VALUES ('HS-1');";
                await cmd.ExecuteNonQueryAsync();
            }

            var good = Path.Combine(work, "sao-luu");
            var backupClock = System.Diagnostics.Stopwatch.StartNew();
            var backup = await IndexerProcess.RunAsync("backup", "--out", good, "--data-dir", data);
            Assert.True(backup.ExitCode == 0, backup.ToString());
            Assert.False(File.Exists(Path.Combine(data, "audit.db")), "backup created the bot's audit file");
            var manifest = JObject.Parse(await File.ReadAllTextAsync(Path.Combine(good, "manifest.json")));
            Assert.True((bool)manifest["index"]!["included"]!);
            Assert.True((long)manifest["index"]!["commitGeneration"]! >= 1);
            var triage = manifest["databases"]!.Single(d => (string?)d["role"] == "triage");
            Assert.Equal(3, (long)triage["schemaVersion"]!);
            Assert.False((bool)manifest["databases"]!.Single(d => (string?)d["role"] == "audit")!["included"]!);
            Assert.All(manifest["files"]!, f => Assert.Matches("^[0-9a-f]{64}$", (string)f["sha256"]!));
            // A second backup to the same place is refused rather than mixed into the first.
            Assert.Equal(2, (await IndexerProcess.RunAsync("backup", "--out", good, "--data-dir", data)).ExitCode);

            // One byte changed in an index file.
            var flipped = CopyOf(good, Path.Combine(work, "sua-mot-byte"));
            var victim = manifest["files"]!.Select(f => (string)f["path"]!).First(p => p.StartsWith("index/", StringComparison.Ordinal) && !p.Contains("segments", StringComparison.Ordinal));
            var bytes = await File.ReadAllBytesAsync(Path.Combine(flipped, victim));
            bytes[bytes.Length / 2] ^= 0x5A;
            await File.WriteAllBytesAsync(Path.Combine(flipped, victim), bytes);
            await AssertRefusedAsync(flipped, Path.Combine(work, "t1"), "SHA-256");

            // The manifest missing: the backup was interrupted before its last step.
            var unfinished = CopyOf(good, Path.Combine(work, "chua-xong"));
            File.Delete(Path.Combine(unfinished, "manifest.json"));
            await AssertRefusedAsync(unfinished, Path.Combine(work, "t2"), "thiếu manifest.json");

            // A database file missing.
            var missing = CopyOf(good, Path.Combine(work, "thieu-tep"));
            File.Delete(Path.Combine(missing, "sqlite", "triage.db"));
            await AssertRefusedAsync(missing, Path.Combine(work, "t3"), "thiếu tệp 'sqlite/triage.db'");

            // A truncated archive.
            var archive = Path.Combine(work, "sao-luu.tar.gz");
            Assert.Equal(0, (await IndexerProcess.RunAsync("backup", "--out", archive, "--data-dir", data)).ExitCode);
            var whole = await File.ReadAllBytesAsync(archive);
            var truncated = Path.Combine(work, "cat-cut.tar.gz");
            await File.WriteAllBytesAsync(truncated, whole[..(whole.Length / 2)]);
            await AssertRefusedAsync(truncated, Path.Combine(work, "t4"), "bị hỏng");

            // A target that already holds something is not overwritten without --force.
            var occupied = Directory.CreateDirectory(Path.Combine(work, "dang-dung")).FullName;
            await File.WriteAllTextAsync(Path.Combine(occupied, "audit.db"), "dữ liệu đang dùng");
            var refused = await IndexerProcess.RunAsync("restore", "--from", archive, "--to", occupied);
            Assert.True(refused.ExitCode == 2, refused.ToString());
            Assert.Contains("không rỗng", refused.StdErr, StringComparison.Ordinal);
            Assert.Equal("dữ liệu đang dùng", await File.ReadAllTextAsync(Path.Combine(occupied, "audit.db")));
            var forced = await IndexerProcess.RunAsync("restore", "--from", archive, "--to", occupied, "--force");
            Assert.True(forced.ExitCode == 0, forced.ToString());
            var search = await IndexerProcess.RunAsync("search", "tiền sử dụng đất", "--json", "--store", Path.Combine(occupied, "store"));
            Assert.True(JArray.Parse(search.StdOut).Count > 0, search.ToString());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task AssertRefusedAsync(string from, string to, string reason)
    {
        var result = await IndexerProcess.RunAsync("restore", "--from", from, "--to", to);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(reason, result.StdErr, StringComparison.Ordinal);
        Assert.Contains("Không khôi phục", result.StdErr, StringComparison.OrdinalIgnoreCase);
        Assert.False(Directory.Exists(to) && Directory.EnumerateFileSystemEntries(to).Any(), "a refused restore wrote into the target");
    }

    private static string CopyOf(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    /// <summary>Two decrees of the bundled corpus (with the catalogue that names them): indexed in seconds at start.</summary>
    private static string SmallCorpus(string work)
    {
        var corpus = Directory.CreateDirectory(Path.Combine(work, "corpus")).FullName;
        foreach (var name in new[] { "nghi-dinh-49-2026-ND-CP.md", "nghi-dinh-50-2026-ND-CP.md", "catalog.json" })
            File.Copy(Path.Combine(RepoPaths.Root, "data", "regulations", name), Path.Combine(corpus, name));
        return corpus;
    }

    private static Dictionary<string, string> BotEnvironment(OidcTestProvider oidc, string corpus)
    {
        var environment = oidc.BotSettings().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? "");
        environment["Corpus__Path"] = corpus;
        environment["RateLimits__Officer__PermitLimit"] = "1000000";
        return environment;
    }

    private static async Task SubmitLoopAsync(HttpClient http, string token, int worker, ConcurrentQueue<(string, string)> acknowledged, CancellationToken stop)
    {
        for (int n = 0; !stop.IsCancellationRequested; n++)
        {
            var id = $"SL-{worker}-{n:D4}";
            var body = new JObject
            {
                ["id"] = id,
                ["description"] = n % 2 == 0
                    ? "Đề nghị tách mảnh đất 120m2 thành hai thửa để chia cho hai con"
                    : "Xin cấp giấy chứng nhận quyền sử dụng đất lần đầu cho đất ở đang sử dụng ổn định",
                ["documents"] = new JArray("don de nghi", "so do"),
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/triage") { Content = new StringContent(body.ToString(), Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            // Not cancelled by the stop: a submission in flight finishes, so each one is either acknowledged or never sent.
            using var response = await http.SendAsync(request, CancellationToken.None);
            var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{id}: {(int)response.StatusCode} {text}");
            acknowledged.Enqueue((id, text));
        }
    }

    private static async Task TurnLoopAsync(HttpClient http, ConcurrentQueue<string> answered, CancellationToken stop)
    {
        for (int n = 0; !stop.IsCancellationRequested; n++)
        {
            var conversation = $"sl-hoi-{n:D4}-{Guid.NewGuid():N}";
            var replies = await AskAsync(http, conversation, Questions[n % Questions.Length]);
            Assert.NotEmpty(replies);
            answered.Enqueue(conversation);
        }
    }

    /// <summary>One citizen turn over /api/messages (expectReplies): the texts of the bot's replies.</summary>
    private static async Task<string> AskAsync(HttpClient http, string conversation, string text)
    {
        var activity = CitizenActivity.ExpectReplies(conversation, text);
        using var response = await http.PostAsync(new Uri("api/messages", UriKind.Relative), new StringContent(activity.ToString(), Encoding.UTF8, "application/json"), CancellationToken.None);
        var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        return string.Join("\n---\n", JObject.Parse(body)["activities"]!.Select(a => (string?)a["text"] ?? a["attachments"]?.ToString() ?? ""));
    }
}
