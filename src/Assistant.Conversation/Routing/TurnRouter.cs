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
        if (decision.Kind is ReplyKind.Procedure)
            decision = decision with { CaseTimes = CaseTimes(text, decision.Steps.Count > 1 ? decision.Steps : [decision.Procedure!]) };
        return decision.Kind is ReplyKind.Procedure or ReplyKind.Legal
            ? decision with { LocalNotes = vocabulary.LocalNotes(TurnText.Read(text)) }
            : decision;
    }

    /// <summary>The time-limit rows of the cases the question names (time-limits.tsv rows with phrases), per procedure.</summary>
    private Dictionary<string, ProcedureTimeLimit> CaseTimes(string text, IReadOnlyList<LandProcedure> procedures)
    {
        var times = new Dictionary<string, ProcedureTimeLimit>(StringComparer.Ordinal);
        foreach (var p in procedures)
            if (catalog.TimeLimits.For(p.Code, text) is { Cues.Count: > 0 } row) times[p.Code] = row;
        return times;
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
        if (OldUnit(unit) is { } old && aspects.Contains(ProcedureAspect.Place) && match is not { Best.IsDecisive: true } && PrerequisiteSteps(question, match) is null)
            return TurnDecision.AdminUnit(old) with { Aspects = aspects };
        // "còn tách thửa thì sao?" names a procedure of its own: it is not a follow-up on the previous one.
        if (state.LastProcedureCode is { } last && catalog.Find(last) is { } lastProcedure && FollowUpAspect(question) is { } aspect
            && match is not { Best: { IsDecisive: true, AliasScore: > 0 } })
            return TurnDecision.FollowUp(lastProcedure, aspect);
        // A first answer on a procedure gives the whole card (papers, time, place), whatever aspect was asked.
        // Beside it: each aspect asked, the old commune's new ward (where to file), and a second procedure of a two-step case.
        // "nhà đang thế chấp ngân hàng giờ muốn bán": the "thế chấp" is the situation, not what is asked.
        if (match.Best is { } stated && SituationSteps(question, match, stated) is [var needed, _] situationSteps)
            return TurnDecision.FirstAnswer(match, needed) with { Aspects = aspects, Unit = OldUnit(unit), Steps = situationSteps };
        if (match.Best is { } best)
            return TurnDecision.FirstAnswer(match, best.Procedure) with
            {
                Aspects = aspects,
                Unit = OldUnit(unit),
                Steps = Steps(question, match, best),
            };
        // "muốn bán đất nhưng sổ đang cắm ngân hàng": no procedure is certain, but the situation requires one before the
        // one the everyday words point to, so both are answered in order.
        if (PrerequisiteSteps(question, match) is [var required, _] steps)
            return TurnDecision.FirstAnswer(match, required) with { Aspects = aspects, Unit = OldUnit(unit), Steps = steps };
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
    /// The text the procedure matcher reads: without the old commune named (a name such as "Hợp Đồng" or "Tân Lập" is no
    /// procedure) nor the words about the merger ("xã Ninh Sở trước sáp nhập, muốn xóa thế chấp" is no change of a
    /// mortgage after a bank merger), which only say where the land is. Blanked with commas, so no phrase joins across.
    /// </summary>
    public string ProcedureText(string text, AdminUnitTextMatch? unit)
    {
        if (OldUnit(unit) is not { } old) return text;
        var chars = text.ToCharArray();
        void Blank(int from, int to)
        {
            for (int i = from; i < to && i < chars.Length; i++) chars[i] = char.IsWhiteSpace(chars[i]) ? chars[i] : ',';
        }
        foreach (var (from, to) in vocabulary.MergerCueSpans(text)) Blank(from, to);
        int at = old.MatchedText.Length == 0 ? -1 : text.IndexOf(old.MatchedText, StringComparison.OrdinalIgnoreCase);
        if (at >= 0) Blank(at, at + old.MatchedText.Length);
        return new string(chars);
    }

    /// <summary>
    /// A commune that says where to file: an old one (its new ward, or the candidates), or a name that is both an old and
    /// a new one (said as the new one unless the wording points to the old: people name where they live today).
    /// </summary>
    private static AdminUnitTextMatch? OldUnit(AdminUnitTextMatch? unit) =>
        unit is { Reading: UnitReading.Old, Old.IsFound: true } or { Reading: UnitReading.Both, Old.IsFound: true, New.IsFound: true } ? unit : null;

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
    /// another one named by an everyday phrase of its own, or by a short word right after the joining word ("giải chấp
    /// rồi bán"). The order is the one the message says them in, turned round by "trước khi", and a procedure of the
    /// "first" list (data) goes before one that is not. Empty for one procedure.
    /// </summary>
    private List<LandProcedure> Steps(TurnText question, MatchResult match, ProcedureMatch best)
    {
        if (vocabulary.PrerequisiteOf(question, best.Procedure.Code) is { } code && catalog.Find(code) is { } required)
            return [required, best.Procedure];
        if (!vocabulary.JoinsSteps(question)) return [];
        var bestAt = Position(question, best);
        var second = match.Alternatives
            .Where(a => a.AliasScore > 0 && a.Procedure.Code != best.Procedure.Code && !Overlaps(a, best))
            .OrderByDescending(a => a.AliasScore)
            .Select(a => (a.Procedure, At: Position(question, a)))
            .FirstOrDefault();
        if (second.Procedure is null || second.At == int.MaxValue || !Joined(question, bestAt, second.At))
            second = NextStep(question, best.Procedure.Code, bestAt);
        if (second.Procedure is null) return [];
        bool bestFirst = bestAt <= second.At;
        if (vocabulary.ReversesSteps(question)) bestFirst = !bestFirst;
        var first = vocabulary.Steps.First.ToList();
        int rankBest = first.IndexOf(best.Procedure.Code), rankSecond = first.IndexOf(second.Procedure.Code);
        if (rankBest >= 0 && (rankSecond < 0 || rankBest < rankSecond)) bestFirst = true;
        else if (rankSecond >= 0 && (rankBest < 0 || rankSecond < rankBest)) bestFirst = false;
        return bestFirst ? [best.Procedure, second.Procedure] : [second.Procedure, best.Procedure];
    }

    /// <summary>
    /// Without a certain procedure, the situation that requires one first ("sổ đang cắm ngân hàng") and the procedure
    /// an everyday phrase points to ("muốn bán đất"): both, in that order. Null otherwise.
    /// </summary>
    private List<LandProcedure>? PrerequisiteSteps(TurnText question, MatchResult match)
    {
        if (match.Best is not null || vocabulary.PrerequisiteOf(question, null) is not { } code || catalog.Find(code) is not { } required) return null;
        var asked = match.Alternatives.FirstOrDefault(a => a.AliasScore > 0 && a.Procedure.Code != code
            && vocabulary.PrerequisiteOf(question, a.Procedure.Code) == code);
        return asked is null ? null : [required, asked.Procedure];
    }

    /// <summary>
    /// The best procedure was read only from the words of a situation ("đang thế chấp" gives "thế chấp"): the procedure
    /// that situation requires, then the one asked after it — another procedure's phrase, or a short next word said after
    /// the situation ("… giờ muốn bán"). Null when the best procedure has words of its own or nothing else is asked.
    /// </summary>
    private List<LandProcedure>? SituationSteps(TurnText question, MatchResult match, ProcedureMatch best)
    {
        if (vocabulary.Situation(question) is not { } situation || best.Procedure.Code == situation.Code
            || catalog.Find(situation.Code) is not { } required) return null;
        if (!Words(best).All(w => (" " + situation.Cue + " ").Contains(" " + w + " ", StringComparison.Ordinal))) return null;
        var asked = match.Alternatives.FirstOrDefault(a => a.AliasScore > 0 && a.Procedure.Code != situation.Code
            && a.Procedure.Code != best.Procedure.Code && vocabulary.PrerequisiteOf(question, a.Procedure.Code) == situation.Code)?.Procedure;
        asked ??= vocabulary.Steps.Next
            .Where(n => n.Code != situation.Code && n.Code != best.Procedure.Code
                && n.Cues.Any(c => question.Padded.IndexOf(" " + c + " ", situation.End, StringComparison.Ordinal) >= 0))
            .Select(n => catalog.Find(n.Code)).FirstOrDefault(p => p is not null);
        return asked is null ? null : [required, asked];
    }

    /// <summary>A procedure named by a short word right after a joining word ("rồi bán"), other than the best one; none found: (null, max).</summary>
    private (LandProcedure Procedure, int At) NextStep(TurnText question, string bestCode, int bestAt)
    {
        foreach (var next in vocabulary.Steps.Next.Where(n => n.Code != bestCode))
            foreach (var cue in next.Cues)
            {
                int at = question.Padded.IndexOf(" " + cue + " ", StringComparison.Ordinal);
                if (at >= 0 && bestAt != int.MaxValue && Joined(question, bestAt, at) && catalog.Find(next.Code) is { } procedure)
                    return (procedure, at);
            }
        return (null!, int.MaxValue);
    }

    /// <summary>
    /// Two phrases said at <paramref name="a"/> and <paramref name="b"/> are joined as steps: a joining word right before
    /// the later one, after the earlier one ("xóa thế chấp rồi sang tên"), or "trước khi" right before the earlier one
    /// ("trước khi bán đất phải xóa thế chấp").
    /// </summary>
    private bool Joined(TurnText question, int a, int b)
    {
        if (a == int.MaxValue || b == int.MaxValue || a == b) return false;
        int from = Math.Min(a, b), to = Math.Max(a, b);
        return JoinedBetween(question, vocabulary.Steps.Connectors, from, to)
            || JoinedBetween(question, vocabulary.Steps.Lead, -1, from);
    }

    /// <summary>
    /// One of <paramref name="words"/> after <paramref name="from"/> and at most two words before <paramref name="to"/>
    /// ("rồi mới sang tên"): "bản án có hiệu lực rồi, làm sao để sổ đứng tên tôi" joins no two procedures.
    /// </summary>
    private static bool JoinedBetween(TurnText question, IReadOnlyList<string> words, int from, int to) =>
        words.Any(c =>
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

    /// <summary>
    /// Where a match is said in the question (folded): its earliest phrase; a phrase of parts ("vay + sổ đỏ") is said
    /// where its last part first is, since its other parts may be words of the situation ("sổ đỏ bị sai tên, muốn sửa
    /// rồi vay"). A phrase not found as written goes last.
    /// </summary>
    private static int Position(TurnText question, ProcedureMatch match)
    {
        int best = int.MaxValue;
        foreach (var parts in Phrases(match))
        {
            int at = -1;
            foreach (var part in parts)
            {
                int found = question.Padded.IndexOf(" " + part + " ", StringComparison.Ordinal);
                if (found < 0) { at = -1; break; }
                at = Math.Max(at, found);
            }
            if (at >= 0 && at < best) best = at;
        }
        return best;
    }

    /// <summary>
    /// "thế chấp" inside "xóa thế chấp" is the same words read twice, not a second procedure. Phrases of parts are loose
    /// (the "làm sổ" of "tách + làm sổ" is no "làm sổ đỏ lần đầu"), so they count only for a match that has nothing else.
    /// </summary>
    private static bool Overlaps(ProcedureMatch a, ProcedureMatch b) =>
        Words(a).Any(x => Words(b).Any(y => (" " + x + " ").Contains(" " + y + " ", StringComparison.Ordinal) || (" " + y + " ").Contains(" " + x + " ", StringComparison.Ordinal)));

    private static IEnumerable<string> Words(ProcedureMatch match)
    {
        var phrases = Phrases(match).ToList();
        var plain = phrases.Where(p => p.Count == 1).ToList();
        return (plain.Count > 0 ? plain : phrases).SelectMany(p => p);
    }

    /// <summary>Each matched phrase as its folded parts (one part for a plain phrase).</summary>
    private static IEnumerable<List<string>> Phrases(ProcedureMatch match) =>
        match.MatchedPhrases.Select(p => p.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(x => VietnameseText.FoldPhrase(VietnameseText.Fold(VietnameseText.Nfc(x).TrimStart('~'))))
                .Where(x => x.Length > 0).ToList())
            .Where(parts => parts.Count > 0);

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
