using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Assistant.Bench.Tests;

/// <summary>
/// The soak path end to end, tiny: the bench starts the real bot as a process (its Release or Debug build, like this test
/// assembly), plays a few conversations and triage requests for 15 seconds with a row every 5 seconds, and must exit 0
/// (no error) with rows in its JSON line. No timing is asserted: the machine may be loaded.
/// </summary>
public sealed class SoakSmokeTests
{
    [Fact]
    public async Task A_short_soak_runs_without_error_and_reports_rows()
    {
        var root = RepoRoot();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var bench = Path.Combine(AppContext.BaseDirectory, "assistant-bench-bot.dll");
        var bot = Path.Combine(root, "src", "Assistant.Bot", "bin", configuration, "net10.0", "Assistant.Bot.dll");
        Assert.True(File.Exists(bench), bench);
        Assert.True(File.Exists(bot), $"{bot} (build src/Assistant.Bot)");

        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var a in new[] { bench, "--soak", "15s", "--soak-interval", "5s", "--conversations", "6", "--turns", "5", "--triage-rate", "4", "--bot", bot })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var output = stdout + "\n--- stderr ---\n" + await stderr;
        Assert.True(process.ExitCode == 0, output);
        var json = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last(l => l.StartsWith('{'));
        using var report = JsonDocument.Parse(json);
        var r = report.RootElement;
        Assert.Equal("soak", r.GetProperty("mode").GetString());
        Assert.Equal(0, r.GetProperty("errors").GetInt32());
        Assert.True(r.GetProperty("pass").GetBoolean());
        var rows = r.GetProperty("rows").EnumerateArray().ToList();
        Assert.True(rows.Count >= 2, output);
        Assert.True(r.GetProperty("turns").GetInt32() > 0, output);
        Assert.True(r.GetProperty("triage").GetInt32() > 0, output);
        Assert.All(rows, row => Assert.True(row.GetProperty("rssMb").GetDouble() > 0, output));
        Assert.Contains("memory slope", stdout, StringComparison.Ordinal);
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Assistant.sln")))
            {
                return d.FullName;
            }
        }

        throw new DirectoryNotFoundException("Assistant.sln not found above " + AppContext.BaseDirectory);
    }
}
