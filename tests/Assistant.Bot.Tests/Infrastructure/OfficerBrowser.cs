using System.Text.Json;

namespace Assistant.Bot.Tests.Infrastructure;

/// <summary>
/// Runs tests/Assistant.Bot.Tests/browser/officer-signin.js: Debian's headless Chromium, driven by puppeteer-core, opens
/// the bot's officer page, clicks "Đăng nhập", signs in on the identity provider's own login page (and consent page),
/// comes back to the officer page and reports what it shows. Installs Chromium and puppeteer-core on first use (the
/// scripts test.sh runs). Bounded: the script has its own time limits and is killed after <see cref="Timeout"/>.
/// Shared by the bot and triage tests (linked into both projects).
/// </summary>
public static class OfficerBrowser
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string ScriptDir => Path.Combine(RepoPaths.Root, "tests", "Assistant.Bot.Tests", "browser");

    /// <summary>What the officer page shows at one moment.</summary>
    public sealed record PageState(
        string Url, bool SignedOutVisible, string? SignedOutReason, bool LoginVisible, bool SignedInVisible, bool WhoVisible,
        string? Subject, string? Roles, string? Units, bool LogoutVisible, bool OverrideVisible, string? QueueStatus,
        IReadOnlyList<QueueRow> Rows, string? Status, string? ProjectsStatus = null, IReadOnlyList<ProjectRow>? Projects = null,
        bool ProjectFormVisible = false);

    public sealed record QueueRow(string Id, string Text, IReadOnlyList<string> Flags);

    /// <summary>One row of the page's "Dự án trọng điểm" table.</summary>
    public sealed record ProjectRow(string Code, string Text);

    /// <summary>The dossier panel after opening <see cref="Id"/> (from the queue, or by the page's address).</summary>
    public sealed record OpenedDossier(string Id, string Via, string Status, IReadOnlyList<string> Fields, bool OverrideVisible);

    /// <summary>GET /api/triage/{id} asked from inside the signed-in page.</summary>
    public sealed record Probe(string Id, int Status, string Body);

    /// <summary>The triage form submitted from the page: its status line, the dossier shown, the queue after it.</summary>
    public sealed record Triaged(string Status, string DossierId, IReadOnlyList<string> Rows);

    /// <summary>The supervisor's override form on one dossier: whether the page offered it, and its status line.</summary>
    public sealed record Override(string Id, bool FormShown, string? Status);

    /// <summary>The queue status after a 429 answered by the browser-side test double (<c>--busy-queue</c>).</summary>
    public sealed record Busy(string QueueStatus, bool IsError);

    public sealed record CspViolation(string Page, string Directive, string Blocked, string? Sample);

    public sealed record Report(
        IReadOnlyList<string> Steps, string? ProviderOrigin, bool ConsentShown, string? LoginPageTitle,
        IReadOnlyList<CspViolation> CspViolations, IReadOnlyList<string> PageErrors, IReadOnlyList<string> ConsoleErrors,
        PageState? Before, PageState? After, PageState? AfterLogout,
        Triaged? Triaged, Busy? Busy, IReadOnlyList<OpenedDossier>? Opened, IReadOnlyList<Override>? Overrides, IReadOnlyList<Probe>? Probes,
        string? Error);

    /// <summary>Signs <paramref name="login"/> in on <paramref name="bot"/>'s officer page (any password: the provider's
    /// development login page takes any).</summary>
    /// <param name="screenshot">Where the signed-in page's screenshot goes (and one per opened dossier beside it).</param>
    /// <param name="triage">"ID|description|paper; paper|new unit" typed into the page's triage form.</param>
    /// <param name="overrides">"ID=UNITCODE": the override form submitted on that dossier.</param>
    /// <param name="busyQueueSeconds">TEST DOUBLE of the rate limiter: the browser itself answers the next GET /api/queue
    /// with 429 and this Retry-After, and the page's "Tải lại" is clicked.</param>
    public static async Task<Report> SignInAsync(
        Uri bot, string login, string screenshot, IEnumerable<string>? open = null, IEnumerable<string>? probe = null, bool logout = false,
        string? triage = null, IEnumerable<string>? overrides = null, int? busyQueueSeconds = null)
    {
        await EnsureInstalledAsync();
        List<string> args = [Path.Combine(ScriptDir, "officer-signin.js"), "--base", bot.ToString(), "--login", login, "--password", "mat-khau-bat-ky",
            "--screenshot", screenshot, "--timeout-ms", "45000"];
        foreach (var id in open ?? []) args.AddRange(["--open", id]);
        foreach (var id in probe ?? []) args.AddRange(["--probe", id]);
        foreach (var spec in overrides ?? []) args.AddRange(["--override", spec]);
        if (triage is not null) args.AddRange(["--triage", triage]);
        if (busyQueueSeconds is { } seconds) args.AddRange(["--busy-queue", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (logout) args.Add("--logout");
        var run = await ProcessRunner.RunAsync("node", args, Timeout, ScriptDir);
        var line = run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        Assert.True(line is not null, $"officer-signin.js exited {run.ExitCode} without a report: {run.StdErr}");
        var report = JsonSerializer.Deserialize<Report>(line!, Json)!;
        Assert.True(report.Error is null && run.ExitCode == 0,
            $"officer-signin.js exited {run.ExitCode} after steps [{string.Join(", ", report.Steps)}]: {report.Error} {run.StdErr}"
            + $" CSP violations: [{string.Join("; ", report.CspViolations.Select(v => $"{v.Directive} {v.Blocked} on {v.Page}"))}]");
        return report;
    }

    public static async Task EnsureInstalledAsync()
    {
        if (!ProcessRunner.IsOnPath("chromium"))
        {
            var browser = await ProcessRunner.RunAsync("bash", [RepoPaths.Script("install-browser.sh")], TimeSpan.FromMinutes(8));
            Skip.If(browser.ExitCode == 3, "chromium is not installed and cannot be installed here: " + browser.StdErr);
            Assert.True(browser.ExitCode == 0, "install-browser.sh failed: " + browser.StdErr + browser.StdOut);
        }

        if (!File.Exists(Path.Combine(ScriptDir, "node_modules", "puppeteer-core", "package.json")))
        {
            var npm = await ProcessRunner.RunAsync("bash", [RepoPaths.Script("install-browser-test-deps.sh")], TimeSpan.FromMinutes(5));
            Assert.True(npm.ExitCode == 0, "install-browser-test-deps.sh failed: " + npm.StdErr + npm.StdOut);
        }
    }
}
