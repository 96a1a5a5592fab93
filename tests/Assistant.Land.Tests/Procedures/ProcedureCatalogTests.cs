using System.Text.Json.Nodes;
using Assistant.Land.Procedures;

namespace Assistant.Land.Tests.Procedures;

public sealed class ProcedureCatalogTests
{
    private static ProcedureCatalog Catalog => ProcedureTestData.Catalog;

    [Fact]
    public void Loads_all_31_procedures_with_unique_codes_and_short_names()
    {
        Assert.Equal(31, Catalog.Count);
        Assert.Equal(31, Catalog.Procedures.Select(p => p.Code).Distinct().Count());
        Assert.All(Catalog.Procedures, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Name));
            Assert.False(string.IsNullOrWhiteSpace(p.ShortName));
            Assert.NotEmpty(p.Documents);
            Assert.NotEmpty(p.ProcessingTime);
            Assert.NotEmpty(Catalog.Aliases.For(p.Code));
        });
    }

    [Fact]
    public void Single_working_day_figure_is_read()
    {
        var p = Catalog.Get("1.012784");
        Assert.Equal(12, p.WorkingDays);
        Assert.Null(p.WorkingDaysRange);
        Assert.Equal(10, Catalog.Get("1.012786").WorkingDays);   // "(Không tính thời gian niêm yết, đăng tin 15 ngày)" is a note
        Assert.Equal(8, Catalog.Get("1.012785").WorkingDays);    // "(Không tính thời gian 30 ngày niêm yết…)" is a note
        Assert.Equal(50, Catalog.Get("1.012805").WorkingDays);   // 60 days is for hard-to-reach areas
        Assert.Equal(1, Catalog.Get("1.013988").WorkingDays);
    }

    [Fact]
    public void Ranges_are_kept_as_ranges()
    {
        var p = Catalog.Get("1.013978");
        Assert.Equal((17, 20), p.WorkingDaysRange);
        Assert.Null(p.WorkingDays);
        Assert.Equal((5, 10), Catalog.Get("1.012783").WorkingDaysRange);
        Assert.Equal((17, 20), Catalog.Get("1.012753").WorkingDaysRange);
        Assert.Equal((20, 25), Catalog.Get("1.012791").WorkingDaysRange);
        Assert.Equal((8, 10), Catalog.Get("1.013980").WorkingDaysRange);
    }

    [Theory]
    [InlineData("1.013831")] // 04 ngày (cho thuê trong dự án) / 08 ngày (chuyển nhượng…)
    [InlineData("1.013833")]
    [InlineData("1.012781")]
    [InlineData("1.012789")]
    [InlineData("1.011441")] // "Trong ngày làm việc."
    public void Case_dependent_or_same_day_limits_give_no_figure(string code)
    {
        var p = Catalog.Get(code);
        Assert.Null(p.WorkingDays);
        Assert.Null(p.WorkingDaysRange);
        Assert.NotEmpty(p.ProcessingTime);
    }

    [Fact]
    public void Transfer_procedure_separates_common_and_case_dependent_papers()
    {
        var docs = Catalog.Get("1.013831").Documents;
        var common = docs.Where(d => d.Group == RequiredDocument.CommonGroup).ToList();
        var cases = docs.Where(d => d.Group == RequiredDocument.CaseGroup).ToList();
        Assert.Equal(2, common.Count);
        Assert.All(common, d => Assert.False(d.Conditional));
        Assert.Contains(common, d => d.Name.StartsWith("Đơn đăng ký biến động", StringComparison.Ordinal));
        Assert.Contains(common, d => d.Name.StartsWith("Bản gốc Giấy chứng nhận", StringComparison.Ordinal));
        Assert.Equal(4, cases.Count);
        Assert.All(cases, d => Assert.True(d.Conditional));
        Assert.Contains(cases, d => d.Name.Contains("nếu đất đang thế chấp", StringComparison.Ordinal));
        Assert.DoesNotContain(docs, d => d.Name.StartsWith('#') || d.Name.StartsWith('-'));
    }

    [Fact]
    public void Conditional_wording_marks_papers_outside_groups()
    {
        var docs = Catalog.Get("1.012784").Documents;
        Assert.All(docs, d => Assert.Null(d.Group));
        Assert.True(docs.Single(d => d.Name.StartsWith("Văn bản của cơ quan có thẩm quyền", StringComparison.Ordinal)).Conditional);
        Assert.False(docs.Single(d => d.Name.StartsWith("Đơn đề nghị tách thửa", StringComparison.Ordinal)).Conditional);
        Assert.Contains(Catalog.Get("1.013995").Documents, d => d.Conditional && d.Name.Contains("trừ trường hợp", StringComparison.Ordinal));
    }

    [Fact]
    public void Notes_under_the_papers_list_are_not_papers()
    {
        var p = Catalog.Get("1.012753");
        Assert.DoesNotContain(p.Documents, d => d.Name.Contains("Lưu ý", StringComparison.Ordinal));
        Assert.Contains(p.DocumentNotes, n => n.Contains("bản chính", StringComparison.Ordinal));
    }

    [Fact]
    public void No_Dong_Nai_fee_reaches_the_model()
    {
        Assert.All(Catalog.Procedures, p =>
        {
            Assert.Equal(LandProcedure.HanoiFeeNote, p.FeeNote);
            var text = string.Join('\n', p.ProcessingTime.Concat(p.SubmissionPlaces).Concat(p.Steps).Concat(p.Documents.Select(d => d.Name))
                .Concat(p.DocumentNotes).Concat(p.Agency).Concat(p.LegalBasis).Concat(p.Subjects).Concat(p.Conditions));
            Assert.DoesNotMatch(@"\d{1,3}\.000\s*(đ|đồng)", text);
            Assert.DoesNotContain("NQ-HĐND", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Đồng Nai", text, StringComparison.Ordinal);
        });
        Assert.Contains("Hà Nội", LandProcedure.HanoiFeeNote, StringComparison.Ordinal);
        Assert.Null(typeof(LandProcedure).GetProperty("Fees"));
    }

    [Fact]
    public void List_markers_are_removed_from_places_and_legal_basis()
    {
        var p = Catalog.Get("1.012784");
        Assert.Contains("Luật Đất đai 2024", p.LegalBasis);
        Assert.All(p.SubmissionPlaces, s => Assert.False(char.IsDigit(s[0])));
    }

    [Fact]
    public void Transfer_variants_list_the_differing_papers_from_the_catalogue()
    {
        var variants = Catalog.Variants.For("1.013831");
        Assert.Equal(["chuyen-nhuong", "thua-ke", "tang-cho", "chuyen-doi", "gop-von"], variants.Select(v => v.Key));
        var generic = Catalog.Get("1.013831").Documents.Single(d => d.Name.StartsWith("Hợp đồng hoặc văn bản về việc chuyển quyền", StringComparison.Ordinal));
        Assert.All(variants, v =>
        {
            Assert.Same(generic, v.Replaces);
            Assert.DoesNotContain(generic, v.Documents);
            Assert.Contains(v.Documents, d => d.Group == RequiredDocument.CommonGroup);  // common papers kept
            Assert.All(v.SpecificPapers, s => Assert.Contains(v.Documents, d => d.Name == s));
        });
        Assert.Contains("chuyển nhượng", variants[0].SpecificPapers[0], StringComparison.Ordinal);
        Assert.Contains("khai nhận di sản", variants[1].SpecificPapers[0], StringComparison.Ordinal);
        Assert.Contains("tặng cho", variants[2].SpecificPapers[0], StringComparison.Ordinal);
        Assert.Empty(Catalog.Variants.For("1.012784"));
    }

    [Fact]
    public void Malformed_json_gives_a_Vietnamese_error()
    {
        using var dir = new TempDataDirectory();
        File.WriteAllText(dir.Json, "{ not json");
        var ex = Assert.Throws<ProcedureDataException>(() => ProcedureCatalog.Load(dir.Path));
        Assert.Contains("không đúng định dạng", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_count_duplicate_and_bad_codes_are_rejected()
    {
        using var dir = new TempDataDirectory();
        var array = JsonNode.Parse(File.ReadAllText(dir.Json))!.AsArray();

        array.RemoveAt(30);
        File.WriteAllText(dir.Json, array.ToJsonString());
        Assert.Contains("cần đúng 31", Assert.Throws<ProcedureDataException>(() => ProcedureCatalog.Load(dir.Path)).Message, StringComparison.Ordinal);

        array.Add(JsonNode.Parse(array[0]!.ToJsonString()));
        File.WriteAllText(dir.Json, array.ToJsonString());
        Assert.Contains("bị trùng", Assert.Throws<ProcedureDataException>(() => ProcedureCatalog.Load(dir.Path)).Message, StringComparison.Ordinal);

        array[30]!["procedure_code"] = "ABC";
        File.WriteAllText(dir.Json, array.ToJsonString());
        Assert.Contains("mã TTHC không hợp lệ", Assert.Throws<ProcedureDataException>(() => ProcedureCatalog.Load(dir.Path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_files_and_bad_rows_are_rejected()
    {
        Assert.Throws<ProcedureDataException>(() => ProcedureCatalog.Load(Path.Combine(Path.GetTempPath(), "khong-co-thu-muc-" + Guid.NewGuid())));

        using var dir = new TempDataDirectory();
        File.AppendAllText(Path.Combine(dir.Path, ProcedureCatalog.AliasesFile), "9.999999\tkhông có\tcụm từ\n");
        Assert.Contains("9.999999", Assert.Throws<ProcedureDataException>(() => ProcedureCatalog.Load(dir.Path)).Message, StringComparison.Ordinal);

        using var dir2 = new TempDataDirectory();
        File.AppendAllText(Path.Combine(dir2.Path, ProcedureCatalog.VariantsFile), "1.013831\tx\tx\tx\tGiấy không có trong danh mục\tgiấy\n");
        Assert.Contains("không có trong thành phần hồ sơ", Assert.Throws<ProcedureDataException>(() => ProcedureCatalog.Load(dir2.Path)).Message, StringComparison.Ordinal);

        using var dir3 = new TempDataDirectory();
        File.Delete(Path.Combine(dir3.Path, ProcedureCatalog.AliasesFile));
        Assert.Contains("Không tìm thấy", Assert.Throws<ProcedureDataException>(() => ProcedureCatalog.Load(dir3.Path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_time_limit_row_carries_a_basis_and_a_validity_window()
    {
        var rows = Catalog.TimeLimits.All.ToList();
        Assert.Contains(rows, r => r.Code == ProcedureTimeLimits.DefaultCode);
        foreach (var r in rows)
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Basis.Instrument), r.Code);
            Assert.False(string.IsNullOrWhiteSpace(r.Basis.Article), r.Code);
            Assert.False(string.IsNullOrWhiteSpace(r.Basis.Status), r.Code);
            Assert.Equal(r.Basis.ValidTo is null, r.Basis.EndedBy is null);
            if (r.Basis.ValidTo is { } to) Assert.True(to >= r.Basis.ValidFrom, r.Code);
        }
        // The facts of issue 11.
        var debt = Assert.Single(rows, r => r.Code == "1.013988");
        Assert.Equal((TimeLimitUnit.SameDay, new TimeOnly(15, 0)), (debt.Unit, debt.CutOff!.Value));
        Assert.Equal(new DateOnly(2026, 1, 30), debt.Basis.ValidTo);
        Assert.Contains("49/2026/NĐ-CP", debt.Basis.EndedBy, StringComparison.Ordinal);
        var mediation = Assert.Single(rows, r => r.Code == "1.012812");
        Assert.Equal((TimeLimitUnit.CalendarDays, 30), (mediation.Unit, mediation.Limit!.Value));
        Assert.Null(mediation.Basis.ValidTo);
        Assert.Contains("Điều 235", mediation.Basis.Article, StringComparison.Ordinal);
        Assert.Equal(8, Catalog.TimeLimits.For("1.013831", "hồ sơ tặng cho đất cho con")!.Limit);
        Assert.Equal(4, Catalog.TimeLimits.For("1.013831", "cho thuê lại đất trong cụm công nghiệp")!.Limit);
        Assert.Null(Catalog.TimeLimits.For("1.013831", "đăng ký biến động"));
        Assert.Equal(TimeLimitUnit.Catalogue, Catalog.TimeLimits.For("1.012784", "tách thửa")!.Unit);
    }

    [Fact]
    public void Bad_time_limit_rows_are_rejected()
    {
        using var dir = new TempDataDirectory();
        var file = Path.Combine(dir.Path, ProcedureCatalog.TimeLimitsFile);
        var good = File.ReadAllText(file);
        File.WriteAllText(file, good + "1.012784\t-\t-\t12\tworking-days\t-\tX\tY\t-\t2025-07-01\t2026-01-30\t-\tno\tghi chú\n");
        Assert.Contains("văn bản chấm dứt", Assert.Throws<ProcedureDataException>(() => ProcedureCatalog.Load(dir.Path)).Message, StringComparison.Ordinal);
        File.WriteAllText(file, good + "1.012784\t-\t-\t12\tngày\t-\tX\tY\t-\t2025-07-01\t-\t-\tno\tghi chú\n");
        Assert.Contains("đơn vị", Assert.Throws<ProcedureDataException>(() => ProcedureCatalog.Load(dir.Path)).Message, StringComparison.Ordinal);
        File.WriteAllText(file, good + "1.012784\t-\t-\t12\tworking-days\t-\tX\tY\n");
        Assert.Contains("14 cột", Assert.Throws<ProcedureDataException>(() => ProcedureCatalog.Load(dir.Path)).Message, StringComparison.Ordinal);
        File.WriteAllText(file, string.Join("\n", good.Split('\n').Where(l => !l.StartsWith('*'))));
        Assert.Contains("dòng mặc định", Assert.Throws<ProcedureDataException>(() => ProcedureCatalog.Load(dir.Path)).Message, StringComparison.Ordinal);
    }

    /// <summary>A copy of data/procedures in a temp folder, deleted on dispose.</summary>
    private sealed class TempDataDirectory : IDisposable
    {
        public TempDataDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "procedures-test-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
            foreach (var f in Directory.GetFiles(ProcedureTestData.SourceDataDirectory))
                File.Copy(f, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(f)));
        }

        public string Path { get; }
        public string Json => System.IO.Path.Combine(Path, ProcedureCatalog.ProceduresFile);

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
        }
    }
}
