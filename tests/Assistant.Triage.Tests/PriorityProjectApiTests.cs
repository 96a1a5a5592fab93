using System.Net;
using System.Text;
using System.Text.Json;
using Assistant.Audit;
using Assistant.Bot.Officers;
using Assistant.Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Triage.Tests;

/// <summary>One test OpenID provider and one host for the registry tests (their clock moves; no other class shares it).</summary>
public sealed class PriorityHostFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7)); // Monday

    private OidcTestProvider? _provider;
    private TriageHost? _host;

    public TriageHost Host => _host!;
    public HttpClient Admin { get; private set; } = null!;
    public HttpClient Officer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _provider = await OidcTestProvider.StartAsync();
        _host = await TriageHost.StartAsync(Start, provider: _provider);
        Admin = await _host.ClientForAsync("admin");
        Officer = await _host.ClientForAsync("officer-a");
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        if (_provider is not null) await _provider.DisposeAsync();
    }
}

/// <summary>
/// The registry API over real HTTP with tokens from the test OpenID provider: admins create, change and close projects
/// (each an audit row), officers read and are refused writes, bad input gets Vietnamese 400s, and triage decides a
/// dossier's priority with the registry as it stood when the dossier was received.
/// </summary>
public sealed class PriorityProjectApiTests(PriorityHostFixture fixture) : IClassFixture<PriorityHostFixture>
{
    private const string Api = "api/priority-projects";
    private TriageHost Host => fixture.Host;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> BodyOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static string Project(string code, string alias, string oldUnits = "\"Huyện Thanh Trì\"", string from = "2025-02-25", string to = "") =>
        $$"""
        {"code":"{{code}}","name":"Dự án thử {{code}}","aliases":["{{alias}}"],"oldUnits":[{{oldUnits}}],
         "legalBasis":{"instrument":"Nghị quyết thử của HĐND thành phố","date":"2025-02-25"},
         "effectiveFrom":"{{from}}","effectiveTo":"{{to}}","verified":false,"note":"dữ liệu thử"}
        """;

    private static string At(DateTimeOffset t) => t.ToString("yyyy-MM-ddTHH:mm:sszzz");

    private async Task<JsonElement> TriageAsync(string id, string description, DateTimeOffset receivedAt)
    {
        const string Parcel = """{"oldCommune":"Phường Trúc Bạch","oldDistrict":"Quận Ba Đình"}""";
        var body = $$"""{"id":"{{id}}","receivedAt":"{{At(receivedAt)}}","description":"{{description}}","documents":["đơn đề nghị"],"parcel":{{Parcel}} }""";
        using var response = await Host.Client.PostAsync("api/triage", Json(body));
        Assert.True(response.StatusCode is HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await BodyOf(response)).GetProperty("priority");
    }

    private List<AuditRecord> AuditRows(string action, string target) =>
        Host.Services.GetRequiredService<IAuditTrail>().Query(new AuditQuery(Action: action, TargetId: target, Limit: 100)).Items.ToList();

    [Fact]
    public async Task Officers_read_the_seeded_registry_with_VD4s_new_communes()
    {
        using var list = await fixture.Officer.GetAsync(Api);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var items = (await BodyOf(list)).GetProperty("items").EnumerateArray().ToList();
        var vd4 = items.Single(i => i.GetProperty("code").GetString() == "VD4");
        Assert.Equal("seed", vd4.GetProperty("change").GetString());
        var project = vd4.GetProperty("project");
        Assert.Equal("active", project.GetProperty("status").GetString());
        Assert.True(project.GetProperty("verified").GetBoolean());
        Assert.Equal("2022-06-16", project.GetProperty("legalBasis").GetProperty("date").GetString());
        var newUnits = project.GetProperty("newUnits").EnumerateArray().ToList();
        Assert.True(newUnits.Count > 10);
        Assert.Contains(newUnits, u => u.GetProperty("mergeType").GetString() == "partial");

        using var one = await fixture.Officer.GetAsync(Api + "/cau-tu-lien");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        var detail = await BodyOf(one);
        Assert.Single(detail.GetProperty("history").EnumerateArray());
        Assert.False(detail.GetProperty("current").GetProperty("project").GetProperty("verified").GetBoolean());

        using var missing = await fixture.Officer.GetAsync(Api + "/KHONG-CO");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("Không có dự án mã KHONG-CO", (await BodyOf(missing)).GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Officers_and_supervisors_are_refused_writes_with_403_and_a_denied_audit_row()
    {
        var supervisor = Host.Client;
        foreach (var client in new[] { fixture.Officer, supervisor })
        {
            using var create = await client.PostAsync(Api, Json(Project("THU-403", "dự án thử bốn không ba")));
            Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
            Assert.Equal(OfficerGate.ForbiddenMessage, (await BodyOf(create)).GetProperty("errors")[0].GetString());
            using var change = await client.PutAsync(Api + "/VD4", Json(Project("VD4", "vành đai 4")));
            Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
            using var close = await client.PostAsync(Api + "/VD4/close", Json("{}"));
            Assert.Equal(HttpStatusCode.Forbidden, close.StatusCode);
        }
        Assert.Contains(AuditRows(AuditActions.ReferenceDataChange, "VD4"), r => r.Actor == "officer-a" && r.Outcome == AuditOutcomes.Denied);
        using var still = await fixture.Officer.GetAsync(Api + "/VD4");
        Assert.Single((await BodyOf(still)).GetProperty("history").EnumerateArray());
        using var anonymous = await Host.Anonymous.GetAsync(Api);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Bad_input_gets_400_with_Vietnamese_errors_and_an_invalid_audit_row()
    {
        async Task<string> ErrorsOf(HttpResponseMessage r)
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            return string.Join(" | ", (await BodyOf(r)).GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        }
        using (var r = await fixture.Admin.PostAsync(Api, Json(Project("THU-SAI", "dự án thử sai", "\"Huyện Không Tồn Tại\""))))
            Assert.Contains("Không có đơn vị hành chính cũ «Huyện Không Tồn Tại»", await ErrorsOf(r), StringComparison.Ordinal);
        using (var r = await fixture.Admin.PostAsync(Api, Json(Project("THU-SAI", "dự án thử sai", from: "2026-05-01", to: "2026-04-01"))))
            Assert.Contains("trước ngày bắt đầu", await ErrorsOf(r), StringComparison.Ordinal);
        using (var r = await fixture.Admin.PostAsync(Api, Json(Project("THU-SAI", "dự án thử sai", from: "31/12/2025"))))
            Assert.Contains("không hợp lệ; ghi theo dạng năm-tháng-ngày", await ErrorsOf(r), StringComparison.Ordinal);
        using (var r = await fixture.Admin.PostAsync(Api, Json(Project("vd4", "vành đai bốn mới"))))
            Assert.Contains("Mã dự án vd4 đã có trong sổ", await ErrorsOf(r), StringComparison.Ordinal);
        using (var r = await fixture.Admin.PostAsync(Api, Json("{\"code\": ")))
            Assert.Contains("không phải JSON hợp lệ", await ErrorsOf(r), StringComparison.Ordinal);
        Assert.Equal(3, AuditRows(AuditActions.PriorityProjectCreate, "THU-SAI").Count(r => r.Outcome == AuditOutcomes.Invalid && r.Actor == "admin"));
        using (var r = await fixture.Officer.GetAsync(Api + "?at=hôm-qua"))
            Assert.Contains("Thời điểm «hôm-qua» không hợp lệ", await ErrorsOf(r), StringComparison.Ordinal);
        using var missing = await fixture.Officer.GetAsync(Api + "/THU-SAI");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Admin_creates_changes_and_closes_and_triage_uses_the_version_in_force_on_the_receipt_date()
    {
        var t0 = PriorityHostFixture.Start.AddDays(30);
        Host.Time.Now = t0;
        using (var created = await fixture.Admin.PostAsync(Api, Json(Project("CAU-THU", "cầu thử nghiệm sông hồng"))))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var v = await BodyOf(created);
            Assert.Equal(1, v.GetProperty("version").GetInt32());
            Assert.Equal("admin", v.GetProperty("recordedBy").GetString());
            Assert.NotEmpty(v.GetProperty("project").GetProperty("newUnits").EnumerateArray());
        }

        Host.Time.Now = t0.AddDays(5);
        var changedBody = Project("CAU-THU", "cầu thử nghiệm sông hồng\",\"nút giao thử nghiệm", "\"Huyện Thanh Trì\",\"Huyện Gia Lâm\"");
        using (var changed = await fixture.Admin.PutAsync(Api + "/CAU-THU", Json(changedBody)))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            Assert.Equal(2, (await BodyOf(changed)).GetProperty("version").GetInt32());
        }

        Host.Time.Now = t0.AddDays(10);
        using (var closed = await fixture.Admin.PostAsync(Api + "/CAU-THU/close", Json("""{"note":"đã bàn giao mặt bằng"}""")))
        {
            Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
            var v = await BodyOf(closed);
            Assert.Equal("closed", v.GetProperty("project").GetProperty("status").GetString());
            Assert.Equal(3, v.GetProperty("version").GetInt32());
        }
        using (var again = await fixture.Admin.PostAsync(Api + "/CAU-THU/close", Json("{}")))
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);

        using (var history = await fixture.Officer.GetAsync(Api + "/CAU-THU"))
            Assert.Equal(["create", "change", "close"], (await BodyOf(history)).GetProperty("history").EnumerateArray().Select(h => h.GetProperty("change").GetString()));
        using (var asOf = await fixture.Officer.GetAsync(Api + "?at=" + t0.AddDays(6).ToString("yyyy-MM-dd")))
        {
            var item = (await BodyOf(asOf)).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "CAU-THU");
            Assert.Equal(2, item.GetProperty("version").GetInt32());
        }

        Assert.Single(AuditRows(AuditActions.PriorityProjectCreate, "CAU-THU"), r => r.Outcome == AuditOutcomes.Ok && r.Actor == "admin");
        Assert.Single(AuditRows(AuditActions.PriorityProjectChange, "CAU-THU"), r => r.Outcome == AuditOutcomes.Ok);
        Assert.Single(AuditRows(AuditActions.PriorityProjectClose, "CAU-THU"), r => r.Outcome == AuditOutcomes.Ok);

        // Triaged now (after the close), each dossier is judged by the registry as it stood when it was received.
        Host.Time.Now = t0.AddDays(11);
        var beforeAdded = await TriageAsync("PP-1", "xin bồi thường cầu thử nghiệm sông hồng", t0.AddDays(-1));
        Assert.False(beforeAdded.GetProperty("isPriority").GetBoolean());
        Assert.Contains("vào ngày nhận hồ sơ", beforeAdded.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True((await TriageAsync("PP-2", "xin bồi thường cầu thử nghiệm sông hồng", t0.AddDays(1))).GetProperty("isPriority").GetBoolean());
        // The alias added by the change counts only for dossiers received after it.
        Assert.False((await TriageAsync("PP-3", "tách thửa phần còn lại nút giao thử nghiệm", t0.AddDays(4))).GetProperty("isPriority").GetBoolean());
        Assert.True((await TriageAsync("PP-4", "tách thửa phần còn lại nút giao thử nghiệm", t0.AddDays(6))).GetProperty("isPriority").GetBoolean());
        var afterClose = await TriageAsync("PP-5", "xin bồi thường cầu thử nghiệm sông hồng", t0.AddDays(10).AddHours(1));
        Assert.False(afterClose.GetProperty("isPriority").GetBoolean());
        Assert.Contains("dự án đã đóng", afterClose.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
