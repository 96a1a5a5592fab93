using Assistant.Access;
using Assistant.Conversation.Answering;
using Assistant.Conversation.Routing;
using Assistant.Conversation.State;
using Assistant.Land.AdminUnits;
using Assistant.Land.Procedures;
using Assistant.Vietnamese;
using Microsoft.Extensions.Logging;

namespace Assistant.Conversation.Turns;

/// <summary>
/// One turn of the land-procedure assistant: read the conversation state, match the text against the procedure
/// catalogue and the administrative units, let <see cref="TurnRouter"/> decide what the turn is, fetch what that decision
/// needs (regulation articles with the caller's access scope, a generated answer when an LLM is configured), let
/// <see cref="ReplyComposer"/> render it, and save the state.
/// </summary>
public sealed class ConversationService(
    ProcedureMatcher procedures,
    AdminUnitRegistry units,
    TurnRouter router,
    RegulationSources regulations,
    GroundedAnswerGenerator generator,
    ReplyComposer composer,
    ConversationStateStore states,
    AccessPolicy access,
    TimeProvider clock,
    ILogger<ConversationService> logger) : IConversationService
{
    public async Task<AssistantReply> HandleAsync(UserTurn turn, CancellationToken ct)
    {
        var text = VietnameseText.Nfc(turn.Text ?? "").Trim();
        var state = await states.GetAsync(turn.ConversationId, ct);
        var unit = units.FindInText(text);
        var decision = router.Decide(text, state, procedures.Match(router.ProcedureText(text, unit)), unit);
        var scope = access.ScopeFor(turn.Caller);
        var reply = decision.Kind switch
        {
            ReplyKind.Procedure or ReplyKind.ProcedureFollowUp => await ProcedureReplyAsync(text, decision, scope, ct),
            ReplyKind.Legal => await LegalReplyAsync(text, decision, scope, ct),
            _ => composer.Compose(decision),
        };

        await states.SaveAsync(state with
        {
            LastIntent = reply.Intent,
            // A follow-up stays on the procedure being discussed; only a first answer moves the conversation to another.
            LastProcedureCode = decision.Kind == ReplyKind.Procedure ? decision.Procedure!.Code : state.LastProcedureCode,
            LastQuery = text,
            Turns = state.Turns + 1,
            UpdatedAt = clock.GetUtcNow(),
        }, ct);
        logger.LogInformation("Turn handled: intent {Intent}, channel {Channel}, sources {Sources}", reply.Intent, turn.Channel, reply.Sources.Count);
        return reply;
    }

    private async Task<AssistantReply> ProcedureReplyAsync(string text, TurnDecision decision, AccessScope scope, CancellationToken ct)
    {
        // A first answer cites what the question itself is about ("… giờ làm sổ thì có phải đóng tiền sử dụng đất không?"
        // asks about Điều 137, not about the procedure in general): on the legal development sets this cites the right
        // article as often as the search does, where the procedure's own articles cited it for a quarter of them.
        // A follow-up ("còn giấy tờ gì nữa?") cites the procedure's articles.
        var hits = decision.Aspect is null ? (await regulations.SearchAsync(text, scope, ct)).Results : [];
        if (hits.Count == 0) hits = await regulations.ProcedureArticlesAsync(decision.Procedure!, scope, ct);
        return composer.Procedure(decision, regulations.Cite(hits));
    }

    private async Task<AssistantReply> LegalReplyAsync(string text, TurnDecision legal, AccessScope scope, CancellationToken ct)
    {
        var response = await regulations.SearchAsync(text, scope, ct);
        var decision = router.AfterLegalSearch(legal, text, response);
        var sources = regulations.Cite(response.Results);
        return decision.Kind switch
        {
            ReplyKind.ProcedureSuggest => composer.Suggestion(decision, sources),
            ReplyKind.Legal => composer.Legal(decision, sources, await generator.TryAnswerAsync(text, sources, ct)),
            _ => composer.Compose(decision),
        };
    }
}
