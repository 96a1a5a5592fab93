using System.Net;
using System.Text;
using Assistant.Access;
using Assistant.Audit;
using Assistant.Bot.Officers;
using Assistant.Bot.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Triage.Tests;

/// <summary>The triage endpoint module: typed results per handler, and the wire format they produce.</summary>
public sealed class TriageApiTests(OidcProviderFixture oidc) : IClassFixture<OidcProviderFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7)); // Monday

    private static HttpRequest Request(string json)
    {
        var context = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        return context.Request;
    }

    [Fact]
    public async Task Handlers_answer_with_typed_results()
    {
        // The handlers behind the gate, called directly with a verified supervisor (what OfficerGate lets through).
        await using var host = await TriageHost.StartAsync(Now);
        var triage = host.Services.GetRequiredService<TriageService>();
        var policy = host.Services.GetRequiredService<AccessPolicy>();
        var audit = host.Services.GetRequiredService<IAuditTrail>();
        var caller = new OfficerCaller(
            new CallerIdentity(UserRole.Supervisor) { Subject = "sup-1", Roles = new HashSet<UserRole> { UserRole.Supervisor }, Units = UnitScope.All },
            OfficerSignIn.Bearer, "127.0.0.1");

        var created = Assert.IsType<ContentHttpResult>((await TriageApi.SubmitAsync(Request("""{"id":"API-1","description":"xin tách thửa đất chia cho con"}"""), triage, caller, audit)).Result);
        Assert.Equal(StatusCodes.Status201Created, created.StatusCode);
        Assert.Equal("application/json; charset=utf-8", created.ContentType);

        var again = Assert.IsType<ContentHttpResult>((await TriageApi.SubmitAsync(Request("""{"id":"API-1","description":"xin tách thửa đất chia cho con"}"""), triage, caller, audit)).Result);
        Assert.Equal(StatusCodes.Status200OK, again.StatusCode);
        Assert.Equal(created.ResponseContent, again.ResponseContent);

        var invalid = Assert.IsType<JsonHttpResult<TriageErrors>>((await TriageApi.SubmitAsync(Request("{}"), triage, caller, audit)).Result);
        Assert.Equal(StatusCodes.Status400BadRequest, invalid.StatusCode);
        Assert.NotEmpty(invalid.Value!.Errors);

        var stored = Assert.IsType<ContentHttpResult>(TriageApi.Get("API-1", triage, caller, policy, audit).Result);
        Assert.Equal(created.ResponseContent, stored.ResponseContent);
        var missing = Assert.IsType<JsonHttpResult<TriageErrors>>(TriageApi.Get("KHONG-CO", triage, caller, policy, audit).Result);
        Assert.Equal(StatusCodes.Status404NotFound, missing.StatusCode);

        Assert.Equal(["API-1"], TriageApi.Queue(triage, caller, policy, audit).Value!.Items.Select(i => i.Id).ToArray());

        var recorded = Assert.IsType<JsonHttpResult<OverrideRecorded>>((await TriageApi.OverrideAsync("API-1", Request("""{"unitCode":"00025","officer":"Nguyễn Thị Hà"}"""), triage, caller, policy, audit)).Result);
        Assert.Equal(new OverrideRecorded("API-1", "đã ghi nhận điều chỉnh"), recorded.Value);

        // Each call left its row: who, which action, on what, how it ended; never the dossier's text.
        var rows = audit.Query(new AuditQuery(Actor: "sup-1", Limit: 50)).Items;
        Assert.Equal(
            [("triage", "API-1", "ok"), ("triage", "API-1", "ok"), ("triage", null, "invalid"), ("dossier.open", "API-1", "ok"),
             ("dossier.open", "KHONG-CO", "not-found"), ("queue.read", null, "ok"), ("override", "API-1", "ok")],
            rows.Select(r => (r.Action, r.TargetId, r.Outcome)).ToArray());
        Assert.All(rows, r => Assert.Equal(("supervisor", "*", "127.0.0.1"), (r.Role, r.Unit, r.ClientAddress)));
    }

    [Fact]
    public async Task Errors_and_acknowledgements_keep_their_wire_format()
    {
        await using var host = await TriageHost.StartAsync(Now, provider: oidc.Provider);
        using var missing = await host.Client.GetAsync("api/triage/KHONG-CO");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/json; charset=utf-8", missing.Content.Headers.ContentType?.ToString());
        Assert.Equal("{\"errors\":[\"Không tìm thấy hồ sơ mã KHONG-CO.\"]}", await missing.Content.ReadAsStringAsync());

        using var empty = await host.Client.GetAsync("api/queue");
        Assert.Equal("{\"items\":[]}", await empty.Content.ReadAsStringAsync());

        using var created = await host.Client.PostAsync("api/triage", new StringContent("""{"id":"API-2","description":"xin cấp lại sổ đỏ bị mất"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Null(created.Headers.Location);
        using var recorded = await host.Client.PostAsync("api/triage/API-2/override", new StringContent("""{"unitCode":"00025","officer":"Nguyễn Thị Hà"}""", Encoding.UTF8, "application/json"));
        Assert.Equal("{\"id\":\"API-2\",\"status\":\"đã ghi nhận điều chỉnh\"}", await recorded.Content.ReadAsStringAsync());
    }
}
