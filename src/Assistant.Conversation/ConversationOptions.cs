namespace Assistant.Conversation;

/// <summary>Section "Conversation".</summary>
public sealed class ConversationOptions
{
    public const string Section = "Conversation";

    /// <summary>Folder of the cue lists a turn is routed by (data/conversation); empty: the one copied beside the program.</summary>
    public string DataPath { get; set; } = "";
    /// <summary>SQLite file of conversation state (the embedded default).</summary>
    public string StatePath { get; set; } = Path.Combine("store", "conversation-state.db");
    /// <summary>
    /// Days a conversation's state (last intent, procedure, scrubbed last question) is kept after its last turn; the
    /// retention job deletes older rows.
    /// </summary>
    public int StateRetentionDays { get; set; } = 30;
    /// <summary>How many regulation excerpts an answer cites.</summary>
    public int Citations { get; set; } = 3;
    /// <summary>
    /// When no procedure is certain, the two best candidates scoring at least this much are offered to choose from (with
    /// the legal excerpts); below it the turn is a plain legal answer. Measured on eval/citizen-procedures*.jsonl and
    /// eval/dev-scenarios.jsonl (see README, "Retrieval quality").
    /// </summary>
    public double SuggestProcedureMinScore { get; set; } = 0.2;
    /// <summary>Where to go when the assistant cannot answer: shown in every "not sure" reply.</summary>
    public string OneStopShop { get; set; } =
        "Bộ phận Một cửa của UBND xã/phường nơi có đất, Trung tâm Phục vụ hành chính công thành phố Hà Nội, hoặc Cổng Dịch vụ công quốc gia (dichvucong.gov.vn)";
}
