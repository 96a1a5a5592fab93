using Assistant.Land.Priority;
using Assistant.Triage.Model;
using Assistant.Triage.Storage;

namespace Assistant.Triage.Tests;

public sealed class StoreTests
{
    private static DossierRequest Request(string id, string description) =>
        new(id, new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7)), false, null, null, description, [], new ParcelInfo(null, null, null, null), null, []);

    private static TriageResult Result(string id, bool priority, string? due) =>
        new(id, "1.012784", "Tách thửa hoặc hợp thửa đất", 0.9, [], true, [], [], 12, null, due, null, false, [],
            new RouteInfo([], null, null, null, []), new PriorityInfo(priority, priority ? "Vành đai 4" : null, null), false, [], [], "v-test", "2026-03-02T09:00:00+07:00");

    [Fact]
    public void Migrations_run_once_and_saves_are_atomic_and_idempotent()
    {
        var path = Path.Combine(TestPaths.TempDir("store"), "q.db");
        var store = new TriageStore(path, TimeProvider.System, TestKeys.For(path));
        Assert.Equal(3, store.SchemaVersion);
        var reopened = new TriageStore(path, TimeProvider.System, TestKeys.For(path)); // migrations already applied: no error, same version
        Assert.Equal(3, reopened.SchemaVersion);

        var now = DateTimeOffset.UtcNow;
        Assert.Equal(SaveOutcome.Inserted, store.Save(Request("A", "x"), "h1", "{}", Result("A", false, "2026-03-20"), "{\"id\":\"A\"}", now).Outcome);
        var again = store.Save(Request("A", "x"), "h1", "{}", Result("A", false, "2026-03-20"), "{\"id\":\"A2\"}", now);
        Assert.Equal(SaveOutcome.Unchanged, again.Outcome);
        Assert.Equal("{\"id\":\"A\"}", again.StoredResultJson);
        Assert.Equal(SaveOutcome.Conflict, store.Save(Request("A", "y"), "h2", "{}", Result("A", false, null), "{}", now).Outcome);
        store.Save(Request("B", "x"), "h3", "{}", Result("B", true, "2026-04-01"), "{}", now);
        store.Save(Request("C", "x"), "h4", "{}", Result("C", false, null), "{}", now);
        store.Save(Request("D", "x"), "h5", "{}", Result("D", false, "2026-03-10"), "{}", now);
        Assert.Equal(["B", "D", "A", "C"], store.List().Select(d => d.Id).ToArray());

        Assert.True(store.AddOverride(new TriageOverride("A", "1.013831", null, "cán bộ 1", now)));
        Assert.False(store.AddOverride(new TriageOverride("ZZZ", "1.013831", null, "cán bộ 1", now)));
        Assert.Equal("1.013831", store.Find("A")!.OverrideProcedureCode);
        Assert.Single(store.Overrides());
    }

    [Fact]
    public void Applied_migrations_are_stamped_with_the_store_clock()
    {
        var path = Path.Combine(TestPaths.TempDir("store-clock"), "q.db");
        var at = new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);
        _ = new TriageStore(path, new FixedTime(at), TestKeys.For(path));
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT applied_at FROM schema_migrations WHERE version = 1";
        Assert.Equal(at, DateTimeOffset.Parse((string)cmd.ExecuteScalar()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Procedure_overrides_become_training_examples()
    {
        var path = Path.Combine(TestPaths.TempDir("retrain"), "q.db");
        var store = new TriageStore(path, TimeProvider.System, TestKeys.For(path));
        var request = Request("R1", "xin làm lại sổ") with { Documents = ["mẫu 18"] };
        var requestJson = System.Text.Json.JsonSerializer.Serialize(request, TriageService.Json);
        store.Save(request, "h", requestJson, Result("R1", false, null), "{}", DateTimeOffset.UtcNow);
        store.AddOverride(new TriageOverride("R1", "1.012783", null, "cán bộ", DateTimeOffset.UtcNow));
        store.AddOverride(new TriageOverride("R1", "1.012786", null, "cán bộ", DateTimeOffset.UtcNow));
        store.AddOverride(new TriageOverride("R1", null, "00025", "cán bộ", DateTimeOffset.UtcNow));
        var ex = Assert.Single(Assistant.Triage.Classification.TriageTrainer.ExamplesFromOverrides(store));
        Assert.Equal("1.012786", ex.ProcedureCode);
        Assert.Equal("xin làm lại sổ", ex.Description);
        Assert.Equal(["mẫu 18"], ex.Documents);
    }
}
