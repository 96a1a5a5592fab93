using Assistant.Land.AdminUnits;
using Assistant.Land.Procedures;
using Assistant.Triage.Documents;
using Assistant.Triage.Model;
using Assistant.Land.Priority;
using Assistant.Triage.Routing;

namespace Assistant.Triage.Tests;

public sealed class ComponentTests
{
    private static readonly ProcedureCatalog Catalog = ProcedureCatalog.Load(TestPaths.Data("procedures"));
    private static readonly DocumentChecker Checker = DocumentChecker.Load(TestPaths.Data("triage"));
    private static readonly PriorityProjectRegistry Projects = PriorityProjectRegistry.Load(Path.Combine(TestPaths.Data("priority-projects"), PriorityProjectRegistry.FileName));
    private static readonly DossierRouter Router = new(AdminUnitRegistry.Load(TestPaths.Data("admin-units")));

    [Fact]
    public void Everyday_paper_names_without_diacritics_and_with_typos_match_the_required_papers()
    {
        var split = Catalog.Get("1.012784");
        var r = Checker.Check(split, ["so do", "don de nghi tach thuaa", "bản vẽ tách thửa"]);
        Assert.True(r.Complete, string.Join("; ", r.Missing));
        Assert.Empty(r.Extra);

        var partial = Checker.Check(split, ["Sổ hồng", "giấy khai sinh"]);
        Assert.False(partial.Complete);
        Assert.Contains(partial.Missing, m => m.StartsWith("Đơn đề nghị tách thửa", StringComparison.Ordinal));
        Assert.Contains(partial.Missing, m => m.StartsWith("Bản vẽ tách thửa", StringComparison.Ordinal));
        Assert.Equal(["giấy khai sinh"], partial.Extra);
        // The conditional paper ("Văn bản … (nếu có)") is never missing.
        Assert.DoesNotContain(partial.Missing, m => m.Contains("(nếu có)", StringComparison.Ordinal));
    }

    [Fact]
    public void Mau_18_is_the_change_registration_form_and_case_papers_are_not_missing()
    {
        var transfer = Catalog.Get("1.013831");
        var r = Checker.Check(transfer, ["mẫu 18", "sổ đỏ"]);
        Assert.True(r.Complete, string.Join("; ", r.Missing));
        var none = Checker.Check(transfer, []);
        Assert.Equal(2, none.Missing.Count); // only the two "Hồ sơ chung" papers; "Tùy trường hợp" papers never count
    }

    [Fact]
    public void Old_commune_fully_merged_routes_to_one_new_unit_and_keeps_the_old_district()
    {
        var r = Router.Route(new ParcelInfo("Phường Khâm Thiên", "Quận Đống Đa", null, null), Catalog.Get("1.012784"));
        var unit = Assert.Single(r.Route.Candidates);
        Assert.Equal("00226", unit.UnitCode);
        Assert.Equal("full", unit.MergeType);
        Assert.Equal("Quận Đống Đa", r.Route.OldDistrict);
        Assert.Empty(r.ReviewReasons);
        Assert.Contains("Chi nhánh Văn phòng đăng ký đất đai", r.Route.Office);
    }

    [Fact]
    public void Partial_merge_gives_all_candidates_and_asks_for_the_address()
    {
        var r = Router.Route(new ParcelInfo("Cống Vị", "Ba Đình", null, "số 12 ngõ 29 Đội Nhân"), Catalog.Get("1.013831"));
        Assert.Equal(["00008", "00025"], r.Route.Candidates.Select(c => c.UnitCode).OrderBy(c => c).ToArray());
        Assert.All(r.Route.Candidates, c => Assert.Equal("partial", c.MergeType));
        Assert.Contains(r.ReviewReasons, x => x.Contains("địa chỉ", StringComparison.Ordinal));
        // The declared new unit settles it.
        var settled = Router.Route(new ParcelInfo("Cống Vị", "Ba Đình", "Phường Giảng Võ", null), Catalog.Get("1.013831"));
        Assert.Equal("00025", Assert.Single(settled.Route.Candidates).UnitCode);
        Assert.Empty(settled.ReviewReasons);
    }

    [Fact]
    public void Unknown_commune_and_conciliation_office()
    {
        var r = Router.Route(new ParcelInfo("Xã Không Có Thật", null, null, null), Catalog.Get("1.012812"));
        Assert.Empty(r.Route.Candidates);
        Assert.NotEmpty(r.ReviewReasons);
        var n = Router.Route(new ParcelInfo(null, null, "xa dan phuong", null), Catalog.Get("1.012812"));
        Assert.Equal("09784", Assert.Single(n.Route.Candidates).UnitCode);
        Assert.StartsWith("UBND Xã Đan Phượng", n.Route.Office);
    }

    [Theory]
    [InlineData(null, "Hộ dân bị thu hồi đất làm đường Vành đai 4 xin tách thửa", "Vành đai 4")]
    [InlineData(null, "thu hoi dat lam cau tran hung dao", "cầu Trần Hưng Đạo")]
    [InlineData(null, "GPMB đường sắt đô thị tuyến 3 đoạn ga Hà Nội - Hoàng Mai", "số 3")]
    [InlineData(null, "du an vanh dai 1 doan hoang cau - voi phuc", "Vành đai 1")]
    [InlineData("VD4", "tách thửa", "Vành đai 4")]
    [InlineData("cau-tu-lien", "cấp đổi sổ", "cầu Tứ Liên")]
    public void Priority_projects_are_found_by_code_or_mention(string? code, string description, string expected)
    {
        var p = Projects.Detect(code, description);
        Assert.True(p.IsPriority);
        Assert.Contains(expected, p.Project!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Applicant_type_decides_between_the_two_first_registration_procedures()
    {
        IReadOnlyList<Assistant.Triage.Classification.ClassScore> scores =
            [new("1.013978", 0.6), new("1.012753", 0.3), new("1.012784", 0.1)];
        var org = Assistant.Triage.Classification.ProcedureBlender.ApplyApplicant(scores, ApplicantType.Organization);
        Assert.Equal("1.012753", org[0].ProcedureCode);
        Assert.Equal(0.9, org[0].Probability, 6);
        Assert.Same(scores, Assistant.Triage.Classification.ProcedureBlender.ApplyApplicant(scores, null));
        Assert.Equal("1.013978", Assistant.Triage.Classification.ProcedureBlender.ApplyApplicant(scores, ApplicantType.Individual)[0].ProcedureCode);
    }

    [Fact]
    public void No_priority_for_ordinary_dossiers_or_a_ward_name()
    {
        Assert.False(Projects.Detect(null, "tách thửa ở phường Tứ Liên cũ").IsPriority);
        var unknown = Projects.Detect("XYZ-1", "tách thửa");
        Assert.False(unknown.IsPriority);
        Assert.Contains("không có trong danh mục", unknown.Reason);
    }
}
