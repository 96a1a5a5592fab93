using System.Net;
using System.Text.Json;
using Assistant.Bot.Tests.Infrastructure;

namespace Assistant.Triage.Tests;

/// <summary>A host whose per-officer limit is low (3 requests a minute), signed in against the real test provider.</summary>
public sealed class LowOfficerLimitFixture : IAsyncLifetime
{
    public const int PermitLimit = 3;

    private OidcTestProvider? _provider;
    private TriageHost? _host;

    public TriageHost Host => _host!;

    public async Task InitializeAsync()
    {
        _provider = await OidcTestProvider.StartAsync();
        _host = await TriageHost.StartAsync(OfficerHostFixture.Now, provider: _provider, extraSettings: new Dictionary<string, string?>
        {
            ["RateLimits:Officer:PermitLimit"] = PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimits:Officer:Window"] = "00:05:00",
        });
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        if (_provider is not null) await _provider.DisposeAsync();
    }
}

/// <summary>
/// The per-officer limit counts each signed-in officer apart, with tokens from the real provider: one officer who
/// exhausts it gets 429 with Retry-After and a Vietnamese body, while another officer on the same address is still served.
/// </summary>
public sealed class OfficerRateLimitTests(LowOfficerLimitFixture fixture) : IClassFixture<LowOfficerLimitFixture>
{
    [Fact]
    public async Task One_officer_over_the_limit_gets_429_while_another_officer_is_served()
    {
        using var officerA = await fixture.Host.ClientForAsync("officer-a");
        using var officerB = await fixture.Host.ClientForAsync("officer-b");

        for (int i = 0; i < LowOfficerLimitFixture.PermitLimit; i++)
        {
            using var allowed = await officerA.GetAsync("api/queue");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await officerA.GetAsync("api/queue");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.True(refused.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0].GetString();
        Assert.Contains("xin chờ", error, StringComparison.Ordinal);

        // Same loopback address, another verified subject: its own count.
        using var other = await officerB.GetAsync("api/queue");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}
