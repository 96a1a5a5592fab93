using System.Diagnostics;
using Assistant.Access;
using Assistant.Conversation.Answering;
using Assistant.Conversation.Routing;
using Assistant.Conversation.State;
using Assistant.Conversation.Telemetry;
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
        // The turn's span: the channel, what the router decided and the reply's shape; never the text.
        using var span = ConversationTelemetry.Source.StartActivity("conversation.turn");
        long started = Stopwatch.GetTimestamp();
        var channel = ConversationTelemetry.ChannelTag(turn.Channel);
        try
        {
            var reply = await HandleCoreAsync(turn, span, ct);
            var intent = new KeyValuePair<string, object?>("assistant.reply.intent", reply.Intent);
            var onChannel = new KeyValuePair<string, object?>("assistant.channel", channel);
            ConversationTelemetry.Turns.Add(1, onChannel, intent);
            ConversationTelemetry.TurnDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, onChannel, intent);
            if (span is not null)
            {
                span.SetTag("assistant.channel", channel);
                span.SetTag("assistant.reply.intent", reply.Intent);
                span.SetTag("assistant.reply.sources", reply.Sources.Count);
            }
            return reply;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            ConversationTelemetry.CountError("conversation", e.GetType().Name);
            throw;
        }
    }

    private async Task<AssistantReply> HandleCoreAsync(UserTurn turn, Activity? span, CancellationToken ct)
    {
        var text = VietnameseText.Nfc(turn.Text ?? "").Trim();
        var state = await states.GetAsync(turn.ConversationId, ct);
        var decision = router.Decide(text, state, procedures.Match(text), units.FindInText(text));
        var scope = access.ScopeFor(turn.Caller);
        if (span is not null)
        {
            span.SetTag("assistant.reply.kind", decision.Kind.ToString());
            if (decision.Procedure is { } procedure) span.SetTag("assistant.procedure.code", procedure.Code);
            if (decision.Aspect is { } aspect) span.SetTag("assistant.procedure.aspect", aspect.ToString());
            span.SetTag("assistant.conversation.turn_number", state.Turns + 1);
            span.SetTag("assistant.access", scope.MaxLevel.ToString());
            span.SetTag("assistant.text.length", text.Length);
        }
        var reply = decision.Kind switch
        {
            ReplyKind.Procedure or ReplyKind.ProcedureFollowUp => await ProcedureReplyAsync(text, decision, scope, ct),
            ReplyKind.Legal => await LegalReplyAsync(text, decision, scope, ct),
            _ => Answer(decision.Kind, () => composer.Compose(decision)),
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
        // The aspect asked about (time, place, fees) chooses the first citation: where that aspect is set.
        hits = await regulations.WithAspectArticlesAsync(text, hits, scope, ct);
        return Answer(decision.Kind, () => composer.Procedure(decision, regulations.Cite(hits)));
    }

    /// <summary>The answer's span around rendering a reply whose sources are already fetched.</summary>
    private static AssistantReply Answer(ReplyKind kind, Func<AssistantReply> compose)
    {
        using var span = ConversationTelemetry.Source.StartActivity("conversation.answer");
        var reply = compose();
        AnswerTags(span, kind, reply, generated: false);
        return reply;
    }

    private static void AnswerTags(Activity? span, ReplyKind kind, AssistantReply reply, bool generated)
    {
        if (span is null) return;
        span.SetTag("assistant.reply.kind", kind.ToString());
        span.SetTag("assistant.reply.intent", reply.Intent);
        span.SetTag("assistant.reply.citations", reply.Sources.Count);
        span.SetTag("assistant.reply.card", reply.Card is not null);
        span.SetTag("assistant.answer.generated", generated);
    }

    private async Task<AssistantReply> LegalReplyAsync(string text, TurnDecision legal, AccessScope scope, CancellationToken ct)
    {
        var response = await regulations.SearchAsync(text, scope, ct);
        var decision = router.AfterLegalSearch(legal, text, response);
        var sources = regulations.Cite(response.Results);
        // The generated answer (when an LLM is configured) runs inside this span, so Semantic Kernel's own spans nest here.
        using var span = ConversationTelemetry.Source.StartActivity("conversation.answer");
        string? generated = null;
        var reply = decision.Kind switch
        {
            ReplyKind.ProcedureSuggest => composer.Suggestion(decision, sources),
            ReplyKind.Legal => composer.Legal(decision, sources, generated = await generator.TryAnswerAsync(text, sources, ct)),
            _ => composer.Compose(decision),
        };
        AnswerTags(span, decision.Kind, reply, generated is not null);
        return reply;
    }
}
