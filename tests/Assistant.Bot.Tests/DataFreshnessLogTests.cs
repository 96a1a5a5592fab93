using Assistant.Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Assistant.Bot.Tests;

/// <summary>
/// The host's start-up warning about data past review (data/README.md, "Freshness"): the real host on a data folder the
/// test writes (Land:Freshness:DataPath), with a fixed clock, its log lines captured.
/// </summary>
public sealed class DataFreshnessLogTests
{
    [Fact]
    public async Task Start_up_logs_one_warning_naming_the_files_past_review_on_the_clocks_Vietnam_date()
    {
        var data = Directory.CreateTempSubdirectory("assistant-freshness-log-").FullName;
        Write(data, "procedures/time-limits.tsv", "# asOf: 2026-12-04\n# reviewBy: 2026-12-04\n*\t-\t-\n");
        Write(data, "regulations/catalog.json",
            "{ \"asOf\": \"2026-11-26\", \"reviewBy\": \"2027-05-26\", \"documents\": { \"hanoi/qd-71.md\": { \"asOf\": \"2026-11-26\", \"reviewBy\": \"2026-11-26\" } } }");
        Write(data, "calendar/calendar.json", "{ \"asOf\": \"2026-12-04\", \"reviewBy\": \"2026-12-15\" }");
        Write(data, "lexicon/synonyms.tsv", "# asOf: 2026-11-26\n# reviewBy: 2027-11-26\nsổ đỏ\tgiấy chứng nhận\n");
        var capture = new TestLogCapture();
        // 17:30 UTC on 4 December is already 5 December in Hanoi: time-limits.tsv (review by 4/12) is past.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 17, 30, 0, TimeSpan.Zero));

        await using (await BotTestHost.StartAsync(
            new Dictionary<string, string?> { ["Land:Freshness:DataPath"] = data },
            services =>
            {
                services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
                services.AddSingleton<ILoggerProvider>(capture);
            }))
        {
        }

        var warning = Assert.Single(capture.Lines, l => l.Contains("Data past review", StringComparison.Ordinal));
        Assert.Contains("2026-12-05", warning, StringComparison.Ordinal);
        Assert.Contains("2 files", warning, StringComparison.Ordinal);
        Assert.Contains("procedures/time-limits.tsv", warning, StringComparison.Ordinal);
        Assert.Contains("regulations/hanoi/qd-71.md", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("calendar.json", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("synonyms.tsv", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(capture.Lines, l => l.Contains("without valid asOf/reviewBy", StringComparison.Ordinal));
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task No_past_review_warning_when_none_is_past_and_files_without_dates_are_named_apart()
    {
        var data = Directory.CreateTempSubdirectory("assistant-freshness-log-").FullName;
        Write(data, "calendar/calendar.json", "{ \"asOf\": \"2026-12-04\", \"reviewBy\": \"2026-12-15\" }");
        Write(data, "priority-projects/priority-projects.json", "{ \"projects\": [] }");
        var capture = new TestLogCapture();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 2, 0, 0, TimeSpan.Zero));

        await using (await BotTestHost.StartAsync(
            new Dictionary<string, string?> { ["Land:Freshness:DataPath"] = data },
            services =>
            {
                services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
                services.AddSingleton<ILoggerProvider>(capture);
            }))
        {
        }

        Assert.DoesNotContain(capture.Lines, l => l.Contains("Data past review", StringComparison.Ordinal));
        // A file without dates gets its own warning, by name.
        var undated = Assert.Single(capture.Lines, l => l.Contains("without valid asOf/reviewBy", StringComparison.Ordinal));
        Assert.Contains("priority-projects/priority-projects.json", undated, StringComparison.Ordinal);
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }

    private static void Write(string root, string relative, string content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
