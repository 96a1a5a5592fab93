using Assistant.Land.AdminUnits;
using Assistant.Vietnamese;

namespace Assistant.Land.Tests.AdminUnits;

[Collection(AdminUnitCollection.Name)]
public sealed class AdminUnitFindInTextTests(AdminUnitDataFixture data)
{
    private AdminUnitRegistry Registry => data.Registry;

    [Theory]
    [InlineData("phường Dịch Vọng Hậu cũ giờ thuộc phường nào")]
    [InlineData("phuong dich vong hau cu gio thuoc phuong nao")]
    [InlineData("P.Dịch Vọng Hậu (Cầu Giấy) sau sáp nhập là phường gì?")]
    public void OldOnlyName_IsReadAsOld(string text)
    {
        var match = Registry.FindInText(text);
        Assert.NotNull(match);
        Assert.Equal(UnitReading.Old, match.Reading);
        Assert.Null(match.New);
        Assert.Equal("00167", Assert.Single(match.Old!.Candidates).Unit.Code);
        Assert.Equal(AdminUnitMessages.Render(match.Old), AdminUnitMessages.Render(match));
    }

    [Theory]
    [InlineData("xa kim chung huyen hoai duc sau sap nhap la xa nao", "Huyện Hoài Đức")]
    [InlineData("Xã Kim Chung, huyện Đông Anh giờ thuộc xã nào?", "Huyện Đông Anh")]
    [InlineData("Tôi ở đường Trần Phú, xã Kim Chung (Hoài Đức), muốn tách thửa", "Huyện Hoài Đức")]
    public void DistrictAnywhereInText_SeparatesDuplicates(string text, string district)
    {
        var match = Registry.FindInText(text);
        Assert.NotNull(match);
        Assert.Equal("Xã", match.TypeWord);
        Assert.Equal(district, match.District?.Name);
        var candidate = Assert.Single(match.Old!.Candidates);
        Assert.Equal("Xã Kim Chung", candidate.Unit.Name);
        Assert.Equal(district, candidate.Unit.DistrictName);
    }

    [Fact]
    public void EveryOldUnit_InAQuestion_IsFoundWithItsDistrict()
    {
        var failures = new List<string>();
        foreach (var row in data.OldRows)
        {
            var district = $"{row.DistrictType.ToLowerInvariant()} {row.DistrictBase}";
            foreach (var text in new[]
            {
                $"Cho hỏi {row.Name} cũ ({district}) sau sáp nhập thuộc đơn vị nào?",
                Assistant.Vietnamese.VietnameseText.FoldPhrase($"nha toi o {row.Name} {district} gio thuoc xa phuong nao"),
            })
            {
                var match = Registry.FindInText(text);
                var codes = match?.Old?.Candidates.Select(c => c.Unit.Code).ToList() ?? [];
                // Without "cũ" a name shared with a new unit gets both readings; the wording ("giờ thuộc") points to the old one.
                bool readingOk = match?.Reading == UnitReading.Old || (match?.Reading == UnitReading.Both && match.LikelyReading == UnitReading.Old && !text.Contains("cũ"));
                if (codes.Count != 1 || codes[0] != row.Code || match!.District?.Code != row.DistrictCode || !readingOk)
                {
                    failures.Add($"{text}: {match?.Reading} [{string.Join(", ", match?.Old?.Candidates.Select(c => c.Unit) ?? [])}] district={match?.District}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void EveryNewUnit_InAQuestion_IsFound()
    {
        var failures = new List<string>();
        foreach (var row in data.NewRows)
        {
            foreach (var text in new[]
            {
                $"{row.Name} mới gồm những phường, xã cũ nào?",
                Assistant.Vietnamese.VietnameseText.FoldPhrase($"{row.Name} moi duoc hinh thanh tu nhung xa nao"),
            })
            {
                var match = Registry.FindInText(text);
                if (match?.Reading != UnitReading.New || match.New?.Unit?.Code != row.Code || match.Old is not null)
                {
                    failures.Add($"{text}: {match?.Reading} {match?.New?.Unit}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void DuplicateWithoutDistrict_IsAmbiguous()
    {
        var match = Registry.FindInText("Xã Kim Chung sau sáp nhập thuộc xã nào?");
        Assert.NotNull(match);
        Assert.True(match.Old!.IsAmbiguous);
        Assert.Equal(2, match.Old.Candidates.Count);
        Assert.Contains("quận/huyện nào", AdminUnitMessages.Render(match));
    }

    [Theory]
    [InlineData("phường Ngọc Hà giờ thuộc phường nào", UnitReading.Old)]
    [InlineData("phuong ngoc ha gom nhung phuong nao", UnitReading.New)]
    [InlineData("cho hỏi về phường Ngọc Hà", null)]
    public void SharedName_WithoutMarker_GivesBothReadings(string text, UnitReading? likely)
    {
        var match = Registry.FindInText(text);
        Assert.NotNull(match);
        Assert.Equal(UnitReading.Both, match.Reading);
        Assert.Equal(likely, match.LikelyReading);
        Assert.Equal("00016", Assert.Single(match.Old!.Candidates).Unit.Code);
        Assert.Equal("00008", match.New!.Unit!.Code);
        Assert.Contains("vừa là tên đơn vị cũ", AdminUnitMessages.Render(match));
        Assert.Contains("Nếu là đơn vị cũ: Phường Ngọc Hà (quận Ba Đình) từ 01/7/2025 được chia cho", AdminUnitMessages.Render(match));
        Assert.Contains("Nếu là đơn vị mới: Phường Ngọc Hà (từ 01/7/2025) được hình thành từ 8 đơn vị cũ", AdminUnitMessages.Render(match));
    }

    [Theory]
    [InlineData("phường Ngọc Hà cũ giờ là phường nào", UnitReading.Old)]
    [InlineData("phuong ngoc ha cu", UnitReading.Old)]
    [InlineData("phường cũ Ngọc Hà", UnitReading.Old)]
    [InlineData("Phường Ngọc Hà (quận Ba Đình cũ) nay thuộc đâu", UnitReading.Old)]
    [InlineData("phường Ngọc Hà mới gồm những phường nào", UnitReading.New)]
    [InlineData("phuong ngoc ha moi", UnitReading.New)]
    public void SharedName_WithMarker_GivesOneReading(string text, UnitReading expected)
    {
        var match = Registry.FindInText(text);
        Assert.NotNull(match);
        Assert.Equal(expected, match.Reading);
        if (expected == UnitReading.Old)
        {
            Assert.Null(match.New);
            Assert.Equal("00016", Assert.Single(match.Old!.Candidates).Unit.Code);
        }
        else
        {
            Assert.Null(match.Old);
            Assert.Equal("00008", match.New!.Unit!.Code);
        }
    }

    [Theory]
    [InlineData("Phường Cầu Giấy gồm những phường cũ nào?")]
    [InlineData("phuong cau giay truoc day la nhung phuong nao")]
    public void NewOnlyName_IsReadAsNew(string text)
    {
        var match = Registry.FindInText(text);
        Assert.NotNull(match);
        Assert.Equal(UnitReading.New, match.Reading);
        Assert.Equal("00166", match.New!.Unit!.Code);
        Assert.Null(match.District); // "Cầu Giấy" here is the ward, not the old district
    }

    [Fact]
    public void BareNameWithDiacritics_AndBareDistrict()
    {
        var match = Registry.FindInText("Nhà tôi ở Thụy Lâm Đông Anh, làm sổ đỏ ở đâu?");
        Assert.NotNull(match);
        Assert.Null(match.TypeWord);
        Assert.Equal("Xã Thuỵ Lâm", Assert.Single(match.Old!.Candidates).Unit.Name);
        Assert.Equal("Huyện Đông Anh", match.District?.Name);
    }

    [Fact]
    public void TypeWordDecidesBetweenOldAndNewUnitsOfDifferentType()
    {
        // Old "Thị trấn Đông Anh" vs new "Xã Đông Anh".
        var old = Registry.FindInText("thị trấn Đông Anh sau sáp nhập là xã nào");
        Assert.Equal(UnitReading.Old, old?.Reading);
        Assert.Equal("Thị trấn Đông Anh", Assert.Single(old!.Old!.Candidates).Unit.Name);

        var @new = Registry.FindInText("xã Đông Anh gồm những xã cũ nào");
        Assert.Equal(UnitReading.New, @new?.Reading);
        Assert.Equal("Xã Đông Anh", @new!.New!.Unit!.Name);
    }

    [Fact]
    public void DistrictOnly()
    {
        var match = Registry.FindInText("quận Cầu Giấy cũ giờ gồm những phường nào");
        Assert.NotNull(match);
        Assert.Equal(UnitReading.DistrictOnly, match.Reading);
        Assert.Equal("Quận Cầu Giấy", match.District?.Name);
        Assert.Null(match.Old);
        Assert.Null(match.New);
        Assert.Contains("Phường Cầu Giấy", AdminUnitMessages.Render(match));
        Assert.Contains("không còn cấp quận/huyện", AdminUnitMessages.Render(match));
    }

    [Theory]
    [InlineData("thủ tục cấp giấy chứng nhận quyền sử dụng đất lần đầu")]
    [InlineData("lệ phí trước bạ nhà đất là bao nhiêu")]
    [InlineData("")]
    public void NoUnit_ReturnsNull(string text) => Assert.Null(Registry.FindInText(text));

    [Theory]
    [InlineData("Hợp đồng chuyển nhượng quyền sử dụng đất có phải công chứng không?")] // Xã Hợp Đồng
    [InlineData("Gia đình tôi muốn tự lập một khu mộ trên đất vườn")]                  // Xã Tự Lập
    [InlineData("Chủ tịch UBND xã quyết định công nhận quyền sử dụng đất")]           // Phường Định Công
    [InlineData("co bi tu choi cap so khong")]                                          // Xã Cổ Bi
    [InlineData("chuyen dat nong nghiep sang dat thuong mai dich vu")]                  // Phường Mai Dịch
    [InlineData("so do ghi nham ten, tu Thi thanh Thu, lam sao sua lai")]              // Xã Thư Lâm across a comma
    public void OrdinaryWordsThatAreUnitNames_AreNotMentions(string text) => Assert.Null(Registry.FindInText(text));

    [Fact]
    public void NameInsideLongerDistrictName_IsTheDistrict()
    {
        var match = Registry.FindInText("Tôi mua căn hộ chung cư ở Nam Từ Liêm từ 2021");
        Assert.NotNull(match);
        Assert.Equal(UnitReading.DistrictOnly, match.Reading);
        Assert.Equal("Quận Nam Từ Liêm", match.District?.Name);
    }

    [Theory]
    [InlineData("Kim Chung giờ thuộc xã nào?", 2)]
    [InlineData("tôi ở Cổ Bi, làm sổ đỏ ở đâu", 1)]
    [InlineData("đất tại Dịch Vọng Hậu", 1)]
    [InlineData("Dịch Vọng Hậu cũ", 1)]
    [InlineData("kim chung dong anh", 1)]
    public void BareNameWithPlaceCue_IsAMention(string text, int candidates)
    {
        var match = Registry.FindInText(text);
        Assert.NotNull(match);
        Assert.Equal(candidates, match.Old!.Candidates.Count);
    }

    [Fact]
    public void StreetNameIsNotAUnit()
    {
        // "Trần Phú" is also an old ward (Hoàng Mai) and commune (Chương Mỹ); after "đường" it is a street.
        Assert.Null(Registry.FindInText("nhà ở đường Trần Phú muốn sang tên"));

        // After a house number too; the old district is still recognised.
        var match = Registry.FindInText("nhà ở số 5 ngõ 12 Trần Phú, Hà Đông");
        Assert.NotNull(match);
        Assert.Equal(UnitReading.DistrictOnly, match.Reading);
        Assert.Equal("Quận Hà Đông", match.District?.Name);
    }

    [Fact]
    public void MatchedTextIsTakenFromTheInput()
    {
        var match = Registry.FindInText("Hỏi về XÃ KIM CHUNG huyện Đông Anh");
        Assert.NotNull(match);
        Assert.Equal("KIM CHUNG", match.MatchedText);
        Assert.Equal("Xã", match.TypeWord);
    }
}
