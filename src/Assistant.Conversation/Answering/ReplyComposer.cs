using System.Text;
using Assistant.Conversation.Routing;
using Assistant.Land.AdminUnits;
using Assistant.Land.Procedures;

namespace Assistant.Conversation.Answering;

/// <summary>
/// Renders a <see cref="TurnDecision"/> and what was fetched for it (citations, a generated answer) into the reply a host
/// shows: Markdown, card, sources and suggested actions, with the wire intent of its kind. Decides only the shape; the
/// words come from <see cref="IReplyTexts"/>. No I/O. With <paramref name="timeLimits"/>, a procedure's time is said
/// from data/procedures/time-limits.tsv and, when its basis is no longer in force on the clock's date, with a line naming it.
/// </summary>
public sealed class ReplyComposer(IReplyTexts texts, ConversationOptions options, ProcedureTimeLimits? timeLimits = null, TimeProvider? clock = null)
{
    private string Time(LandProcedure p) =>
        timeLimits is null ? texts.ProcessingTime(p) : texts.ProcessingTime(p, timeLimits.All.Where(l => l.Code == p.Code).ToList());

    /// <summary>The basis of the procedure's time when it is past its validity today (Vietnam date); null otherwise.</summary>
    private TimeLimitBasis? ExpiredBasis(LandProcedure p)
    {
        if (timeLimits is null) return null;
        var basis = timeLimits.BasisOf(p.Code);
        return basis.IsExpiredOn(Land.Calendar.WorkingCalendar.VietnamDate((clock ?? TimeProvider.System).GetUtcNow())) ? basis : null;
    }

    /// <summary>A reply that needs nothing fetched: help, greeting, out of scope, unsure, a unit after the merger.</summary>
    public AssistantReply Compose(TurnDecision decision) => decision.Kind switch
    {
        ReplyKind.Help or ReplyKind.Greeting => new AssistantReply(texts.Welcome, null, [], texts.StarterSuggestions, decision.Kind.ToWireString()),
        ReplyKind.OutOfScope or ReplyKind.Unsure =>
            new AssistantReply(texts.OutOfScope(options.OneStopShop), null, [], texts.StarterSuggestions, decision.Kind.ToWireString()),
        ReplyKind.AdminUnit => AdminUnit(decision.Unit ?? throw new ArgumentException("An admin-unit decision carries its unit.", nameof(decision))),
        _ => throw new ArgumentException($"A {decision.Kind} reply needs what was fetched for it.", nameof(decision)),
    };

    /// <summary>A procedure's card: every aspect on a first answer, the one asked on a follow-up.</summary>
    public AssistantReply Procedure(TurnDecision decision, IReadOnlyList<SourceCitation> sources)
    {
        var p = decision.Procedure ?? throw new ArgumentException("A procedure decision carries its procedure.", nameof(decision));
        var match = decision.Match;
        var aspect = decision.Aspect;
        var md = new StringBuilder();
        md.Append(texts.ProcedureHeading(p)).Append('\n');
        md.Append(texts.ProcedureOfficialName(p)).Append("\n\n");
        if (match is { IsAmbiguous: true, ClarifyingQuestion: { } question })
            md.Append("❓ ").Append(question).Append("\n\n");

        var best = match?.Best;
        var variant = best?.MatchedVariant;
        bool all = aspect is null;
        if (all || aspect == ProcedureAspect.Papers)
        {
            md.Append(texts.PapersHeading).Append('\n');
            foreach (var d in p.Documents.Where(d => !d.Conditional)) md.Append("- ").Append(d.Name).Append('\n');
            var conditional = p.Documents.Where(d => d.Conditional).ToList();
            if (conditional.Count > 0)
            {
                md.Append('\n').Append(texts.ConditionalPapersHeading).Append('\n');
                foreach (var d in conditional) md.Append("- ").Append(d.Name).Append('\n');
            }
            if (variant is not null)
                md.Append('\n').Append(texts.PapersOfCase(variant)).Append('\n');
            else if (best is { Variants.Count: > 1 })
                md.Append('\n').Append(texts.PapersByCase(best.Variants)).Append('\n');
            md.Append('\n');
        }
        if (all || aspect == ProcedureAspect.Time)
        {
            md.Append(texts.ProcessingTimeLabel).Append(' ').Append(Time(p)).Append("\n\n");
            if (ExpiredBasis(p) is { } expired) md.Append(texts.ExpiredTimeBasis(expired)).Append("\n\n");
        }
        if (all || aspect == ProcedureAspect.Place)
            md.Append(texts.SubmissionPlaceLabel).Append(' ').Append(string.Join("; ", p.SubmissionPlaces.Select(texts.SubmissionPlace).Where(s => s.Length > 0)))
              .Append(". ").Append(texts.SubmissionPlacesNote).Append("\n\n");
        if (all || aspect == ProcedureAspect.Fees)
            md.Append(texts.FeesLabel).Append(' ').Append(p.FeeNote).Append("\n\n");
        foreach (var caveat in best?.Caveats ?? []) md.Append("⚠️ ").Append(caveat).Append("\n\n");
        AppendLocalNotes(md, decision);
        if (p.LegalBasis.Count > 0 && (all || aspect == ProcedureAspect.Basis))
            md.Append(texts.LegalBasisLabel).Append(' ').Append(string.Join("; ", p.LegalBasis.Select(l => l.TrimStart('-', ' ')))).Append("\n\n");
        AppendSources(md, sources);
        md.Append(texts.Disclaimer);

        var facts = new List<CardFact>
        {
            new(texts.CardCodeLabel, p.Code),
            new(texts.CardProcessingTimeLabel, ExpiredBasis(p) is { } old ? texts.CardExpiredTime(Time(p), old) : Time(p)),
            new(texts.CardSubmissionPlaceLabel, texts.CardSubmissionPlace),
            new(texts.CardFeesLabel, texts.CardFees),
        };
        var card = new ReplyCard(p.Name, texts.CardSubtitle(p), facts, p.Documents.Where(d => !d.Conditional).Select(d => d.Name).Take(8).ToList());
        var kind = aspect is null ? ReplyKind.Procedure : ReplyKind.ProcedureFollowUp;
        return new AssistantReply(md.ToString().TrimEnd(), card, sources, texts.ProcedureFollowUps, kind.ToWireString());
    }

    /// <summary>
    /// One short clarifying question when the words fit a procedure only loosely: the likely procedures with their codes
    /// (each a suggested action that opens its card), then the most relevant legal excerpts.
    /// </summary>
    public AssistantReply Suggestion(TurnDecision decision, IReadOnlyList<SourceCitation> sources)
    {
        var suggested = decision.Suggested;
        var md = new StringBuilder(texts.WhichProcedure).Append("\n\n");
        foreach (var p in suggested) md.Append(texts.SuggestedProcedure(p, Time(p))).Append('\n');
        // The times above rest on a basis like a single procedure's: each basis no longer in force is named once.
        foreach (var line in suggested.Select(ExpiredBasis).OfType<TimeLimitBasis>().Select(texts.ExpiredTimeBasis).Distinct())
            md.Append('\n').Append(line).Append('\n');
        md.Append('\n').Append(texts.ChooseProcedure).Append("\n\n");
        AppendLocalNotes(md, decision);
        AppendSources(md, sources);
        md.Append(texts.Disclaimer);
        var card = new ReplyCard(texts.WhichProcedureCardTitle, null,
            suggested.Select(p => new CardFact(p.Code, p.ShortName)).ToList(), sources.Select(s => s.Citation).ToList());
        return new AssistantReply(md.ToString().TrimEnd(), card, sources,
            suggested.Select(p => texts.ProcedureAction(p.ShortName)).ToList(), ReplyKind.ProcedureSuggest.ToWireString());
    }

    /// <summary>
    /// The law's answer: a generated one when the model gave one that passed the citation check, otherwise the excerpts;
    /// the procedures the question may lead to follow, each a suggested action.
    /// </summary>
    public AssistantReply Legal(TurnDecision decision, IReadOnlyList<SourceCitation> sources, string? generated)
    {
        var suggested = decision.Suggested;
        var md = new StringBuilder();
        md.Append(generated ?? texts.LegalIntroduction).Append("\n\n");
        AppendLocalNotes(md, decision);
        AppendSources(md, sources);
        if (suggested.Count > 0)
            md.Append(texts.RelatedProcedures).Append(' ').Append(string.Join("; ", suggested.Select(texts.RelatedProcedure))).Append(".\n\n");
        md.Append(texts.Disclaimer);
        var card = new ReplyCard(texts.LegalCardTitle, null, [], sources.Select(s => s.Citation).ToList());
        IReadOnlyList<string> actions = suggested.Count > 0
            ? suggested.Select(p => texts.ProcedureAction(p.ShortName)).ToList()
            : texts.LegalFollowUps;
        var kind = generated is null ? ReplyKind.Legal : ReplyKind.LegalGenerated;
        return new AssistantReply(md.ToString().TrimEnd(), card, sources, actions, kind.ToWireString());
    }

    private AssistantReply AdminUnit(AdminUnitTextMatch match)
    {
        var facts = new List<CardFact>();
        var bullets = new List<string>();
        if (match.Old is { IsFound: true } old)
        {
            foreach (var c in old.Candidates)
                facts.Add(new CardFact(c.Unit.NameWithDistrict, string.Join("; ", c.NewUnits.Select(texts.NewUnitShare))));
        }
        else if (match.New is { Unit: { } unit } @new)
        {
            facts.Add(new CardFact(texts.NewUnitLabel, unit.Name));
            bullets.AddRange(@new.OldUnits.Select(texts.OldUnitShare));
        }
        var message = UnitMessage(match);
        var card = new ReplyCard(texts.MergerCardTitle, texts.MergerCardSubtitle, facts, bullets);
        return new AssistantReply(message + "\n\n" + texts.MergerNote, card,
            [new SourceCitation(texts.MergerSource, message)], texts.MergerFollowUps, ReplyKind.AdminUnit.ToWireString());
    }

    /// <summary>
    /// The paragraph that answers a unit question. The registry's result carries only data; this is the one line that
    /// calls the admin-unit renderer.
    /// </summary>
    private static string UnitMessage(AdminUnitTextMatch match) => AdminUnitMessages.Render(match);

    private void AppendLocalNotes(StringBuilder md, TurnDecision decision)
    {
        foreach (var note in decision.LocalNotes) md.Append(texts.LocalNote(note)).Append("\n\n");
    }

    private void AppendSources(StringBuilder md, IReadOnlyList<SourceCitation> sources)
    {
        if (sources.Count == 0) return;
        md.Append(texts.CitationsHeading).Append('\n');
        for (int i = 0; i < sources.Count; i++)
            md.Append(i + 1).Append(". **").Append(sources[i].Citation).Append("**: ").Append(sources[i].Excerpt).Append('\n');
        md.Append('\n');
    }
}
