using System.Net;
using Assistant.Audit;
using Assistant.Bot.Archive;
using Assistant.Bot.Officers;
using Assistant.Bot.Tests.Infrastructure;
using Assistant.Bot.Tests.Security;
using Assistant.Retrieval.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace Assistant.Bot.Tests.Archive;

/// <summary>
/// The signed page link of a lookup card, opened over real HTTP after a real OpenID Connect sign-in (npm oidc-provider,
/// code + PKCE, the officer page's cookie): the staff member the link was made for sees the image, with no-store and a
/// CSP; another signed-in user with the same link gets 403; both openings are audit rows naming the page id only.
/// </summary>
public sealed class ArchivePageLinkTests : IAsyncLifetime
{
    private const string Staff = BotConnectorFixture.RosterUserConfidential; // also an account of the test provider
    private OidcTestProvider _oidc = null!;
    private BotTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _oidc = await OidcTestProvider.StartAsync();
        var settings = new Dictionary<string, string?>(_oidc.BotSettings())
        {
            ["Staff:TenantIds:0"] = BotConnectorFixture.StaffTenant,
            ["Staff:RosterPath"] = BotConnectorFixture.RosterPath,
            ["Staff:AllowUnverifiedInDevelopment"] = "true",
        };
        _host = await BotTestHost.StartAsync(settings);
        await ArchiveTestPages.IndexAsync(_host.Services.GetRequiredService<IChunkStore>(),
            _host.Services.GetRequiredService<IOptions<ArchivePageOptions>>().Value.PagesPath);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _oidc.DisposeAsync();
    }

    private async Task<HttpClient> SignInAsync(string user)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        var http = new HttpClient(handler, disposeHandler: true) { BaseAddress = _host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await OidcTestProvider.BrowseSignInAsync(http, new Uri(_host.BaseAddress, "officer/login"), user, uri => uri.AbsolutePath == OfficerSignInEndpoints.PagePath);
        return http;
    }

    [Fact]
    public async Task TheLinksSubject_SignedIn_SeesTheImage_AnotherSignedInUser_IsRefused_BothAudited()
    {
        var (_, body) = await TeamsActivities.PostAsync(_host.Client,
            TeamsActivities.Message("a:1link", "tra cứu số giấy chứng nhận AA 01234567", BotConnectorFixture.StaffTenant, Staff), token: null);
        var card = (JObject)JObject.Parse(body)["activities"]![0]!["attachments"]![0]!["content"]!;
        var link = new Uri((string)card["actions"]![0]!["url"]!, UriKind.Relative);
        var pageId = ArchiveTestPages.NgocHaCertificate.PageId;

        using (var staff = await SignInAsync(Staff))
        {
            using var response = await staff.GetAsync(link);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
            Assert.Equal(0x89, (await response.Content.ReadAsByteArrayAsync())[0]);
        }

        using (var other = await SignInAsync("officer-b"))
        {
            using var response = await other.GetAsync(link);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.NotEqual("image/png", response.Content.Headers.ContentType?.MediaType);
        }

        var rows = _host.Services.GetRequiredService<IAuditTrail>().Query(new AuditQuery(Action: AuditActions.ArchivePageOpen)).Items;
        Assert.Equal([(Staff, pageId, AuditOutcomes.Ok), ("officer-b", pageId, AuditOutcomes.Denied)],
            rows.Select(r => (r.Actor, r.TargetId!, r.Outcome)).ToList());
    }
}
