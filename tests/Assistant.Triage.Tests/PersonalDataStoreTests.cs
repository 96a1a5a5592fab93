using System.Text;
using System.Text.Json;
using Assistant.Land.Priority;
using Assistant.Triage.Model;
using Assistant.Triage.Protection;
using Assistant.Triage.Storage;
using Microsoft.Data.Sqlite;

namespace Assistant.Triage.Tests;

/// <summary>A key ring for a store under test: a "keys" folder beside its database file, created on first use.</summary>
internal static class TestKeys
{
    public static DataProtectionDossierProtector For(string databasePath) =>
        DataProtectionDossierProtector.ForKeysDirectory(Path.Combine(Path.GetDirectoryName(databasePath)!, "keys"), createKeys: true);
}

/// <summary>
/// Personal data in the triage store (Law 91/2025/QH15), on real SQLite files and a real Data Protection key ring:
/// encrypted at rest, minimised, findable by ID number through keyed hashes only, erasable, purgeable, and unreadable
/// (with a clear error) without its keys.
/// </summary>
public sealed class PersonalDataStoreTests
{
    private const string Cccd = "001203012345";
    private const string Distinctive = "ngõ Quỳnh Lôi xin tách thửa đất chia cho con";
    private static readonly string Description = $"Ông Nguyễn Văn Bình, CCCD {Cccd}, SĐT 0912345678, {Distinctive}";

    private static DossierRequest Request(string id, string description) =>
        new(id, new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7)), false, null, null, description, ["đơn đề nghị tách thửa"],
            new ParcelInfo(null, null, "00004", "số 5 ngõ 17"), null, []);

    private static TriageResult Result(string id) =>
        new(id, "1.012784", "Tách thửa hoặc hợp thửa đất", 0.9, [], true, [], [], 12, null, "2026-03-20", null, false, [],
            new RouteInfo([], null, null, null, []), new PriorityInfo(false, null, null), true, ["địa chỉ số 5 ngõ 17 cần kiểm tra"], [], "v-test", "2026-03-02T09:00:00+07:00");

    /// <summary>Stores a dossier the way TriageService does: minimised request, ID numbers to the index.</summary>
    private static void SaveLikeTheService(TriageStore store, string id, string description, DateTimeOffset now)
    {
        var request = Request(id, description);
        var (stored, ids) = StoredRequest.Minimise(request);
        store.Save(request, TriageService.InputsHash(request), JsonSerializer.Serialize(stored, TriageService.Json), Result(id),
            JsonSerializer.Serialize(Result(id), TriageService.Json), now, ids);
    }

    private static string FileText(string path)
    {
        SqliteConnection.ClearAllPools();
        var sb = new StringBuilder();
        foreach (var file in new[] { path, path + "-wal", path + "-journal" }.Where(File.Exists))
        {
            using var s = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var r = new StreamReader(s, Encoding.UTF8);
            sb.Append(r.ReadToEnd());
        }
        return sb.ToString();
    }

    [Fact]
    public void The_file_holds_no_description_or_ID_number_and_reading_back_works()
    {
        var path = Path.Combine(TestPaths.TempDir("pii-at-rest"), "triage.db");
        using var keys = TestKeys.For(path);
        var store = new TriageStore(path, TimeProvider.System, keys);
        SaveLikeTheService(store, "HS-PII-1", Description, DateTimeOffset.UtcNow);

        var bytes = FileText(path);
        Assert.Contains("HS-PII-1", bytes); // the file was read: the dossier id is a clear key
        Assert.DoesNotContain(Cccd, bytes);
        Assert.DoesNotContain("Quỳnh Lôi", bytes);
        Assert.DoesNotContain("ngõ 17", bytes);
        Assert.DoesNotContain("tách thửa đất chia", bytes);

        var reopened = new TriageStore(path, TimeProvider.System, keys);
        var record = reopened.Export("HS-PII-1")!;
        var request = JsonSerializer.Deserialize<DossierRequest>(record.RequestJson, TriageService.Json)!;
        Assert.Contains(Distinctive, request.Description);
        Assert.Contains("[CCCD]", request.Description); // minimised: the number itself is not kept, not even encrypted
        Assert.DoesNotContain(Cccd, record.RequestJson);
        Assert.DoesNotContain("Nguyễn Văn Bình", record.RequestJson);
        Assert.Equal("số 5 ngõ 17", request.Parcel.Address);
        Assert.Equal("1.012784", reopened.Find("HS-PII-1")!.ProcedureCode);
        Assert.Equal(["HS-PII-1"], reopened.DossierIdsForIdNumber("001 203 012 345"));
        Assert.Empty(reopened.DossierIdsForIdNumber("001203012346"));
    }

    [Fact]
    public void A_store_opened_with_other_keys_or_none_fails_clearly()
    {
        var dir = TestPaths.TempDir("pii-keys");
        var path = Path.Combine(dir, "triage.db");
        using (var keys = TestKeys.For(path))
        {
            SaveLikeTheService(new TriageStore(path, TimeProvider.System, keys), "HS-PII-2", Description, DateTimeOffset.UtcNow);
        }

        using var otherKeys = DataProtectionDossierProtector.ForKeysDirectory(Path.Combine(dir, "other-keys"), createKeys: true);
        var wrong = Assert.Throws<DossierKeysUnavailableException>(() => new TriageStore(path, TimeProvider.System, otherKeys));
        Assert.Contains("Không giải mã được", wrong.Message);
        Assert.Contains("cannot be decrypted", wrong.Message);

        var none = Assert.Throws<DossierKeysUnavailableException>(() => DataProtectionDossierProtector.ForKeysDirectory(Path.Combine(dir, "missing"), createKeys: false));
        Assert.Contains(Path.Combine(dir, "missing"), none.Message);

        // The right keys, read without creating any: the CLI's way.
        using var cli = DataProtectionDossierProtector.ForKeysDirectory(Path.Combine(dir, "keys"), createKeys: false);
        Assert.NotNull(new TriageStore(path, TimeProvider.System, cli).Export("HS-PII-2"));
    }

    [Fact]
    public async Task The_host_does_not_start_on_a_store_its_keys_cannot_read()
    {
        var dir = TestPaths.TempDir("pii-host-keys");
        var path = Path.Combine(dir, "triage.db");
        using (var foreign = DataProtectionDossierProtector.ForKeysDirectory(Path.Combine(dir, "foreign-keys"), createKeys: true))
        {
            SaveLikeTheService(new TriageStore(path, TimeProvider.System, foreign), "HS-PII-3", Description, DateTimeOffset.UtcNow);
        }

        // The host's own key folder (DataDir/keys) does not hold the keys this store was written with.
        var failure = await Record.ExceptionAsync(() => TriageHost.StartAsync(DateTimeOffset.UtcNow, dir));
        Assert.NotNull(failure);
        var all = string.Join("\n", Flatten(failure).Select(e => e.GetType().Name + ": " + e.Message));
        Assert.Contains(nameof(DossierKeysUnavailableException), all);
        Assert.Contains("Không giải mã được", all);
        using var again = DataProtectionDossierProtector.ForKeysDirectory(Path.Combine(dir, "foreign-keys"), createKeys: false);
        Assert.NotNull(new TriageStore(path, TimeProvider.System, again).Export("HS-PII-3")); // nothing was lost or overwritten
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
            if (x is AggregateException agg)
                foreach (var inner in agg.InnerExceptions.SelectMany(Flatten)) yield return inner;
        }
    }

    [Fact]
    public void Rows_stored_in_clear_before_migration_3_are_encrypted_on_start_and_nothing_is_lost()
    {
        var path = Path.Combine(TestPaths.TempDir("pii-legacy"), "triage.db");
        var legacyRequest = JsonSerializer.Serialize(Request("HS-OLD-1", Description), TriageService.Json);
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            // The schema and a row as the store wrote them before encryption (migration 1 only).
            cmd.CommandText = """
                CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
                INSERT INTO schema_migrations VALUES (1, 'dossiers and overrides', '2026-01-01T00:00:00.0000000+00:00');
                CREATE TABLE dossiers (id TEXT PRIMARY KEY, received_at TEXT NOT NULL, stored_at TEXT NOT NULL, model_version TEXT NOT NULL,
                  inputs_hash TEXT NOT NULL, request_json TEXT NOT NULL, result_json TEXT NOT NULL, procedure_code TEXT, due_date TEXT,
                  is_priority INTEGER NOT NULL, needs_review INTEGER NOT NULL);
                CREATE INDEX ix_dossiers_queue ON dossiers(is_priority DESC, due_date);
                CREATE TABLE overrides (seq INTEGER PRIMARY KEY AUTOINCREMENT, dossier_id TEXT NOT NULL REFERENCES dossiers(id),
                  procedure_code TEXT, unit_code TEXT, officer TEXT NOT NULL, at TEXT NOT NULL);
                INSERT INTO dossiers VALUES ('HS-OLD-1', '2026-03-02T09:00:00.0000000+07:00', '2026-03-02T02:00:00.0000000+00:00', 'v-test', 'h',
                  $req, $res, '1.012784', '2026-03-20', 0, 1);
                INSERT INTO overrides(dossier_id, procedure_code, unit_code, officer, at) VALUES ('HS-OLD-1', '1.012783', NULL, 'cán bộ', '2026-03-03T02:00:00.0000000+00:00');
                """;
            cmd.Parameters.AddWithValue("$req", legacyRequest);
            cmd.Parameters.AddWithValue("$res", JsonSerializer.Serialize(Result("HS-OLD-1"), TriageService.Json));
            cmd.ExecuteNonQuery();
        }
        Assert.Contains(Cccd, FileText(path)); // the control: in clear before

        using var keys = TestKeys.For(path);
        var store = new TriageStore(path, TimeProvider.System, keys);
        Assert.Equal(1, store.RowsProtectedAtStart);
        Assert.Equal(3, store.SchemaVersion);
        var text = FileText(path);
        Assert.DoesNotContain(Cccd, text);
        Assert.DoesNotContain("Quỳnh Lôi", text);

        var record = store.Export("HS-OLD-1")!;
        Assert.Contains(Distinctive, record.RequestJson);
        Assert.Contains("ngõ 17", record.ResultJson);
        Assert.Equal("1.012783", Assert.Single(record.Overrides).ProcedureCode);
        Assert.Equal(["HS-OLD-1"], store.DossierIdsForIdNumber(Cccd));
        Assert.Equal(0, new TriageStore(path, TimeProvider.System, keys).RowsProtectedAtStart);
    }

    [Fact]
    public void Erasing_a_dossier_removes_its_rows_overrides_and_index_entries()
    {
        var path = Path.Combine(TestPaths.TempDir("pii-erase"), "triage.db");
        using var keys = TestKeys.For(path);
        var store = new TriageStore(path, TimeProvider.System, keys);
        SaveLikeTheService(store, "HS-E-1", Description, DateTimeOffset.UtcNow);
        SaveLikeTheService(store, "HS-E-2", "bà Lê Thị Hoa xin cấp đổi sổ đỏ", DateTimeOffset.UtcNow);
        store.AddOverride(new TriageOverride("HS-E-1", "1.012783", null, "cán bộ", DateTimeOffset.UtcNow));

        Assert.True(store.Erase("HS-E-1"));
        Assert.False(store.Erase("HS-E-1"));
        Assert.Null(store.Export("HS-E-1"));
        Assert.Empty(store.DossierIdsForIdNumber(Cccd));
        Assert.NotNull(store.Export("HS-E-2"));
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT (SELECT COUNT(*) FROM overrides WHERE dossier_id = 'HS-E-1') + (SELECT COUNT(*) FROM dossier_subjects WHERE dossier_id = 'HS-E-1')";
        Assert.Equal(0L, (long)cmd.ExecuteScalar()!);
    }
}
