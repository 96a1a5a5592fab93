using System.Net;
using System.Text;
using System.Text.Json;
using Assistant.Bot.Officers;
using Assistant.Bot.Tests.Infrastructure;

namespace Assistant.Triage.Tests;

/// <summary>
/// The officer page's sign-in, server side, played as a browser over HTTP (cookies kept, redirects followed by hand):
/// GET /officer/login → the provider's login and consent pages → /signin-oidc (code + PKCE) → a session cookie; then
/// GET /officer/session, cookie-authenticated API calls (POSTs need the anti-forgery header), and POST /officer/logout.
/// </summary>
public sealed class OfficerPageSignInTests(OfficerHostFixture fixture) : IClassFixture<OfficerHostFixture>
{
    private sealed class Browser : IDisposable
    {
        public Browser(Uri baseAddress)
        {
            Cookies = new CookieContainer();
            Handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = Cookies };
            Http = new HttpClient(Handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        }

        public CookieContainer Cookies { get; }
        public HttpClientHandler Handler { get; }
        public HttpClient Http { get; }

        public void Dispose()
        {
            Http.Dispose();
            Handler.Dispose();
        }
    }

    private TriageHost Host => fixture.Host;

    private async Task<Browser> SignInAsync(string user)
    {
        var browser = new Browser(Host.BaseAddress);
        var landed = await OidcTestProvider.BrowseSignInAsync(browser.Http, new Uri(Host.BaseAddress, "officer/login"), user,
            uri => uri.AbsolutePath == OfficerSignInEndpoints.PagePath);
        Assert.Equal(Host.BaseAddress.Authority, landed.Authority);
        return browser;
    }

    private static async Task<JsonElement> SessionOf(Browser browser)
    {
        using var response = await browser.Http.GetAsync("officer/session");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Officer_signs_in_through_the_provider_and_the_cookie_opens_only_their_unit()
    {
        using var browser = await SignInAsync("officer-a");
        var cookie = browser.Cookies.GetCookies(Host.BaseAddress).Single(c => c.Name == ".TroLy.Officer");
        Assert.True(cookie.HttpOnly);

        var session = await SessionOf(browser);
        Assert.True(session.GetProperty("signedIn").GetBoolean());
        Assert.Equal("officer-a", session.GetProperty("subject").GetString());
        Assert.Equal("officer", session.GetProperty("role").GetString());
        Assert.Equal(["00004"], session.GetProperty("units").EnumerateArray().Select(u => u.GetString()!).ToArray());
        var antiforgery = session.GetProperty("antiforgery");
        Assert.Equal(OfficerSignInEndpoints.AntiforgeryHeaderName, antiforgery.GetProperty("headerName").GetString());
        var token = antiforgery.GetProperty("token").GetString()!;
        Assert.False(string.IsNullOrEmpty(token));

        using (var queue = await browser.Http.GetAsync("api/queue")) Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        using (var audit = await browser.Http.GetAsync("api/audit")) Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);

        // A cookie-authenticated POST without the anti-forgery header is refused (another site could make the browser send
        // the cookie); with it, it goes through.
        const string dossier = """{"id":"PAGE-1","description":"xin cấp lại sổ đỏ bị mất","parcel":{"oldCommune":"Phường Trúc Bạch","oldDistrict":"Quận Ba Đình"}}""";
        using (var forged = await browser.Http.PostAsync("api/triage", new StringContent(dossier, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            Assert.Contains(OfficerGate.AntiforgeryMessage, await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Post, "api/triage") { Content = new StringContent(dossier, Encoding.UTF8, "application/json") })
        {
            request.Headers.Add(OfficerSignInEndpoints.AntiforgeryHeaderName, token);
            using var created = await browser.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var opened = await browser.Http.GetAsync("api/triage/PAGE-1")) Assert.Equal(HttpStatusCode.OK, opened.StatusCode);

        // Logout: the form needs the anti-forgery field; then the session is gone and the provider is asked to end its own.
        using (var forgedLogout = await browser.Http.PostAsync("officer/logout", new FormUrlEncodedContent(new Dictionary<string, string>())))
            Assert.Equal(HttpStatusCode.BadRequest, forgedLogout.StatusCode);
        using (var logout = await browser.Http.PostAsync("officer/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [OfficerSignInEndpoints.AntiforgeryFormFieldName] = token,
        })))
        {
            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
            Assert.StartsWith(fixture.Provider.Issuer + "/session/end", logout.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        }

        using var after = await browser.Http.GetAsync("officer/session");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_supervisor_page_session_has_every_unit_and_may_override()
    {
        using var browser = await SignInAsync("supervisor");
        var session = await SessionOf(browser);
        Assert.Equal("supervisor", session.GetProperty("role").GetString());
        Assert.Equal(["*"], session.GetProperty("units").EnumerateArray().Select(u => u.GetString()!).ToArray());
        using (var audit = await browser.Http.GetAsync("api/audit")) Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
    }

    [Fact]
    public async Task Login_challenges_at_the_provider_and_the_page_itself_is_public()
    {
        using var browser = new Browser(Host.BaseAddress);
        using var login = await browser.Http.GetAsync("officer/login");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var authorize = login.Headers.Location!;
        Assert.StartsWith(fixture.Provider.Issuer + "/auth?", authorize.AbsoluteUri, StringComparison.Ordinal);
        // The handler pushes its request to the provider first (PAR, the provider offers it): the browser's redirect
        // carries only a reference, the code challenge and the client secret travel on the back channel. The provider
        // requires PKCE of every client, so each sign-in that succeeds in these tests used it.
        var query = authorize.Query;
        Assert.Contains("client_id=" + OidcTestProvider.OfficerPageClientId, query, StringComparison.Ordinal);
        Assert.Contains("request_uri=" + Uri.EscapeDataString("urn:ietf:params:oauth:request_uri:"), query, StringComparison.Ordinal);
        Assert.DoesNotContain("client_secret", query, StringComparison.Ordinal);
        Assert.DoesNotContain(OidcTestProvider.OfficerPageClientSecret, query, StringComparison.Ordinal);
        Assert.All(login.Headers.GetValues("Set-Cookie"), c => Assert.Contains("samesite=lax", c, StringComparison.OrdinalIgnoreCase));

        // The page holds no data: it is served to anyone and asks GET /officer/session who is signed in.
        using var page = await browser.Http.GetAsync("officer.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var session = await browser.Http.GetAsync("officer/session");
        Assert.Equal(HttpStatusCode.Unauthorized, session.StatusCode);
    }
}
