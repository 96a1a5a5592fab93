using Assistant.Vietnamese;

namespace Assistant.Conversation.Routing;

/// <summary>
/// The cue lists a turn is routed by (data/conversation/*.tsv) and how each is matched. Every list keeps the rule it had
/// in code, and the rules differ on purpose (see each file's header): a greeting is the whole message, merger cues,
/// domain words and procedure cues stand as whole words, a follow-up cue only has to start a word, a follow-up marker is
/// a plain substring, and "cũ"/"mới" are compared syllable by syllable with their tones. All but the markers are
/// <see cref="PhraseList"/>s read from a <see cref="TurnText"/> (folded, punctuation ignored); a marker such as "con "
/// (a word ending in "con") or "nua" (anywhere, "nuamot" too) is no run of syllables, so markers stay substrings of
/// <see cref="TurnText.Padded"/>.
/// </summary>
public sealed class TurnVocabulary
{
    public const string GreetingsFile = "greetings.tsv";
    public const string MergerCuesFile = "merger-cues.tsv";
    public const string MergerOldNewFile = "merger-old-new.tsv";
    public const string FollowUpAspectsFile = "follow-up-aspects.tsv";
    public const string FollowUpMarkersFile = "follow-up-markers.tsv";
    public const string DomainWordsFile = "domain-words.tsv";
    public const string ProcedureCuesFile = "procedure-cues.tsv";
    public const string LocalRulesFile = "local-rules.tsv";
    public const string ProcedureStepsFile = "procedure-steps.tsv";

    private readonly PhraseList _greetings;
    private readonly PhraseList _mergerCues;
    private readonly PhraseList _oldNew;
    private readonly List<(ProcedureAspect Aspect, PhraseList Cues)> _followUpAspects;
    private readonly PhraseList _domainWords;
    private readonly PhraseList _procedureCues;
    private readonly List<(PhraseList Topic, PhraseList Detail, string Note)> _localRules;
    private readonly PhraseList _stepConnectors;
    private readonly PhraseList _stepReverse;
    private readonly List<(ProcedurePrerequisite Rule, PhraseList Cues)> _prerequisites;
    private readonly List<(ProcedureOrder Rule, PhraseList? Cues)> _orders;
    private readonly List<(string Code, PhraseList Cues)> _done;

    public TurnVocabulary(
        IReadOnlyList<string> greetings,
        IReadOnlyList<string> mergerCues,
        IReadOnlyList<string> mergerOldNew,
        IReadOnlyList<(ProcedureAspect Aspect, IReadOnlyList<string> Cues)> followUpAspects,
        IReadOnlyList<string> followUpMarkers,
        IReadOnlyList<string> domainWords,
        IReadOnlyList<string> procedureCues,
        IReadOnlyList<LocalRule>? localRules = null,
        ProcedureSteps? steps = null)
    {
        Greetings = greetings;
        MergerCues = mergerCues;
        MergerOldNew = mergerOldNew;
        FollowUpAspects = followUpAspects;
        FollowUpMarkers = followUpMarkers;
        DomainWords = domainWords;
        ProcedureCues = procedureCues;
        _greetings = WholeWords(greetings);
        _mergerCues = WholeWords(mergerCues);
        _oldNew = new PhraseList(mergerOldNew, MatchMode.ToneExact, SyllableOptions.NumberWords);
        _followUpAspects = followUpAspects.Select(a => (a.Aspect, new PhraseList(a.Cues, MatchMode.Folded, TurnText.Reading, PhraseEnd.SyllablePrefix))).ToList();
        _domainWords = WholeWords(domainWords);
        _procedureCues = WholeWords(procedureCues);
        LocalRules = localRules ?? [];
        _localRules = LocalRules.Select(r => (WholeWords(r.Topic), WholeWords(r.Detail), r.Note)).ToList();
        Steps = steps ?? ProcedureSteps.None;
        _stepConnectors = WholeWords(Steps.Connectors);
        _stepReverse = WholeWords(Steps.Reverse);
        _prerequisites = Steps.Prerequisites.Select(p => (p, WholeWords(p.Cues))).ToList();
        _orders = Steps.Before.Select(o => (o, o.Cues.Count > 0 ? WholeWords(o.Cues) : null)).ToList();
        _done = Steps.Done.Select(d => (d.Code, WholeWords(d.Cues))).ToList();
    }

    public IReadOnlyList<string> Greetings { get; }
    public IReadOnlyList<string> MergerCues { get; }
    public IReadOnlyList<string> MergerOldNew { get; }
    public IReadOnlyList<(ProcedureAspect Aspect, IReadOnlyList<string> Cues)> FollowUpAspects { get; }
    public IReadOnlyList<string> FollowUpMarkers { get; }
    public IReadOnlyList<string> DomainWords { get; }
    public IReadOnlyList<string> ProcedureCues { get; }
    public IReadOnlyList<LocalRule> LocalRules { get; }
    public ProcedureSteps Steps { get; }

    /// <summary>Every aspect (in the file's order) one of whose cues begins a word of the question.</summary>
    public IReadOnlyList<ProcedureAspect> Aspects(TurnText question)
    {
        var found = new List<ProcedureAspect>();
        foreach (var (aspect, cues) in _followUpAspects)
            if (cues.ContainsAny(question.Syllables))
                found.Add(aspect);
        return found;
    }

    /// <summary>A word that joins two steps ("rồi", "sau đó", "xong"), as whole words.</summary>
    public bool JoinsSteps(TurnText question) => _stepConnectors.ContainsAny(question.Syllables);

    /// <summary>"trước khi": the step named second is done first.</summary>
    public bool ReversesSteps(TurnText question) => _stepReverse.ContainsAny(question.Syllables);

    /// <summary>The procedure the question's situation requires before <paramref name="askedCode"/>, if any.</summary>
    public string? PrerequisiteOf(TurnText question, string? askedCode) =>
        _prerequisites.FirstOrDefault(p => p.Rule.Code != askedCode && (askedCode is null || !p.Rule.Except.Contains(askedCode)) && p.Cues.ContainsAny(question.Syllables)).Rule?.Code;

    /// <summary>
    /// The situation phrase found ("đang thế chấp"), folded, with where it ends in <see cref="TurnText.Padded"/>, and the
    /// procedure it requires first; null when the question states no such situation.
    /// </summary>
    public (string Code, string Cue, int End)? Situation(TurnText question) => Situations(question).FirstOrDefault() is { Cue: not null } s ? s : null;

    /// <summary>Every situation phrase found (first rule first; "nhà đang vay ngân hàng, sổ ngân hàng giữ" says two).</summary>
    public IReadOnlyList<(string Code, string Cue, int End)> Situations(TurnText question)
    {
        var found = new List<(string Code, string Cue, int End)>();
        foreach (var (rule, cues) in _prerequisites)
            foreach (var hit in cues.FindAll(question.Syllables))
            {
                var cue = cues.Phrases[hit.Phrase];
                int at = question.Padded.IndexOf(" " + cue + " ", StringComparison.Ordinal);
                found.Add((rule.Code, cue, at < 0 ? 0 : at + cue.Length + 1));
            }
        return found;
    }

    /// <summary>
    /// The order the law puts two procedures in when both are asked (before.tsv rows of procedure-steps.tsv): −1 when
    /// <paramref name="a"/> comes first, 1 when <paramref name="b"/> does, 0 when no row says. The first row that names
    /// the pair and whose cues (if any) the question has decides: "khai nhận thừa kế" puts the inheritance before the
    /// split, a sale of part of a plot comes after it.
    /// </summary>
    public int LawOrder(TurnText question, string a, string b)
    {
        foreach (var (rule, cues) in _orders)
        {
            int sign = rule.Code == a && rule.Then.Contains(b) ? -1 : rule.Code == b && rule.Then.Contains(a) ? 1 : 0;
            if (sign != 0 && (cues is null || cues.ContainsAny(question.Syllables))) return sign;
        }
        return 0;
    }

    /// <summary>The procedures the question tells as already done ("sổ đã giải chấp xong", "đã tách thửa"): not asked again.</summary>
    public IReadOnlySet<string> DoneCodes(TurnText question) =>
        _done.Where(d => d.Cues.ContainsAny(question.Syllables)).Select(d => d.Code).ToHashSet(StringComparer.Ordinal);

    /// <summary>Words right before the first-said procedure that link it to a later one ("sau khi xóa thế chấp thì sang tên").</summary>
    public IReadOnlyList<string> StepLeads => Steps.Lead;

    /// <summary>
    /// The notes of Hanoi's own rules the question touches (a topic phrase and a detail phrase, both as whole words), in
    /// the file's order: a reply names the city's instrument even when its text is not in the corpus.
    /// </summary>
    public IReadOnlyList<string> LocalNotes(TurnText question) =>
        _localRules.Where(r => r.Topic.ContainsAny(question.Syllables) && r.Detail.ContainsAny(question.Syllables)).Select(r => r.Note).ToList();

    /// <summary>The whole message is a greeting, alone or followed by "bạn".</summary>
    public bool IsGreeting(TurnText question)
    {
        var words = question.Syllables;
        // A run of marks alone folds to nothing; at either end of the message it never counted (the folded text was trimmed).
        while (words.Length > 0 && words[0].Folded.Length == 0) words = words[1..];
        while (words.Length > 0 && words[^1].Folded.Length == 0) words = words[..^1];
        return _greetings.IsExactlyOne(words)
            || (words.Length > 1 && words[^1].Folded == "ban" && _greetings.IsExactlyOne(words[..^1]));
    }

    /// <summary>A phrase that asks about the merger itself ("giờ thuộc phường nào"), as whole words.</summary>
    public bool AsksAboutMerger(TurnText question) => _mergerCues.ContainsAny(question.Syllables);

    /// <summary>Where the phrases about the merger are in <paramref name="text"/> (NFC character offsets, end excluded).</summary>
    public IReadOnlyList<(int From, int To)> MergerCueSpans(string text)
    {
        var syllables = _mergerCues.Read(text);
        return _mergerCues.FindAll(syllables).Select(h => (syllables[h.Span.Start].Start, syllables[h.Span.End - 1].End)).ToList();
    }

    /// <summary>"cũ" or "mới" with their tones: folded, "định cư" would read as "cũ" and "mỗi" as "mới".</summary>
    public bool SaysOldOrNew(string text) => _oldNew.ContainsAny(text);

    /// <summary>The first aspect (in the file's order) one of whose cues begins a word of the question.</summary>
    public ProcedureAspect? FollowUpAspect(TurnText question)
    {
        foreach (var (aspect, cues) in _followUpAspects)
            if (cues.ContainsAny(question.Syllables))
                return aspect;
        return null;
    }

    /// <summary>
    /// A marker of a follow-up anywhere in the question, as a plain substring of the padded folded text ("con " ends a
    /// word, "nua" need not): a marker may begin or end inside a syllable, which no syllable match expresses.
    /// </summary>
    public bool HasFollowUpMarker(TurnText question) => FollowUpMarkers.Any(m => question.Padded.Contains(m, StringComparison.Ordinal));

    /// <summary>A word of the land domain, as whole words.</summary>
    public bool HasDomainWord(TurnText question) => _domainWords.ContainsAny(question.Syllables);

    /// <summary>The question asks what to do, not what the law says: papers, steps, place, time, "thủ tục" — as whole words.</summary>
    public bool AsksForProcedure(TurnText question) => _procedureCues.ContainsAny(question.Syllables);

    /// <summary>Whole syllables, folded, punctuation ignored: what " " + cue + " " in the padded folded text found.</summary>
    private static PhraseList WholeWords(IEnumerable<string> cues) => new(cues, MatchMode.Folded, TurnText.Reading);

    /// <summary>Reads the eight lists from a data/conversation folder; a missing file or a bad line is an error, never an empty list.</summary>
    public static TurnVocabulary Load(string folder)
    {
        if (!Directory.Exists(folder))
            throw new InvalidDataException($"Không tìm thấy thư mục dữ liệu hội thoại '{folder}'.");
        var aspects = new List<(ProcedureAspect, IReadOnlyList<string>)>();
        foreach (var (line, entry) in Lines(folder, FollowUpAspectsFile))
        {
            var columns = entry.Split('\t');
            var aspect = Enum.GetValues<ProcedureAspect>().Cast<ProcedureAspect?>()
                .FirstOrDefault(a => string.Equals(a.ToString(), columns[0].Trim(), StringComparison.OrdinalIgnoreCase));
            if (columns.Length != 2 || aspect is null)
                throw new InvalidDataException($"{FollowUpAspectsFile}, dòng {line}: cần 'khía cạnh<TAB>cụm|cụm|…' với khía cạnh là papers, time, place, fees hoặc basis.");
            aspects.Add((aspect.Value, columns[1].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => Phrase(FollowUpAspectsFile, line, c)).ToList()));
        }
        return new TurnVocabulary(
            Phrases(folder, GreetingsFile),
            Phrases(folder, MergerCuesFile),
            NonEmpty(MergerOldNewFile, Lines(folder, MergerOldNewFile).Select(l => VietnameseText.Nfc(l.Entry.Trim())).ToList()),
            NonEmpty(FollowUpAspectsFile, aspects),
            NonEmpty(FollowUpMarkersFile, Lines(folder, FollowUpMarkersFile).Select(l => Marker(l.Entry)).ToList()),
            Phrases(folder, DomainWordsFile),
            Phrases(folder, ProcedureCuesFile),
            NonEmpty(LocalRulesFile, Lines(folder, LocalRulesFile).Select(l => Rule(l.Line, l.Entry)).ToList()),
            StepsFrom(folder));
    }

    private static ProcedureSteps StepsFrom(string folder)
    {
        List<string> connectors = [], reverse = [], first = [], lead = [];
        var prerequisites = new List<ProcedurePrerequisite>();
        var next = new List<ProcedureNextStep>();
        var before = new List<ProcedureOrder>();
        var done = new List<ProcedureNextStep>();
        var told = new List<(IReadOnlyList<string>, IReadOnlyList<string>)>();
        List<string> ask = [], askShort = [], listing = [];
        foreach (var (line, entry) in Lines(folder, ProcedureStepsFile))
        {
            var columns = entry.Split('\t');
            List<string> List(int i, bool phrases) => columns[i].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(c => phrases ? Phrase(ProcedureStepsFile, line, c) : c).ToList();
            switch (columns[0].Trim())
            {
                case "connector" when columns.Length == 2: connectors.AddRange(List(1, true)); break;
                case "reverse" when columns.Length == 2: reverse.AddRange(List(1, true)); break;
                case "lead" when columns.Length == 2: lead.AddRange(List(1, true)); break;
                case "first" when columns.Length == 2: first.AddRange(List(1, false)); break;
                case "prerequisite" when columns.Length is 3 or 4:
                    prerequisites.Add(new ProcedurePrerequisite(columns[1].Trim(), List(2, true), columns.Length == 4 ? List(3, false) : []));
                    break;
                case "next" when columns.Length == 3: next.Add(new ProcedureNextStep(columns[1].Trim(), List(2, true))); break;
                case "before" when columns.Length is 3 or 4:
                    before.Add(new ProcedureOrder(columns[1].Trim(), List(2, false), columns.Length == 4 ? List(3, true) : []));
                    break;
                case "done" when columns.Length == 3: done.Add(new ProcedureNextStep(columns[1].Trim(), List(2, true))); break;
                case "told" when columns.Length == 3: told.Add((List(1, true), List(2, true))); break;
                case "ask" when columns.Length == 2: ask.AddRange(List(1, true)); break;
                case "ask-short" when columns.Length == 2: askShort.AddRange(List(1, true)); break;
                case "list" when columns.Length == 2: listing.AddRange(List(1, true)); break;
                default:
                    throw new InvalidDataException($"{ProcedureStepsFile}, dòng {line}: cần 'connector|reverse|lead|first|ask|ask-short|list<TAB>…', 'told<TAB>cụm|…<TAB>cụm|…', 'prerequisite<TAB>mã<TAB>cụm|…[<TAB>mã|…]', 'next|done<TAB>mã<TAB>cụm|…' hoặc 'before<TAB>mã<TAB>mã|…[<TAB>cụm|…]'.");
            }
        }
        return new ProcedureSteps(NonEmpty(ProcedureStepsFile, connectors), reverse, first, prerequisites)
        {
            Next = next,
            Lead = lead,
            Before = before,
            Done = done,
            Told = told,
            Ask = ask,
            AskShort = askShort,
            Listing = listing,
        };
    }

    private static LocalRule Rule(int line, string entry)
    {
        var columns = entry.Split('\t');
        if (columns.Length != 4 || columns.Any(c => c.Trim().Length == 0))
            throw new InvalidDataException($"{LocalRulesFile}, dòng {line}: cần 'mã<TAB>chủ đề<TAB>chi tiết<TAB>ghi chú'.");
        IReadOnlyList<string> List(string column) =>
            column.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => Phrase(LocalRulesFile, line, c)).ToList();
        return new LocalRule(columns[0].Trim(), List(columns[1]), List(columns[2]), VietnameseText.Nfc(columns[3].Trim()));
    }

    private static List<T> NonEmpty<T>(string file, List<T> entries) =>
        entries.Count > 0 ? entries : throw new InvalidDataException($"Tệp dữ liệu hội thoại '{file}' không có dòng nào.");

    private static List<string> Phrases(string folder, string file) =>
        NonEmpty(file, Lines(folder, file).Select(l => Phrase(file, l.Line, l.Entry.Trim())).ToList());

    /// <summary>A cue folded the way the question is, so that it can be written with diacritics; it must be a clean phrase.</summary>
    private static string Phrase(string file, int line, string entry)
    {
        var folded = VietnameseText.Fold(VietnameseText.Nfc(entry));
        if (folded.Length == 0 || VietnameseText.FoldPhrase(folded) != folded)
            throw new InvalidDataException($"{file}, dòng {line}: '{entry}' không phải một cụm từ (chỉ chữ, số và một dấu cách giữa các từ).");
        return folded;
    }

    /// <summary>A marker is a substring whose spaces count: written in double quotes when it starts or ends with one.</summary>
    private static string Marker(string entry)
    {
        var trimmed = entry.Trim();
        if (trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[^1] == '"') trimmed = trimmed[1..^1];
        return VietnameseText.Fold(VietnameseText.Nfc(trimmed));
    }

    private static IEnumerable<(int Line, string Entry)> Lines(string folder, string file)
    {
        var path = Path.Combine(folder, file);
        if (!File.Exists(path))
            throw new InvalidDataException($"Không tìm thấy tệp dữ liệu hội thoại '{path}'.");
        int n = 0;
        foreach (var raw in File.ReadLines(path))
        {
            n++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
            yield return (n, line);
        }
    }
}

/// <summary>A rule Hanoi sets itself (data/conversation/local-rules.tsv): the phrases that raise it and the note a reply adds.</summary>
public sealed record LocalRule(string Id, IReadOnlyList<string> Topic, IReadOnlyList<string> Detail, string Note);

/// <summary>
/// When one message asks for two procedures (data/conversation/procedure-steps.tsv): the words that join two steps, the
/// words that put the second-named step first, the procedures that always come first, and the situations that require a
/// procedure before the one asked ("sổ đang thế chấp" → xóa thế chấp), except for the procedures listed with it.
/// </summary>
public sealed record ProcedureSteps(
    IReadOnlyList<string> Connectors,
    IReadOnlyList<string> Reverse,
    IReadOnlyList<string> First,
    IReadOnlyList<ProcedurePrerequisite> Prerequisites)
{
    public static ProcedureSteps None { get; } = new([], [], [], []);

    /// <summary>Words right before the first-said of two procedures that join it to the later one ("trước khi", "sau khi").</summary>
    public IReadOnlyList<string> Lead { get; init; } = [];

    /// <summary>Short words that name a procedure right after a joining word ("giải chấp rồi bán" → sang tên), in the file's order.</summary>
    public IReadOnlyList<ProcedureNextStep> Next { get; init; } = [];

    /// <summary>The order the law puts two procedures in ("cấp lại sổ bị mất" before a sale or a mortgage), in the file's order.</summary>
    public IReadOnlyList<ProcedureOrder> Before { get; init; } = [];

    /// <summary>Phrases telling a procedure is already done ("đã tách thửa"), per procedure.</summary>
    public IReadOnlyList<ProcedureNextStep> Done { get; init; } = [];

    /// <summary>
    /// Words right before a procedure ("sau khi") and words after it, before the next one, that together tell it was done
    /// ("sau khi nhận thừa kế tôi đã được cấp sổ"); "sau khi làm thừa kế xong thì tách thửa" tells a plan.
    /// </summary>
    public IReadOnlyList<(IReadOnlyList<string> Since, IReadOnlyList<string> Told)> Told { get; init; } = [];

    /// <summary>Words that ask for the procedure said right after them ("muốn", "cần", "để").</summary>
    public IReadOnlyList<string> Ask { get; init; } = [];

    /// <summary>Words that ask for a procedure said by a short word right after them ("muốn bán"): folded, "cần bán" may be "cần bản (vẽ)".</summary>
    public IReadOnlyList<string> AskShort { get; init; } = [];

    /// <summary>Joining words that only list ("và"): they join two procedures, not a third step.</summary>
    public IReadOnlyList<string> Listing { get; init; } = [];
}

/// <summary>Procedure <paramref name="Code"/> is done before each of <paramref name="Then"/>, when the question has one of <paramref name="Cues"/> (or always, without cues).</summary>
public sealed record ProcedureOrder(string Code, IReadOnlyList<string> Then, IReadOnlyList<string> Cues);

/// <summary>Words (folded) that, right after a joining word, name procedure <paramref name="Code"/> as the next step.</summary>
public sealed record ProcedureNextStep(string Code, IReadOnlyList<string> Cues);

/// <summary>A situation (its phrases) that requires procedure <paramref name="Code"/> first, unless the one asked is in <paramref name="Except"/>.</summary>
public sealed record ProcedurePrerequisite(string Code, IReadOnlyList<string> Cues, IReadOnlyList<string> Except);
