using System.Net;
using System.Text;
using System.Text.Json;
using Assistant.Audit;
using Assistant.Bot.Officers;
using Assistant.Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Triage.Tests;

/// <summary>One test OpenID provider and one host signed in against it, shared by the tests of a class.</summary>
public sealed class OfficerHostFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7)); // Monday

    private OidcTestProvider? _provider;
    private TriageHost? _host;

    public OidcTestProvider Provider => _provider!;
    public TriageHost Host => _host!;

    public async Task InitializeAsync()
    {
        _provider = await OidcTestProvider.StartAsync();
        _host = await TriageHost.StartAsync(Now, provider: _provider);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        if (_provider is not null) await _provider.DisposeAsync();
    }
}

/// <summary>
/// Who may call the officer endpoints, with tokens from a real OpenID provider (oidc-provider on 127.0.0.1): nothing
/// answers anonymously, bad tokens are refused, each officer sees only their unit's dossiers (filtered in the store
/// query), another unit's dossier is a 403 that the audit trail records, overrides are for supervisors.
/// </summary>
public sealed class OfficerAccessTests(OfficerHostFixture fixture) : IClassFixture<OfficerHostFixture>
{
    // Trúc Bạch went whole into Phường Ba Đình (00004); Liễu Giai whole into Phường Ngọc Hà (00008).
    private const string InUnit00004 = """{"oldCommune":"Phường Trúc Bạch","oldDistrict":"Quận Ba Đình"}""";
    private const string InUnit00008 = """{"oldCommune":"Phường Liễu Giai","oldDistrict":"Quận Ba Đình"}""";

    private TriageHost Host => fixture.Host;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Dossier(string id, string parcel) =>
        $$"""{"id":"{{id}}","description":"xin cấp lại sổ đỏ bị mất","documents":["đơn đề nghị"],"parcel":{{parcel}}}""";

    private static async Task<JsonElement> BodyOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static async Task<string> FirstError(HttpResponseMessage response) =>
        (await BodyOf(response)).GetProperty("errors")[0].GetString()!;

    private async Task PostAsSupervisorAsync(string id, string parcel)
    {
        using var created = await Host.Client.PostAsync("api/triage", Json(Dossier(id, parcel)));
        Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await created.Content.ReadAsStringAsync());
    }

    private static async Task<List<JsonElement>> QueueOf(HttpClient client)
    {
        using var response = await client.GetAsync("api/queue");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await BodyOf(response)).GetProperty("items").EnumerateArray().ToList();
    }

    private static IEnumerable<(HttpMethod Method, string Path)> OfficerEndpoints =>
    [
        (HttpMethod.Post, "api/triage"),
        (HttpMethod.Get, "api/queue"),
        (HttpMethod.Get, "api/triage/HS-1"),
        (HttpMethod.Post, "api/triage/HS-1/override"),
        (HttpMethod.Get, "api/audit"),
        (HttpMethod.Get, "officer/session"),
    ];

    private static async Task<HttpResponseMessage> CallAsync(HttpClient client, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post) request.Content = Json("""{"description":"xin tách thửa","unitCode":"00004"}""");
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Anonymous_calls_get_401_with_a_Vietnamese_body_and_a_bearer_challenge()
    {
        foreach (var (method, path) in OfficerEndpoints)
        {
            using var response = await CallAsync(Host.Anonymous, method, path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {response.StatusCode}");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal(OfficerGate.SignInRequiredMessage, await FirstError(response));
        }
    }

    [Fact]
    public async Task Bad_tokens_get_401_and_signed_in_callers_without_the_role_get_403()
    {
        var provider = fixture.Provider;
        var invalid = new Dictionary<string, string>
        {
            ["expired"] = provider.CraftedExpiredToken(),
            ["wrong audience"] = provider.CraftedWrongAudienceToken(),
            ["wrong issuer"] = provider.CraftedWrongIssuerToken(),
            ["wrong key"] = provider.CraftedWrongKeyToken(),
            ["unsigned (alg none)"] = provider.CraftedUnsignedToken(),
            ["not a JWT"] = "not-a-token",
        };
        foreach (var (name, token) in invalid)
        {
            using var response = await Host.ClientWithToken(token).GetAsync("api/queue");
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name}: {response.StatusCode}");
            Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            Assert.Equal(OfficerGate.InvalidTokenMessage, await FirstError(response));
        }

        // The control: the same crafted shape, signed right, is accepted — so the refusals above are for their one flaw.
        using (var control = await Host.ClientWithToken(provider.CraftedValidToken("officer-a", ["officer"], ["00004"])).GetAsync("api/queue"))
            Assert.Equal(HttpStatusCode.OK, control.StatusCode);

        var noRole = new[] { Host.ClientWithToken(provider.CraftedNoRoleToken()), await Host.ClientForAsync("norole") };
        foreach (var client in noRole)
        {
            foreach (var (method, path) in OfficerEndpoints.Where(e => e.Path != "officer/session"))
            {
                using var response = await CallAsync(client, method, path);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {response.StatusCode}");
                Assert.Equal(OfficerGate.ForbiddenMessage, await FirstError(response));
            }
        }

        // An admin manages reference data and reads the trail, but works no dossier.
        var admin = await Host.ClientForAsync("admin");
        using (var queue = await admin.GetAsync("api/queue")) Assert.Equal(HttpStatusCode.Forbidden, queue.StatusCode);
        using (var audit = await admin.GetAsync("api/audit")) Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
    }

    [Fact]
    public async Task Each_officer_sees_only_the_queue_and_dossiers_of_their_unit()
    {
        await PostAsSupervisorAsync("SCOPE-A", InUnit00004);
        await PostAsSupervisorAsync("SCOPE-B", InUnit00008);
        var officerA = await Host.ClientForAsync("officer-a");
        var officerB = await Host.ClientForAsync("officer-b");

        var queueA = await QueueOf(officerA);
        Assert.Contains(queueA, i => i.GetProperty("id").GetString() == "SCOPE-A");
        Assert.DoesNotContain(queueA, i => i.GetProperty("id").GetString() == "SCOPE-B");
        Assert.All(queueA, i => Assert.Contains("00004", i.GetProperty("unitCodes").EnumerateArray().Select(u => u.GetString())));
        var queueB = await QueueOf(officerB);
        Assert.Contains(queueB, i => i.GetProperty("id").GetString() == "SCOPE-B");
        Assert.DoesNotContain(queueB, i => i.GetProperty("id").GetString() == "SCOPE-A");
        Assert.All(queueB, i => Assert.Contains("00008", i.GetProperty("unitCodes").EnumerateArray().Select(u => u.GetString())));
        var all = (await QueueOf(Host.Client)).Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Contains("SCOPE-A", all);
        Assert.Contains("SCOPE-B", all);

        using (var own = await officerA.GetAsync("api/triage/SCOPE-A")) Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using (var other = await officerA.GetAsync("api/triage/SCOPE-B"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
            var error = await FirstError(other);
            Assert.Contains("không thuộc đơn vị của bạn", error, StringComparison.Ordinal);
        }

        // The refused attempt is in the audit trail: who (officer-a's subject), what, on which dossier, denied.
        var trail = Host.Services.GetRequiredService<IAuditTrail>();
        var denied = Assert.Single(trail.Query(new AuditQuery(Actor: "officer-a", TargetId: "SCOPE-B", Outcome: AuditOutcomes.Denied)).Items);
        Assert.Equal((AuditActions.DossierOpen, "officer", "00004", "127.0.0.1"), (denied.Action, denied.Role, denied.Unit, denied.ClientAddress));
        Assert.Single(trail.Query(new AuditQuery(Actor: "officer-a", TargetId: "SCOPE-A", Action: AuditActions.DossierOpen, Outcome: AuditOutcomes.Ok)).Items);
        Assert.NotEmpty(trail.Query(new AuditQuery(Actor: "officer-b", Action: AuditActions.QueueRead)).Items);

        // An officer may triage: the dossier goes to the competent unit's queue, whoever filed it.
        using (var filed = await officerA.PostAsync("api/triage", Json(Dossier("SCOPE-A2", InUnit00008)))) Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        Assert.Contains(await QueueOf(officerB), i => i.GetProperty("id").GetString() == "SCOPE-A2");
        Assert.DoesNotContain(await QueueOf(officerA), i => i.GetProperty("id").GetString() == "SCOPE-A2");
    }

    [Fact]
    public async Task Supervisors_override_in_their_own_name_and_read_the_audit_trail_officers_do_neither()
    {
        await PostAsSupervisorAsync("OVR-1", InUnit00004);
        var officerA = await Host.ClientForAsync("officer-a");
        using (var refused = await officerA.PostAsync("api/triage/OVR-1/override", Json("""{"unitCode":"00008"}""")))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var refused = await officerA.GetAsync("api/audit")) Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // The body's "officer" is ignored: the override is recorded under the verified subject.
        using (var done = await Host.Client.PostAsync("api/triage/OVR-1/override", Json("""{"unitCode":"00008","officer":"Nguyễn Văn Giả Danh"}""")))
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var item = (await QueueOf(Host.Client)).Single(i => i.GetProperty("id").GetString() == "OVR-1");
        Assert.Equal("supervisor", item.GetProperty("overrideOfficer").GetString());
        // The override moved the dossier to 00008's queue.
        Assert.DoesNotContain(await QueueOf(officerA), i => i.GetProperty("id").GetString() == "OVR-1");
        Assert.Contains(await QueueOf(await Host.ClientForAsync("officer-b")), i => i.GetProperty("id").GetString() == "OVR-1");

        using var page = await Host.Client.GetAsync("api/audit?actor=officer-a&action=override&target=OVR-1");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var row = Assert.Single((await BodyOf(page)).GetProperty("items").EnumerateArray());
        Assert.Equal("denied", row.GetProperty("outcome").GetString());
        Assert.Equal("officer", row.GetProperty("role").GetString());
        using var ok = await Host.Client.GetAsync("api/audit?actor=supervisor&action=override&target=OVR-1&outcome=ok");
        Assert.Single((await BodyOf(ok)).GetProperty("items").EnumerateArray());

        // Paging: one row at a time, the cursor leads to the next row, and the reads themselves are recorded.
        using var first = await Host.Client.GetAsync("api/audit?target=OVR-1&limit=1");
        var firstBody = await BodyOf(first);
        var next = firstBody.GetProperty("next").GetInt64();
        using var second = await Host.Client.GetAsync($"api/audit?target=OVR-1&limit=1&after={next}");
        var secondRow = Assert.Single((await BodyOf(second)).GetProperty("items").EnumerateArray());
        Assert.True(secondRow.GetProperty("seq").GetInt64() > firstBody.GetProperty("items")[0].GetProperty("seq").GetInt64());
        using var reads = await Host.Client.GetAsync("api/audit?actor=supervisor&action=audit.read");
        Assert.True((await BodyOf(reads)).GetProperty("items").GetArrayLength() >= 3);
        using var bad = await Host.Client.GetAsync("api/audit?limit=100000&from=hôm-qua");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(2, (await BodyOf(bad)).GetProperty("errors").GetArrayLength());
    }
}

/// <summary>A host with no "Auth" section (a fresh machine, the README's run command): the officer side is closed.</summary>
public sealed class OfficerSignInNotConfiguredTests
{
    [Fact]
    public async Task Without_sign_in_configured_every_officer_endpoint_answers_401_saying_so()
    {
        await using var host = await TriageHost.StartAsync(OfficerHostFixture.Now);
        foreach (var (method, path) in new[] { (HttpMethod.Post, "api/triage"), (HttpMethod.Get, "api/queue"), (HttpMethod.Get, "api/triage/X"),
                     (HttpMethod.Post, "api/triage/X/override"), (HttpMethod.Get, "api/audit"), (HttpMethod.Get, "officer/session") })
        {
            using var request = new HttpRequestMessage(method, path);
            if (method == HttpMethod.Post) request.Content = new StringContent("""{"description":"xin tách thửa"}""", Encoding.UTF8, "application/json");
            // A token does not help while no provider is configured to check it.
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
            using var response = await host.Anonymous.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {response.StatusCode}");
            Assert.Equal(OfficerGate.NotConfiguredMessage, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0].GetString());
        }

        using var login = await host.Anonymous.GetAsync("officer/login");
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Contains("chưa cấu hình", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Refusals without an identity leave no row (only the host's own retention purge, which runs at start, is there).
        Assert.DoesNotContain(host.Services.GetRequiredService<IAuditTrail>().Query(new AuditQuery()).Items,
            r => r.Action != AuditActions.RetentionPurge);
    }

    [Fact]
    public async Task The_host_does_not_start_with_a_broken_Auth_section()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:Authority"] = "http://sso.example/realms/hanoi", // plain http while RequireHttpsMetadata is on (its default)
            ["Auth:Audience"] = "api://tro-ly-dat-dai",
        };
        await using var factory = new AssistantHostFactory(TestPaths.TempDir("bad-auth"), indexBundledCorpus: false, settings);
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(factory.Start);
        Assert.Contains("Auth:Authority must be https", error.Message, StringComparison.Ordinal);
    }
}
