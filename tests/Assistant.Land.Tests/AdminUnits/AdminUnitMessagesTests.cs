using System.Text.Encodings.Web;
using System.Text.Json;
using Assistant.Land.AdminUnits;

namespace Assistant.Land.Tests.AdminUnits;

/// <summary>The renderer words the answer from the data alone; the results carry data, never the sentence.</summary>
[Collection(AdminUnitCollection.Name)]
public sealed class AdminUnitMessagesTests(AdminUnitDataFixture data)
{
    private const string Source = " Căn cứ: Nghị quyết 1656/NQ-UBTVQH15.";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly OldUnit TrucBach = new("00004", "Phường Trúc Bạch", "Phường", "001", "Quận Ba Đình");
    private static readonly NewUnit BaDinh = new("00004", "Phường Ba Đình", "Phường");

    private AdminUnitRegistry Registry => data.Registry;

    [Fact]
    public void Render_HandBuiltFoundOldUnit_WithoutARegistry()
    {
        var found = new OldUnitResolution(
            "Trúc Bạch", UnitLookupOutcome.Found, "Trúc Bạch", [new OldUnitCandidate(TrucBach, [new NewUnitShare(BaDinh, MergeType.Full)])],
            null, null, null, false, [], null, AdminUnitRegistry.LegalBasis);

        Assert.Equal("Phường Trúc Bạch (quận Ba Đình) từ 01/7/2025 thuộc Phường Ba Đình (nhập toàn bộ)." + Source, AdminUnitMessages.Render(found));
    }

    [Fact]
    public void Render_HandBuiltNotFoundOldUnit_NamesTheNewUnitOfThatName_WithoutSource()
    {
        var asNew = new NewUnitResolution("Ba Đình", UnitLookupOutcome.Found, BaDinh, [new OldUnitShare(TrucBach, MergeType.Full)], [], null, AdminUnitRegistry.LegalBasis);
        var notFound = new OldUnitResolution("  Ba Đình ", UnitLookupOutcome.NotFound, null, [], null, "Từ Liêm", null, false, [], asNew, null);

        Assert.Equal(
            "Không nhận ra quận/huyện «Từ Liêm». Không tìm thấy phường/xã/thị trấn cũ (trước 01/7/2025) nào tên «Ba Đình» trong danh mục 526 đơn vị của Hà Nội. " +
            "Phường Ba Đình là tên đơn vị mới từ 01/7/2025, được hình thành từ: toàn bộ Phường Trúc Bạch (quận Ba Đình).",
            AdminUnitMessages.Render(notFound));
    }

    [Fact]
    public void Render_NoName_IgnoresTheUnrecognizedDistrict()
    {
        var none = new OldUnitResolution("", UnitLookupOutcome.NoName, null, [], null, "Từ Liêm", null, false, [], null, null);
        Assert.Equal("Bạn chưa cho biết tên phường/xã/thị trấn cũ cần tra.", AdminUnitMessages.Render(none));
        Assert.Equal("Bạn chưa cho biết tên phường/xã mới cần tra.", AdminUnitMessages.Render(Registry.ResolveNew("")));
    }

    [Fact]
    public void Render_RelaxedDistrict_AndSameNameInTwoDistricts()
    {
        Assert.Equal(
            "Lưu ý: Quận Ba Đình (cũ) không có đơn vị nào tên Kim Chung. Trước 01/7/2025 có 2 đơn vị cùng tên Xã Kim Chung: " +
            "Xã Kim Chung (huyện Đông Anh) nay được chia cho Xã Thiên Lộc, Xã Vĩnh Thanh; Xã Kim Chung (huyện Hoài Đức) nay được chia cho Phường Tây Tựu, Xã Hoài Đức. " +
            "Bạn hỏi đơn vị thuộc quận/huyện nào?" + Source,
            AdminUnitMessages.Render(Registry.ResolveOld("Kim Chung", "Quận Ba Đình")));
    }

    [Fact]
    public void Render_NewUnitNotFound_GivesTheOldReadingWithoutItsSource_OrSuggestions()
    {
        Assert.Equal(
            "Không tìm thấy phường/xã mới (từ 01/7/2025) nào tên «Phường Trúc Bạch» trong danh mục 126 đơn vị của Hà Nội. " +
            "Đây là tên đơn vị cũ (trước 01/7/2025): Phường Trúc Bạch (quận Ba Đình) từ 01/7/2025 thuộc Phường Ba Đình (nhập toàn bộ).",
            AdminUnitMessages.Render(Registry.ResolveNew("Phường Trúc Bạch")));
        Assert.Equal(
            "Không tìm thấy phường/xã mới (từ 01/7/2025) nào tên «Cầu Giấyx» trong danh mục 126 đơn vị của Hà Nội. " +
            "Có phải bạn muốn hỏi: Phường Cầu Giấy, Phường Ba Đình, Phường Chương Mỹ?",
            AdminUnitMessages.Render(Registry.ResolveNew("Cầu Giấyx")));
    }

    [Fact]
    public void Render_BothReadings_LikelierFirst_OneSource()
    {
        Assert.Equal(
            "«Ngọc Hà» vừa là tên đơn vị cũ (trước 01/7/2025) vừa là tên đơn vị mới (từ 01/7/2025). " +
            "Nếu là đơn vị mới: Phường Ngọc Hà (từ 01/7/2025) được hình thành từ 8 đơn vị cũ: toàn bộ Phường Vĩnh Phúc, Phường Liễu Giai (quận Ba Đình); " +
            "một phần Phường Cống Vị, Phường Ngọc Hà, Phường Đội Cấn, Phường Ngọc Khánh, Phường Kim Mã (quận Ba Đình), Phường Nghĩa Đô (quận Cầu Giấy). " +
            "Nếu là đơn vị cũ: Phường Ngọc Hà (quận Ba Đình) từ 01/7/2025 được chia cho: Phường Ba Đình, Phường Ngọc Hà — cần số nhà/đường " +
            "(hoặc thôn, tổ dân phố) để xác định thuộc đơn vị mới nào." + Source,
            AdminUnitMessages.Render(Registry.FindInText("Ngọc Hà gồm những phường nào")!));
    }

    [Fact]
    public void Render_DistrictOnly()
    {
        Assert.Equal(
            "Quận Hoàn Kiếm (trước 01/7/2025) có 18 đơn vị cấp xã. Từ 01/7/2025 không còn cấp quận/huyện; địa bàn quận Hoàn Kiếm cũ nay thuộc " +
            "(toàn bộ hoặc một phần) 5 phường/xã mới: Phường Hồng Hà, Phường Ba Đình, Phường Hoàn Kiếm, Phường Cửa Nam, Phường Văn Miếu - Quốc Tử Giám. " +
            "Hãy cho biết tên phường/xã/thị trấn cũ để tra chính xác." + Source,
            AdminUnitMessages.Render(Registry.FindInText("Quận Hoàn Kiếm")!));
    }

    [Theory]
    [InlineData("Kim Chung", "Quận Ba Đình")]
    [InlineData("Yên Viên", null)]
    [InlineData("xã Dịch Vọng Hậu", null)]
    [InlineData("Dich Vong Hao", "Từ Liêm xyz")]
    [InlineData("Cầu Giấy", null)]
    [InlineData("Phường Cầu Giấy", null)]
    public void OldResolution_CarriesNoRenderedText(string name, string? district)
    {
        var result = Registry.ResolveOld(name, district);
        AssertNoRenderedText(JsonSerializer.Serialize(result, Json), AdminUnitMessages.Render(result));
    }

    [Theory]
    [InlineData("Cầu Giấy")]
    [InlineData("Cầu Giấyx")]
    [InlineData("Phường Trúc Bạch")]
    public void NewResolution_CarriesNoRenderedText(string name)
    {
        var result = Registry.ResolveNew(name);
        AssertNoRenderedText(JsonSerializer.Serialize(result, Json), AdminUnitMessages.Render(result));
    }

    [Theory]
    [InlineData("Ngọc Hà gồm những phường nào")]
    [InlineData("phường Dịch Vọng Hậu cũ giờ thuộc phường nào")]
    [InlineData("Quận Hoàn Kiếm")]
    [InlineData("Kim Chung giờ thuộc xã nào")]
    public void TextMatch_CarriesNoRenderedText(string text)
    {
        var match = Registry.FindInText(text)!;
        AssertNoRenderedText(JsonSerializer.Serialize(match, Json), AdminUnitMessages.Render(match));
    }

    /// <summary>The serialised result holds unit data (codes) but none of the answer's wording.</summary>
    private static void AssertNoRenderedText(string json, string message)
    {
        Assert.Matches("\"Code\":\"\\d{3,5}\"", json);
        Assert.DoesNotContain(message, json);
        foreach (var wording in new[] { "Căn cứ", "01/7/2025", "Bạn ", "Không ", "Lưu ý", "nhập toàn bộ", "một phần", "Có phải" })
        {
            Assert.DoesNotContain(wording, json);
        }
    }
}
