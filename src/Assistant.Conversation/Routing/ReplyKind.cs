namespace Assistant.Conversation.Routing;

/// <summary>What a reply is. Decided by <see cref="TurnRouter"/>; on the wire it is the string of <see cref="ReplyKindWire.ToWireString"/>.</summary>
public enum ReplyKind
{
    /// <summary>Nothing to read in the message (empty, only emoji or punctuation): the welcome and starter questions.</summary>
    Help,
    /// <summary>A bare greeting.</summary>
    Greeting,
    /// <summary>A commune or ward before or after the 1 July 2025 merger.</summary>
    AdminUnit,
    /// <summary>A first answer on one procedure: its whole card.</summary>
    Procedure,
    /// <summary>One aspect (<see cref="ProcedureAspect"/>) of the procedure just discussed.</summary>
    ProcedureFollowUp,
    /// <summary>No procedure is certain: the likely ones to choose from, then the law.</summary>
    ProcedureSuggest,
    /// <summary>The law's most relevant articles, quoted.</summary>
    Legal,
    /// <summary>A generated answer built only from the law's articles, every sentence cited and checked.</summary>
    LegalGenerated,
    /// <summary>Outside land procedures and land law: says so and points to the one-stop shop.</summary>
    OutOfScope,
    /// <summary>A land question with nothing found to rest an answer on: says so like <see cref="OutOfScope"/>.</summary>
    Unsure,
    /// <summary>The officers' "phân loại hồ sơ: …" command, answered by the host's triage command.</summary>
    Triage,
}

/// <summary>The part of a procedure a follow-up asks about ("còn giấy tờ gì nữa?" → papers).</summary>
public enum ProcedureAspect { Papers, Time, Place, Fees, Basis }

public static class ReplyKindWire
{
    /// <summary>
    /// The intent string of <see cref="AssistantReply.Intent"/>, stored in the conversation state and read by hosts and
    /// tests: these strings are a contract and never change with the enum's names.
    /// </summary>
    public static string ToWireString(this ReplyKind kind) => kind switch
    {
        ReplyKind.Help => "help",
        ReplyKind.Greeting => "greeting",
        ReplyKind.AdminUnit => "admin-unit",
        ReplyKind.Procedure => "procedure",
        ReplyKind.ProcedureFollowUp => "procedure-followup",
        ReplyKind.ProcedureSuggest => "procedure-suggest",
        ReplyKind.Legal => "legal",
        ReplyKind.LegalGenerated => "legal-generated",
        ReplyKind.OutOfScope => "out-of-scope",
        ReplyKind.Unsure => "unsure",
        ReplyKind.Triage => "triage",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
