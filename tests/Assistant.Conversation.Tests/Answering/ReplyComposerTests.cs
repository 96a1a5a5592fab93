using Assistant.Conversation.Answering;
using Assistant.Conversation.Routing;
using Assistant.Land.AdminUnits;
using Assistant.Conversation.Tests.State;
using Assistant.Land.Tests.Procedures;

namespace Assistant.Conversation.Tests.Answering;

/// <summary>Rendering a decision, with no store and no model: what each kind of reply holds.</summary>
public sealed class ReplyComposerTests
{
    private static readonly ConversationOptions Options = new();
    private static readonly VietnameseReplyTexts Texts = new();
    private static readonly ReplyComposer Composer = new(Texts, Options);
    private static readonly SourceCitation[] Sources =
        [new("Điều 220 Luật Đất đai 2024", "Việc tách thửa đất phải bảo đảm …", "31/2024/QH15", 220), new("Điều 3 Luật Đất đai 2024", "Giải thích từ ngữ", "31/2024/QH15", 3)];

    [Fact]
    public void Help_and_greeting_welcome_with_starter_questions()
    {
        var help = Composer.Compose(TurnDecision.Help);
        var greeting = Composer.Compose(TurnDecision.Greeting);
        Assert.Equal(("help", "greeting"), (help.Intent, greeting.Intent));
        Assert.Equal(help.Markdown, greeting.Markdown);
        Assert.StartsWith("Xin chào!", help.Markdown);
        Assert.Equal(Texts.StarterSuggestions, help.SuggestedActions);
        Assert.Empty(help.Sources);
    }

    [Theory]
    [InlineData(ReplyKind.OutOfScope, "out-of-scope")]
    [InlineData(ReplyKind.Unsure, "unsure")]
    public void A_turn_not_answered_points_to_the_one_stop_shop(ReplyKind kind, string intent)
    {
        var reply = Composer.Compose(new TurnDecision(kind));
        Assert.Equal(intent, reply.Intent);
        Assert.Contains(Options.OneStopShop, reply.Markdown);
        Assert.Empty(reply.Sources);
        Assert.Null(reply.Card);
    }

    [Fact]
    public void A_first_answer_leads_with_the_answer_and_leaves_papers_fees_and_excerpts_to_the_card()
    {
        var match = ProcedureTestData.Matcher.Match("tách thửa đất cần giấy tờ gì");
        var procedure = match.Best!.Procedure;
        var reply = Composer.Procedure(TurnDecision.FirstAnswer(match, procedure), Sources);
        Assert.Equal("procedure", reply.Intent);
        var lines = reply.Markdown.Split('\n');
        Assert.Equal("**tách thửa, hợp thửa** — mã thủ tục **1.012784**.", lines[0]);
        Assert.Equal("⏱ Thời hạn giải quyết: 12 ngày làm việc.", lines[1]);
        // Papers, fees and the law's excerpts are not in the text: the card lists the papers, the excerpts are behind "Xem căn cứ".
        foreach (var absent in new[] { "**Giấy tờ cần nộp:**", "**Phí, lệ phí:**", "**Trích dẫn:**", "Việc tách thửa", procedure.Name })
            Assert.DoesNotContain(absent, reply.Markdown);
        Assert.EndsWith(Texts.Disclaimer, reply.Markdown);
        Assert.Equal(Sources, reply.Sources);
        var card = reply.Card!;
        Assert.Equal(procedure.Name, card.Title);
        Assert.Null(card.Subtitle);
        Assert.Equal(["Nơi nộp", "Phí, lệ phí"], card.Facts.Select(f => f.Label));
        Assert.Equal(Texts.CardPapersHeading, card.BulletsHeading);
        Assert.Contains("Bản vẽ tách thửa hoặc hợp thửa đất (01 bản sao)", card.Bullets);
        // No fact twice: nothing the card says is in the text.
        Assert.All(card.Facts, f => Assert.DoesNotContain(f.Value, reply.Markdown));
        Assert.All(card.Bullets, b => Assert.DoesNotContain(b, reply.Markdown));
        Assert.Contains(Texts.SeeBasis, reply.SuggestedActions);
    }

    [Fact]
    public void A_first_answer_names_the_new_ward_or_the_candidates_with_a_request_for_the_address()
    {
        var units = AdminUnitRegistry.Load(Path.Combine(AppContext.BaseDirectory, "data", "admin-units"));
        var procedure = ProcedureTestData.Catalog.Get("1.012784");
        var match = ProcedureTestData.Matcher.Match("tách thửa");

        var whole = Composer.Procedure(TurnDecision.FirstAnswer(match, procedure) with { Unit = units.FindInText("phường Kim Liên cũ") }, Sources);
        Assert.Contains("📍 Phường Kim Liên (quận Đống Đa) cũ nay thuộc **Phường Kim Liên**: nộp hồ sơ tại Bộ phận Một cửa Phường Kim Liên", whole.Markdown);
        Assert.DoesNotContain("Nơi nộp", whole.Card!.Facts.Select(f => f.Label));

        var split = Composer.Procedure(TurnDecision.FirstAnswer(match, procedure) with { Unit = units.FindInText("phường Định Công cũ") }, Sources);
        Assert.Contains("cũ nay chia cho **Phường Định Công** và **Phường Phương Liệt**.", split.Markdown);
        Assert.Contains(Texts.AskAddress, split.Markdown);
    }

    [Fact]
    public void Two_procedures_are_listed_in_the_order_they_are_done_and_the_other_card_is_one_tap_away()
    {
        var release = ProcedureTestData.Catalog.Get("1.011443");
        var transfer = ProcedureTestData.Catalog.Get("1.013831");
        var match = ProcedureTestData.Matcher.Match("xóa thế chấp rồi sang tên");
        var reply = Composer.Procedure(TurnDecision.FirstAnswer(match, release) with { Steps = [release, transfer] }, Sources);
        Assert.StartsWith(Texts.StepsHeading(2), reply.Markdown);
        Assert.True(reply.Markdown.IndexOf("1. **" + release.ShortName, StringComparison.Ordinal)
                    < reply.Markdown.IndexOf("2. **" + transfer.ShortName, StringComparison.Ordinal), reply.Markdown);
        Assert.DoesNotContain("Bạn cần làm thủ tục nào", reply.Markdown); // both are answered, so "which one?" is not asked
        Assert.Equal(Texts.ProcedureAction(transfer.ShortName), reply.SuggestedActions[0]);
    }

    [Fact]
    public void A_follow_up_shows_only_the_aspect_asked()
    {
        var procedure = ProcedureTestData.Catalog.Get("1.012784");
        var reply = Composer.Procedure(TurnDecision.FollowUp(procedure, ProcedureAspect.Time), Sources);
        Assert.Equal("procedure-followup", reply.Intent);
        Assert.Contains("**Thời hạn giải quyết:** 12 ngày làm việc", reply.Markdown);
        Assert.DoesNotContain("**Giấy tờ cần nộp:**", reply.Markdown);
        Assert.DoesNotContain("**Nơi nộp:**", reply.Markdown);
        Assert.DoesNotContain("**Phí, lệ phí:**", reply.Markdown);
    }

    [Fact]
    public void A_time_whose_basis_has_ended_is_said_with_its_basis_and_not_as_current()
    {
        // The bundled time-limits.tsv; the clock after 31/01/2026 (Decree 49/2026 ended Annex I, part V.A, of Decree 151/2025).
        var limits = ProcedureTestData.Catalog.TimeLimits;
        var after = new ReplyComposer(Texts, Options, limits, new ManualClock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7))));
        var debt = after.Procedure(TurnDecision.FollowUp(ProcedureTestData.Catalog.Get("1.013988"), ProcedureAspect.Time), Sources);
        Assert.Contains("**Thời hạn giải quyết:** trong ngày làm việc (hồ sơ đủ nhận sau 15:00 thì trả trong ngày làm việc tiếp theo)", debt.Markdown);
        Assert.DoesNotContain("01 ngày làm việc", debt.Markdown);
        Assert.Contains("ℹ️ Thời hạn trên theo Nghị định 151/2025/NĐ-CP, đã hết hiệu lực từ 31/01/2026; chờ UBND TP Hà Nội quy định thời hạn mới.", debt.Markdown);
        var first = after.Procedure(TurnDecision.FirstAnswer(ProcedureTestData.Matcher.Match("tách thửa đất"), ProcedureTestData.Catalog.Get("1.012784")), Sources);
        Assert.Contains("⏱ Thời hạn giải quyết: 12 ngày làm việc.\nℹ️ Thời hạn trên theo Nghị định 151/2025/NĐ-CP", first.Markdown);
        // When a rule of the city answers the question, the time goes into the card, with its basis.
        var noted = after.Procedure(TurnDecision.FirstAnswer(ProcedureTestData.Matcher.Match("tách thửa đất"), ProcedureTestData.Catalog.Get("1.012784")) with { LocalNotes = ["Ở Hà Nội …"] }, Sources);
        Assert.Equal("12 ngày làm việc (căn cứ cũ, hết hiệu lực 31/01/2026)", noted.Card!.Facts.Single(f => f.Label == "Thời hạn").Value);
        Assert.DoesNotContain("ℹ️", noted.Markdown);

        // Mediation rests on Land Law 2024 Art. 235, in force: calendar days, no basis line.
        var mediation = after.Procedure(TurnDecision.FollowUp(ProcedureTestData.Catalog.Get("1.012812"), ProcedureAspect.Time), Sources);
        Assert.Contains("**Thời hạn giải quyết:** 30 ngày (tính cả ngày nghỉ)", mediation.Markdown);
        Assert.DoesNotContain("ℹ️", mediation.Markdown);

        // Before the basis ended: the figure without the line.
        var before = new ReplyComposer(Texts, Options, limits, new ManualClock(new DateTimeOffset(2026, 1, 30, 9, 0, 0, TimeSpan.FromHours(7))));
        Assert.DoesNotContain("ℹ️", before.Procedure(TurnDecision.FollowUp(ProcedureTestData.Catalog.Get("1.012784"), ProcedureAspect.Time), Sources).Markdown);
    }

    [Fact]
    public void A_legal_answer_is_generated_when_a_checked_answer_came_back()
    {
        var suggested = TurnDecision.Legal([ProcedureTestData.Catalog.Get("1.013831")]);
        var extractive = Composer.Legal(suggested, Sources, generated: null);
        Assert.Equal("legal", extractive.Intent);
        Assert.StartsWith(Texts.LegalIntroduction, extractive.Markdown);
        Assert.Contains(Texts.RelatedProcedures, extractive.Markdown);
        Assert.Equal([Texts.ProcedureAction(ProcedureTestData.Catalog.Get("1.013831").ShortName)], extractive.SuggestedActions);

        var generated = Composer.Legal(TurnDecision.Legal([]), Sources, generated: "Thửa đất phải đủ diện tích tối thiểu [1].");
        Assert.Equal("legal-generated", generated.Intent);
        Assert.StartsWith("Thửa đất phải đủ diện tích tối thiểu [1].", generated.Markdown);
        Assert.DoesNotContain(Texts.RelatedProcedures, generated.Markdown);
        Assert.Equal(Texts.LegalFollowUps, generated.SuggestedActions);
        Assert.Null(generated.Card); // the citations are in the text once; the bot puts the excerpts behind "Xem căn cứ"
        Assert.Equal(Sources, generated.Sources);
    }

    [Fact]
    public void Candidates_to_choose_from_each_open_their_card()
    {
        var candidates = new[] { ProcedureTestData.Catalog.Get("1.013831"), ProcedureTestData.Catalog.Get("1.012784") };
        var reply = Composer.Suggestion(TurnDecision.Suggest(candidates), []);
        Assert.Equal("procedure-suggest", reply.Intent);
        Assert.StartsWith(Texts.WhichProcedure, reply.Markdown);
        Assert.DoesNotContain("**Trích dẫn:**", reply.Markdown);
        Assert.All(candidates, p => Assert.Contains(p.Code, reply.Markdown));
        Assert.Null(reply.Card); // the candidates are listed once, in the text
        Assert.Equal(candidates.Select(p => Texts.ProcedureAction(p.ShortName)), reply.SuggestedActions);
    }

    [Fact]
    public void A_list_of_candidates_says_each_time_as_its_card_does_and_names_an_ended_basis_once()
    {
        // 1.013988 has a row of its own (same day, 15:00 cut-off), 1.012784 takes the catalogue's figure; both rest on
        // Decree 151/2025, whose time limits ended on 31/01/2026 — one line names it, as a single procedure's reply does.
        var limits = ProcedureTestData.Catalog.TimeLimits;
        var candidates = new[] { ProcedureTestData.Catalog.Get("1.013988"), ProcedureTestData.Catalog.Get("1.012784") };
        var after = new ReplyComposer(Texts, Options, limits, new ManualClock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7))));
        var reply = after.Suggestion(TurnDecision.Suggest(candidates), []);
        Assert.Contains("(trong ngày làm việc (hồ sơ đủ nhận sau 15:00 thì trả trong ngày làm việc tiếp theo))", reply.Markdown);
        Assert.DoesNotContain("01 ngày làm việc", reply.Markdown);
        Assert.Contains("(12 ngày làm việc)", reply.Markdown);
        const string Basis = "ℹ️ Thời hạn trên theo Nghị định 151/2025/NĐ-CP, đã hết hiệu lực từ 31/01/2026; chờ UBND TP Hà Nội quy định thời hạn mới.";
        Assert.Contains(Basis, reply.Markdown);
        Assert.Equal(reply.Markdown.IndexOf(Basis, StringComparison.Ordinal), reply.Markdown.LastIndexOf(Basis, StringComparison.Ordinal));

        // Mediation alone rests on Land Law 2024 Art. 235, in force: calendar days and no basis line.
        var mediation = after.Suggestion(TurnDecision.Suggest([ProcedureTestData.Catalog.Get("1.012812")]), []);
        Assert.Contains("(30 ngày (tính cả ngày nghỉ))", mediation.Markdown);
        Assert.DoesNotContain("ℹ️", mediation.Markdown);
    }

    [Fact]
    public void A_note_of_a_hanoi_rule_is_said_before_the_excerpts_in_every_kind_of_reply_that_quotes_them()
    {
        var note = "Ở Hà Nội, … Quyết định 61/2024/QĐ-UBND …";
        var legal = Composer.Legal(TurnDecision.Legal([]) with { LocalNotes = [note] }, Sources, generated: null);
        Assert.Contains("📌 " + note, legal.Markdown);
        Assert.True(legal.Markdown.IndexOf("📌", StringComparison.Ordinal) < legal.Markdown.IndexOf("**Trích dẫn:**", StringComparison.Ordinal));
        var card = Composer.Procedure(TurnDecision.FirstAnswer(ProcedureTestData.Matcher.Match("tách thửa đất"), ProcedureTestData.Catalog.Get("1.012784")) with { LocalNotes = [note] }, Sources);
        Assert.Contains("📌 " + note, card.Markdown);
        Assert.DoesNotContain("📌", Composer.Legal(TurnDecision.Legal([]), Sources, generated: null).Markdown);
    }

    [Fact]
    public void A_unit_reply_rests_on_the_resolution_of_the_merger()
    {
        var registry = AdminUnitRegistry.Load(Path.Combine(AppContext.BaseDirectory, "data", "admin-units"));
        var unit = registry.FindInText("phường Dịch Vọng Hậu cũ giờ thuộc phường nào")!;
        var reply = Composer.Compose(TurnDecision.AdminUnit(unit));
        Assert.Equal("admin-unit", reply.Intent);
        Assert.Equal(AdminUnitMessages.Render(unit) + "\n\n" + Texts.MergerNote, reply.Markdown);
        Assert.Equal(AdminUnitMessages.Render(unit), Assert.Single(reply.Sources).Excerpt);
        Assert.NotEmpty(reply.Card!.Facts);
    }

    [Fact]
    public void A_decision_that_needs_fetched_sources_is_not_composed_without_them() =>
        Assert.Throws<ArgumentException>(() => Composer.Compose(TurnDecision.Legal([])));
}
