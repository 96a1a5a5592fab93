using Assistant.Access;
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
        Assert.Equal(["B", "D", "A", "C"], store.List(UnitScope.All).Select(d => d.Id).ToArray());

        Assert.True(store.AddOverride(new TriageOverride("A", "1.013831", null, "cán bộ 1", now)));
        Assert.False(store.AddOverride(new TriageOverride("ZZZ", "1.013831", null, "cán bộ 1", now)));
        Assert.Equal("1.013831", store.Find("A")!.OverrideProcedureCode);
        Assert.Single(store.Overrides());
    }

    [Fact]
    public void Concurrent_saves_batched_together_keep_each_outcome_and_every_row()
    {
        var path = Path.Combine(TestPaths.TempDir("store-concurrent"), "q.db");
        using var store = new TriageStore(path, TimeProvider.System, TestKeys.For(path));
        const int threads = 8, perThread = 25;
        var now = DateTimeOffset.UtcNow;
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<(string Id, SaveOutcome Outcome)>();
        using var go = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            go.SignalAndWait();
            // Every thread also claims the one id "SAME" with its own inputs: one of them stores it, the others conflict.
            outcomes.Add(("SAME", store.Save(Request("SAME", $"t{t}"), $"same-{t}", "{}", Result("SAME", false, null), "{}", now).Outcome));
            for (int i = 0; i < perThread; i++)
            {
                var id = $"T{t}-{i}";
                outcomes.Add((id, store.Save(Request(id, "x"), $"h-{id}", "{}", Result(id, false, null), $"{{\"id\":\"{id}\"}}", now).Outcome));
            }
        })).ToList();
        foreach (var w in workers) w.Start();
        foreach (var w in workers) w.Join();

        Assert.Equal(threads * perThread, outcomes.Count(o => o.Id != "SAME" && o.Outcome == SaveOutcome.Inserted));
        Assert.Equal(1, outcomes.Count(o => o.Id == "SAME" && o.Outcome == SaveOutcome.Inserted));
        Assert.Equal(threads - 1, outcomes.Count(o => o.Id == "SAME" && o.Outcome == SaveOutcome.Conflict));
        Assert.Equal(threads * perThread + 1, store.List(UnitScope.All, 1000).Count);
        Assert.Equal("{\"id\":\"T3-7\"}", store.Find("T3-7")!.ResultJson);
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

    private static TriageResult Routed(string id, params string[] units) =>
        Result(id, false, "2026-03-20") with { RouteTo = new RouteInfo(units.Select(u => new UnitCandidate(u, "đơn vị " + u, "full")).ToList(), null, null, null, []) };

    private static string[] Ids(TriageStore store, UnitScope scope) => store.List(scope).Select(d => d.Id).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Unit_scope_is_applied_in_the_store_query_and_an_override_moves_the_dossier()
    {
        var path = Path.Combine(TestPaths.TempDir("scope"), "q.db");
        using var keys = TestKeys.For(path);
        var store = new TriageStore(path, TimeProvider.System, keys);
        var now = DateTimeOffset.UtcNow;
        store.Save(Request("X", "x"), "hx", "{}", Routed("X", "00004"), "{}", now);
        store.Save(Request("Y", "y"), "hy", "{}", Routed("Y", "00008"), "{}", now);
        store.Save(Request("Z", "z"), "hz", "{}", Routed("Z", "00004", "00008"), "{}", now); // a split commune: both units
        store.Save(Request("W", "w"), "hw", "{}", Routed("W"), "{}", now);                   // not routed: every-unit scope only

        Assert.Equal(["X", "Z"], Ids(store, UnitScope.Of(["00004"])));
        Assert.Equal(["Y", "Z"], Ids(store, UnitScope.Of(["00008"])));
        Assert.Equal(["W", "X", "Y", "Z"], Ids(store, UnitScope.All));
        Assert.Empty(Ids(store, UnitScope.None));
        Assert.Empty(Ids(store, UnitScope.Of(["00004' OR 1=1 --"]))); // codes are parameters, never SQL

        var other = store.Find("Y", UnitScope.Of(["00004"]));
        Assert.True(other.Exists);
        Assert.True(other.OutOfScope);
        Assert.Null(other.Dossier);
        Assert.Equal("Y", store.Find("Y", UnitScope.Of(["00008"])).Dossier!.Id);
        Assert.False(store.Find("KHONG-CO", UnitScope.All).Exists);

        store.AddOverride(new TriageOverride("X", null, "00008", "supervisor", now));
        store.AddOverride(new TriageOverride("X", "1.013831", null, "supervisor", now)); // a procedure-only override keeps the unit
        Assert.Equal(["Z"], Ids(store, UnitScope.Of(["00004"])));
        Assert.Equal(["X", "Y", "Z"], Ids(store, UnitScope.Of(["00008"])));
        Assert.Equal(["00008"], store.UnitsOf("X"));
    }

    [Fact]
    public void Migration_2_fills_the_units_of_dossiers_stored_before_it()
    {
        var path = Path.Combine(TestPaths.TempDir("migrate-units"), "q.db");
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            // A file as schema version 1 left it: two routed dossiers, one of them moved by an override.
            cmd.CommandText = """
                CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
                INSERT INTO schema_migrations VALUES (1, 'dossiers and overrides', '2026-03-01T00:00:00.0000000+00:00');
                CREATE TABLE dossiers (id TEXT PRIMARY KEY, received_at TEXT NOT NULL, stored_at TEXT NOT NULL, model_version TEXT NOT NULL,
                  inputs_hash TEXT NOT NULL, request_json TEXT NOT NULL, result_json TEXT NOT NULL, procedure_code TEXT, due_date TEXT,
                  is_priority INTEGER NOT NULL, needs_review INTEGER NOT NULL);
                CREATE TABLE overrides (seq INTEGER PRIMARY KEY AUTOINCREMENT, dossier_id TEXT NOT NULL REFERENCES dossiers(id),
                  procedure_code TEXT, unit_code TEXT, officer TEXT NOT NULL, at TEXT NOT NULL);
                INSERT INTO dossiers VALUES ('OLD-1', '2026-03-02T09:00:00+07:00', '2026-03-02T09:00:00+07:00', 'v', 'h1', '{}',
                  '{"routeTo":{"candidates":[{"unitCode":"00004"},{"unitCode":"00008"}]}}', NULL, NULL, 0, 0);
                INSERT INTO dossiers VALUES ('OLD-2', '2026-03-02T09:00:00+07:00', '2026-03-02T09:00:00+07:00', 'v', 'h2', '{}',
                  '{"routeTo":{"candidates":[{"unitCode":"00004"}]}}', NULL, NULL, 0, 0);
                INSERT INTO overrides(dossier_id, procedure_code, unit_code, officer, at) VALUES ('OLD-2', NULL, '00025', 'x', '2026-03-02T10:00:00+07:00');
                INSERT INTO overrides(dossier_id, procedure_code, unit_code, officer, at) VALUES ('OLD-2', '1.013831', NULL, 'x', '2026-03-02T11:00:00+07:00');
                """;
            cmd.ExecuteNonQuery();
        }

        using var keys = TestKeys.For(path);
        var store = new TriageStore(path, TimeProvider.System, keys);
        Assert.Equal(3, store.SchemaVersion);
        Assert.Equal(["00004", "00008"], store.UnitsOf("OLD-1"));
        Assert.Equal(["00025"], store.UnitsOf("OLD-2"));
        Assert.Equal(["OLD-1"], Ids(store, UnitScope.Of(["00004"])));
    }
}
