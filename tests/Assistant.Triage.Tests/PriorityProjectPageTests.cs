using System.Text;
using Assistant.Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Triage.Tests;

/// <summary>
/// officer.html in headless Chromium, signed in through the test OpenID provider: everyone signed in sees the
/// "Dự án trọng điểm" list, only an admin gets the create form, and an opened dossier shows the legal basis of its time
/// limit right under the due date. Skipped only when Chromium cannot be installed here.
/// </summary>
public sealed class PriorityProjectPageTests(OidcProviderFixture oidc) : IClassFixture<OidcProviderFixture>
{
    [SkippableFact]
    public async Task The_page_lists_the_projects_for_everyone_offers_forms_to_admins_and_shows_the_time_limit_basis()
    {
        await using var host = await TriageHost.StartAsync(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7)), provider: oidc.Provider);
        var seeded = host.Services.GetRequiredService<TriageService>().Submit(Encoding.UTF8.GetBytes(
            """{"id":"HS-CAN-CU","receivedAt":"2026-03-02T08:00:00+07:00","description":"xin đính chính sổ đỏ ghi sai họ tên","documents":["sổ đỏ"],"parcel":{"newUnit":"Phường Giảng Võ"}}"""));
        Assert.Equal(SubmitStatus.Created, seeded.Status);
        var basis = seeded.Result!.TimeLimitBasis;
        Assert.False(string.IsNullOrEmpty(basis), "the seeded dossier's procedure has a time-limit basis");

        var dir = RepoPaths.ArtifactDir("officer");
        var supervisor = await OfficerBrowser.SignInAsync(host.BaseAddress, "supervisor", Path.Combine(dir, "projects-supervisor.png"), open: ["HS-CAN-CU"]);
        Assert.Empty(supervisor.CspViolations);
        Assert.Empty(supervisor.PageErrors);
        var page = supervisor.After!;
        Assert.Equal("6 dự án.", page.ProjectsStatus);
        var vd4 = Assert.Single(page.Projects!, p => p.Code == "VD4");
        Assert.Contains("Nghị quyết 56/2022/QH15", vd4.Text, StringComparison.Ordinal);
        Assert.Contains("một phần", vd4.Text, StringComparison.Ordinal);
        Assert.Contains("chưa đối chiếu", page.Projects!.Single(p => p.Code == "CAU-TU-LIEN").Text, StringComparison.Ordinal);
        Assert.False(page.ProjectFormVisible);
        var fields = Assert.Single(supervisor.Opened!).Fields;
        var due = fields.ToList().FindIndex(f => f.StartsWith("Hạn trả: ", StringComparison.Ordinal));
        Assert.True(due >= 0, string.Join(" | ", fields));
        Assert.Equal("Căn cứ thời hạn: " + basis, fields[due + 1]);

        var admin = await OfficerBrowser.SignInAsync(host.BaseAddress, "admin", Path.Combine(dir, "projects-admin.png"));
        Assert.Empty(admin.CspViolations);
        Assert.Empty(admin.PageErrors);
        Assert.True(admin.After!.ProjectFormVisible);
        Assert.Equal(6, admin.After.Projects!.Count);
    }
}
