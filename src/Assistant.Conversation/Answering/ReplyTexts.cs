namespace Assistant.Conversation.Answering;

/// <summary>Fixed Vietnamese texts of the assistant, in one place.</summary>
public static class ReplyTexts
{
    public const string Welcome =
        "Xin chào! Tôi là trợ lý thủ tục đất đai của Hà Nội. Bạn có thể hỏi về thủ tục (ví dụ: \"tách thửa cần giấy tờ gì\"), " +
        "quy định pháp luật đất đai, hoặc xã/phường cũ nay thuộc đơn vị nào sau sáp nhập 01/7/2025.";

    public const string Disclaimer =
        "_Thông tin để tham khảo, trích từ văn bản pháp luật và danh mục thủ tục; kết quả giải quyết hồ sơ do cơ quan có thẩm quyền quyết định._";

    public static readonly string[] StarterSuggestions =
        ["Sang tên sổ đỏ cần giấy tờ gì?", "Tách thửa đất mất bao lâu?", "Phường Dịch Vọng Hậu cũ nay thuộc phường nào?"];

    public static readonly string[] ProcedureFollowUps =
        ["Cần những giấy tờ gì?", "Mất bao lâu?", "Nộp hồ sơ ở đâu?", "Căn cứ pháp lý?"];

    public const string RelatedProcedures = "**Thủ tục có thể liên quan:**";

    public const string WhichProcedure = "Tôi chưa chắc bạn hỏi về thủ tục nào. Có thể là:";

    public const string ChooseProcedure =
        "Bạn chọn một thủ tục bên dưới (hoặc kể rõ hơn trường hợp của mình) để xem giấy tờ, thời hạn và nơi nộp.";

    /// <summary>The suggested action that opens a procedure's card: its everyday name is matched as that procedure.</summary>
    public static string ProcedureAction(string shortName) => $"Thủ tục {shortName}";

    public static string OutOfScope(string oneStopShop) =>
        "Xin lỗi, câu hỏi này nằm ngoài phạm vi tôi hỗ trợ (thủ tục và pháp luật đất đai tại Hà Nội) hoặc tôi chưa đủ căn cứ để trả lời chắc chắn. " +
        $"Bạn vui lòng liên hệ {oneStopShop} để được hướng dẫn.";
}
