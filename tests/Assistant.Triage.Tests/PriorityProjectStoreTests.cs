using Assistant.Land.AdminUnits;
using Assistant.Land.Priority;
using Assistant.Triage.Priority;
using Microsoft.Data.Sqlite;

namespace Assistant.Triage.Tests;

/// <summary>
/// The priority-project registry officers keep, on a real SQLite file: seeded once from the bundled JSON with the new
/// communes computed from the merger mapping, append-only (the file refuses UPDATE and DELETE), and readable as it stood
/// at any time.
/// </summary>
public sealed class PriorityProjectStoreTests
{
    private static readonly AdminUnitRegistry Units = AdminUnitRegistry.Load(TestPaths.Data("admin-units"));
    private static readonly string SeedPath = Path.Combine(TestPaths.Data("priority-projects"), PriorityProjectRegistry.FileName);
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7));

    private static (PriorityProjectStore Store, FixedTime Time, string Path) NewStore()
    {
        var path = Path.Combine(TestPaths.TempDir("priority"), "priority-projects.db");
        var time = new FixedTime(Now);
        return (new PriorityProjectStore(path, time, Units, PriorityProjectRegistry.Load(SeedPath, Units)), time, path);
    }

    private static PriorityProjectInput NgocHoi(string? alias = null, string? from = "2025-02-25", string? to = null, params string[] oldUnits) =>
        new("CAU-NGOC-HOI", "Dự án đầu tư xây dựng cầu Ngọc Hồi", alias is null ? ["cầu Ngọc Hồi"] : ["cầu Ngọc Hồi", alias],
            oldUnits.Length == 0 ? ["Huyện Thanh Trì", "Huyện Gia Lâm"] : oldUnits,
            "Nghị quyết của HĐND thành phố Hà Nội về chủ trương đầu tư cầu Ngọc Hồi", "2025-02-25", from, to, false, null, null);

    /// <summary>The new communes of the seven old districts of VD4, read straight from the mapping file.</summary>
    private static Dictionary<string, bool> ExpectedVd4NewUnits()
    {
        string[] districts = ["Huyện Sóc Sơn", "Huyện Mê Linh", "Huyện Đan Phượng", "Huyện Hoài Đức", "Quận Hà Đông", "Huyện Thanh Oai", "Huyện Thường Tín"];
        var expected = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(TestPaths.Data("admin-units"), AdminUnitRegistry.MappingFile)).Skip(1))
        {
            if (line.StartsWith('#')) continue;
            var f = line.Split(',');
            if (!districts.Contains(f[3])) continue;
            var partial = f[7] == "partial";
            expected[f[4]] = expected.TryGetValue(f[4], out var was) ? was || partial : partial;
        }
        return expected;
    }

    [Fact]
    public void Seeded_VD4_lists_the_new_communes_of_its_seven_old_districts_and_says_which_are_partial()
    {
        var (store, _, _) = NewStore();
        var vd4 = store.Current().Single(v => v.Code == "VD4");
        Assert.Equal(PriorityProjectChanges.Seed, vd4.Change);
        Assert.Equal(1, vd4.Version);
        var expected = ExpectedVd4NewUnits();
        Assert.True(expected.Count > 10, "the mapping gives the seven districts more than ten new communes");
        Assert.Equal(expected.Keys.Order(), vd4.Project.NewUnits.Select(u => u.Code).Order());
        foreach (var unit in vd4.Project.NewUnits)
            Assert.Equal(expected[unit.Code] ? "partial" : "full", unit.MergeType);
        Assert.Contains(vd4.Project.NewUnits, u => u.MergeType == "partial");
        // Every seeded project gets its new communes (the file had none).
        Assert.All(store.Current(), v => Assert.NotEmpty(v.Project.NewUnits));
    }

    [Fact]
    public void The_corrected_bridge_entries_carry_their_basis_date_and_stay_unverified()
    {
        var (store, _, _) = NewStore();
        var tuLien = store.Current().Single(v => v.Code == "CAU-TU-LIEN").Project;
        Assert.Equal(new DateOnly(2025, 2, 25), tuLien.LegalBasis!.Date);
        Assert.False(tuLien.Verified);
        var tranHungDao = store.Current().Single(v => v.Code == "CAU-TRAN-HUNG-DAO").Project;
        Assert.Equal(new DateOnly(2025, 2, 25), tranHungDao.EffectiveFrom);
        Assert.Contains("09/10/2025", tranHungDao.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void The_file_refuses_updates_and_deletes_of_versions()
    {
        var (_, _, path) = NewStore();
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        c.Open();
        using var update = c.CreateCommand();
        update.CommandText = "UPDATE project_versions SET project_json = '{}' WHERE code = 'VD4'";
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => update.ExecuteNonQuery()).Message, StringComparison.Ordinal);
        using var delete = c.CreateCommand();
        delete.CommandText = "DELETE FROM project_versions";
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => delete.ExecuteNonQuery()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_write_is_a_new_version_and_the_registry_reads_as_it_stood()
    {
        var (store, time, path) = NewStore();
        var created = store.Create(NgocHoi(), "admin");
        Assert.True(created.Ok, string.Join("; ", created.Errors));
        Assert.Equal(Now, created.Version!.ValidFrom);

        time.Now = Now.AddDays(10);
        var changed = store.Change("cau-ngoc-hoi", NgocHoi("nút giao Ngọc Hồi mới"), "admin");
        Assert.True(changed.Ok, string.Join("; ", changed.Errors));
        time.Now = Now.AddDays(20);
        var closed = store.Close("CAU-NGOC-HOI", "2026-03-22", "Hoàn thành giải phóng mặt bằng", "admin");
        Assert.True(closed.Ok, string.Join("; ", closed.Errors));

        Assert.Equal([1, 2, 3], store.History("CAU-NGOC-HOI").Select(v => v.Version));
        Assert.Equal(["create", "change", "close"], store.History("CAU-NGOC-HOI").Select(v => v.Change));

        const string Alias = "xin tách thửa phần còn lại sau thu hồi đất nút giao Ngọc Hồi mới";
        Assert.False(store.Detect(null, "bồi thường cầu Ngọc Hồi", Now.AddHours(-1)).IsPriority);   // before it was added
        Assert.True(store.Detect(null, "bồi thường cầu Ngọc Hồi", Now.AddHours(1)).IsPriority);
        Assert.False(store.Detect(null, Alias, Now.AddDays(5)).IsPriority);                         // alias added on day 10
        Assert.True(store.Detect(null, Alias, Now.AddDays(11)).IsPriority);
        var afterClose = store.Detect("CAU-NGOC-HOI", "", Now.AddDays(21));
        Assert.False(afterClose.IsPriority);
        Assert.Contains("dự án đã đóng", afterClose.Reason, StringComparison.Ordinal);

        // Reopened from its file: the same versions, no second seed.
        var reopened = new PriorityProjectStore(path, time, Units, PriorityProjectRegistry.Load(SeedPath, Units));
        Assert.Equal(store.History("CAU-NGOC-HOI").Select(v => v.Seq), reopened.History("CAU-NGOC-HOI").Select(v => v.Seq));
        Assert.Single(reopened.History("VD4"));
        Assert.Equal(PriorityProjectStatus.Closed, reopened.Current().Single(v => v.Code == "CAU-NGOC-HOI").Project.Status);
    }

    [Fact]
    public void A_seeded_project_counts_from_the_first_day_of_its_window_not_from_the_seeding()
    {
        var (store, _, _) = NewStore();
        Assert.True(store.Detect("VD4", "", new DateTimeOffset(2023, 1, 10, 9, 0, 0, TimeSpan.FromHours(7))).IsPriority);
        var before = store.Detect("VD4", "", new DateTimeOffset(2022, 6, 15, 9, 0, 0, TimeSpan.FromHours(7)));
        Assert.False(before.IsPriority);
        Assert.NotNull(before.Reason);
    }

    [Fact]
    public void Invalid_input_is_refused_in_Vietnamese_and_writes_nothing()
    {
        var (store, _, _) = NewStore();
        var unknown = store.Create(NgocHoi(oldUnits: ["Huyện Không Có"]), "admin");
        Assert.Contains(unknown.Errors, e => e.Contains("Không có đơn vị hành chính cũ «Huyện Không Có»", StringComparison.Ordinal));
        var dates = store.Create(NgocHoi(from: "2026-05-01", to: "2026-04-01"), "admin");
        Assert.Contains(dates.Errors, e => e.Contains("trước ngày bắt đầu", StringComparison.Ordinal));
        var badDate = store.Create(NgocHoi(from: "01/05/2026"), "admin");
        Assert.Contains(badDate.Errors, e => e.Contains("không hợp lệ", StringComparison.Ordinal));
        var duplicate = store.Create(NgocHoi() with { Code = "vd4" }, "admin");
        Assert.Contains(duplicate.Errors, e => e.Contains("đã có trong sổ", StringComparison.Ordinal));
        Assert.Empty(store.History("CAU-NGOC-HOI"));
        Assert.Single(store.History("VD4"));
        Assert.True(store.Change("KHONG-CO", NgocHoi(), "admin").NotFound);
    }

    [Fact]
    public void A_commune_with_its_district_maps_to_its_new_commune()
    {
        var (units, unknown) = PriorityProjectUnits.Resolve(Units, ["Phường Trúc Bạch, Quận Ba Đình", "phuong lieu giai, quan ba dinh"]);
        Assert.Empty(unknown);
        Assert.Equal(["00004", "00008"], units.Select(u => u.Code).Order());
        Assert.All(units, u => Assert.Equal("full", u.MergeType));
    }
}
