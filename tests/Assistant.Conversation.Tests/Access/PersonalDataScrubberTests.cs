using Assistant.Access.PersonalData;

namespace Assistant.Conversation.Tests.Access;

/// <summary>
/// What the scrubber hides (personal data of Law 91/2025/QH15) and what it must leave alone (the legal references and
/// numbers the assistant's log lines are made of), with and without diacritics.
/// </summary>
public sealed class PersonalDataScrubberTests
{
    /// <summary>Text with personal data, and the exact scrubbed text.</summary>
    public static TheoryData<string, string> Hidden => new()
    {
        { "CCCD 001203012345 của tôi", "CCCD [CCCD] của tôi" },
        { "số CCCD: 001 203 012 345", "số CCCD: [CCCD]" },
        { "so can cuoc 001.203.012.345 nhe", "so can cuoc [CCCD] nhe" },
        { "căn cước 0012 0301 2345", "căn cước [CCCD]" },
        { "cccd 037203012345.", "cccd [CCCD]." },
        { "(079090001234)", "([CCCD])" },
        { "CMND 012345678 cấp năm 2010", "CMND [CMND] cấp năm 2010" },
        { "cmnd so 012 345 678", "cmnd so [CMND]" },
        { "gọi 0912345678 nhé", "gọi [SĐT] nhé" },
        { "sđt 0912 345 678", "sđt [SĐT]" },
        { "sdt 0912.345.678", "sdt [SĐT]" },
        { "dien thoai 0912-345-678", "dien thoai [SĐT]" },
        { "liên hệ +84 912 345 678", "liên hệ [SĐT]" },
        { "liên hệ +84912345678", "liên hệ [SĐT]" },
        { "số máy bàn 024 3825 1234", "số máy bàn [SĐT]" },
        { "zalo 0387654321", "zalo [SĐT]" },
        { "email nguyen.van.an@gmail.com", "email [email]" },
        { "gửi về AN.NGUYEN+dat@hanoi.gov.vn giúp", "gửi về [email] giúp" },
        { "số tài khoản 0011004123456 Vietcombank", "số tài khoản [STK] Vietcombank" },
        { "so tai khoan: 1903 5678 9012 34", "so tai khoan: [STK]" },
        { "STK 123456789", "STK [STK]" },
        { "chuyển khoản tài khoản số 19035678901", "chuyển khoản tài khoản số [STK]" },
        { "thẻ 9704123456789012", "thẻ [STK]" },
        { "ông Nguyễn Văn An nộp hồ sơ", "ông [tên] nộp hồ sơ" },
        { "Bà Trần Thị Bích đề nghị", "Bà [tên] đề nghị" },
        { "anh Lê Minh hỏi", "anh [tên] hỏi" },
        { "chị Phạm Thu Hà xin", "chị [tên] xin" },
        { "cô Hoa và chú Tư", "cô [tên] và chú [tên]" },
        { "ong Nguyen Van An nop ho so", "ong [tên] nop ho so" },
        { "chi Le Thi Hoa hoi", "chi [tên] hoi" },
        { "Ông Hoàng Văn Nam, CCCD 001090012345, SĐT 0988777666", "Ông [tên], CCCD [CCCD], SĐT [SĐT]" },
        { "Tách thửa cho bà Đỗ Thị Lan, email lan.do@yahoo.com.vn", "Tách thửa cho bà [tên], email [email]" },
    };

    /// <summary>Text the scrubber must return unchanged.</summary>
    public static TheoryData<string> Kept => new()
    {
        "Điều 101 Luật Đất đai",
        "Dieu 101 Luat Dat dai",
        "Luật 31/2024/QH15",
        "Luat 31/2024/QH15",
        "Nghị định 101/2024/NĐ-CP",
        "Nghi dinh 101/2024/ND-CP",
        "Thông tư 10/2024/TT-BTNMT",
        "Quyết định 2555/QĐ-UBND ngày 20/6/2025",
        "thủ tục 1.012812",
        "thu tuc 1.012812 va 1.012813",
        "ngày 01/07/2025",
        "hạn 2025-07-15",
        "2026-12-04T21:50:34.1234567+07:00",
        "diện tích 120 m2",
        "dien tich 120.5 m2",
        "mã xã 00004",
        "ma xa 00004 va 00008",
        "Điểm a Khoản 2 Điều 220",
        "lệ phí 120.000.000 đồng",
        "le phi 1.500.000 dong",
        "phí 250.000.000.000 VNĐ",
        "thửa đất số 123, tờ bản đồ số 45",
        "Triage model 1.0.20251201 loaded",
        "Answered on directline: intent procedure, 3 sources",
        "Request finished HTTP/1.1 POST http://127.0.0.1:5000/api/triage - 201 512 application/json 12.3456ms",
        "quận Hai Bà Trưng",
        "phường Ba Đình",
        "ông bà cần mang theo sổ đỏ",
        "anh cần nộp Giấy chứng nhận",
        "co Giay chung nhan",
        "Hồ sơ mã HS-2025-000123 đã được tiếp nhận",
        "trace 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "Điều 3 Nghị định 151/2025/NĐ-CP",
        "thời hạn 15 ngày làm việc",
    };

    [Theory]
    [MemberData(nameof(Hidden))]
    public void Personal_data_is_replaced_by_its_token(string text, string expected) =>
        Assert.Equal(expected, PersonalDataScrubber.Scrub(text));

    [Theory]
    [MemberData(nameof(Kept))]
    public void Legal_references_and_ordinary_numbers_stay(string text) =>
        Assert.Equal(text, PersonalDataScrubber.Scrub(text));

    [Fact]
    public void The_tables_are_large_enough_to_mean_something()
    {
        Assert.True(Hidden.Count >= 30);
        Assert.True(Kept.Count >= 30);
    }

    [Fact]
    public void A_raw_log_line_with_a_CCCD_is_caught()
    {
        // Negative control of the suite-wide log check: the raw line holds the number, the scrubbed one does not.
        const string raw = "Triage submitted by 001203012345 (0912345678, an@example.vn)";
        Assert.Contains("001203012345", raw);
        var scrubbed = PersonalDataScrubber.Scrub(raw);
        Assert.DoesNotContain("001203012345", scrubbed);
        Assert.DoesNotContain("0912345678", scrubbed);
        Assert.DoesNotContain("an@example.vn", scrubbed);
    }

    [Fact]
    public void Identity_numbers_are_found_as_digits()
    {
        var found = PersonalDataScrubber.FindIdNumbers("Ông An, CCCD 001 203 012 345, vợ CMND 012345678, gọi 0912345678; lại CCCD 001203012345.");
        Assert.Equal(["001203012345", "012345678"], found);
        Assert.Empty(PersonalDataScrubber.FindIdNumbers("Điều 101 Luật 31/2024/QH15, thủ tục 1.012812, 120 m2"));
    }

    [Theory]
    [InlineData("001 203 012 345", "001203012345")]
    [InlineData("001.203.012.345", "001203012345")]
    [InlineData("012345678", "012345678")]
    [InlineData("12345", null)]
    [InlineData("00120301234X", null)]
    public void Operator_typed_numbers_are_normalised(string typed, string? expected) =>
        Assert.Equal(expected, PersonalDataScrubber.NormalizeIdNumber(typed));
}

/// <summary>The conversation state keeps the last question for follow-ups, but not the personal data typed into it.</summary>
public sealed class ConversationStatePersonalDataTests
{
    [Fact]
    public async Task The_stored_last_question_is_scrubbed()
    {
        var dir = Directory.CreateTempSubdirectory("state-pii-").FullName;
        using var store = new Assistant.Conversation.State.ConversationStateStore(Path.Combine(dir, "state.db"));
        var now = TimeProvider.System.GetUtcNow();
        await store.SaveAsync(new Assistant.Conversation.State.ConversationState("c1", "procedure", "1.012784", "tôi CCCD 001203012345, sđt 0912345678, hỏi tách thửa", 1, now), CancellationToken.None);
        var back = await store.GetAsync("c1", CancellationToken.None);
        Assert.Equal("tôi CCCD [CCCD], sđt [SĐT], hỏi tách thửa", back.LastQuery);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
