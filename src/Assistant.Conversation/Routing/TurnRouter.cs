using Assistant.Land.AdminUnits;
using Assistant.Land.Procedures;
using Assistant.Conversation.State;
using Assistant.Retrieval.Search;
using Assistant.Vietnamese;

namespace Assistant.Conversation.Routing;

/// <summary>
/// Decides what a turn is, without I/O: from the text, the conversation state and what the caller matched (the
/// procedure matcher's result, the unit found in the text) it returns a <see cref="TurnDecision"/>. A legal decision is
/// settled once the search has answered (<see cref="AfterLegalSearch"/>). Never invents a procedure: an uncertain turn
/// offers candidates or the law, and a turn outside land matters says so.
/// </summary>
public sealed class TurnRouter(TurnVocabulary vocabulary, ProcedureCatalog catalog, ConversationOptions options)
{
    public TurnDecision Decide(string text, ConversationState state, MatchResult match, AdminUnitTextMatch? unit)
    {
        var decision = DecideKind(text, state, match, unit);
        // A first answer or a legal one also names the city's own rule the question touches ("tách thửa tối thiểu bao nhiêu m2").
        return decision.Kind is ReplyKind.Procedure or ReplyKind.Legal
            ? decision with { LocalNotes = vocabulary.LocalNotes(TurnText.Read(text)) }
            : decision;
    }

    private TurnDecision DecideKind(string text, ConversationState state, MatchResult match, AdminUnitTextMatch? unit)
    {
        var question = TurnText.Read(text);
        if (question.IsBlank) return TurnDecision.Help;
        if (vocabulary.IsGreeting(question)) return TurnDecision.Greeting;
        var aspects = vocabulary.Aspects(question);
        if (unit is not null && AsksAboutMerger(text, question) && match is not { Best.IsDecisive: true })
            return TurnDecision.AdminUnit(unit) with { Aspects = aspects };
        // "nhà tôi ở phường Kim Liên cũ, giờ làm sổ đỏ ở đâu": no procedure is certain, but where to file is the new ward's
        // one-stop shop, so the old commune is answered with where to file rather than with the law.
        if (unit is { Reading: UnitReading.Old, Old.IsFound: true } && aspects.Contains(ProcedureAspect.Place) && match is not { Best.IsDecisive: true })
            return TurnDecision.AdminUnit(unit) with { Aspects = aspects };
        // "còn tách thửa thì sao?" names a procedure of its own: it is not a follow-up on the previous one.
        if (state.LastProcedureCode is { } last && catalog.Find(last) is { } lastProcedure && FollowUpAspect(question) is { } aspect
            && match is not { Best: { IsDecisive: true, AliasScore: > 0 } })
            return TurnDecision.FollowUp(lastProcedure, aspect);
        // A first answer on a procedure gives the whole card (papers, time, place), whatever aspect was asked.
        // Beside it: each aspect asked, the old commune's new ward (where to file), and a second procedure of a two-step case.
        if (match.Best is { } best)
            return TurnDecision.FirstAnswer(match, best.Procedure) with
            {
                Aspects = aspects,
                Unit = unit is { Reading: UnitReading.Old, Old.IsFound: true } ? unit : null,
                Steps = Steps(question, match, best),
            };
        if (match.IsOffTopic) return TurnDecision.OutOfScope;
        var suggested = catalog.Scope.NamesAnotherMatter(text) ? [] : Suggestions(match, text);
        if (suggested.Count > 0 || vocabulary.HasDomainWord(question)) return TurnDecision.Legal(suggested);
        return TurnDecision.OutOfScope;
    }

    /// <summary>
    /// A legal turn once the law was searched: a short "… thì làm gì tiếp" with candidate procedures asks which one
    /// before quoting the law; a search that found nothing is unsure; otherwise the law is quoted, with the candidates
    /// named at the end.
    /// </summary>
    public TurnDecision AfterLegalSearch(TurnDecision legal, string text, SearchResponse response)
    {
        var suggested = legal.Suggested;
        // A question naming a law or an article is a legal question, whatever procedure words it shares.
        if (suggested.Count > 0 && response.References is not { LawNumbers.Count: 0, Article: null }) suggested = [];
        // A short "… thì làm gì tiếp", "cần giấy tờ gì": the citizen wants a procedure, so ask which one before the law.
        // A longer question is answered from the law, with the procedures it may lead to at the end.
        if (suggested.Count > 0 && vocabulary.AsksForProcedure(TurnText.Read(text))
            && text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 12)
            return TurnDecision.Suggest(suggested) with { LocalNotes = legal.LocalNotes };
        if (response.Results.Count == 0 && legal.LocalNotes.Count == 0) return TurnDecision.Unsure;
        return TurnDecision.Legal(suggested) with { LocalNotes = legal.LocalNotes };
    }

    /// <summary>
    /// Only a question about the merger itself is answered with the unit; "tách thửa ở xã Kim Chung" is a procedure
    /// question. "cũ"/"mới" alone is a weak cue: "sổ cũ năm 2002 … nộp hồ sơ ở đâu" is a procedure question about an old
    /// certificate, so it counts only in a short question.
    /// </summary>
    private bool AsksAboutMerger(string text, TurnText question)
    {
        int words = question.WordCount;
        return vocabulary.AsksAboutMerger(question) || (words <= 12 && vocabulary.SaysOldOrNew(text)) || words <= 6;
    }

    /// <summary>A short question about papers, time or place ("còn giấy tờ gì nữa?") refers to the procedure being discussed.</summary>
    private ProcedureAspect? FollowUpAspect(TurnText question) =>
        vocabulary.FollowUpAspect(question) is { } aspect && (question.WordCount <= 10 || vocabulary.HasFollowUpMarker(question)) ? aspect : null;

    /// <summary>
    /// Two procedures in the order they must be done, when the message asks for two: the situation requires one before
    /// the one asked ("sang tên … sổ đang thế chấp"), or a joining word ("rồi", "sau đó") links the best procedure with
    /// another one named by an everyday phrase of its own. The order is the one the message says them in, turned round by
    /// "trước khi", and a procedure of the "first" list (data) goes before one that is not. Empty for one procedure.
    /// </summary>
    private List<LandProcedure> Steps(TurnText question, MatchResult match, ProcedureMatch best)
    {
        if (vocabulary.PrerequisiteOf(question, best.Procedure.Code) is { } code && catalog.Find(code) is { } required)
            return [required, best.Procedure];
        if (!vocabulary.JoinsSteps(question)) return [];
        var second = match.Alternatives
            .Where(a => a.AliasScore > 0 && a.Procedure.Code != best.Procedure.Code && !Overlaps(a, best))
            .OrderByDescending(a => a.AliasScore)
            .FirstOrDefault();
        if (second is null) return [];
        // "bản án có hiệu lực rồi, làm sao để sổ đứng tên tôi": a joining word counts only between the two procedures' phrases.
        int atBest = Position(question, best), atSecond = Position(question, second);
        if (atBest == int.MaxValue || atSecond == int.MaxValue || !JoinedBetween(question, Math.Min(atBest, atSecond), Math.Max(atBest, atSecond)))
            return [];
        bool bestFirst = atBest <= atSecond;
        if (vocabulary.ReversesSteps(question)) bestFirst = !bestFirst;
        var first = vocabulary.Steps.First;
        int rankBest = first.ToList().IndexOf(best.Procedure.Code), rankSecond = first.ToList().IndexOf(second.Procedure.Code);
        if (rankBest >= 0 && (rankSecond < 0 || rankBest < rankSecond)) bestFirst = true;
        else if (rankSecond >= 0 && (rankBest < 0 || rankSecond < rankBest)) bestFirst = false;
        return bestFirst ? [best.Procedure, second.Procedure] : [second.Procedure, best.Procedure];
    }

    /// <summary>
    /// A joining word right before the later procedure's phrase (at most two words between: "rồi mới sang tên"), after the
    /// earlier one's: "bản án có hiệu lực rồi, làm sao để sổ đứng tên tôi" joins no two procedures.
    /// </summary>
    private bool JoinedBetween(TurnText question, int from, int to) =>
        vocabulary.Steps.Connectors.Any(c =>
        {
            int at = question.Padded.IndexOf(" " + c + " ", from + 1, StringComparison.Ordinal);
            while (at > from && at < to)
            {
                var gap = question.Padded[(at + c.Length + 1)..to].Trim();
                if (gap.Length == 0 || gap.Split(' ').Length <= 2) return true;
                at = question.Padded.IndexOf(" " + c + " ", at + 1, StringComparison.Ordinal);
            }
            return false;
        });

    /// <summary>Where the first phrase of a match is said in the question (folded); a phrase not found as written goes last.</summary>
    private static int Position(TurnText question, ProcedureMatch match)
    {
        int best = int.MaxValue;
        foreach (var part in Parts(match))
        {
            int at = question.Padded.IndexOf(" " + part + " ", StringComparison.Ordinal);
            if (at >= 0 && at < best) best = at;
        }
        return best;
    }

    /// <summary>"thế chấp" inside "xóa thế chấp" is the same words read twice, not a second procedure.</summary>
    private static bool Overlaps(ProcedureMatch a, ProcedureMatch b) =>
        Parts(a).Any(x => Parts(b).Any(y => (" " + x + " ").Contains(" " + y + " ", StringComparison.Ordinal) || (" " + y + " ").Contains(" " + x + " ", StringComparison.Ordinal)));

    private static IEnumerable<string> Parts(ProcedureMatch match) =>
        match.MatchedPhrases.SelectMany(p => p.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(p => VietnameseText.FoldPhrase(VietnameseText.Fold(VietnameseText.Nfc(p).TrimStart('~'))))
            .Where(p => p.Length > 0);

    /// <summary>The procedures to offer when none is certain: at most two candidates of the matcher above the configured score.</summary>
    private IReadOnlyList<LandProcedure> Suggestions(MatchResult match, string text)
    {
        if (match.Best is not null) return [];
        // Words shared with procedure names are evidence only in a question about land ("đội bóng nào vô địch năm nay"
        // shares "năm" with many names); an everyday phrase of a procedure is evidence anywhere.
        bool land = catalog.Scope.MentionsLand(text);
        // Procedures with an everyday phrase of theirs in the question go before those sharing only words of their names.
        return match.Alternatives
            .Where(a => a.Score >= options.SuggestProcedureMinScore && (land || a.AliasScore > 0))
            .OrderByDescending(a => a.AliasScore > 0)
            .ThenByDescending(a => a.Score)
            .Take(2)
            .Select(a => a.Procedure)
            .ToList();
    }
}
