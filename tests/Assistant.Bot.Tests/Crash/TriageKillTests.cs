using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Assistant.Audit;
using Assistant.Bot.Tests.Infrastructure;

namespace Assistant.Bot.Tests.Crash;

/// <summary>
/// kill -9 in the middle of a burst of triage submissions (issue 14, item 4): the bot as its own process, officers signed
/// in through the test OpenID provider, real HTTP on 127.0.0.1. After the kill the files are checked as they were left,
/// then the bot is started again on them: every dossier that had been answered 201 reads back complete and byte for
/// byte as answered, with its audit row, and nothing half written is anywhere.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class TriageKillTests(OidcProviderFixture oidc)
{
    /// <summary>The kill comes right after this many 201s, while the other submitters' requests are in flight.</summary>
    private const int AcknowledgedBeforeKill = 60;

    private const int Submitters = 8;

    private static readonly string[] Descriptions =
    [
        "xin tách thửa đất chia cho con",
        "xin cấp lại sổ đỏ bị mất",
        "đăng ký biến động do chuyển nhượng quyền sử dụng đất",
        "cấp giấy chứng nhận lần đầu cho đất ở",
        "chuyển mục đích sử dụng đất vườn sang đất ở",
        "đính chính thông tin trên giấy chứng nhận",
    ];

    [Fact]
    public async Task KilledDuringABurstOfTriages_EveryAnswered201IsStoredWhole_WithItsAuditRow_AndTheFilesAreIntact()
    {
        var dataDir = Directory.CreateTempSubdirectory("assistant-crash-triage-").FullName;
        try
        {
            var environment = Environment(oidc.Provider);
            var token = await oidc.Provider.GetAccessTokenAsync("supervisor");
            var acknowledged = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            var answered201 = 0;

            await using (var bot = await LaunchReadyAsync(environment, dataDir))
            {
                using var http = Officer(bot.BaseAddress, token);
                async Task SubmitLoopAsync(int submitter)
                {
                    for (var n = 0; ; n++)
                    {
                        var id = $"CRASH-{submitter:D2}-{n:D4}";
                        var body = JsonSerializer.Serialize(new { id, description = Descriptions[(submitter + n) % Descriptions.Length] });
                        HttpResponseMessage response;
                        string text;
                        try
                        {
                            response = await http.PostAsync("api/triage", new StringContent(body, Encoding.UTF8, "application/json"));
                            text = await response.Content.ReadAsStringAsync();
                        }
                        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
                        {
                            return; // the process is gone: this request was never answered
                        }

                        using (response)
                        {
                            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{id}: {(int)response.StatusCode} {text}\n{bot.Output}");
                            acknowledged[id] = text;
                        }

                        // The kill comes from the submitter that saw the chosen 201, with the others' requests in flight.
                        if (Interlocked.Increment(ref answered201) == AcknowledgedBeforeKill) bot.KillHard();
                    }
                }

                await Task.WhenAll(Enumerable.Range(0, Submitters).Select(s => Task.Run(() => SubmitLoopAsync(s))))
                    .WaitAsync(TimeSpan.FromMinutes(5));
                Assert.NotEqual(0, await bot.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            }

            Assert.True(acknowledged.Count >= AcknowledgedBeforeKill, $"only {acknowledged.Count} triages were answered 201 before the kill");

            // The files as the killed process left them.
            var triageDb = Path.Combine(dataDir, "triage.db");
            var auditDb = Path.Combine(dataDir, "audit.db");
            foreach (var db in new[] { triageDb, auditDb })
            {
                Assert.Equal("ok", StoreChecks.IntegrityCheck(db));
            }

            Assert.Equal("", StoreChecks.ForeignKeyCheck(triageDb));
            var storedIds = StoreChecks.Column(triageDb, "SELECT id FROM dossiers ORDER BY id");
            // Every acknowledged dossier is stored; more may be (written, the kill came before the answer left).
            Assert.Empty(acknowledged.Keys.Except(storedIds, StringComparer.Ordinal));
            // No dossier row without its payloads, and every one written in the transaction that gave it its units.
            Assert.Empty(StoreChecks.Column(triageDb,
                "SELECT id FROM dossiers WHERE request_json = '' OR result_json = '' OR model_version = '' OR inputs_hash = '' OR protected <> 1"));

            using (var trail = SqliteAuditTrail.OpenExisting(auditDb))
            {
                var chain = trail.Verify();
                Assert.True(chain.Intact, $"audit chain broken at row {chain.BrokenAtSeq}: {chain.Problem}");
                foreach (var id in acknowledged.Keys)
                {
                    var rows = trail.Query(new AuditQuery(Action: AuditActions.Triage, TargetId: id)).Items;
                    Assert.True(rows.Count == 1 && rows[0].Outcome == AuditOutcomes.Ok && rows[0].Actor == "supervisor",
                        $"{id}: expected one audit row 'triage ok' by supervisor, found {rows.Count}");
                }
            }

            // Started again on the same files: every stored dossier opens, the acknowledged ones exactly as answered.
            await using (var bot = await LaunchReadyAsync(environment, dataDir))
            {
                using var http = Officer(bot.BaseAddress, await oidc.Provider.GetAccessTokenAsync("supervisor"));
                foreach (var id in storedIds)
                {
                    using var response = await http.GetAsync($"api/triage/{id}");
                    var text = await response.Content.ReadAsStringAsync();
                    Assert.True(response.StatusCode == HttpStatusCode.OK, $"{id}: {(int)response.StatusCode} {text}");
                    using var json = JsonDocument.Parse(text);
                    Assert.Equal(id, json.RootElement.GetProperty("id").GetString());
                    if (acknowledged.TryGetValue(id, out var answered)) Assert.Equal(answered, text);
                }

                // The store takes new work after the crash.
                using var after = await http.PostAsync("api/triage",
                    new StringContent("""{"id":"CRASH-AFTER","description":"xin tách thửa đất chia cho con"}""", Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.Created, after.StatusCode);
            }

            Assert.Equal("ok", StoreChecks.IntegrityCheck(triageDb));
            Assert.Equal("ok", StoreChecks.IntegrityCheck(auditDb));
            Assert.Equal("ok", StoreChecks.IntegrityCheck(Path.Combine(dataDir, "state.db")));
        }
        finally
        {
            DeleteQuietly(dataDir);
        }
    }

    internal static Dictionary<string, string> Environment(OidcTestProvider provider)
    {
        var environment = provider.BotSettings().ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value ?? "");
        environment["RateLimits__Officer__PermitLimit"] = "1000000";
        return environment;
    }

    internal static async Task<BotProcess> LaunchReadyAsync(IReadOnlyDictionary<string, string> environment, string dataDir, Action<string>? onLine = null)
    {
        var bot = await BotProcess.LaunchAsync(environment, dataDir, onLine);
        try
        {
            await bot.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
            return bot;
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }
    }

    private static HttpClient Officer(Uri baseAddress, string token)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    internal static void DeleteQuietly(string dir)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
