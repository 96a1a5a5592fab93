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
        {
            // "sổ đã giải chấp xong, giờ muốn sang tên": the best procedure may be one told as done, and the one asked another.
            var cased = Steps(question, match, best);
            return TurnDecision.FirstAnswer(match, cased is [var asked] ? asked : best.Procedure) with
            {
                Aspects = aspects,
                Unit = OldUnit(unit),
                Steps = cased.Count > 1 ? cased : [],
            };
        }
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

    /// <summary>At most this many procedures are answered as steps of one case ("cấp lại sổ, tách thửa rồi bán một phần").</summary>
    private const int MaxSteps = 3;

    /// <summary>A procedure said in the question: where (folded, padded), and the words it was said with.</summary>
    /// <param name="Strong">Said with a phrase that is not a weak (generic) one.</param>
    /// <param name="Short">Said only by a short word ("bán", "vay"), which folded may be another word ("bản vẽ", "vậy").</param>
    private sealed record Mention(LandProcedure Procedure, int At, IReadOnlyList<string> Words, bool Strong, bool Short = false)
    {
        /// <summary>Where the phrase said at <see cref="At"/> ends.</summary>
        public int End => At == int.MaxValue ? At : At + 1 + Words.Select(w => w.Length).DefaultIfEmpty(0).Max();
    }

    /// <summary>
    /// The procedures of a case of several steps, in the order they must be done, when the message asks for more than
    /// one: the situation requires one before the one asked ("sang tên … sổ đang thế chấp"); or the best procedure and
    /// the others said with phrases of their own (or short words such as "bán" after a joining word) are linked — by a
    /// joining word between them ("rồi", "sau đó", "sau khi … thì"), or because the law orders them (data: "before"
    /// rows; "muốn thế chấp nhưng sổ đỏ bị mất" needs no joining word). A procedure told as done ("sổ đã giải chấp xong",
    /// "sau khi nhận thừa kế tôi đã được cấp sổ") is not asked again. The order: the law's first, then the "first"
    /// list, then the order said ("trước khi" turns it round). Empty for one procedure; one procedure other than the
    /// best when the best was told as done.
    /// </summary>
    private List<LandProcedure> Steps(TurnText question, MatchResult match, ProcedureMatch best)
    {
        if (vocabulary.PrerequisiteOf(question, best.Procedure.Code) is { } code && catalog.Find(code) is { } required)
            return [required, best.Procedure];
        var seed = new Mention(best.Procedure, Position(question, best), Words(best).ToList(), Strong(best));
        var said = new List<Mention>();
        var situations = vocabulary.Situations(question).Select(x => (From: x.End - x.Cue.Length - 1, x.End)).ToList();
        foreach (var a in match.Alternatives.Where(a => a.AliasScore > 0 && a.Procedure.Code != best.Procedure.Code && !Overlaps(a, best)))
            if (said.All(m => m.Procedure.Code != a.Procedure.Code && !SharesWords(m.Words, Words(a))))
                said.Add(new Mention(a.Procedure, Position(question, a), Words(a).ToList(), Strong(a)));
        // Short words name a procedure that has no phrase of its own in the question ("… rồi bán"), unless they are part
        // of a phrase already read ("thế chấp" inside "xóa thế chấp").
        foreach (var next in vocabulary.Steps.Next)
        {
            if (next.Code == best.Procedure.Code || said.Any(m => m.Procedure.Code == next.Code) || catalog.Find(next.Code) is not { } procedure) continue;
            var words = said.Append(seed).SelectMany(m => m.Words).ToList();
            foreach (var cue in next.Cues.Where(c => !SharesWords(words, [c])))
            {
                int at = question.Padded.IndexOf(" " + cue + " ", StringComparison.Ordinal);
                // "sổ đang thế chấp ngân hàng" is the situation, not a mortgage asked for.
                if (at < 0 || situations.Any(x => x.From <= at + 1 && at + cue.Length < x.End)) continue;
                said.Add(new Mention(procedure, at, [cue], false, Short: true));
                break;
            }
        }
        var steps = new List<Mention> { seed };
        // The procedure said with the strongest phrase after the best one, joined to it ("xóa thế chấp rồi sang tên"), or
        // else a short word right after a joining word ("giải chấp rồi bán").
        var top = said.FirstOrDefault(m => !m.Short);
        if (top is not null && Joined(question, seed.At, top.At, top.Strong ? 3 : 2)) steps.Add(top);
        else if (said.FirstOrDefault(m => m.Short && Joined(question, seed.At, m.At, 2) && m.At > seed.At) is { } next) steps.Add(next);
        // Any other: joined to a step with no procedure said between them ("… thu hồi và cấp lại" joins no inheritance
        // said before); or ordered by the law ("before" rows) and either said in a row with it ("làm sổ lần đầu, tách
        // thửa rồi …") or asked for ("muốn thế chấp nhưng sổ đỏ bị mất": the later one after "muốn").
        bool Linked(Mention a, Mention b)
        {
            var (early, late) = a.At <= b.At ? (a, b) : (b, a);
            bool between = said.Append(seed).Any(o => o != a && o != b && o.At > early.At && o.At < late.At);
            // A word that only lists ("và") joins the first two, not a further step ("thu hồi và cấp lại" is one procedure).
            if (!between && Joined(question, a.At, b.At, late.Short ? 2 : late.Strong ? 3 : 2, listing: false)) return true;
            int order = vocabulary.LawOrder(question, a.Procedure.Code, b.Procedure.Code);
            if (order == 0) return false;
            var (before, after) = order < 0 ? (a, b) : (b, a);
            // "tách thửa bán bớt một nửa": a short word right after a step said in full.
            int gap = between ? int.MaxValue : Gap(question, early.End, late.At);
            return before.Strong && (early.Strong && (late.Strong && gap <= 1 || late.Short && gap == 0) || Asked(question, after));
        }
        for (bool grew = true; grew && steps.Count < MaxSteps;)
        {
            grew = false;
            foreach (var m in said.Where(m => !steps.Contains(m)))
                if (steps.Any(s => Linked(s, m)))
                {
                    steps.Add(m);
                    grew = true;
                    break;
                }
        }
        var done = Done(question, steps);
        steps.RemoveAll(m => done.Contains(m.Procedure.Code));
        if (steps.Count == 1 && steps[0] != seed) return [steps[0].Procedure];
        return steps.Count < 2 ? [] : Ordered(question, steps);
    }

    /// <summary>
    /// The procedures told as done: by a phrase of the data ("đã tách thửa"), or said after "sau khi" and followed, before
    /// the next procedure, by a word such as "đã" ("sau khi nhận thừa kế tôi đã được cấp sổ, giờ muốn thế chấp").
    /// </summary>
    private HashSet<string> Done(TurnText question, List<Mention> mentions)
    {
        var done = vocabulary.DoneCodes(question).ToHashSet(StringComparer.Ordinal);
        foreach (var (since, told) in vocabulary.Steps.Told)
            foreach (var m in mentions.Where(m => m.At != int.MaxValue && JoinedBetween(question, since, -1, m.At)))
            {
                int end = mentions.Where(o => o.At > m.At && o.At != int.MaxValue).Select(o => o.At).DefaultIfEmpty(question.Padded.Length).Min();
                if (told.Any(t => question.Padded.IndexOf(" " + t + " ", m.At + 1, StringComparison.Ordinal) is var at && at > m.At && at < end))
                    done.Add(m.Procedure.Code);
            }
        return done;
    }

    /// <summary>
    /// The steps in the order that breaks fewest rules: the law's order (data "before") outweighs the "first" list, which
    /// outweighs the order said; a step right after "trước khi" is said last ("trước khi bán đất phải xóa thế chấp").
    /// </summary>
    private List<LandProcedure> Ordered(TurnText question, List<Mention> steps)
    {
        var reverse = vocabulary.Steps.Reverse;
        var led = steps.Where(m => m.At != int.MaxValue && JoinedBetween(question, reverse, -1, m.At)).ToList();
        bool turned = led.Count == 0 && vocabulary.ReversesSteps(question);
        long Said(Mention m) => led.Contains(m) ? (long)int.MaxValue + m.At : turned ? -(long)m.At : m.At;
        var first = vocabulary.Steps.First.ToList();
        int Rank(Mention m) => first.IndexOf(m.Procedure.Code) is var i && i >= 0 ? i : first.Count;
        int Cost(IReadOnlyList<Mention> order)
        {
            int cost = 0;
            for (int i = 0; i < order.Count; i++)
                for (int j = i + 1; j < order.Count; j++)
                {
                    var (a, b) = (order[i], order[j]);
                    if (vocabulary.LawOrder(question, a.Procedure.Code, b.Procedure.Code) > 0) cost += 100;
                    if (Rank(a) > Rank(b)) cost += 10;
                    if (Said(a) > Said(b)) cost += 1;
                }
            return cost;
        }
        return Permutations(steps).OrderBy(Cost).First().Select(m => m.Procedure).ToList();
    }

    /// <summary>
    /// A word of asking ("muốn", "cần", "để") at most two words before one of the mention's phrases ("muốn bán nhà", "để
    /// còn bán"); a short word only right after a word of its own list ("muốn bán", not "cần bán vẽ" read from "cần bản vẽ").
    /// </summary>
    private bool Asked(TurnText question, Mention m) =>
        m.Words.Select(w => (w, m.Short))
            .Concat(vocabulary.Steps.Next.Where(n => n.Code == m.Procedure.Code).SelectMany(n => n.Cues).Select(c => (w: c, Short: true)))
            .Any(x =>
        {
            var (w, isShort) = x;
            var (words, most) = isShort ? (vocabulary.Steps.AskShort, 0) : (vocabulary.Steps.Ask, 2);
            for (int at = question.Padded.IndexOf(" " + w + " ", StringComparison.Ordinal); at >= 0; at = question.Padded.IndexOf(" " + w + " ", at + 1, StringComparison.Ordinal))
                if (words.Any(a => question.Padded.LastIndexOf(" " + a + " ", at, StringComparison.Ordinal) is var found && found >= 0
                        && Gap(question, found + a.Length + 1, at + 1) is var gap && gap <= most))
                    return true;
            return false;
        });

    private static IEnumerable<List<Mention>> Permutations(List<Mention> items) =>
        items.Count <= 1 ? [items] : items.SelectMany((x, i) => Permutations([.. items[..i], .. items[(i + 1)..]]).Select(rest => (List<Mention>)[x, .. rest]));

    private static bool SharesWords(IEnumerable<string> a, IEnumerable<string> b) =>
        a.Any(x => b.Any(y => (" " + x + " ").Contains(" " + y + " ", StringComparison.Ordinal) || (" " + y + " ").Contains(" " + x + " ", StringComparison.Ordinal)));

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

    /// <summary>
    /// Two phrases said at <paramref name="a"/> and <paramref name="b"/> are joined as steps: a joining word right before
    /// the later one, after the earlier one ("xóa thế chấp rồi sang tên"), or "trước khi" right before the earlier one
    /// ("trước khi bán đất phải xóa thế chấp").
    /// </summary>
    private bool Joined(TurnText question, int a, int b, int gap = 3, bool listing = true)
    {
        if (a == int.MaxValue || b == int.MaxValue || a == b) return false;
        int from = Math.Min(a, b), to = Math.Max(a, b);
        var connectors = listing ? vocabulary.Steps.Connectors : vocabulary.Steps.Connectors.Except(vocabulary.Steps.Listing).ToList();
        return JoinedBetween(question, connectors, from, to, gap)
            || JoinedBetween(question, vocabulary.Steps.Lead, -1, from, gap);
    }

    /// <summary>How many words lie between two places of <see cref="TurnText.Padded"/>.</summary>
    private static int Gap(TurnText question, int from, int to) =>
        from > to || to == int.MaxValue ? int.MaxValue : question.Padded[from..to].Trim() is var gap && gap.Length == 0 ? 0 : gap.Split(' ').Length;

    /// <summary>Said with evidence that stands alone (a phrase that is not a weak one, or two weak ones): "cho con" alone is not.</summary>
    private static bool Strong(ProcedureMatch match) => match.IsDecisive;

    /// <summary>
    /// One of <paramref name="words"/> after <paramref name="from"/> and at most three words before <paramref name="to"/>
    /// ("rồi mang sổ đi thế chấp"): "bản án có hiệu lực rồi, làm sao để sổ đứng tên tôi" joins no two procedures.
    /// </summary>
    private static bool JoinedBetween(TurnText question, IReadOnlyList<string> words, int from, int to, int most = 3) =>
        words.Any(c =>
        {
            int at = question.Padded.IndexOf(" " + c + " ", from + 1, StringComparison.Ordinal);
            while (at > from && at < to)
            {
                var gap = question.Padded[(at + c.Length + 1)..to].Trim();
                if (gap.Length == 0 || gap.Split(' ').Length <= most) return true;
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
    private static bool Overlaps(ProcedureMatch a, ProcedureMatch b) => SharesWords(Words(a), Words(b));

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
