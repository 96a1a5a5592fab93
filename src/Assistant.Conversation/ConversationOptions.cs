namespace Assistant.Conversation;

/// <summary>Section "Conversation".</summary>
public sealed class ConversationOptions
{
    public const string Section = "Conversation";

    /// <summary>SQLite file of conversation state (the embedded default).</summary>
    public string StatePath { get; set; } = Path.Combine("store", "conversation-state.db");
    /// <summary>How many regulation excerpts an answer cites.</summary>
    public int Citations { get; set; } = 3;
    /// <summary>Where to go when the assistant cannot answer: shown in every "not sure" reply.</summary>
    public string OneStopShop { get; set; } =
        "Bộ phận Một cửa của UBND xã/phường nơi có đất, Trung tâm Phục vụ hành chính công thành phố Hà Nội, hoặc Cổng Dịch vụ công quốc gia (dichvucong.gov.vn)";
}
