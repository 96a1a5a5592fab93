using System.Collections.Concurrent;
using Assistant.Conversation;

namespace Assistant.Bot.Tests;

/// <summary>
/// PLACEHOLDER for the real conversation core (src/Assistant.Conversation, registered by AddAssistantConversation):
/// echoes the question with a fake citation, a card and two follow-ups, so the host can be tested end to end before
/// the real service exists. Replace it with the real service in the end-to-end tests once that is wired.
/// </summary>
public sealed class StubConversationService : IConversationService
{
    /// <summary>A question containing this text makes the stub throw (tests the host's error path).</summary>
    public const string FailTrigger = "#loi-thu-nghiem";

    public const string AnswerPrefix = "Trả lời thử nghiệm cho:";
    public const string FakeCitation = "Điều 220 Luật Đất đai 2024 (trích dẫn giả lập)";
    public const string CardTitle = "Tách thửa đất (thẻ thử nghiệm)";

    public ConcurrentQueue<UserTurn> Turns { get; } = new();

    public Task<AssistantReply> HandleAsync(UserTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        Turns.Enqueue(turn);
        if (turn.Text.Contains(FailTrigger, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("stub failure requested by the test");
        }

        var reply = new AssistantReply(
            Markdown: $"**{AnswerPrefix}** {turn.Text}\n\nCâu trả lời chỉ mang tính tham khảo.",
            Card: new ReplyCard(
                CardTitle,
                "Thông tin tham khảo",
                [new CardFact("Cơ quan tiếp nhận", "Bộ phận một cửa cấp xã"), new CardFact("Thời hạn", "15 ngày làm việc")],
                ["Đơn đề nghị tách thửa", "Giấy chứng nhận đã cấp"]),
            Sources: [new SourceCitation(FakeCitation, "Việc tách thửa đất phải bảo đảm các nguyên tắc… (đoạn trích giả lập)", "31/2024/QH15", 220)],
            SuggestedActions: ["Hồ sơ gồm những gì?", "Thời hạn giải quyết bao lâu?"],
            Intent: "stub.echo");
        return Task.FromResult(reply);
    }
}
