using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Assistant.Bot.Officers;
using Assistant.Bot.Tests.Infrastructure;

namespace Assistant.Bot.Tests;

/// <summary>
/// One test OpenID provider (oidc-provider on 127.0.0.1) and one bot host signing in against it, with dossiers of two
/// units seeded through the API with a supervisor's token from that provider: HS-A-1 and HS-A-2 in unit 00004 (Phường
/// Ba Đình), HS-B-1 and HS-S-1 in unit 00008 (Phường Ngọc Hà).
/// </summary>
public sealed class OfficerSignInFixture : IAsyncLifetime
{
    public OidcTestProvider Provider { get; private set; } = null!;

    public BotTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Provider = await OidcTestProvider.StartAsync();
        Host = await BotTestHost.StartAsync(new Dictionary<string, string?>(Provider.BotSettings())
        {
            // "Đăng xuất" posts to the host, which redirects to the provider's end-session page: the page's
            // Content-Security-Policy must let the form go there (browsers apply form-action to the redirect too).
            ["SecurityHeaders:FormActionOrigins:0"] = Provider.Issuer,
        });
        var token = await Provider.GetAccessTokenAsync("supervisor");
        await SeedAsync(token, "HS-A-1", "xin đính chính sổ đỏ ghi sai họ tên", "Phường Ba Đình");
        await SeedAsync(token, "HS-A-2", "xin tách thửa đất để chia cho con", "Phường Ba Đình");
        await SeedAsync(token, "HS-B-1", "xin đính chính sổ đỏ ghi sai năm sinh", "Phường Ngọc Hà");
        await SeedAsync(token, "HS-S-1", "xin cấp đổi sổ đỏ bị rách", "Phường Ngọc Hà");
    }

    private async Task SeedAsync(string token, string id, string description, string newUnit)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/triage")
        {
            Content = new StringContent(
                $$$"""{"id":"{{{id}}}","description":"{{{description}}}","documents":["sổ đỏ"],"parcel":{"newUnit":"{{{newUnit}}}"}}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Host.Client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"seeding {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        if (Provider is not null) await Provider.DisposeAsync();
    }
}

/// <summary>
/// Issue 10, item 6: Debian's headless Chromium (puppeteer-core) opens the officer page, which offers only "Đăng nhập";
/// the click leads to the identity provider's own login page, where the officer signs in; back on the officer page the
/// queue holds the dossiers of that officer's unit and none of the other unit's. The page runs under the host's
/// Content-Security-Policy: any violation it reports fails the test. Screenshots go to the test output's
/// artifacts/officer-signin/ for a person to look at.
/// </summary>
public sealed class OfficerSignInTests(OfficerSignInFixture fixture) : IClassFixture<OfficerSignInFixture>
{
    private const string Forbidden = "Bạn không có quyền xem hồ sơ này.";

    private static string Screenshot(string name) => Path.Combine(RepoPaths.ArtifactDir("officer-signin"), name + ".png");

    private static IReadOnlyList<string> Ids(OfficerBrowser.PageState? state) => state!.Rows.Select(r => r.Id).Order(StringComparer.Ordinal).ToList();

    private void AssertSignedInThroughTheProvider(OfficerBrowser.Report report, string subject)
    {
        Assert.Empty(report.CspViolations);
        Assert.Empty(report.PageErrors);

        // Before signing in: the sign-in link, the server's reason, and nothing of the officer side.
        Assert.True(report.Before!.SignedOutVisible && report.Before.LoginVisible);
        Assert.Equal(OfficerGate.SignInRequiredMessage, report.Before.SignedOutReason);
        Assert.False(report.Before.SignedInVisible || report.Before.WhoVisible);
        Assert.Empty(report.Before.Rows);

        // The login form was the provider's own page, on the provider's origin.
        Assert.Equal(fixture.Provider.Issuer, report.ProviderOrigin);
        Assert.Equal(new Uri(fixture.Host.BaseAddress, "officer.html").ToString(), report.After!.Url.Split('#')[0]);
        Assert.True(report.After.SignedInVisible && report.After.WhoVisible && report.After.LogoutVisible);
        Assert.False(report.After.SignedOutVisible);
        Assert.Equal(subject, report.After.Subject);
    }

    [SkippableFact]
    public async Task Officer_of_unit_00004_signs_in_on_the_provider_page_and_sees_only_that_units_queue()
    {
        var report = await OfficerBrowser.SignInAsync(
            fixture.Host.BaseAddress, "officer-a", Screenshot("officer-a"),
            open: ["HS-A-1", "HS-B-1"], probe: ["HS-B-1"], logout: true,
            triage: "HS-A-3|xin tách thửa đất để chia cho con|sổ đỏ; đơn đề nghị tách thửa|Phường Ba Đình");

        AssertSignedInThroughTheProvider(report, "officer-a");
        Assert.Equal("00004", report.After!.Units);
        Assert.Equal("cán bộ", report.After.Roles);
        Assert.Equal(["HS-A-1", "HS-A-2"], Ids(report.After));
        Assert.Equal("2 hồ sơ.", report.After.QueueStatus);
        Assert.All(report.After.Rows, r => Assert.Contains("(00004)", r.Text, StringComparison.Ordinal));
        Assert.False(report.After.OverrideVisible);

        // Its own dossier opens from the queue; the other unit's, asked for by address, is refused by the server.
        var own = report.Opened![0];
        Assert.Equal(("HS-A-1", "queue", ""), (own.Id, own.Via, own.Status));
        Assert.Contains("Xã/phường mới: Phường Ba Đình (00004)", own.Fields);
        Assert.False(own.OverrideVisible);
        var other = report.Opened[1];
        Assert.Equal(("HS-B-1", "address", Forbidden), (other.Id, other.Via, other.Status));
        Assert.Empty(other.Fields);
        Assert.Equal(403, Assert.Single(report.Probes!).Status);

        // The triage form posts with the session's anti-forgery token; the new dossier joins the unit's queue.
        Assert.StartsWith("Đã phân loại hồ sơ HS-A-3", report.Triaged!.Status, StringComparison.Ordinal);
        Assert.Equal("HS-A-3", report.Triaged.DossierId);
        Assert.Contains("HS-A-3", report.Triaged.Rows);
        Assert.DoesNotContain("HS-B-1", report.Triaged.Rows);

        // "Đăng xuất" ends the session: the page is back to the sign-in link alone.
        Assert.True(report.AfterLogout!.SignedOutVisible && report.AfterLogout.LoginVisible);
        Assert.False(report.AfterLogout.SignedInVisible);
        Assert.Empty(report.AfterLogout.Rows);
        Assert.True(File.Exists(Screenshot("officer-a")));
    }

    [SkippableFact]
    public async Task Officer_of_unit_00008_sees_only_that_units_queue()
    {
        var report = await OfficerBrowser.SignInAsync(fixture.Host.BaseAddress, "officer-b", Screenshot("officer-b"), open: ["HS-A-1"], busyQueueSeconds: 7);

        AssertSignedInThroughTheProvider(report, "officer-b");
        Assert.Equal("00008", report.After!.Units);
        Assert.Contains("HS-B-1", Ids(report.After));
        Assert.DoesNotContain(Ids(report.After), id => id.StartsWith("HS-A-", StringComparison.Ordinal));
        Assert.All(report.After.Rows, r => Assert.Contains("(00008)", r.Text, StringComparison.Ordinal));
        Assert.Equal(Forbidden, Assert.Single(report.Opened!).Status);

        // A 429 (here from the browser-side test double of the rate limiter) is a wait in Vietnamese with Retry-After's seconds.
        Assert.Equal(new OfficerBrowser.Busy("Hệ thống đang bận, xin chờ 7 giây rồi thử lại.", true), report.Busy);
    }

    [SkippableFact]
    public async Task Supervisor_sees_every_unit_and_overrides_from_the_page()
    {
        var report = await OfficerBrowser.SignInAsync(
            fixture.Host.BaseAddress, "supervisor", Screenshot("supervisor"), open: ["HS-B-1"], overrides: ["HS-S-1=00025"]);

        AssertSignedInThroughTheProvider(report, "supervisor");
        Assert.Equal("giám sát viên", report.After!.Roles);
        Assert.Equal("tất cả", report.After.Units);
        Assert.Superset(new HashSet<string> { "HS-A-1", "HS-A-2", "HS-B-1", "HS-S-1" }, Ids(report.After).ToHashSet());
        Assert.True(Assert.Single(report.Opened!).OverrideVisible);
        var done = Assert.Single(report.Overrides!);
        Assert.True(done.FormShown);
        Assert.Equal("Đã ghi nhận điều chỉnh.", done.Status);
    }

    [SkippableFact]
    public async Task Account_without_an_officer_role_signs_in_but_gets_no_queue()
    {
        var report = await OfficerBrowser.SignInAsync(fixture.Host.BaseAddress, "norole", Screenshot("norole"));

        AssertSignedInThroughTheProvider(report, "norole");
        Assert.Equal("không có vai trò cán bộ", report.After!.Roles);
        Assert.Empty(report.After.Rows);
        Assert.Equal("Bạn không có quyền thực hiện thao tác này.", report.After.QueueStatus);
    }
}
