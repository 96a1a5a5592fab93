using System.Text.Json;
using System.Text.Json.Nodes;
using Assistant.Indexer.Cli;
using Assistant.Land.Priority;
using Assistant.Triage;
using Assistant.Triage.Model;
using Assistant.Triage.Protection;
using Assistant.Triage.Storage;

namespace Assistant.Audit.Tests;

/// <summary>
/// "assistant-indexer personal-data export|erase" run in-process on real files: a triage store encrypted with a real key
/// ring, and a real audit trail. One person's dossiers are found by dossier id or by ID number (through the keyed index),
/// exported decrypted or erased, and each leaves an audit row naming the dossier, never the number.
/// </summary>
public sealed class PersonalDataCliTests : IDisposable
{
    private const string Cccd = "001087004321";
    private readonly TempFolder _tmp = new();

    public PersonalDataCliTests()
    {
        using (var keys = DataProtectionDossierProtector.ForKeysDirectory(Keys, createKeys: true))
        {
            var store = new TriageStore(TriageDb, TimeProvider.System, keys);
            Save(store, "HS-A", $"Ông Phạm Văn Đức, CCCD {Cccd}, xin tách thửa đất ở ngõ Văn Chương");
            Save(store, "HS-B", $"cấp đổi sổ đỏ cho chủ sử dụng CCCD {Cccd[..3]} {Cccd[3..6]} {Cccd[6..9]} {Cccd[9..]}");
            Save(store, "HS-C", "bà Ngô Thị Lan, CCCD 001190001111, xin cấp lại sổ bị mất");
            store.AddOverride(new TriageOverride("HS-A", "1.012783", null, "cán bộ A", TimeProvider.System.GetUtcNow()));
        }
        using var trail = new SqliteAuditTrail(AuditDb, TimeProvider.System);
    }

    public void Dispose() => _tmp.Dispose();

    private string TriageDb => _tmp.File("triage.db");
    private string AuditDb => _tmp.File("audit.db");
    private string Keys => _tmp.File("keys");

    private static void Save(TriageStore store, string id, string description)
    {
        var request = new DossierRequest(id, new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7)), false, null, null, description, [],
            new ParcelInfo(null, null, "00004", null), null, []);
        var result = new TriageResult(id, "1.012784", "Tách thửa hoặc hợp thửa đất", 0.9, [], true, [], [], 12, null, "2026-03-20", null, false, [],
            new RouteInfo([], null, null, null, []), new PriorityInfo(false, null, null), false, [], [], "v-test", "2026-03-02T09:00:00+07:00");
        var (stored, ids) = StoredRequest.Minimise(request);
        store.Save(request, TriageService.InputsHash(request), JsonSerializer.Serialize(stored, TriageService.Json), result,
            JsonSerializer.Serialize(result, TriageService.Json), TimeProvider.System.GetUtcNow(), ids);
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string[] Common(string sub) => ["personal-data", sub, "--triage-db", TriageDb, "--keys", Keys, "--audit-db", AuditDb];

    private List<AuditRecord> AuditRows()
    {
        using var trail = SqliteAuditTrail.OpenExisting(AuditDb);
        return trail.Query(new AuditQuery(Limit: 500)).Items.ToList();
    }

    [Fact]
    public async Task Export_by_ID_number_writes_that_persons_dossiers_decrypted_and_audits_each()
    {
        var output = _tmp.File("out", "export.json");
        var (exit, stdout, stderr) = await RunAsync([.. Common("export"), "--id-number", "001 087 004 321", "--out", output, "--operator", "nguyen.officer"]);
        Assert.True(exit == ExitCodes.Ok, stdout + stderr);
        Assert.Contains(output, stdout);

        var doc = JsonNode.Parse(await File.ReadAllTextAsync(output))!;
        var dossiers = doc["dossiers"]!.AsArray();
        Assert.Equal(["HS-A", "HS-B"], dossiers.Select(d => (string)d!["id"]!).ToArray());
        Assert.Contains("ngõ Văn Chương", (string)dossiers[0]!["request"]!["description"]!);
        Assert.Equal("1.012783", (string)dossiers[0]!["overrides"]![0]!["procedureCode"]!);
        Assert.Equal("1.012784", (string)dossiers[1]!["result"]!["procedureCode"]!);

        var rows = AuditRows();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal("cli:nguyen.officer", r.Actor);
            Assert.Equal(AuditActions.PersonalDataExport, r.Action);
            Assert.Equal(AuditOutcomes.Ok, r.Outcome);
        });
        Assert.Equal(["HS-A", "HS-B"], rows.Select(r => r.TargetId ?? "").ToArray());
        Assert.DoesNotContain(rows, r => (r.TargetId ?? "").Contains(Cccd, StringComparison.Ordinal));
        using var check = SqliteAuditTrail.OpenExisting(AuditDb);
        Assert.True(check.Verify().Intact);
    }

    [Fact]
    public async Task Erase_by_dossier_id_deletes_it_leaves_the_others_and_audits_the_OS_user()
    {
        var (refused, stdout0, _) = await RunAsync([.. Common("erase"), "--dossier", "HS-A"]);
        Assert.Equal(ExitCodes.UserError, refused);
        Assert.Contains("--yes", stdout0);

        var (exit, stdout, stderr) = await RunAsync([.. Common("erase"), "--dossier", "HS-A", "--yes"]);
        Assert.True(exit == ExitCodes.Ok, stdout + stderr);
        using (var keys = DataProtectionDossierProtector.ForKeysDirectory(Keys, createKeys: false))
        {
            var store = new TriageStore(TriageDb, TimeProvider.System, keys);
            Assert.Null(store.Export("HS-A"));
            Assert.NotNull(store.Export("HS-B"));
            Assert.Equal(["HS-B"], store.DossierIdsForIdNumber(Cccd));
        }
        var row = Assert.Single(AuditRows());
        Assert.Equal("cli:" + Environment.UserName, row.Actor);
        Assert.Equal(AuditActions.PersonalDataErase, row.Action);
        Assert.Equal("HS-A", row.TargetId);

        // Erasing by ID number takes the rest of that person's dossiers, and only those.
        var (byNumber, out2, err2) = await RunAsync([.. Common("erase"), "--id-number", Cccd, "--yes"]);
        Assert.True(byNumber == ExitCodes.Ok, out2 + err2);
        var (none, _, notFound) = await RunAsync([.. Common("export"), "--id-number", Cccd, "--out", _tmp.File("none.json")]);
        Assert.Equal(ExitCodes.UserError, none);
        Assert.Contains("Không có hồ sơ nào", notFound);
        var last = AuditRows()[^1];
        Assert.Equal(AuditOutcomes.NotFound, last.Outcome);
        Assert.Null(last.TargetId);
    }

    [Fact]
    public async Task Without_the_keys_the_command_fails_clearly_and_touches_nothing()
    {
        var (exit, _, stderr) = await RunAsync("personal-data", "export", "--triage-db", TriageDb, "--keys", _tmp.File("no-keys"), "--audit-db", AuditDb, "--dossier", "HS-C");
        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("Không giải mã được", stderr);
        Assert.Contains("cannot be decrypted", stderr);
        Assert.Empty(AuditRows());
        Assert.False(Directory.Exists(_tmp.File("no-keys")));
    }
}
