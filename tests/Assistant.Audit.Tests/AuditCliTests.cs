using Assistant.Indexer.Cli;

namespace Assistant.Audit.Tests;

/// <summary>"assistant-indexer audit verify|show" run in-process on real trail files.</summary>
public sealed class AuditCliTests : IDisposable
{
    private readonly TempFolder _tmp = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));

    public void Dispose() => _tmp.Dispose();

    private string DbPath => _tmp.File("audit.db");

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = await CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private List<AuditRecord> Fill(int count)
    {
        using var trail = new SqliteAuditTrail(DbPath, _clock);
        var rows = new List<AuditRecord>();
        for (int i = 1; i <= count; i++)
        {
            rows.Add(trail.Append(new AuditEntry(i % 2 == 0 ? "sub-b" : "sub-a", "officer", "00004",
                i % 3 == 0 ? AuditActions.Override : AuditActions.DossierOpen, $"HS-{i}", "127.0.0.1", AuditOutcomes.Ok)));
            _clock.Advance(TimeSpan.FromMinutes(1));
        }
        return rows;
    }

    [Fact]
    public async Task Verify_passes_on_an_untouched_trail_and_prints_the_head()
    {
        var rows = Fill(5);
        var (exit, output, err) = await RunAsync("audit", "verify", "--db", DbPath);
        Assert.True(exit == ExitCodes.Ok, output + err);
        Assert.Contains($"Nhật ký kiểm toán nguyên vẹn: 5 dòng, dòng cuối #5, hash {rows[^1].Hash}", output);
    }

    [Fact]
    public async Task Verify_fails_naming_the_row_edited_in_the_file()
    {
        Fill(5);
        SqliteFile.Execute(DbPath, "UPDATE audit SET outcome = 'denied' WHERE seq = 3");

        var (exit, output, _) = await RunAsync("audit", "verify", "--db", DbPath);
        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Equal(1, exit);
        Assert.Contains("Nhật ký kiểm toán bị sửa: dòng #3 — hash không khớp với nội dung", output);
    }

    [Fact]
    public async Task Verify_fails_naming_the_row_after_one_deleted_in_the_file()
    {
        Fill(5);
        SqliteFile.Execute(DbPath, "DELETE FROM audit WHERE seq = 3");

        var (exit, output, _) = await RunAsync("audit", "verify", "--db", DbPath);
        Assert.Equal(1, exit);
        Assert.Contains("Nhật ký kiểm toán bị sửa: dòng #4 — thiếu dòng #3", output);
    }

    [Fact]
    public async Task A_recorded_head_catches_the_deletion_of_the_last_rows()
    {
        var rows = Fill(5);
        var head = $"5:{rows[^1].Hash}";
        var (exit, output, err) = await RunAsync("audit", "verify", "--db", DbPath, "--expect-head", head);
        Assert.True(exit == 0, output + err);
        Assert.Contains("Dòng #5 vẫn mang đúng hash", output);

        SqliteFile.Execute(DbPath, "DELETE FROM audit WHERE seq >= 4");
        (exit, output, _) = await RunAsync("audit", "verify", "--db", DbPath);
        Assert.Equal(0, exit); // the chain alone cannot tell
        (exit, output, _) = await RunAsync("audit", "verify", "--db", DbPath, "--expect-head", head);
        Assert.Equal(1, exit);
        Assert.Contains("dòng #5 — không còn trong tệp", output);

        (exit, output, _) = await RunAsync("audit", "verify", "--db", DbPath, "--expect-head", $"3:{rows[0].Hash}");
        Assert.Equal(1, exit);
        Assert.Contains("dòng #3 — hash khác", output);
    }

    [Fact]
    public async Task A_missing_file_or_bad_arguments_exit_with_2_and_create_nothing()
    {
        var missing = _tmp.File("nowhere", "audit.db");
        var (exit, _, err) = await RunAsync("audit", "verify", "--db", missing);
        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("Không có tệp nhật ký kiểm toán", err);
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));

        Assert.Equal(2, (await RunAsync("audit", "verify")).Exit);
        Assert.Equal(2, (await RunAsync("audit", "--db", DbPath)).Exit);
        Assert.Equal(2, (await RunAsync("audit", "check", "--db", DbPath)).Exit);
        Fill(1);
        Assert.Equal(2, (await RunAsync("audit", "verify", "--db", DbPath, "--expect-head", "5:abc")).Exit);
        Assert.Equal(2, (await RunAsync("audit", "verify", "--db", DbPath, "--action", "override")).Exit);
        Assert.Equal(2, (await RunAsync("audit", "show", "--db", DbPath, "--limit", "0")).Exit);

        var notAudit = _tmp.File("other.db");
        SqliteFile.Execute(notAudit, "CREATE TABLE t (x INTEGER)");
        (exit, _, err) = await RunAsync("audit", "verify", "--db", notAudit);
        Assert.Equal(2, exit);
        Assert.Contains("không phải tệp nhật ký kiểm toán", err);
    }

    [Fact]
    public async Task Show_lists_filtered_rows_and_the_next_cursor()
    {
        Fill(8);
        var (exit, output, err) = await RunAsync("audit", "show", "--db", DbPath, "--actor", "sub-a", "--limit", "2");
        Assert.True(exit == 0, output + err);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("1 ", lines[1]);
        Assert.StartsWith("3 ", lines[2]);
        Assert.Contains("sub-a", lines[1]);
        Assert.Contains("HS-3", lines[2]);
        Assert.Contains("override", lines[2]);
        Assert.Contains("--after 3", lines[3]);

        (exit, output, _) = await RunAsync("audit", "show", "--db", DbPath, "--actor", "sub-a", "--action", "dossier.open", "--after", "3");
        Assert.Equal(0, exit);
        lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["5", "7"], lines.Skip(1).Select(l => l.Split(' ')[0]));

        (exit, output, _) = await RunAsync("audit", "show", "--db", DbPath, "--from", "2026-03-02T08:06:00+07:00");
        Assert.Equal(0, exit);
        lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["7", "8"], lines.Skip(1).Select(l => l.Split(' ')[0]));
    }
}
