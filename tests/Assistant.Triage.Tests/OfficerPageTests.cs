using System.Text;
using Assistant.Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Triage.Tests;

/// <summary>
/// officer.html in headless Chromium (puppeteer-core) against the running host, signed in through the test OpenID
/// provider's own login page (<see cref="OfficerBrowser"/>): the queue's flags and default order as a supervisor sees
/// them. Skipped only when Chromium cannot be installed here.
/// </summary>
public sealed class OfficerPageTests(OidcProviderFixture oidc) : IClassFixture<OidcProviderFixture>
{
    private static void Seed(TriageHost host, string json) =>
        Assert.Equal(SubmitStatus.Created, host.Services.GetRequiredService<TriageService>().Submit(Encoding.UTF8.GetBytes(json)).Status);

    [SkippableFact]
    public async Task Queue_table_shows_priority_overdue_and_at_risk_flags()
    {
        await using var host = await TriageHost.StartAsync(
            new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7)), provider: oidc.Provider);
        Seed(host, """{"id":"HS-QUA-HAN","receivedAt":"2026-02-02T09:00:00+07:00","description":"xin đính chính sổ đỏ ghi sai họ tên","documents":["sổ đỏ"],"parcel":{"newUnit":"Phường Giảng Võ"}}""");
        Seed(host, """{"id":"HS-SAP-HAN","receivedAt":"2026-02-20T09:00:00+07:00","description":"xin đính chính sổ đỏ ghi sai năm sinh","documents":["sổ đỏ"],"parcel":{"newUnit":"Phường Giảng Võ"}}""");
        Seed(host, """{"id":"HS-UU-TIEN","receivedAt":"2026-03-02T08:00:00+07:00","description":"tách thửa để chia cho con, đất gần dự án đường Vành đai 4","documents":["sổ đỏ","đơn tách thửa"],"parcel":{"oldCommune":"Xã Lại Yên","oldDistrict":"Huyện Hoài Đức"}}""");

        var screenshot = Path.Combine(RepoPaths.ArtifactDir("officer"), "officer.png");
        var report = await OfficerBrowser.SignInAsync(host.BaseAddress, "supervisor", screenshot);

        Assert.Empty(report.CspViolations);
        Assert.Empty(report.PageErrors);
        var page = report.After!;
        Assert.Equal("supervisor", page.Subject);
        Assert.Equal("3 hồ sơ.", page.QueueStatus);
        Assert.Equal(["HS-UU-TIEN", "HS-QUA-HAN", "HS-SAP-HAN"], page.Rows.Select(r => r.Id));
        Assert.Contains("ưu tiên", page.Rows[0].Flags);
        Assert.Contains("quá hạn", page.Rows[1].Flags);
        Assert.Contains("sắp đến hạn", page.Rows[2].Flags);
        Assert.DoesNotContain("quá hạn", page.Rows[2].Flags);
        Assert.True(File.Exists(screenshot));
    }
}
