using System.Text;
using Assistant.Land.AdminUnits;
using Assistant.Conversation.Answering;
using Assistant.Conversation.Plugins;
using Assistant.Land.Procedures;
using Assistant.Conversation.State;
using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Search;
using Assistant.Retrieval.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Assistant.Vietnamese;
using Assistant.Access;

namespace Assistant.Conversation;

/// <summary>
/// One turn of the land-procedure assistant. Decides what is asked — a unit after the merger, a follow-up on the
/// procedure just discussed, a procedure, a legal question, or something out of scope — looks it up through the
/// Semantic Kernel plugins, and composes a cited answer: extractive by default, generated and citation-checked when
/// an LLM is configured. Never invents a procedure: an unsure turn says so and points to the one-stop shop.
/// </summary>
public sealed class ConversationService(
    Kernel kernel,
    ProcedureCatalog catalog,
    RegulationSearchPlugin regulations,
    ConversationStateStore states,
    GroundedAnswerGenerator generator,
    ConversationOptions options,
    ILogger<ConversationService> logger) : IConversationService
{
    private static readonly string[] UnitCues = ["thuoc phuong nao", "thuoc xa nao", "sap nhap", "sau sap nhap", "gio thuoc", "nay thuoc", "bay gio la", "gio la", "doi thanh", "nay la", "phuong nao", "xa nao", "don vi nao", "dia ban nao"];
    // "cũ"/"mới" (old/new unit) compared with their tones: folded, "định cư" and "thổ cư" would read as "cũ", "mỗi" as "mới".
    private static readonly PhraseList OldNewCues = new(["cũ", "mới"], MatchMode.ToneExact, SyllableOptions.NumberWords);
    private static readonly string[] Greetings = ["xin chao", "chao", "hello", "hi", "alo", "chao ban", "chao bot"];
    private static readonly (string Aspect, string[] Cues)[] FollowUpCues =
    [
        ("papers", ["giay to", "ho so", "can nhung gi", "can gi", "mang theo", "chuan bi"]),
        ("time", ["bao lau", "may ngay", "thoi han", "thoi gian", "bao nhieu ngay"]),
        ("place", ["nop o dau", "o dau", "noi nop", "co quan nao", "nop hoso", "nop truc tuyen"]),
        ("fees", ["phi", "le phi", "bao nhieu tien", "ton bao nhieu"]),
        ("basis", ["can cu", "luat nao", "dieu nao", "quy dinh nao"]),
    ];
    private static readonly string[] FollowUpMarkers = ["con ", "nua", "the con", "vay", "thu tuc do", "thu tuc nay", "cai do"];
    private static readonly string[] DomainWords =
    [
        "dat", "nha o", "so do", "so hong", "thua", "giay chung nhan", "quy hoach", "boi thuong", "thu hoi", "tai dinh cu", "tien su dung",
        "chuyen nhuong", "thua ke", "tang cho", "the chap", "tranh chap", "dia chinh", "luat", "nghi dinh", "quyet dinh", "dieu", "khoan",
        "giao dat", "cho thue", "den bu", "giai toa", "tho cu", "sang ten", "ho so", "thu tuc", "ubnd", "phuong", "xa", "huyen", "quan",
        "lan bien", "nha nuoc",
    ];

    public async Task<AssistantReply> HandleAsync(UserTurn turn, CancellationToken ct)
    {
        var text = VietnameseText.Nfc(turn.Text ?? "").Trim();
        var folded = " " + VietnameseText.FoldPhrase(text) + " ";
        var state = await states.GetAsync(turn.ConversationId, ct);
        AssistantReply reply;
        string? procedureCode = state.LastProcedureCode;

        if (folded.Trim().Length == 0)
            reply = Help();
        else if (Greetings.Any(g => folded.Trim() == g || folded.Trim() == g + " ban"))
            reply = new AssistantReply(ReplyTexts.Welcome, null, [], ReplyTexts.StarterSuggestions, "greeting");
        // The procedure match is computed once per turn (through the kernel plugin) and used by every branch below.
        else if (await InvokeAsync<MatchResult>(ProcedureCatalogPlugin.Name, "find_procedure", new() { ["question"] = text }, ct) is var match
                 && await UnitAnswerAsync(text, folded, match, ct) is { } unitReply)
            reply = unitReply;
        // "còn tách thửa thì sao?" names a procedure of its own: it is not a follow-up on the previous one.
        else if (state.LastProcedureCode is { } last && catalog.Find(last) is { } lastProcedure && IsFollowUp(folded, out var aspect)
                 && match is not { Best: { IsDecisive: true, AliasScore: > 0 } })
            reply = await ProcedureReplyAsync(text, lastProcedure, null, aspect, turn, ct);
        else if (match is { Best: { } best })
        {
            procedureCode = best.Procedure.Code;
            // A first answer on a procedure gives the whole card (papers, time, place), whatever aspect was asked.
            reply = await ProcedureReplyAsync(text, best.Procedure, match, null, turn, ct);
        }
        else if (match is { IsOffTopic: true })
            reply = new AssistantReply(ReplyTexts.OutOfScope(options.OneStopShop), null, [], ReplyTexts.StarterSuggestions, "out-of-scope");
        else if ((catalog.Scope.NamesAnotherMatter(text) ? [] : Suggestions(match, text)) is var suggested
                 && (suggested.Count > 0 || DomainWords.Any(w => folded.Contains(" " + w + " ", StringComparison.Ordinal))))
            reply = await LegalReplyAsync(text, turn, ct, suggested);
        else
            reply = new AssistantReply(ReplyTexts.OutOfScope(options.OneStopShop), null, [], ReplyTexts.StarterSuggestions, "out-of-scope");

        await states.SaveAsync(state with
        {
            LastIntent = reply.Intent,
            LastProcedureCode = reply.Intent.StartsWith("procedure", StringComparison.Ordinal) ? procedureCode : state.LastProcedureCode,
            LastQuery = text,
            Turns = state.Turns + 1,
            UpdatedAt = DateTimeOffset.UtcNow,
        }, ct);
        logger.LogInformation("Turn handled: intent {Intent}, channel {Channel}, sources {Sources}", reply.Intent, turn.Channel, reply.Sources.Count);
        return reply;
    }

    private static AssistantReply Help() =>
        new(ReplyTexts.Welcome, null, [], ReplyTexts.StarterSuggestions, "help");


    /// <summary>The question asks what to do, not what the law says: papers, steps, place, time, "thủ tục".</summary>
    private static bool AsksForProcedure(string text)
    {
        var folded = " " + VietnameseText.FoldPhrase(text) + " ";
        return ProcedureCues.Any(c => folded.Contains(" " + c + " ", StringComparison.Ordinal));
    }

    private static readonly string[] ProcedureCues =
    [
        "thu tuc", "lam gi", "lam j", "lam sao", "lam the nao", "lam nhu nao", "lam tiep", "phai lam", "can lam", "giay to", "ho so",
        "can gi", "can nhung gi", "can j", "nop", "o dau", "bao lau", "mat bao lau", "dang ky", "xin", "chuan bi", "tinh sao", "lam lai",
    ];

    private static bool IsFollowUp(string folded, out string aspect)
    {
        foreach (var (a, cues) in FollowUpCues)
            if (cues.Any(c => folded.Contains(" " + c + " ", StringComparison.Ordinal) || folded.Contains(" " + c, StringComparison.Ordinal)))
            {
                aspect = a;
                // A short question about papers/time/place ("còn giấy tờ gì nữa?") refers to the procedure being discussed.
                return folded.Trim().Split(' ').Length <= 10 || FollowUpMarkers.Any(m => folded.Contains(m, StringComparison.Ordinal));
            }
        aspect = "";
        return false;
    }

    private async Task<T?> InvokeAsync<T>(string plugin, string function, KernelArguments args, CancellationToken ct)
    {
        var result = await kernel.InvokeAsync(plugin, function, args, ct);
        return result.GetValue<T>();
    }

    private async Task<AssistantReply?> UnitAnswerAsync(string text, string folded, MatchResult? procedure, CancellationToken ct)
    {
        var match = await InvokeAsync<AdminUnitTextMatch>(AdminUnitsPlugin.Name, "find_unit_in_text", new() { ["text"] = text }, ct);
        if (match is null) return null;
        // Only a question about the merger itself is answered here; "tách thửa ở xã Kim Chung" is a procedure question.
        // "cũ"/"mới" alone is a weak cue: "sổ cũ năm 2002 … nộp hồ sơ ở đâu" is a procedure question about an old certificate.
        int words = folded.Trim().Split(' ').Length;
        bool asksAboutMerger = UnitCues.Any(c => folded.Contains(" " + c + " ", StringComparison.Ordinal))
            || (words <= 12 && OldNewCues.ContainsAny(text))
            || words <= 6;
        if (!asksAboutMerger || procedure is { Best.IsDecisive: true }) return null;
        var facts = new List<CardFact>();
        var bullets = new List<string>();
        if (match.Old is { IsFound: true } old)
        {
            foreach (var c in old.Candidates)
            {
                facts.Add(new CardFact(c.Unit.NameWithDistrict, string.Join("; ", c.NewUnits.Select(n => $"{n.Unit.Name} ({(n.MergeType == MergeType.Full ? "nhập toàn bộ" : "một phần")})"))));
            }
        }
        else if (match.New is { Unit: { } nu } @new)
        {
            facts.Add(new CardFact("Đơn vị mới", nu.Name));
            bullets.AddRange(@new.OldUnits.Select(o => $"{o.Unit.NameWithDistrict} — {(o.MergeType == MergeType.Full ? "toàn bộ" : "một phần")}"));
        }
        var markdown = new StringBuilder(match.Message);
        markdown.Append("\n\nLưu ý: theo Quyết định 40/2025/QĐ-UBND, các quy định đất đai tiếp tục áp dụng theo địa giới quận/huyện cũ tại xã/phường mới.");
        var card = new ReplyCard("Đơn vị hành chính sau sáp nhập (01/7/2025)", "Nghị quyết 1656/NQ-UBTVQH15", facts, bullets);
        return new AssistantReply(markdown.ToString(), card,
            [new SourceCitation("Nghị quyết 1656/NQ-UBTVQH15 về sắp xếp đơn vị hành chính cấp xã của thành phố Hà Nội năm 2025", match.Message)],
            ["Sang tên sổ đỏ cần giấy tờ gì?", "Tách thửa đất mất bao lâu?"], "admin-unit");
    }

    private async Task<AssistantReply> ProcedureReplyAsync(string text, LandProcedure p, MatchResult? match, string? aspect, UserTurn turn, CancellationToken ct)
    {
        var md = new StringBuilder();
        md.Append("**").Append(p.ShortName).Append("** — mã thủ tục **").Append(p.Code).Append("** (nộp trực tuyến trên Cổng Dịch vụ công quốc gia theo mã này).\n");
        md.Append("_Tên thủ tục: ").Append(p.Name).Append("_\n\n");
        if (match is { IsAmbiguous: true, ClarifyingQuestion: { } question })
            md.Append("❓ ").Append(question).Append("\n\n");

        var best = match?.Best;
        var variant = best?.MatchedVariant;
        bool all = aspect is null or "";
        if (all || aspect == "papers")
        {
            md.Append("**Giấy tờ cần nộp:**\n");
            foreach (var d in p.Documents.Where(d => !d.Conditional)) md.Append("- ").Append(d.Name).Append('\n');
            var conditional = p.Documents.Where(d => d.Conditional).ToList();
            if (conditional.Count > 0)
            {
                md.Append("\n*Tùy trường hợp:*\n");
                foreach (var d in conditional) md.Append("- ").Append(d.Name).Append('\n');
            }
            if (variant is not null)
                md.Append("\nVới trường hợp **").Append(variant.Label).Append("**: ").Append(string.Join("; ", variant.SpecificPapers)).Append(".\n");
            else if (best is { Variants.Count: > 1 })
                md.Append("\nGiấy tờ khác nhau theo trường hợp: ")
                  .Append(string.Join("; ", best.Variants.Select(v => $"{v.Label}: {string.Join(", ", v.SpecificPapers)}"))).Append(".\n");
            md.Append('\n');
        }
        if (all || aspect == "time")
            md.Append("**Thời hạn giải quyết:** ").Append(TimeText(p)).Append("\n\n");
        if (all || aspect == "place")
            md.Append("**Nơi nộp:** ").Append(string.Join("; ", p.SubmissionPlaces.Select(HanoiPlace).Where(s => s.Length > 0)))
              .Append(". Từ 01/7/2025 không còn cấp huyện: hồ sơ nộp tại Bộ phận Một cửa của xã/phường nơi có đất hoặc trực tuyến.\n\n");
        if (aspect == "fees" || all)
            md.Append("**Phí, lệ phí:** ").Append(p.FeeNote).Append("\n\n");
        foreach (var caveat in best?.Caveats ?? []) md.Append("⚠️ ").Append(caveat).Append("\n\n");

        // A first answer cites what the question itself is about ("… giờ làm sổ thì có phải đóng tiền sử dụng đất không?"
        // asks about Điều 137, not about the procedure in general): on the legal development sets this cites the right
        // article as often as the search does (scenarios 0.88 in the first three, paraphrases 1.00), where the procedure's
        // own articles cited it for a quarter of them. A follow-up ("còn giấy tờ gì nữa?") cites the procedure's articles.
        var hits = aspect is null or "" ? await SearchAsync(text, turn, ct) : [];
        if (hits.Count == 0) hits = await ProcedureArticlesAsync(p, turn, ct);
        var sources = hits.Take(options.Citations).Select(RegulationSearchPlugin.ToCitation).ToList();
        if (p.LegalBasis.Count > 0 && (all || aspect == "basis"))
            md.Append("**Căn cứ pháp lý (danh mục thủ tục):** ").Append(string.Join("; ", p.LegalBasis.Select(l => l.TrimStart('-', ' ')))).Append("\n\n");
        AppendSources(md, sources);
        md.Append(ReplyTexts.Disclaimer);

        var facts = new List<CardFact>
        {
            new("Mã thủ tục", p.Code),
            new("Thời hạn", TimeText(p)),
            new("Nơi nộp", "Bộ phận Một cửa UBND xã/phường nơi có đất; Cổng Dịch vụ công quốc gia"),
            new("Phí, lệ phí", "Theo nghị quyết hiện hành của HĐND TP Hà Nội (không có trong dữ liệu)"),
        };
        var card = new ReplyCard(p.Name, $"Mã {p.Code}", facts, p.Documents.Where(d => !d.Conditional).Select(d => d.Name).Take(8).ToList());
        return new AssistantReply(md.ToString().TrimEnd(), card, sources, ReplyTexts.ProcedureFollowUps, aspect is null or "" ? "procedure" : "procedure-followup");
    }

    private static string TimeText(LandProcedure p)
    {
        if (p.WorkingDays is { } d) return $"{d} ngày làm việc";
        if (p.WorkingDaysRange is { } r) return $"{r.Min}–{r.Max} ngày làm việc (tùy trường hợp)";
        return string.Join(" ", p.ProcessingTime);
    }

    /// <summary>The catalogue is a provincial summary: "tỉnh" reads as the city, and the district level no longer exists.</summary>
    private static string HanoiPlace(string place)
    {
        var s = place.Trim().TrimStart('-', ' ');
        s = System.Text.RegularExpressions.Regex.Replace(s, @"^\d+\.\s*", "");
        s = s.Replace("HCC tỉnh", "hành chính công thành phố Hà Nội").Replace("cấp huyện, cấp xã", "cấp xã").Replace("cấp huyện", "cấp xã");
        return s;
    }

    /// <summary>The procedures to offer when none is certain: at most two candidates of the matcher above the configured score.</summary>
    private IReadOnlyList<LandProcedure> Suggestions(MatchResult? match, string text)
    {
        if (match is null || match.Best is not null) return [];
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

    private async Task<AssistantReply> LegalReplyAsync(string text, UserTurn turn, CancellationToken ct, IReadOnlyList<LandProcedure>? suggested = null)
    {
        var response = await SearchResponseAsync(text, turn, ct);
        var hits = response.Results;
        // A question naming a law or an article is a legal question, whatever procedure words it shares.
        if (suggested is { Count: > 0 } && response.References is not { LawNumbers.Count: 0, Article: null }) suggested = [];
        // A short "… thì làm gì tiếp", "cần giấy tờ gì": the citizen wants a procedure, so ask which one before the law.
        // A longer question is answered from the law, with the procedures it may lead to at the end.
        if (suggested is { Count: > 0 } && AsksForProcedure(text) && text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 12)
            return SuggestionReply(suggested, hits);
        if (hits.Count == 0)
            return new AssistantReply(ReplyTexts.OutOfScope(options.OneStopShop), null, [], ReplyTexts.StarterSuggestions, "unsure");
        var sources = hits.Take(options.Citations).Select(RegulationSearchPlugin.ToCitation).ToList();
        var md = new StringBuilder();
        var generated = await generator.TryAnswerAsync(text, sources, ct);
        if (generated is not null)
            md.Append(generated).Append("\n\n");
        else
            md.Append("Các quy định liên quan nhất tới câu hỏi của bạn:\n\n");
        AppendSources(md, sources);
        // A legal answer also points to the procedures the question may lead to, each a suggested action.
        if (suggested is { Count: > 0 })
            md.Append(ReplyTexts.RelatedProcedures).Append(' ')
              .Append(string.Join("; ", suggested.Select(p => $"**{p.ShortName}** (mã {p.Code}: _{p.Name}_)"))).Append(".\n\n");
        md.Append(ReplyTexts.Disclaimer);
        var card = new ReplyCard("Căn cứ pháp lý", null, [], sources.Select(s => s.Citation).ToList());
        IReadOnlyList<string> actions = suggested is { Count: > 0 }
            ? suggested.Select(p => ReplyTexts.ProcedureAction(p.ShortName)).ToList()
            : ["Thủ tục nào áp dụng cho trường hợp này?", "Nộp hồ sơ ở đâu?"];
        return new AssistantReply(md.ToString().TrimEnd(), card, sources, actions, generated is null ? "legal" : "legal-generated");
    }

    /// <summary>
    /// One short clarifying question when the words fit a procedure only loosely: the likely procedures with their codes
    /// (each a suggested action that opens its card), then the most relevant legal excerpts.
    /// </summary>
    private AssistantReply SuggestionReply(IReadOnlyList<LandProcedure> suggested, IReadOnlyList<SearchResult> hits)
    {
        var md = new StringBuilder(ReplyTexts.WhichProcedure).Append("\n\n");
        foreach (var p in suggested)
            md.Append("- **").Append(p.ShortName).Append("** — mã thủ tục **").Append(p.Code).Append("**: _").Append(p.Name)
              .Append("_ (").Append(TimeText(p)).Append(")\n");
        md.Append('\n').Append(ReplyTexts.ChooseProcedure).Append("\n\n");
        var sources = hits.Take(options.Citations).Select(RegulationSearchPlugin.ToCitation).ToList();
        AppendSources(md, sources);
        md.Append(ReplyTexts.Disclaimer);
        var card = new ReplyCard("Bạn đang hỏi về thủ tục nào?", null,
            suggested.Select(p => new CardFact(p.Code, p.ShortName)).ToList(), sources.Select(s => s.Citation).ToList());
        return new AssistantReply(md.ToString().TrimEnd(), card, sources,
            suggested.Select(p => ReplyTexts.ProcedureAction(p.ShortName)).ToList(), "procedure-suggest");
    }

    private static void AppendSources(StringBuilder md, IReadOnlyList<SourceCitation> sources)
    {
        if (sources.Count == 0) return;
        md.Append("**Trích dẫn:**\n");
        for (int i = 0; i < sources.Count; i++)
            md.Append(i + 1).Append(". **").Append(sources[i].Citation).Append("**: ").Append(sources[i].Excerpt).Append('\n');
        md.Append('\n');
    }

    /// <summary>
    /// The articles a follow-up on a procedure cites (and a first answer whose own search found nothing): found from the
    /// procedure's name, the same for every question about that procedure, so they are cached per procedure and access level.
    /// Entries expire after ten minutes so that a re-indexed store is picked up.
    /// </summary>
    private async Task<IReadOnlyList<SearchResult>> ProcedureArticlesAsync(LandProcedure p, UserTurn turn, CancellationToken ct)
    {
        var key = (p.Code, turn.Role == UserRole.Citizen);
        if (_procedureArticles.TryGetValue(key, out var cached) && DateTime.UtcNow - cached.At < TimeSpan.FromMinutes(10)) return cached.Hits;
        var hits = await SearchAsync($"{p.ShortName}. {p.Name}", turn, ct);
        _procedureArticles[key] = (DateTime.UtcNow, hits);
        return hits;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Code, bool Public), (DateTime At, IReadOnlyList<SearchResult> Hits)> _procedureArticles = new();

    private async Task<IReadOnlyList<SearchResult>> SearchAsync(string question, UserTurn turn, CancellationToken ct) =>
        (await SearchResponseAsync(question, turn, ct)).Results;

    private Task<SearchResponse> SearchResponseAsync(string question, UserTurn turn, CancellationToken ct)
    {
        // The plugin's kernel function searches public texts only (a model cannot raise its own clearance);
        // the host calls the typed method with the scope of the user's role.
        var access = turn.Role == UserRole.Citizen ? AccessScope.Public : AccessScope.Internal;
        return regulations.SearchAsync(question, access, options.Citations + 2, ct);
    }
}
