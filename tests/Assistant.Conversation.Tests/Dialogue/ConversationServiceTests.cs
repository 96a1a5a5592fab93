using Assistant.Access;
using System.Text.Json;
using Assistant.Land.Tests.Procedures;

namespace Assistant.Conversation.Tests.Dialogue;

[Collection(AssistantCollection.Name)]
public sealed partial class ConversationServiceTests(AssistantFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    private Task<AssistantReply> Ask(string conversation, string text, UserRole role = UserRole.Citizen) =>
        fixture.Service.HandleAsync(new UserTurn(conversation, text, "test", role), CancellationToken.None);

    [Theory]
    [InlineData("tách thửa đất cần giấy tờ gì", "1.012784")]
    [InlineData("tach thua dat mat bao lau", "1.012784")]
    [InlineData("sang tên sổ đỏ cần giấy tờ gì", "1.013831")]
    [InlineData("mat so do thi lam lai the nao", "1.012786")]
    public async Task Procedure_question_names_code_and_name_with_citations(string question, string code)
    {
        var reply = await Ask(Guid.NewGuid().ToString(), question);
        Assert.Equal("procedure", reply.Intent);
        Assert.Contains(code, reply.Markdown);
        Assert.NotNull(reply.Card);
        Assert.NotEmpty(reply.Sources);
        Assert.All(reply.Sources, s => Assert.Matches(@"Điều \d+", s.Citation));
        Assert.Contains(reply.Card.Facts, f => f.Value.Contains("HĐND TP Hà Nội", StringComparison.Ordinal)); // fees: never Đồng Nai's figures
        Assert.DoesNotContain("000đ", reply.Markdown);
        Assert.DoesNotContain(reply.Card.Facts, f => f.Value.Contains("000đ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Follow_up_stays_on_the_procedure_just_discussed()
    {
        var id = Guid.NewGuid().ToString();
        var first = await Ask(id, "thủ tục tách thửa đất");
        Assert.Contains("1.012784", first.Markdown);
        var second = await Ask(id, "còn giấy tờ gì nữa?");
        Assert.Equal("procedure-followup", second.Intent);
        Assert.Contains("1.012784", second.Markdown);
        Assert.Contains("Bản vẽ tách thửa", second.Markdown);
        var third = await Ask(id, "mất bao lâu?");
        Assert.Contains("12 ngày làm việc", third.Markdown);
        Assert.True(File.Exists(fixture.StatePath), "conversation state is persisted in SQLite");
    }

    [Theory]
    [InlineData("Diện tích tối thiểu tách thửa ở Hà Nội")]
    [InlineData("dien tich toi thieu tach thua o ha noi")]
    [InlineData("sổ đỏ tách thửa tối thiểu bao nhiêu m2 hà nội")]
    public async Task The_minimum_plot_split_area_in_hanoi_names_the_city_decision_and_no_figure_it_does_not_hold(string question)
    {
        // QĐ 61/2024/QĐ-UBND (the figures) is not in the corpus (data/regulations/SOURCES.md, "Khoảng trống"): the reply
        // names it, as amended by QĐ 40/2025, and the law that lets the city set it, and gives no figure of its own.
        var reply = await Ask(Guid.NewGuid().ToString(), question);
        Assert.Contains("Quyết định 61/2024/QĐ-UBND ngày 27/9/2024", reply.Markdown);
        Assert.Contains("Quyết định 40/2025/QĐ-UBND ngày 01/7/2025", reply.Markdown);
        Assert.Contains("khoản 4 Điều 220 Luật Đất đai 2024", reply.Markdown);
        Assert.Contains("không nêu con số", reply.Markdown);
        Assert.Contains(reply.Sources, s => s.DocumentNumber == "31/2024/QH15" && s.Article == 220);
        Assert.DoesNotMatch(@"📌[^\n]*\d+\s?(m2|m²|mét vuông)", reply.Markdown);
    }

    [Fact]
    public async Task A_split_question_that_asks_no_area_gets_no_note_of_the_city_rule()
    {
        var reply = await Ask(Guid.NewGuid().ToString(), "tách thửa đất cần giấy tờ gì");
        Assert.DoesNotContain("📌", reply.Markdown);
    }

    [Fact]
    public async Task Old_ward_maps_to_its_new_units()
    {
        var reply = await Ask(Guid.NewGuid().ToString(), "phuong dich vong hau cu gio thuoc phuong nao");
        Assert.Equal("admin-unit", reply.Intent);
        Assert.Contains("Phường Cầu Giấy", reply.Markdown);
        Assert.Contains("Phường Nghĩa Đô", reply.Markdown);
    }

    [Fact]
    public async Task Legal_question_cites_the_right_article()
    {
        var reply = await Ask(Guid.NewGuid().ToString(), "theo Luật Đất đai 2024, điều kiện tách thửa đất là gì?");
        Assert.Contains(reply.Sources, s => s.DocumentNumber == "31/2024/QH15" && s.Article == 220);
    }

    [Theory]
    [InlineData("giá vàng hôm nay bao nhiêu")]
    [InlineData("đội bóng nào vô địch năm nay")]
    public async Task Out_of_scope_says_so_and_points_to_the_one_stop_shop(string question)
    {
        var reply = await Ask(Guid.NewGuid().ToString(), question);
        Assert.Equal("out-of-scope", reply.Intent);
        Assert.Contains("Một cửa", reply.Markdown);
        Assert.Empty(reply.Sources);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("😀😀😀")]
    public async Task Empty_or_emoji_only_gets_help(string text)
    {
        var reply = await Ask(Guid.NewGuid().ToString(), text);
        Assert.Equal("help", reply.Intent);
        Assert.NotEmpty(reply.SuggestedActions);
    }

    [Fact]
    public async Task Very_long_text_is_answered_without_error()
    {
        var text = string.Concat(Enumerable.Repeat("tách thửa đất ở Gia Lâm cần những gì ", 600));
        var reply = await Ask(Guid.NewGuid().ToString(), text);
        Assert.False(string.IsNullOrWhiteSpace(reply.Markdown));
    }

    /// <summary>
    /// The issue's figure: the first reply names the right procedure for ≥ 90% of citizen questions. "Names" means the
    /// first procedure code in the reply is the right one (a card, a clarifying question or a legal answer's related
    /// procedure); an out-of-scope question must name no code at all. Each set was written blind to the matcher from the
    /// catalogue alone, measured, and then used to mend what generalises (see README "Citizen questions → procedure" for
    /// the figures before and after): citizen-procedures.jsonl, then -blind, -holdout, -fresh. -final was written last and
    /// only measured: it is the honest estimate.
    /// </summary>
    [Theory]
    [InlineData("citizen-procedures.jsonl", 0.95)]
    [InlineData("citizen-procedures-blind.jsonl", 0.93)]
    [InlineData("citizen-procedures-holdout.jsonl", 0.90)]
    [InlineData("citizen-procedures-fresh.jsonl", 0.90)]
    [InlineData("citizen-procedures-final.jsonl", 0.93)]
    public async Task First_reply_names_the_right_procedure_on_the_development_set(string file, double minimum)
    {
        var path = Path.Combine(ProcedureTestData.RepoRoot, "eval", file);
        int total = 0, right = 0, outOfScope = 0, noCode = 0;
        var misses = new List<string>();
        foreach (var line in File.ReadLines(path).Where(l => l.Trim().Length > 0))
        {
            using var doc = JsonDocument.Parse(line);
            var question = doc.RootElement.GetProperty("question").GetString()!;
            var code = doc.RootElement.GetProperty("procedureCode").ValueKind == JsonValueKind.Null ? null : doc.RootElement.GetProperty("procedureCode").GetString();
            var reply = await Ask(Guid.NewGuid().ToString(), question);
            var named = ProcedureCode().Match(reply.Markdown) is { Success: true } m ? m.Value : null;
            if (code is null)
            {
                outOfScope++;
                if (named is null) noCode++;
                else misses.Add($"(ngoài phạm vi) {question} → {reply.Intent} {named}");
                continue;
            }
            total++;
            if (named == code) right++;
            else misses.Add($"{question} → {reply.Intent} {named ?? "-"} (đúng: {code})");
        }
        double accuracy = (double)right / total;
        var report = $"{file}: first-reply procedure accuracy {accuracy:0.000} ({right}/{total}); out of scope without a procedure {noCode}/{outOfScope}; misses:\n{string.Join("\n", misses)}";
        output.WriteLine(report);
        Assert.True(accuracy >= minimum, report);
        Assert.True(noCode >= outOfScope * 0.8, report);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b1\.0\d{5}\b")]
    private static partial System.Text.RegularExpressions.Regex ProcedureCode();

    [Fact]
    public async Task A_loose_procedure_question_gets_the_likely_procedures_to_choose_from()
    {
        var reply = await Ask(Guid.NewGuid().ToString(), "mua dat xong r thi lam j tiep");
        Assert.Equal("procedure-suggest", reply.Intent);
        Assert.Contains("1.013831", reply.Markdown);
        Assert.Contains(ProcedureTestData.Catalog.Get("1.013831").ShortName, reply.Markdown);   // code and everyday name; the official name is on the card it opens
        Assert.InRange(reply.SuggestedActions.Count, 1, 2);
        // Each suggested action opens that procedure's card.
        foreach (var action in reply.SuggestedActions)
        {
            var next = await Ask(Guid.NewGuid().ToString(), action);
            Assert.Equal("procedure", next.Intent);
        }
    }

    [Theory]
    [InlineData("cccd bi mat lam lai o dau")]            // "bị mất" is a lost certificate only for land papers
    [InlineData("mua lai xe may cu, sang ten doi chu xe o dau")]
    [InlineData("xin lý lịch tư pháp số 1 ở đâu")]       // "số" (a number) is not "sổ"
    public async Task Questions_about_other_fields_get_no_land_procedure(string question)
    {
        var reply = await Ask(Guid.NewGuid().ToString(), question);
        Assert.DoesNotMatch(@"\b1\.0\d{5}\b", reply.Markdown);
        Assert.Equal("out-of-scope", reply.Intent);
    }
}
