using System.Diagnostics;
using System.Text;

namespace Assistant.Triage.Tests;

/// <summary>officer.html in headless Chromium against the running host (skipped when chromium is not installed; scripts/install-browser.sh installs it).</summary>
public sealed class OfficerPageTests
{
    private static string? FindChromium() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .SelectMany(d => new[] { Path.Combine(d, "chromium"), Path.Combine(d, "chromium-browser") })
            .FirstOrDefault(File.Exists);

    private static async Task<(int Exit, string Out, string Err)> RunAsync(string exe, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw;
        }
        return (p.ExitCode, await stdout, await stderr);
    }

    [SkippableFact]
    public async Task Queue_table_shows_priority_overdue_and_at_risk_flags()
    {
        var chromium = FindChromium();
        Skip.If(chromium is null, "chromium is not installed (scripts/install-browser.sh)");
        await using var host = await TriageHost.StartAsync(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7)));
        async Task Post(string json) =>
            Assert.Equal(System.Net.HttpStatusCode.Created, (await host.Client.PostAsync("api/triage", new StringContent(json, Encoding.UTF8, "application/json"))).StatusCode);
        await Post("""{"id":"HS-QUA-HAN","receivedAt":"2026-02-02T09:00:00+07:00","description":"xin đính chính sổ đỏ ghi sai họ tên","documents":["sổ đỏ"],"parcel":{"newUnit":"Phường Giảng Võ"}}""");
        await Post("""{"id":"HS-SAP-HAN","receivedAt":"2026-02-20T09:00:00+07:00","description":"xin đính chính sổ đỏ ghi sai năm sinh","documents":["sổ đỏ"],"parcel":{"newUnit":"Phường Giảng Võ"}}""");
        await Post("""{"id":"HS-UU-TIEN","receivedAt":"2026-03-02T08:00:00+07:00","description":"tách thửa để chia cho con, đất gần dự án đường Vành đai 4","documents":["sổ đỏ","đơn tách thửa"],"parcel":{"oldCommune":"Xã Lại Yên","oldDistrict":"Huyện Hoài Đức"}}""");

        var profile = Directory.CreateTempSubdirectory("triage-chromium-");
        try
        {
            string[] common =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-dev-shm-usage", "--lang=vi-VN", "--user-data-dir=" + profile.FullName, "--window-size=1200,700",
                "--virtual-time-budget=8000",
            ];
            var url = new Uri(host.BaseAddress, "officer.html").ToString();
            var dump = await RunAsync(chromium!, [.. common, "--dump-dom", url]);
            Assert.True(dump.Exit == 0, dump.Err);
            var full = dump.Out;
            var dom = full[Math.Max(0, full.IndexOf("<tbody>", StringComparison.Ordinal))..];
            var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts", "officer");
            Directory.CreateDirectory(artifacts);
            await File.WriteAllTextAsync(Path.Combine(artifacts, "officer-dom.html"), full);
            Assert.Contains("3 hồ sơ.", full);
            int priority = dom.IndexOf("HS-UU-TIEN", StringComparison.Ordinal), overdue = dom.IndexOf("HS-QUA-HAN", StringComparison.Ordinal);
            int atRisk = dom.IndexOf("HS-SAP-HAN", StringComparison.Ordinal);
            Assert.True(priority > 0 && overdue > priority && atRisk > overdue, "priority row first, then by due date");
            Assert.Contains(">ưu tiên</span>", dom);
            Assert.Contains("<span class=\"flag flag-overdue\">quá hạn</span>", dom);
            Assert.Contains("<span class=\"flag flag-atrisk\">sắp đến hạn</span>", dom);
            await RunAsync(chromium!, [.. common, "--screenshot=" + Path.Combine(artifacts, "officer.png"), url]);
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { }
        }
    }
}
