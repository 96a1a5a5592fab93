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

    /// <summary>
    /// The time of the case the question names, said as the procedure's only row. No case named and the procedure's time
    /// differs by case in working days (time-limits.tsv): the range over its cases, one short line where the catalogue
    /// has one per case (a first answer leads with two or three lines; the follow-up on time gives every case).
    /// </summary>
    private string Time(LandProcedure p, TurnDecision decision)
    {
        if (decision.CaseTimes.TryGetValue(p.Code, out var row)) return texts.ProcessingTime(p, [row with { Cues = [] }]);
        var cases = timeLimits?.All.Where(l => l.Code == p.Code).ToList() ?? [];
        if (cases.Count > 1 && cases.All(c => c.Cues.Count > 0 && c.Unit == TimeLimitUnit.WorkingDays && c.Limit is not null))
        {
            int min = cases.Min(c => c.Limit!.Value), max = cases.Max(c => c.Limit!.Value);
            return texts.ProcessingTime(p with { WorkingDays = min == max ? min : null, WorkingDaysRange = min == max ? null : (min, max) });
        }
        return Time(p);
    }

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
        ReplyKind.AdminUnit => AdminUnit(decision.Unit ?? throw new ArgumentException("An admin-unit decision carries its unit.", nameof(decision)), decision.Aspects),
        _ => throw new ArgumentException($"A {decision.Kind} reply needs what was fetched for it.", nameof(decision)),
    };

    /// <summary>A procedure: a short first answer with its card, or the one aspect asked on a follow-up.</summary>
    public AssistantReply Procedure(TurnDecision decision, IReadOnlyList<SourceCitation> sources) =>
        decision.Aspect is null ? FirstAnswer(decision, sources) : FollowUp(decision, sources);

    /// <summary>
    /// A first answer sized for a phone: two or three lines that answer what was asked (the procedure and its code, or
    /// both procedures of a two-step case in order; the time; where to file, with the old commune's new ward or its
    /// candidate wards and a request for the address), then the card with what was not said (papers, fees). Each fact is
    /// said once; the law's excerpts are behind "Xem căn cứ" (the card's expander, or the follow-up of that name).
    /// </summary>
    private AssistantReply FirstAnswer(TurnDecision decision, IReadOnlyList<SourceCitation> sources)
    {
        var p = decision.Procedure ?? throw new ArgumentException("A procedure decision carries its procedure.", nameof(decision));
        var match = decision.Match;
        var best = match?.Best;
        var asked = decision.Aspects;
        var md = new StringBuilder();
        if (decision.Steps.Count > 1)
        {
            md.Append(texts.StepsHeading(decision.Steps.Count)).Append('\n');
            for (int i = 0; i < decision.Steps.Count; i++) md.Append(texts.Step(i + 1, decision.Steps[i], Time(decision.Steps[i], decision))).Append('\n');
            // The times above rest on a basis like a single procedure's: each basis no longer in force is named once.
            foreach (var line in decision.Steps.Select(ExpiredBasis).OfType<TimeLimitBasis>().Select(texts.ExpiredTimeBasis).Distinct())
                md.Append(line).Append('\n');
            md.Append('\n');
        }
        else md.Append(texts.LeadHeading(p)).Append('\n');
        // The time leads when it was asked, or when nothing else was; a question that touches a rule of the city is answered
        // by its note, and the time goes into the card.
        bool timeSaid = decision.Steps.Count > 1 || (decision.LocalNotes.Count == 0 && (asked.Count == 0 || asked.Contains(ProcedureAspect.Time)));
        if (decision.Steps.Count <= 1 && timeSaid)
        {
            md.Append(texts.LeadTime(Time(p, decision))).Append('\n');
            if (ExpiredBasis(p) is { } expired) md.Append(texts.ExpiredTimeBasis(expired)).Append('\n');
        }
        var unitLines = UnitLines(decision.Unit, asked);
        bool placeSaid = unitLines.Count > 0 || asked.Contains(ProcedureAspect.Place);
        if (unitLines.Count > 0) foreach (var line in unitLines) md.Append(line).Append('\n');
        else if (placeSaid) md.Append(texts.LeadPlace).Append('\n');
        if (asked.Contains(ProcedureAspect.Fees)) md.Append(texts.FeesLabel).Append(' ').Append(p.FeeNote).Append('\n');
        md.Append('\n');
        // Two procedures named together are not "which one?": both are answered, so only a question about the case stays.
        if (match is { ClarifyingQuestion: { } question } && !(match.IsAmbiguous && decision.Steps.Count > 1))
            md.Append("❓ ").Append(question).Append("\n\n");
        if (best?.MatchedVariant is { } variant) md.Append(texts.PapersOfCase(variant)).Append("\n\n");
        foreach (var caveat in best?.Caveats ?? []) md.Append("⚠️ ").Append(caveat).Append("\n\n");
        AppendLocalNotes(md, decision);
        md.Append(texts.Disclaimer);

        var facts = new List<CardFact>();
        if (!timeSaid) facts.Add(new CardFact(texts.CardProcessingTimeLabel, ExpiredBasis(p) is { } old ? texts.CardExpiredTime(Time(p, decision), old) : Time(p, decision)));
        if (!placeSaid) facts.Add(new CardFact(texts.CardSubmissionPlaceLabel, texts.CardSubmissionPlace));
        // The fees are not in the data yet (the card says so); beside several steps that line gives way to the steps.
        if (!asked.Contains(ProcedureAspect.Fees) && decision.Steps.Count <= 1) facts.Add(new CardFact(texts.CardFeesLabel, texts.CardFees));
        // Several steps take lines of the lead, so the card lists the first three papers (the rest are one follow-up away:
        // "Cần những giấy tờ gì?"), which keeps two or three steps within a phone's budget.
        var papers = p.Documents.Where(d => !d.Conditional).Select(d => d.Name).Take(decision.Steps.Count > 1 ? 3 : 8).ToList();
        var conditional = p.Documents.Where(d => d.Conditional).Select(d => d.Name).ToList();
        if (conditional.Count > 0) papers.Add(texts.CardConditionalPapers(conditional.Count));
        // The official name is what the national portal lists; some run to several hundred characters, so the card keeps its start.
        var card = new ReplyCard(Shorten(p.Name, decision.Steps.Count > 1 ? StepsOfficialNameChars : OfficialNameChars), null, facts, papers) { BulletsHeading = texts.CardPapersHeading };
        IReadOnlyList<string> actions = decision.Steps.Count > 1
            ? [.. decision.Steps.Where(s => s.Code != p.Code).Select(s => texts.ProcedureAction(s.ShortName)), .. texts.ProcedureFollowUps]
            : texts.ProcedureFollowUps;
        return new AssistantReply(md.ToString().TrimEnd(), card, sources, actions, ReplyKind.Procedure.ToWireString());
    }

    /// <summary>Where to file for the old commune named: its new ward, or the wards it was split among and a request for the address.</summary>
    private List<string> UnitLines(AdminUnitTextMatch? unit, IReadOnlyList<ProcedureAspect> asked)
    {
        // "phường Kim Liên" without "cũ" is both an old and a new ward: where the citizen lives today, unless the wording
        // says old; said when the question asks where (otherwise the name says nothing new).
        if (unit is { Reading: UnitReading.Both, New.Unit: { } today } && unit.LikelyReading != UnitReading.Old)
            return asked.Contains(ProcedureAspect.Place) ? [texts.UnitPlace(today)] : [];
        if (unit?.Old is not { IsFound: true } old) return [];
        var candidates = old.Candidates.Take(3).ToList();
        var lines = candidates.Select(c => c.IsSplit ? texts.LeadSplitUnit(c) : texts.LeadUnit(c)).ToList();
        if (candidates.Count > 1) lines.Insert(0, texts.LeadSeveralOldUnits);
        if (candidates.Any(c => c.IsSplit)) lines.Add(texts.AskAddress);
        return lines;
    }

    /// <summary>A follow-up on the procedure being discussed: the aspect asked, in full.</summary>
    private AssistantReply FollowUp(TurnDecision decision, IReadOnlyList<SourceCitation> sources)
    {
        var p = decision.Procedure ?? throw new ArgumentException("A procedure decision carries its procedure.", nameof(decision));
        var aspect = decision.Aspect;
        var md = new StringBuilder();
        md.Append(texts.ProcedureHeading(p)).Append("\n\n");
        if (aspect == ProcedureAspect.Papers)
        {
            md.Append(texts.PapersHeading).Append('\n');
            foreach (var d in p.Documents.Where(d => !d.Conditional)) md.Append("- ").Append(d.Name).Append('\n');
            var conditional = p.Documents.Where(d => d.Conditional).ToList();
            if (conditional.Count > 0)
            {
                md.Append('\n').Append(texts.ConditionalPapersHeading).Append('\n');
                foreach (var d in conditional) md.Append("- ").Append(d.Name).Append('\n');
            }
            md.Append('\n');
        }
        if (aspect == ProcedureAspect.Time)
        {
            md.Append(texts.ProcessingTimeLabel).Append(' ').Append(Time(p)).Append("\n\n");
            if (ExpiredBasis(p) is { } expired) md.Append(texts.ExpiredTimeBasis(expired)).Append("\n\n");
        }
        if (aspect == ProcedureAspect.Place)
            md.Append(texts.SubmissionPlaceLabel).Append(' ').Append(string.Join("; ", p.SubmissionPlaces.Select(texts.SubmissionPlace).Where(s => s.Length > 0)))
              .Append(". ").Append(texts.SubmissionPlacesNote).Append("\n\n");
        if (aspect == ProcedureAspect.Fees)
            md.Append(texts.FeesLabel).Append(' ').Append(p.FeeNote).Append("\n\n");
        AppendLocalNotes(md, decision);
        if (aspect == ProcedureAspect.Basis)
        {
            if (p.LegalBasis.Count > 0)
                md.Append(texts.LegalBasisLabel).Append(' ').Append(string.Join("; ", p.LegalBasis.Select(l => l.TrimStart('-', ' ')))).Append("\n\n");
            // "Xem căn cứ" is the expander of a first answer: here the excerpts are what was asked.
            AppendSources(md, sources);
        }
        md.Append(texts.Disclaimer);
        return new AssistantReply(md.ToString().TrimEnd(), null, sources, texts.ProcedureFollowUps, ReplyKind.ProcedureFollowUp.ToWireString());
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
        md.Append(texts.Disclaimer);
        // The candidates are listed once, in the text; the law is behind "Xem căn cứ".
        return new AssistantReply(md.ToString().TrimEnd(), null, sources,
            suggested.Select(p => texts.ProcedureAction(p.ShortName)).ToList(), ReplyKind.ProcedureSuggest.ToWireString());
    }

    /// <summary>
    /// The law's answer: a generated one when the model gave one that passed the citation check, otherwise the excerpts;
    /// the procedures the question may lead to follow, each a suggested action.
    /// </summary>
    public AssistantReply Legal(TurnDecision decision, IReadOnlyList<SourceCitation> sources, string? generated)
    {
        var suggested = decision.Suggested;
        // A phone screen's worth: a long local note beside a definition and its comparison can push five excerpts past the
        // budget; the last ones then stay only behind "Xem căn cứ" (the reply's sources keep them all).
        StringBuilder md = LegalText(decision, sources, generated, sources.Count);
        for (int shown = sources.Count - 1; md.Length > PhoneBudgetChars && shown >= 1; shown--)
            md = LegalText(decision, sources, generated, shown);
        // The citations are in the text once, each with the start of its excerpt; the whole excerpts are behind "Xem căn cứ".
        IReadOnlyList<string> actions = suggested.Count > 0
            ? suggested.Select(p => texts.ProcedureAction(p.ShortName)).ToList()
            : texts.LegalFollowUps;
        var kind = generated is null ? ReplyKind.Legal : ReplyKind.LegalGenerated;
        return new AssistantReply(md.ToString().TrimEnd(), null, sources, actions, kind.ToWireString());
    }

    private StringBuilder LegalText(TurnDecision decision, IReadOnlyList<SourceCitation> sources, string? generated, int shown)
    {
        var suggested = decision.Suggested;
        var md = new StringBuilder();
        md.Append(generated ?? texts.LegalIntroduction).Append("\n\n");
        AppendLocalNotes(md, decision);
        AppendSources(md, sources.Take(shown).ToList(), ShortExcerptChars);
        if (suggested.Count > 0)
            md.Append(texts.RelatedProcedures).Append(' ').Append(string.Join("; ", suggested.Select(texts.RelatedProcedure))).Append(".\n\n");
        md.Append(texts.Disclaimer);
        return md;
    }

    private AssistantReply AdminUnit(AdminUnitTextMatch match, IReadOnlyList<ProcedureAspect> asked)
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
        var md = new StringBuilder(message).Append("\n\n");
        // "… giờ làm sổ đỏ ở đâu": where to file is the new ward's one-stop shop, or, for a split commune, the address decides.
        if (asked.Contains(ProcedureAspect.Place) && match.Old is { IsFound: true } oldUnits)
        {
            if (oldUnits.Candidates is [{ IsSplit: false } only]) md.Append(texts.UnitPlace(only.NewUnits[0].Unit)).Append("\n\n");
            else md.Append(texts.LeadPlace).Append(' ').Append(texts.AskAddress).Append("\n\n");
        }
        var card = new ReplyCard(texts.MergerCardTitle, texts.MergerCardSubtitle, facts, bullets);
        return new AssistantReply(md.Append(texts.MergerNote).ToString(), card,
            [new SourceCitation(texts.MergerSource, message)], texts.MergerFollowUps, ReplyKind.AdminUnit.ToWireString());
    }

    /// <summary>
    /// The paragraph that answers a unit question. The registry's result carries only data; this is the one line that
    /// calls the admin-unit renderer.
    /// </summary>
    private static string UnitMessage(AdminUnitTextMatch match) => AdminUnitMessages.Render(match);

    private void AppendLocalNotes(StringBuilder md, TurnDecision decision)
    {
        // Beside several steps a note says its first clause (the rule and its instrument); the rest is in a one-step answer.
        foreach (var note in decision.LocalNotes)
            md.Append(texts.LocalNote(decision.Steps.Count > 1 && note.IndexOf("; ", StringComparison.Ordinal) is var end && end > 0 ? note[..end] + "." : note)).Append("\n\n");
    }

    /// <summary>
    /// The most characters a legal answer's text may take (with its Markdown marks, so the visible text is shorter): what a
    /// phone shows before "Xem căn cứ".
    /// </summary>
    public const int PhoneBudgetChars = 1200;

    /// <summary>How much of an excerpt a legal answer shows in its text; the whole one is behind "Xem căn cứ".</summary>
    public const int ShortExcerptChars = 140;

    /// <summary>How much of a procedure's official name a card title shows.</summary>
    public const int OfficialNameChars = 100;
    /// <summary>The official name's start beside several steps, whose short names the lead already gives.</summary>
    private const int StepsOfficialNameChars = 60;

    private void AppendSources(StringBuilder md, IReadOnlyList<SourceCitation> sources, int? excerptChars = null)
    {
        if (sources.Count == 0) return;
        md.Append(texts.CitationsHeading).Append('\n');
        for (int i = 0; i < sources.Count; i++)
            md.Append(i + 1).Append(". **").Append(sources[i].Citation).Append("**: ")
              .Append(excerptChars is { } max ? Shorten(sources[i].Excerpt, max) : sources[i].Excerpt).Append('\n');
        md.Append('\n');
    }

    /// <summary>The start of a text, cut at a word, with "…" when something was left out.</summary>
    public static string Shorten(string text, int max)
    {
        var trimmed = text.Trim();
        if (trimmed.Length <= max) return trimmed;
        var cut = trimmed[..max];
        int space = cut.LastIndexOf(' ');
        return (space > max / 2 ? cut[..space] : cut).TrimEnd(' ', ',', ';', ':') + "…";
    }
}
