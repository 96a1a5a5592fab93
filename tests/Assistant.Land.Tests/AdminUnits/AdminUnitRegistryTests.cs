using Assistant.Land.AdminUnits;
using Assistant.Vietnamese;

namespace Assistant.Land.Tests.AdminUnits;

[Collection(AdminUnitCollection.Name)]
public sealed class AdminUnitRegistryTests(AdminUnitDataFixture data)
{
    private AdminUnitRegistry Registry => data.Registry;

    // ------------------------------------------------------------------ loading

    [Fact]
    public void Load_HasExpectedCounts()
    {
        Assert.Equal(526, Registry.OldUnits.Count);
        Assert.Equal(126, Registry.NewUnits.Count);
        Assert.Equal(796, Registry.Mappings.Count);
        Assert.Equal(30, Registry.Districts.Count);
        Assert.Equal(160, Registry.OldUnits.Count(u => u.Type == "Phường"));
        Assert.Equal(345, Registry.OldUnits.Count(u => u.Type == "Xã"));
        Assert.Equal(21, Registry.OldUnits.Count(u => u.Type == "Thị trấn"));
        Assert.Equal(51, Registry.NewUnits.Count(u => u.Type == "Phường"));
        Assert.Equal(75, Registry.NewUnits.Count(u => u.Type == "Xã"));
        Assert.Equal(326, Registry.Mappings.Count(m => m.MergeType == MergeType.Full));
        Assert.Equal(470, Registry.Mappings.Count(m => m.MergeType == MergeType.Partial));
        Assert.All(Registry.OldUnits, u => Assert.NotEmpty(Registry.NewUnitsOf(u)));
        Assert.All(Registry.NewUnits, u => Assert.NotEmpty(Registry.OldUnitsOf(u)));
    }

    [Fact]
    public void Load_ReadsTheDirectoryItIsGiven_EachTimeAfresh()
    {
        // The build output carries a copy of the repository's data folder (the fixture loads the repository's own).
        var fromOutput = AdminUnitRegistry.Load(Path.Combine(AppContext.BaseDirectory, "data", "admin-units"));
        Assert.Equal(526, fromOutput.OldUnits.Count);
        Assert.Equal(Registry.OldUnits, fromOutput.OldUnits);
        Assert.Equal(Registry.NewUnits, fromOutput.NewUnits);
        Assert.Equal(Registry.Mappings, fromOutput.Mappings);
        Assert.NotSame(Registry, fromOutput);
        Assert.Throws<ArgumentException>(() => AdminUnitRegistry.Load(" "));
    }

    [Fact]
    public void Load_MissingDirectory_ThrowsVietnameseError()
    {
        var ex = Assert.Throws<AdminUnitDataException>(() => AdminUnitRegistry.Load(Path.Combine(Path.GetTempPath(), "khong-co-" + Guid.NewGuid())));
        Assert.Contains("Không tìm thấy thư mục", ex.Message);
    }

    [Fact]
    public void Load_MissingOldUnit_ThrowsWithCount()
    {
        var dir = CopyData();
        try
        {
            var path = Path.Combine(dir, AdminUnitRegistry.OldUnitsFile);
            var lines = File.ReadAllLines(path).ToList();
            lines.RemoveAt(lines.Count - 1);
            File.WriteAllLines(path, lines);
            var ex = Assert.Throws<AdminUnitDataException>(() => AdminUnitRegistry.Load(dir));
            Assert.Contains("có 525 phường/xã/thị trấn cũ, cần đúng 526", ex.Message);
            Assert.Contains("không hợp lệ", ex.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Load_UnmappedOldUnit_ThrowsNamingIt()
    {
        var dir = CopyData();
        try
        {
            // Phường Phúc Xá has a single mapping row; drop it.
            var path = Path.Combine(dir, AdminUnitRegistry.MappingFile);
            var lines = File.ReadAllLines(path).Where(l => !l.StartsWith("00001,", StringComparison.Ordinal)).ToList();
            File.WriteAllLines(path, lines);
            var ex = Assert.Throws<AdminUnitDataException>(() => AdminUnitRegistry.Load(dir));
            Assert.Contains("chưa có trong bảng ánh xạ: Phường Phúc Xá (quận Ba Đình)", ex.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Load_MissingFile_ThrowsVietnameseError()
    {
        var dir = CopyData();
        try
        {
            File.Delete(Path.Combine(dir, AdminUnitRegistry.NewUnitsFile));
            var ex = Assert.Throws<AdminUnitDataException>(() => AdminUnitRegistry.Load(dir));
            Assert.Contains("Không tìm thấy tệp", ex.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private string CopyData()
    {
        var dir = Path.Combine(Path.GetTempPath(), "admin-units-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        foreach (var file in new[] { AdminUnitRegistry.OldUnitsFile, AdminUnitRegistry.NewUnitsFile, AdminUnitRegistry.MappingFile })
        {
            File.Copy(Path.Combine(data.DataDirectory, file), Path.Combine(dir, file));
        }
        return dir;
    }

    // ------------------------------------------------------------------ every old unit

    /// <summary>
    /// Records a failure unless the result's candidates are exactly <paramref name="expectedCodes"/>, IsAmbiguous agrees
    /// with their number, and each candidate's new units equal the mapping CSV rows (merge type included).
    /// </summary>
    private void CheckExactly(List<string> failures, string query, OldUnitResolution result, IReadOnlyCollection<string> expectedCodes)
    {
        var actual = result.Candidates.Select(c => c.Unit.Code).ToHashSet();
        if (!actual.SetEquals(expectedCodes) || actual.Count != result.Candidates.Count)
        {
            failures.Add($"{query}: expected [{string.Join(", ", expectedCodes)}], got [{string.Join(", ", result.Candidates.Select(c => c.Unit))}]");
            return;
        }
        if (result.IsAmbiguous != (expectedCodes.Count > 1)) failures.Add($"{query}: IsAmbiguous = {result.IsAmbiguous}");
        if (string.IsNullOrWhiteSpace(AdminUnitMessages.Render(result)) || AdminUnitMessages.Render(result).Contains('\n')) failures.Add($"{query}: message is not one paragraph");
        foreach (var candidate in result.Candidates)
        {
            var expected = data.ExpectedNewOf(candidate.Unit.Code);
            var pairs = AdminUnitDataFixture.Pairs(candidate);
            if (!expected.SetEquals(pairs) || pairs.Count != candidate.NewUnits.Count)
            {
                failures.Add($"{query}: mapping of {candidate.Unit} is [{string.Join(", ", pairs)}], CSV says [{string.Join(", ", expected)}]");
            }
        }
    }

    [Fact]
    public void ResolveOld_EveryOldUnit_WithDistrict_ReturnsExactlyThatUnitAndItsMapping()
    {
        var failures = new List<string>();
        foreach (var row in data.OldRows)
        {
            var result = Registry.ResolveOld(row.Name, row.DistrictName);
            CheckExactly(failures, $"{row.Name} / {row.DistrictName}", result, [row.Code]);
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void ResolveOld_EveryOldUnit_FoldedNameAndFoldedDistrict()
    {
        var failures = new List<string>();
        foreach (var row in data.OldRows)
        {
            var expected = data.OldRows
                .Where(r => r.DistrictCode == row.DistrictCode && VietnameseText.FoldPhrase(r.Name) == VietnameseText.FoldPhrase(row.Name))
                .Select(r => r.Code).ToList();
            var name = VietnameseText.FoldPhrase(row.Name);
            CheckExactly(failures, $"{name} / {VietnameseText.FoldPhrase(row.DistrictName)}",
                Registry.ResolveOld(name, VietnameseText.FoldPhrase(row.DistrictName)), expected);
            CheckExactly(failures, $"{name} / {VietnameseText.FoldPhrase(row.DistrictBase)}",
                Registry.ResolveOld(name, VietnameseText.FoldPhrase(row.DistrictBase)), expected);
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void ResolveOld_EveryOldUnit_WithoutTypeWord()
    {
        var failures = new List<string>();
        int ambiguousWithinDistrict = 0;
        foreach (var row in data.OldRows)
        {
            // With diacritics: the district's units with the same name, whatever their type.
            var expected = data.OldRows.Where(r => r.DistrictCode == row.DistrictCode && r.BaseName == row.BaseName).Select(r => r.Code).ToList();
            if (expected.Count > 1) ambiguousWithinDistrict++;
            CheckExactly(failures, $"{row.BaseName} / {row.DistrictBase}", Registry.ResolveOld(row.BaseName, row.DistrictBase), expected);

            // Without diacritics, district folded too ("dich vong hau", "cau giay").
            var folded = VietnameseText.FoldPhrase(row.BaseName);
            var expectedFolded = data.OldRows
                .Where(r => r.DistrictCode == row.DistrictCode && VietnameseText.FoldPhrase(r.BaseName) == folded)
                .Select(r => r.Code).ToList();
            CheckExactly(failures, $"{folded} / {VietnameseText.FoldPhrase(row.DistrictBase)}",
                Registry.ResolveOld(folded, VietnameseText.FoldPhrase(row.DistrictBase)), expectedFolded);
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        // Only Thị trấn Yên Viên and Xã Yên Viên (both huyện Gia Lâm) share a name within one district.
        Assert.Equal(2, ambiguousWithinDistrict);
    }

    [Fact]
    public void ResolveOld_EveryOldUnit_DistrictGivenInManyForms()
    {
        var failures = new List<string>();
        foreach (var row in data.OldRows)
        {
            var abbreviation = row.DistrictType switch { "Quận" => "Q.", "Huyện" => "H.", _ => "TX" };
            foreach (var district in new[]
            {
                row.DistrictBase,                                        // Đông Anh
                $"{row.DistrictType.ToLowerInvariant()} {row.DistrictBase}", // huyện Đông Anh
                $"{abbreviation} {row.DistrictBase}",                    // H. Đông Anh
                VietnameseText.FoldPhrase(row.DistrictName),             // huyen dong anh
            })
            {
                CheckExactly(failures, $"{row.Name} / {district}", Registry.ResolveOld(row.Name, district), [row.Code]);
            }
            // District written inside the name: "xa kim chung huyen dong anh".
            var inline = VietnameseText.FoldPhrase($"{row.Name} {row.DistrictName}");
            CheckExactly(failures, inline, Registry.ResolveOld(inline), [row.Code]);
            // ... or bare after the name: "Xã Kim Chung, Đông Anh", "Phường Quan Hoa Cầu Giấy".
            CheckExactly(failures, $"{row.Name}, {row.DistrictBase}", Registry.ResolveOld($"{row.Name}, {row.DistrictBase}"), [row.Code]);
            CheckExactly(failures, $"{row.Name} {row.DistrictBase}", Registry.ResolveOld($"{row.Name} {row.DistrictBase}"), [row.Code]);
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void ResolveOld_DuplicateNamesWithoutDistrict_AreAmbiguousWithAllCandidates()
    {
        var duplicates = data.OldRows.GroupBy(r => r.Name).Where(g => g.Count() > 1).ToList();
        Assert.Contains(duplicates, g => g.Key == "Xã Kim Chung");
        Assert.Contains(duplicates, g => g.Key == "Xã Tiền Phong");
        Assert.Equal(14, duplicates.Count);

        foreach (var group in duplicates)
        {
            var expected = group.Select(r => r.Code).ToHashSet();
            foreach (var query in new[] { group.Key, group.Key + " cũ" })
            {
                var result = Registry.ResolveOld(query, null);
                Assert.True(result.IsAmbiguous, query);
                Assert.Equal(expected, result.Candidates.Select(c => c.Unit.Code).ToHashSet());
                Assert.All(result.Candidates, c => Assert.Equal(data.ExpectedNewOf(c.Unit.Code), AdminUnitDataFixture.Pairs(c)));
                Assert.Contains("quận/huyện nào", AdminUnitMessages.Render(result));
                foreach (var row in group) Assert.Contains($"{row.Name} ({row.DistrictType.ToLowerInvariant()} {row.DistrictBase})", AdminUnitMessages.Render(result));
            }

            // An unknown district does not break the tie.
            var unknown = Registry.ResolveOld(group.Key, "Từ Liêm");
            Assert.True(unknown.IsAmbiguous);
            Assert.Contains("Không nhận ra quận/huyện «Từ Liêm»", AdminUnitMessages.Render(unknown));
        }
    }

    [Fact]
    public void ResolveOld_FoldedDuplicateIncludesNamesDifferingOnlyInDiacritics()
    {
        var folded = Registry.ResolveOld("xa tien phong");
        Assert.True(folded.IsAmbiguous);
        Assert.Equal(new[] { "Huyện Ba Vì", "Huyện Mê Linh", "Huyện Thường Tín" }, folded.Candidates.Select(c => c.Unit.DistrictName).Order().ToArray());

        // With diacritics, "Tiền Phong" is not "Tiên Phong".
        var accented = Registry.ResolveOld("Xã Tiền Phong");
        Assert.Equal(2, accented.Candidates.Count);
        Assert.DoesNotContain(accented.Candidates, c => c.Unit.Name == "Xã Tiên Phong");
        var baVi = Registry.ResolveOld("Tiên Phong");
        Assert.Equal("Xã Tiên Phong", Assert.Single(baVi.Candidates).Unit.Name);
    }

    // ------------------------------------------------------------------ input forms and messages

    [Theory]
    [InlineData("Phường Dịch Vọng Hậu", null)]
    [InlineData("phường Dịch Vọng Hậu cũ", null)]
    [InlineData("P. Dịch Vọng Hậu", null)]
    [InlineData("p.dich vong hau", null)]
    [InlineData("dich vong hau", "Q. Cầu Giấy")]
    [InlineData("DỊCH VỌNG HẬU", "quận Cầu Giấy")]
    [InlineData("Dịch Vọng Hậu", "cau giay")]
    [InlineData("phuong dich vong hau quan cau giay", null)]
    public void ResolveOld_AcceptsManyInputForms(string name, string? district)
    {
        var result = Registry.ResolveOld(name, district);
        var candidate = Assert.Single(result.Candidates);
        Assert.Equal("00167", candidate.Unit.Code);
        Assert.False(result.IsAmbiguous);
    }

    [Theory]
    [InlineData("xa kim chung huyen dong anh", null, "Huyện Đông Anh")]
    [InlineData("Xã Kim Chung", "Đông Anh", "Huyện Đông Anh")]
    [InlineData("Kim Chung", "huyện Hoài Đức", "Huyện Hoài Đức")]
    [InlineData("x. kim chung", "H. Hoai Duc", "Huyện Hoài Đức")]
    [InlineData("Kim Chung Hoài Đức", null, "Huyện Hoài Đức")]
    public void ResolveOld_DistrictSeparatesDuplicates(string name, string? district, string expectedDistrict)
    {
        var result = Registry.ResolveOld(name, district);
        var candidate = Assert.Single(result.Candidates);
        Assert.Equal("Xã Kim Chung", candidate.Unit.Name);
        Assert.Equal(expectedDistrict, candidate.Unit.DistrictName);
        Assert.Equal(expectedDistrict, result.District?.Name);
    }

    [Fact]
    public void ResolveOld_Messages()
    {
        var full = Registry.ResolveOld("Phường Trúc Bạch");
        Assert.StartsWith("Phường Trúc Bạch (quận Ba Đình) từ 01/7/2025 thuộc Phường Ba Đình (nhập toàn bộ).", AdminUnitMessages.Render(full));
        Assert.Contains("Nghị quyết 1656/NQ-UBTVQH15", AdminUnitMessages.Render(full));

        var split = Registry.ResolveOld("Phường Dịch Vọng Hậu");
        Assert.StartsWith("Phường Dịch Vọng Hậu (quận Cầu Giấy) từ 01/7/2025 được chia cho: Phường Nghĩa Đô, Phường Cầu Giấy — cần số nhà/đường", AdminUnitMessages.Render(split));
        Assert.True(Assert.Single(split.Candidates).IsSplit);

        var sameDistrict = Registry.ResolveOld("Yên Viên", "Gia Lâm");
        Assert.True(sameDistrict.IsAmbiguous);
        Assert.Contains("Bạn hỏi thị trấn hay xã Yên Viên?", AdminUnitMessages.Render(sameDistrict));
        Assert.StartsWith("Trước 01/7/2025 có 2 đơn vị tên Yên Viên: Thị trấn Yên Viên (huyện Gia Lâm) nay thuộc Xã Phù Đổng; Xã Yên Viên (huyện Gia Lâm) nay thuộc Xã Phù Đổng.", AdminUnitMessages.Render(sameDistrict));

        var wrongDistrict = Registry.ResolveOld("Xã Kim Chung", "quận Ba Đình");
        Assert.True(wrongDistrict.IsAmbiguous);
        Assert.Contains("Quận Ba Đình (cũ) không có đơn vị nào tên Kim Chung", AdminUnitMessages.Render(wrongDistrict));

        var wrongType = Registry.ResolveOld("xã Dịch Vọng Hậu");
        Assert.Equal("00167", Assert.Single(wrongType.Candidates).Unit.Code);
        Assert.Contains("không có xã nào tên Dịch Vọng Hậu", AdminUnitMessages.Render(wrongType));

        foreach (var row in data.OldRows.Take(60))
        {
            Assert.DoesNotContain('\n', AdminUnitMessages.Render(Registry.ResolveOld(row.Name)));
        }
    }

    [Fact]
    public void ResolveOld_OtherSpellings()
    {
        // Tone placement: data says "Thuỵ Lâm", users often type "Thụy Lâm".
        Assert.Equal("Xã Thuỵ Lâm", Assert.Single(Registry.ResolveOld("xã Thụy Lâm").Candidates).Unit.Name);
        // Single-syllable names and "tt".
        Assert.Equal("Thị trấn Phùng", Assert.Single(Registry.ResolveOld("tt Phùng").Candidates).Unit.Name);
        Assert.Equal("Phường Bưởi", Assert.Single(Registry.ResolveOld("buoi").Candidates).Unit.Name);
        // Longest match: "Dịch Vọng Hậu" is not "Dịch Vọng".
        Assert.Equal("Phường Dịch Vọng", Assert.Single(Registry.ResolveOld("Dịch Vọng").Candidates).Unit.Name);
        // A part of a compound name.
        Assert.Equal("Phường Văn Miếu - Quốc Tử Giám", Assert.Single(Registry.ResolveOld("phường Văn Miếu").Candidates).Unit.Name);
        Assert.Equal("Phường Phương Liên - Trung Tự", Assert.Single(Registry.ResolveOld("Trung Tự").Candidates).Unit.Name);
        // Wrong diacritics fall back to the folded name.
        Assert.Equal("Xã Kim Chung", Registry.ResolveOld("Xã Kìm Chúng", "Đông Anh").Candidates.Single().Unit.Name);
    }

    [Fact]
    public void ResolveOld_NameSharedWithNewUnit_ReturnsTheOldUnit()
    {
        var shared = data.OldRows.Where(o => data.NewRows.Any(n => n.Name == o.Name)).ToList();
        Assert.Contains(shared, r => r.Name == "Phường Ngọc Hà");
        foreach (var row in shared)
        {
            var result = Registry.ResolveOld(row.Name, row.DistrictName);
            var candidate = Assert.Single(result.Candidates);
            Assert.Equal(row.Code, candidate.Unit.Code);
        }

        var ngocHa = Assert.Single(Registry.ResolveOld("Phường Ngọc Hà").Candidates);
        Assert.Equal("00016", ngocHa.Unit.Code);
        Assert.Equal(new[] { "Phường Ba Đình", "Phường Ngọc Hà" }, ngocHa.NewUnits.Select(s => s.Unit.Name).ToArray());
        Assert.All(ngocHa.NewUnits, s => Assert.Equal(MergeType.Partial, s.MergeType));
    }

    [Fact]
    public void ResolveOld_UnknownName_SuggestsClosestNames()
    {
        var result = Registry.ResolveOld("Phường Dich Vong Hao");
        Assert.Empty(result.Candidates);
        Assert.False(result.IsFound);
        Assert.False(result.IsAmbiguous);
        Assert.Equal(3, result.Suggestions.Count);
        Assert.Equal("Phường Dịch Vọng Hậu (quận Cầu Giấy)", result.Suggestions[0]);
        Assert.Contains("Không tìm thấy phường/xã/thị trấn cũ", AdminUnitMessages.Render(result));
        Assert.Contains("Có phải bạn muốn hỏi: Phường Dịch Vọng Hậu (quận Cầu Giấy)", AdminUnitMessages.Render(result));

        var kim = Registry.ResolveOld("xa kim chunk");
        Assert.Empty(kim.Candidates);
        Assert.Contains("Xã Kim Chung (huyện Đông Anh)", kim.Suggestions);
        Assert.Contains("Xã Kim Chung (huyện Hoài Đức)", kim.Suggestions);

        var empty = Registry.ResolveOld("  ");
        Assert.Empty(empty.Candidates);
        Assert.Contains("chưa cho biết", AdminUnitMessages.Render(empty));
    }

    [Fact]
    public void ResolveOld_NewOnlyName_SaysItIsANewUnit()
    {
        var result = Registry.ResolveOld("Phường Cầu Giấy");
        Assert.Empty(result.Candidates);
        Assert.Contains("Phường Cầu Giấy là tên đơn vị mới từ 01/7/2025", AdminUnitMessages.Render(result));
        Assert.Contains("Phường Dịch Vọng Hậu", AdminUnitMessages.Render(result));
        Assert.Empty(result.Suggestions); // the name is known, as a new unit: no spelling suggestions
    }

    // ------------------------------------------------------------------ new → old

    [Fact]
    public void ResolveNew_CauGiay_ListsItsOldUnits()
    {
        foreach (var query in new[] { "Phường Cầu Giấy", "phuong cau giay", "Cầu Giấy", "p. Cầu Giấy mới" })
        {
            var result = Registry.ResolveNew(query);
            Assert.Equal("00166", result.Unit?.Code);
            Assert.Equal(data.ExpectedOldOf("00166"), AdminUnitDataFixture.Pairs(result));
            Assert.Equal(6, result.OldUnits.Count);
            Assert.Contains("Phường Dịch Vọng, Phường Dịch Vọng Hậu, Phường Quan Hoa, Phường Yên Hoà (quận Cầu Giấy)", AdminUnitMessages.Render(result));
            Assert.Contains("Phường Mỹ Đình 1, Phường Mỹ Đình 2 (quận Nam Từ Liêm)", AdminUnitMessages.Render(result));
            Assert.StartsWith("Phường Cầu Giấy (từ 01/7/2025) được hình thành từ 6 đơn vị cũ: một phần Phường Dịch Vọng", AdminUnitMessages.Render(result));
        }
    }

    [Fact]
    public void ResolveNew_EveryNewUnit_ReturnsItAndItsOldUnits()
    {
        var failures = new List<string>();
        foreach (var row in data.NewRows)
        {
            foreach (var query in new[] { row.Name, VietnameseText.FoldPhrase(row.Name), row.BaseName, VietnameseText.FoldPhrase(row.BaseName) })
            {
                var result = Registry.ResolveNew(query);
                if (result.Unit?.Code != row.Code) { failures.Add($"{query}: {result.Unit?.Name ?? "(none)"}"); continue; }
                if (!data.ExpectedOldOf(row.Code).SetEquals(AdminUnitDataFixture.Pairs(result))) failures.Add($"{query}: old units differ");
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void ResolveNew_SharedNameReturnsTheNewUnit()
    {
        var result = Registry.ResolveNew("Phường Ngọc Hà");
        Assert.Equal("00008", result.Unit?.Code);
        Assert.Equal(8, result.OldUnits.Count);
    }

    [Fact]
    public void ResolveNew_UnknownName_SuggestsClosest()
    {
        var result = Registry.ResolveNew("phuong cau giai");
        Assert.Null(result.Unit);
        Assert.Equal(3, result.Suggestions.Count);
        Assert.Equal("Phường Cầu Giấy", result.Suggestions[0]);
        Assert.Contains("Không tìm thấy phường/xã mới", AdminUnitMessages.Render(result));

        var old = Registry.ResolveNew("Phường Dịch Vọng Hậu");
        Assert.Null(old.Unit);
        Assert.Contains("Đây là tên đơn vị cũ", AdminUnitMessages.Render(old));
        Assert.Contains("Phường Cầu Giấy", AdminUnitMessages.Render(old));
    }

    // ------------------------------------------------------------------ districts

    [Theory]
    [InlineData("Đông Anh", "Huyện Đông Anh")]
    [InlineData("huyện Đông Anh", "Huyện Đông Anh")]
    [InlineData("dong anh", "Huyện Đông Anh")]
    [InlineData("quận Cầu Giấy", "Quận Cầu Giấy")]
    [InlineData("Q. Cầu Giấy", "Quận Cầu Giấy")]
    [InlineData("Q.Cau Giay", "Quận Cầu Giấy")]
    [InlineData("TX Sơn Tây", "Thị xã Sơn Tây")]
    [InlineData("thi xa son tay", "Thị xã Sơn Tây")]
    [InlineData("Hai Bà Trưng", "Quận Hai Bà Trưng")]
    public void FindDistrict_AcceptsManyForms(string text, string expected) =>
        Assert.Equal(expected, Registry.FindDistrict(text)?.Name);

    [Fact]
    public void FindDistrict_Unknown_ReturnsNull()
    {
        Assert.Null(Registry.FindDistrict("Từ Liêm"));
        Assert.Null(Registry.FindDistrict(""));
    }
}
