using Assistant.Land.AdminUnits;
using Assistant.Land.Procedures;

namespace Assistant.Conversation.Routing;

/// <summary>
/// What <see cref="TurnRouter"/> decided a turn is, with what the rendering needs: the procedure and how it was matched,
/// the aspect of a follow-up, the unit found in the text, the procedures to offer.
/// </summary>
public sealed record TurnDecision(ReplyKind Kind)
{
    /// <summary>The procedure answered (<see cref="ReplyKind.Procedure"/>, <see cref="ReplyKind.ProcedureFollowUp"/>).</summary>
    public LandProcedure? Procedure { get; init; }

    /// <summary>How a first answer's procedure was matched: its clarifying question, case and caveats. Null on a follow-up.</summary>
    public MatchResult? Match { get; init; }

    /// <summary>What a follow-up asks about; null for a first answer, which shows every aspect.</summary>
    public ProcedureAspect? Aspect { get; init; }

    /// <summary>
    /// The unit the question names: the answer of <see cref="ReplyKind.AdminUnit"/>, and beside a first answer on a procedure
    /// the old commune whose new ward (or, when it was split, candidate wards) says where to file.
    /// </summary>
    public AdminUnitTextMatch? Unit { get; init; }

    /// <summary>Procedures the question may lead to: offered to choose from, or named under a legal answer.</summary>
    public IReadOnlyList<LandProcedure> Suggested { get; init; } = [];

    /// <summary>Every aspect the question asks about ("… cần giấy tờ gì, mất bao lâu"): a first answer leads with each.</summary>
    public IReadOnlyList<ProcedureAspect> Aspects { get; init; } = [];

    /// <summary>
    /// Two procedures of a two-step case ("xóa thế chấp rồi sang tên"), in the order they must be done; empty for one
    /// procedure. <see cref="Procedure"/> is one of them: the one whose card is shown.
    /// </summary>
    public IReadOnlyList<LandProcedure> Steps { get; init; } = [];

    /// <summary>
    /// The time limit of the case the question names, per procedure answered ("khai nhận thừa kế" → the 8 working days of
    /// a transfer rather than every case of 1.013831); a procedure without one is said with its usual time.
    /// </summary>
    public IReadOnlyDictionary<string, ProcedureTimeLimit> CaseTimes { get; init; } = new Dictionary<string, ProcedureTimeLimit>();

    /// <summary>Notes of Hanoi's own rules the question touches (data/conversation/local-rules.tsv), said before the excerpts.</summary>
    public IReadOnlyList<string> LocalNotes { get; init; } = [];

    public static TurnDecision Help { get; } = new(ReplyKind.Help);
    public static TurnDecision Greeting { get; } = new(ReplyKind.Greeting);
    public static TurnDecision OutOfScope { get; } = new(ReplyKind.OutOfScope);
    public static TurnDecision Unsure { get; } = new(ReplyKind.Unsure);

    public static TurnDecision AdminUnit(AdminUnitTextMatch unit) => new(ReplyKind.AdminUnit) { Unit = unit };

    public static TurnDecision FirstAnswer(MatchResult match, LandProcedure procedure) =>
        new(ReplyKind.Procedure) { Procedure = procedure, Match = match };

    public static TurnDecision FollowUp(LandProcedure procedure, ProcedureAspect aspect) =>
        new(ReplyKind.ProcedureFollowUp) { Procedure = procedure, Aspect = aspect };

    public static TurnDecision Legal(IReadOnlyList<LandProcedure> suggested) => new(ReplyKind.Legal) { Suggested = suggested };

    public static TurnDecision Suggest(IReadOnlyList<LandProcedure> suggested) => new(ReplyKind.ProcedureSuggest) { Suggested = suggested };
}
