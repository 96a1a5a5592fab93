using Assistant.Indexer.Cli;

namespace Assistant.Retrieval.Tests.Cli;

/// <summary>"assistant-indexer doctor --data DIR --today DAY" run in-process on data folders the tests write.</summary>
public sealed class DoctorCliTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("assistant-doctor-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_data, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static string Line(string output, string contains) =>
        output.Split('\n').Select(l => l.Trim()).Single(l => l.Contains(contains, StringComparison.Ordinal));

    private void WriteOkFiles()
    {
        Write("lexicon/synonyms.tsv", "# asOf: 2026-11-26\n# reviewBy: 2027-11-26\nsổ đỏ\tgiấy chứng nhận\n");
        Write("calendar/calendar.json", "{ \"asOf\": \"2026-12-04\", \"reviewBy\": \"2026-12-15\", \"years\": [] }");
        Write("lexicon/README.md", "không có ngày\n");
    }

    [Fact]
    public async Task All_files_within_review_exit_0()
    {
        WriteOkFiles();
        var (exit, output, err) = await CliEnvironment.RunAsync("doctor", "--data", _data, "--today", "2026-12-05");
        Assert.True(exit == ExitCodes.Ok, output + err);
        Assert.Contains("ngày kiểm tra 05/12/2026", output, StringComparison.Ordinal);
        Assert.StartsWith("[ổn]", Line(output, "lexicon/synonyms.tsv"), StringComparison.Ordinal);
        Assert.Contains("hạn rà soát lại 15/12/2026", Line(output, "calendar/calendar.json"), StringComparison.Ordinal);
        Assert.Contains("Tổng: 2 tệp có ngày: 2 ổn, 0 quá hạn rà soát, 0 thiếu ngày, 0 sai định dạng.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("README", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_past_review_exits_1_and_is_named()
    {
        WriteOkFiles();
        Write("procedures/time-limits.tsv", "# asOf: 2026-12-04\n# reviewBy: 2026-12-04\n*\t-\t-\n");
        var (exit, output, _) = await CliEnvironment.RunAsync("doctor", "--data", _data, "--today", "2026-12-05");
        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.StartsWith("[QUÁ HẠN RÀ SOÁT]", Line(output, "procedures/time-limits.tsv"), StringComparison.Ordinal);
        Assert.Contains("hạn rà soát lại 04/12/2026", Line(output, "procedures/time-limits.tsv"), StringComparison.Ordinal);
        Assert.Contains("1 quá hạn rà soát", output, StringComparison.Ordinal);

        // The same folder the day before: within review.
        var (before, _, _) = await CliEnvironment.RunAsync("doctor", "--data", _data, "--today", "2026-12-04");
        Assert.Equal(ExitCodes.Ok, before);
    }

    [Fact]
    public async Task Files_without_dates_or_with_bad_ones_exit_1_and_are_named()
    {
        WriteOkFiles();
        Write("priority-projects/priority-projects.json", "{ \"projects\": [] }");
        Write("officers/roster.sample.csv", "# asOf: 2026-12-04\n# reviewBy: 2026-12-01\nsubject,units\n");
        var (exit, output, _) = await CliEnvironment.RunAsync("doctor", "--data", _data, "--today", "2026-12-05");
        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.StartsWith("[THIẾU NGÀY]", Line(output, "priority-projects/priority-projects.json"), StringComparison.Ordinal);
        Assert.Contains("reviewBy trước asOf", Line(output, "officers/roster.sample.csv"), StringComparison.Ordinal);
        Assert.Contains("1 thiếu ngày, 1 sai định dạng", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--today", "05/12/2026")]
    [InlineData("--data", "/no/such/folder")]
    public async Task Bad_arguments_exit_2(string option, string value)
    {
        WriteOkFiles();
        var args = option == "--data" ? new[] { "doctor", option, value } : ["doctor", "--data", _data, option, value];
        var (exit, _, err) = await CliEnvironment.RunAsync(args);
        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains(value, err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bundled_data_is_read_beside_the_program_by_default()
    {
        // A fixed day long before any review date: whatever it finds is within review or lacks its dates, never past.
        var (_, output, err) = await CliEnvironment.RunAsync("doctor", "--today", "2000-01-01");
        Assert.Contains("calendar/calendar.json", output, StringComparison.Ordinal);
        Assert.Contains("procedures/time-limits.tsv", output, StringComparison.Ordinal);
        Assert.Contains("0 quá hạn rà soát", output + err, StringComparison.Ordinal);
    }
}
