using Assistant.Bot.Hosting;
using Assistant.Bot.Tests.Infrastructure;
using System.Net;
using System.Text;
using System.Text.Json;
using Assistant.Conversation;
using Assistant.Triage.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Triage.Tests;

/// <summary>The triage endpoints over HTTP, called with a supervisor's token from the test OpenID provider.</summary>
public sealed class EndpointTests(OidcProviderFixture oidc) : IClassFixture<OidcProviderFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7)); // Monday

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> JsonOf(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Clone();

    private static int Rows(string dbPath)
    {
        using var c = new SqliteConnection($"Data Source={dbPath};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM dossiers";
        return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Triage_a_dossier_over_http_store_it_and_list_the_queue()
    {
        await using var host = await TriageHost.StartAsync(Now, trainModel: true, provider: oidc.Provider);
        var r = await host.Client.PostAsync("api/triage", Body("""
            {"id":"HS-001","receivedAt":"2026-02-13T10:00:00+07:00","channel":"counter","applicant":{"type":"individual"},
             "description":"Ông Phạm Văn Định đề nghị tách mảnh đất 120m2 thành hai thửa để chia cho hai con",
             "documents":["don tach thua","so do"],"parcel":{"oldCommune":"Phường Khâm Thiên","oldDistrict":"Quận Đống Đa"}}
            """));
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.Created, text);
        var j = JsonDocument.Parse(text).RootElement;
        Assert.Equal("1.012784", j.GetProperty("procedureCode").GetString());
        Assert.False(j.GetProperty("complete").GetBoolean());
        Assert.Contains(j.GetProperty("missingDocuments").EnumerateArray(), m => m.GetString()!.StartsWith("Bản vẽ tách thửa", StringComparison.Ordinal));
        Assert.Equal(12, j.GetProperty("workingDays").GetInt32());
        Assert.Equal(JsonValueKind.Null, j.GetProperty("workingDaysRange").ValueKind);
        Assert.Equal("2026-03-10", j.GetProperty("dueDate").GetString()); // across Tết 2026
        Assert.Equal("00226", j.GetProperty("routeTo").GetProperty("candidates")[0].GetProperty("unitCode").GetString());
        Assert.Equal("Quận Đống Đa", j.GetProperty("routeTo").GetProperty("oldDistrict").GetString());
        Assert.False(j.GetProperty("priority").GetProperty("isPriority").GetBoolean());
        Assert.Equal(3, j.GetProperty("alternatives").GetArrayLength());
        Assert.StartsWith("triage-", j.GetProperty("modelVersion").GetString());

        // Range procedure with a priority project (first registration, 17–20 days): dueDate is the max, flagged.
        var p = await host.Client.PostAsync("api/triage", Body("""
            {"id":"HS-002","receivedAt":"2026-02-27T08:00:00+07:00","description":"Hộ dân đề nghị cấp sổ đỏ lần đầu, đất sử dụng ổn định, nằm cạnh dự án Vành đai 4",
             "documents":["mẫu 04"],"parcel":{"oldCommune":"Cống Vị","oldDistrict":"Ba Đình"}}
            """));
        Assert.Equal(HttpStatusCode.Created, p.StatusCode);
        var pj = await JsonOf(p);
        Assert.Equal("1.013978", pj.GetProperty("procedureCode").GetString());
        Assert.Equal(17, pj.GetProperty("workingDaysRange")[0].GetInt32());
        Assert.Equal(20, pj.GetProperty("workingDaysRange")[1].GetInt32());
        Assert.True(pj.GetProperty("dueDateIsRangeMax").GetBoolean());
        Assert.NotNull(pj.GetProperty("dueDateEarliest").GetString());
        Assert.True(pj.GetProperty("priority").GetProperty("isPriority").GetBoolean());
        Assert.True(pj.GetProperty("needsReview").GetBoolean()); // Cống Vị was split
        Assert.Equal(2, pj.GetProperty("routeTo").GetProperty("candidates").GetArrayLength());

        // Same id, same body: 200 with the stored result; same id, other body: 409, nothing stored.
        var again = await host.Client.PostAsync("api/triage", Body("""
            {"id":"HS-001","receivedAt":"2026-02-13T10:00:00+07:00","channel":"counter","applicant":{"type":"individual"},
             "description":"Ông Phạm Văn Định đề nghị tách mảnh đất 120m2 thành hai thửa để chia cho hai con",
             "documents":["don tach thua","so do"],"parcel":{"oldCommune":"Phường Khâm Thiên","oldDistrict":"Quận Đống Đa"}}
            """));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var conflict = await host.Client.PostAsync("api/triage", Body("""{"id":"HS-001","description":"xin trích lục bản đồ"}"""));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);

        // Queue: priority first; HS-001 due 10/3 is 6 working days away on 2/3 → not at risk; move the clock.
        var q = await JsonOf(await host.Client.GetAsync("api/queue"));
        var items = q.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["HS-002", "HS-001"], items.Select(i => i.GetProperty("id").GetString()!).ToArray());
        Assert.True(items[0].GetProperty("isPriority").GetBoolean());
        Assert.False(items[1].GetProperty("atRisk").GetBoolean());
        host.Time.Now = new DateTimeOffset(2026, 3, 6, 9, 0, 0, TimeSpan.FromHours(7)); // Fri: 2 working days left (9, 10)
        items = (await JsonOf(await host.Client.GetAsync("api/queue"))).GetProperty("items").EnumerateArray().ToList();
        var hs1 = items.Single(i => i.GetProperty("id").GetString() == "HS-001");
        Assert.True(hs1.GetProperty("atRisk").GetBoolean());
        Assert.False(hs1.GetProperty("overdue").GetBoolean());
        host.Time.Now = new DateTimeOffset(2026, 3, 11, 9, 0, 0, TimeSpan.FromHours(7));
        items = (await JsonOf(await host.Client.GetAsync("api/queue"))).GetProperty("items").EnumerateArray().ToList();
        Assert.True(items.Single(i => i.GetProperty("id").GetString() == "HS-001").GetProperty("overdue").GetBoolean());

        // Officer override, kept for retraining.
        var ov = await host.Client.PostAsync("api/triage/HS-002/override", Body("""{"unitCode":"00025","officer":"Nguyễn Thị Hà"}"""));
        Assert.Equal(HttpStatusCode.OK, ov.StatusCode);
        var bad = await host.Client.PostAsync("api/triage/HS-002/override", Body("""{"procedureCode":"9.999999","officer":"x"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var missing = await host.Client.PostAsync("api/triage/KHONG-CO/override", Body("""{"unitCode":"00025","officer":"x"}"""));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        items = (await JsonOf(await host.Client.GetAsync("api/queue"))).GetProperty("items").EnumerateArray().ToList();
        var hs2 = items.Single(i => i.GetProperty("id").GetString() == "HS-002");
        Assert.Equal("00025", hs2.GetProperty("overrideUnitCode").GetString());
        var store = host.Services.GetRequiredService<TriageStore>();
        Assert.Equal("supervisor", Assert.Single(store.Overrides()).Override.Officer); // the verified subject, not the body's "officer"
        Assert.Equal(3, store.SchemaVersion);

        var get = await host.Client.GetAsync("api/triage/HS-001");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(2, Rows(Path.Combine(host.DataDir, "triage.db")));
        Assert.True(File.Exists(Path.Combine(host.DataDir, "model", "triage-model.json")));
    }

    [Fact]
    public async Task Bad_requests_get_Vietnamese_400s_and_nothing_is_stored()
    {
        await using var host = await TriageHost.StartAsync(Now, provider: oidc.Provider);
        var cases = new[]
        {
            "{\"description\": \"tách thửa\",",
            "{\"documents\": [\"sổ đỏ\"]}",
            "{\"description\":\"tách thửa\",\"receivedAt\":\"2027-01-01T08:00:00+07:00\"}",
            "{\"description\":\"tách thửa\",\"receivedAt\":\"02/03/2026\"}",
            "{\"description\":\"tách thửa\",\"documents\":[" + string.Join(",", Enumerable.Repeat("\"sổ đỏ\"", 500)) + "]}",
            "{\"description\":\"" + new string('a', 1_000_000) + "\"}",
            "",
        };
        foreach (var json in cases)
        {
            var r = await host.Client.PostAsync("api/triage", Body(json));
            var text = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{r.StatusCode}: {text}");
            var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
            Assert.True(errors.GetArrayLength() > 0);
            Assert.Matches("[àáảãạăâđêôơưếềệốồộứừựíìịýỳ]", errors[0].GetString()!.ToLowerInvariant());
        }
        var huge = await host.Client.PostAsync("api/triage", Body("{\"description\":\"" + new string('a', 3_000_000) + "\"}"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        // Unknown commune: accepted with a review flag.
        var unknown = await host.Client.PostAsync("api/triage", Body("""{"id":"HS-X","description":"xin cấp lại sổ đỏ bị mất","parcel":{"oldCommune":"Xã Không Tồn Tại"}}"""));
        Assert.Equal(HttpStatusCode.Created, unknown.StatusCode);
        var uj = await JsonOf(unknown);
        Assert.True(uj.GetProperty("needsReview").GetBoolean());
        Assert.Contains(uj.GetProperty("reviewReasons").EnumerateArray(), x => x.GetString()!.Contains("Không xác định được xã/phường", StringComparison.Ordinal));
        Assert.Equal(1, Rows(Path.Combine(host.DataDir, "triage.db")));
    }

    [Fact]
    public async Task Vague_dossier_needs_review_with_top_three_alternatives()
    {
        await using var host = await TriageHost.StartAsync(Now, provider: oidc.Provider);
        var r = await host.Client.PostAsync("api/triage", Body("""{"description":"nộp giấy tờ nhà đất"}"""));
        var j = await JsonOf(r);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.True(j.GetProperty("needsReview").GetBoolean());
        Assert.Contains(j.GetProperty("reviewReasons").EnumerateArray(), x => x.GetString() == TriageService.ReviewReasonLowConfidence);
        Assert.Equal(3, j.GetProperty("alternatives").GetArrayLength());
    }

    [Fact]
    public async Task Officer_page_is_served()
    {
        await using var host = await TriageHost.StartAsync(Now, provider: oidc.Provider);
        var html = await host.Client.GetStringAsync("officer.html");
        Assert.Contains("ưu tiên", html);
        Assert.Contains("quá hạn", html);
        Assert.Contains("sắp đến hạn", html);
        Assert.Contains("<script src=\"officer.js\"", html);
        // The page's code is a file of its own (no inline script under the Content-Security-Policy).
        var script = await host.Client.GetStringAsync("officer.js");
        Assert.Contains("/officer/session", script);
        Assert.Contains("/api/queue", script);
    }

    [Fact]
    public async Task Bot_refuses_phan_loai_ho_so_to_unverified_callers_and_passes_other_turns_through()
    {
        await using var host = await TriageHost.StartAsync(Now, provider: oidc.Provider);
        var conversation = host.Services.GetRequiredService<IConversationService>();
        Assert.IsType<TriageChatCommand>(conversation);
        // Chat turns carry no verified identity: even a turn claiming the officer role gets no triage.
        foreach (var role in new[] { Assistant.Access.UserRole.Citizen, Assistant.Access.UserRole.Officer, Assistant.Access.UserRole.Supervisor })
        {
            var reply = await conversation.HandleAsync(new UserTurn("c1", "phan loai ho so: xin tach thua dat chia cho con, co so do", "test", role), CancellationToken.None);
            Assert.Equal(TriageChatCommand.Intent, reply.Intent);
            Assert.Equal(TriageChatCommand.OfficersOnly, reply.Markdown);
            Assert.Contains("/officer.html", reply.Markdown);
            Assert.DoesNotContain("1.012784", reply.Markdown);
        }
        var other = await conversation.HandleAsync(new UserTurn("c1", "sổ đỏ là gì", "test"), CancellationToken.None);
        Assert.Equal("echo", other.Intent);
    }
}
