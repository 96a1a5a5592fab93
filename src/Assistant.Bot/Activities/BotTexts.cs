namespace Assistant.Bot.Activities;

/// <summary>The few fixed Vietnamese texts the host itself says; every answer comes from the conversation service.</summary>
internal static class BotTexts
{
    public const string Welcome =
        "Xin chào! Tôi là trợ lý thủ tục đất đai của Hà Nội. Bạn có thể hỏi về hồ sơ, trình tự, thời hạn và lệ phí "
        + "các thủ tục như tách thửa, cấp Giấy chứng nhận, chuyển mục đích sử dụng đất. "
        + "Câu trả lời chỉ mang tính tham khảo và có dẫn nguồn văn bản pháp luật.";

    public const string WelcomeStaff =
        "Xin chào! Tôi là trợ lý thủ tục đất đai của Hà Nội, dành cho cán bộ: hỏi về hồ sơ, trình tự, thời hạn, "
        + "thẩm quyền giải quyết; mỗi câu trả lời đều dẫn căn cứ pháp lý.";

    public const string EmptyQuestion =
        "Mời bạn nhập câu hỏi bằng chữ, ví dụ: \"Tách thửa đất cần giấy tờ gì?\"";

    public const string NonTextOnly =
        "Hiện tôi chỉ đọc được câu hỏi dạng văn bản. Mời bạn nhập câu hỏi bằng chữ.";

    public static string TooLong(int length, int max) =>
        $"Câu hỏi dài quá ({length:N0} ký tự). Bạn vui lòng rút gọn dưới {max:N0} ký tự và gửi lại.".Replace(',', '.');

    public const string Error =
        "Xin lỗi, hệ thống đang gặp sự cố nên chưa trả lời được. Bạn vui lòng thử lại sau ít phút.";

    public const string SourcesHeading = "Căn cứ pháp lý";

    /// <summary>The expander of the law's excerpts; the same words sent as a message are the follow-up on the procedure's basis.</summary>
    public const string SeeBasis = "Xem căn cứ";

    public static readonly IReadOnlyList<string> ExampleQuestions =
    [
        "Tách thửa đất cần giấy tờ gì?",
        "Thủ tục cấp Giấy chứng nhận lần đầu",
        "Chuyển mục đích sử dụng đất",
    ];
}
