using Assistant.Access;

namespace Assistant.Conversation;

/// <summary>One user message, already stripped of channel specifics by the host.</summary>
public sealed record UserTurn(
    string ConversationId,
    string Text,
    string Channel,
    UserRole Role = UserRole.Citizen,
    string? Locale = "vi-VN")
{
    /// <summary>The verified identity the host established (a staff member from the roster), if any; it wins over <see cref="Role"/>.</summary>
    public CallerIdentity? Identity { get; init; }

    /// <summary>Who asks, as the host established it; <see cref="AccessPolicy"/> turns it into what they may read.</summary>
    public CallerIdentity Caller => Identity ?? new(Role);
}

/// <summary>A source behind an answer: its exact citation and the excerpt used.</summary>
public sealed record SourceCitation(string Citation, string Excerpt, string? DocumentNumber = null, int? Article = null);

/// <summary>A structured card the host renders (Adaptive Card, hero card, or HTML): title, facts, and sources.</summary>
public sealed record ReplyCard(string Title, string? Subtitle, IReadOnlyList<CardFact> Facts, IReadOnlyList<string> Bullets)
{
    /// <summary>A heading said before the bullets ("Giấy tờ cần nộp"); none when the title says what they are.</summary>
    public string? BulletsHeading { get; init; }
}

public sealed record CardFact(string Label, string Value);

/// <summary>
/// The assistant's reply to one turn, channel-agnostic: Markdown text, an optional card, the sources it rests on
/// and suggested follow-ups. The Bot Framework host turns it into an Activity; other hosts can render it their way.
/// <c>Intent</c> is the wire form of the reply's kind (<c>ReplyKind.ToWireString()</c>), kept as a string for JSON
/// and the conversation state.
/// </summary>
public sealed record AssistantReply(
    string Markdown,
    ReplyCard? Card,
    IReadOnlyList<SourceCitation> Sources,
    IReadOnlyList<string> SuggestedActions,
    string Intent);

/// <summary>The conversation core the hosts call: one turn in, one reply out. State is kept by the implementation.</summary>
public interface IConversationService
{
    Task<AssistantReply> HandleAsync(UserTurn turn, CancellationToken cancellationToken);
}
