using System.Text.Json;
using System.Text.RegularExpressions;
using Assistant.Access;
using Assistant.Land.Tests.Procedures;
using Xunit.Abstractions;

namespace Assistant.Conversation.Tests.Dialogue;

/// <summary>
/// Replies sized for a phone (issue 13, item 4), over the development questions: how long the first reply is before any
/// expander, and whether a question that asks several things gets every part answered (eval/dev-multipart.jsonl).
/// Both tests print their figures (README "Replies sized for a phone"):
/// <c>dotnet test tests/Assistant.Conversation.Tests -c Release --no-build --filter PhoneReplyTests --logger "console;verbosity=detailed"</c>.
/// </summary>
[Collection(AssistantCollection.Name)]
public sealed partial class PhoneReplyTests(AssistantFixture fixture, ITestOutputHelper output)
{
    /// <summary>The budget of one reply: visible characters before any expander ("Xem căn cứ").</summary>
    public const int Budget = 1200;

    public static readonly string[] DevelopmentSets =
    [
        "citizen-procedures.jsonl", "citizen-procedures-blind.jsonl", "citizen-procedures-holdout.jsonl",
        "citizen-procedures-fresh.jsonl", "citizen-procedures-final.jsonl", "dev-scenarios.jsonl", "dev-paraphrases.jsonl",
        "dev-hanoi.jsonl", "dev-multipart.jsonl", "dev-multipart-2.jsonl", "dev-multipart-3.jsonl",
    ];

    private Task<AssistantReply> Ask(string text) =>
        fixture.Service.HandleAsync(new UserTurn(Guid.NewGuid().ToString(), text, "test", UserRole.Citizen), CancellationToken.None);

    private static IEnumerable<JsonElement> Lines(string file) =>
        File.ReadLines(Path.Combine(ProcedureTestData.RepoRoot, "eval", file)).Where(l => l.Trim().Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement);

    [Fact]
    public async Task Every_first_reply_to_a_development_question_fits_the_phone_budget()
    {
        var lengths = new List<(int Length, string Question, string Intent)>();
        foreach (var file in DevelopmentSets)
            foreach (var line in Lines(file))
            {
                var question = line.GetProperty("question").GetString()!;
                var reply = await Ask(question);
                lengths.Add((VisibleReply.Length(reply), question, reply.Intent));
            }
        var sorted = lengths.Select(l => l.Length).Order().ToList();
        double median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2.0;
        var over = lengths.Where(l => l.Length > Budget).OrderByDescending(l => l.Length).ToList();
        var byIntent = lengths.GroupBy(l => l.Intent).Select(g => $"{g.Key} {g.Count()} (max {g.Max(x => x.Length)})");
        var report = $"reply length over {lengths.Count} development questions: median {median:0} visible characters, max {sorted[^1]}; " +
                     $"over {Budget}: {over.Count}; by intent: {string.Join(", ", byIntent)}\n" +
                     string.Join("\n", over.Take(10).Select(o => $"{o.Length} [{o.Intent}] {o.Question}"));
        output.WriteLine(report);
        Assert.True(over.Count == 0, report);
    }

    /// <summary>
    /// The multi-part development sets: the first one's 32 questions, 48 more written before the second round of work,
    /// and 48 with two or three procedures in one message written before the third (<c>absent</c>: a step the citizen
    /// says is done, which the reply must not ask for again).
    /// </summary>
    [Theory]
    [InlineData("dev-multipart.jsonl")]
    [InlineData("dev-multipart-2.jsonl")]
    [InlineData("dev-multipart-3.jsonl")]
    public async Task Multi_part_questions_get_every_part_answered(string file)
    {
        int total = 0, answered = 0;
        var perKind = new Dictionary<string, (int All, int Ok)>();
        var misses = new List<string>();
        foreach (var line in Lines(file))
        {
            var question = line.GetProperty("question").GetString()!;
            var kind = line.GetProperty("kind").GetString()!;
            var reply = await Ask(question);
            var visible = VisibleReply.Text(reply);
            var missing = new List<string>();
            foreach (var part in line.GetProperty("parts").EnumerateArray())
            {
                var alternatives = part.EnumerateArray().Select(a => a.GetString()!).ToList();
                if (!alternatives.Any(a => Answers(reply, visible, a))) missing.Add(string.Join("|", alternatives));
            }
            if (line.TryGetProperty("order", out var order))
            {
                var positions = order.EnumerateArray().Select(c => visible.IndexOf(c.GetString()!, StringComparison.Ordinal)).ToList();
                if (positions.Any(p => p < 0) || !positions.SequenceEqual(positions.Order())) missing.Add("order " + string.Join(" → ", order.EnumerateArray()));
            }
            if (line.TryGetProperty("absent", out var absent))
                foreach (var done in absent.EnumerateArray().Select(a => a.GetString()!).Where(a => visible.Contains(a, StringComparison.Ordinal)))
                    missing.Add("not " + done);
            total++;
            var (all, ok) = perKind.GetValueOrDefault(kind);
            perKind[kind] = (all + 1, ok + (missing.Count == 0 ? 1 : 0));
            if (missing.Count == 0) answered++;
            else misses.Add($"[{kind}] {question} → {reply.Intent}; missing: {string.Join(", ", missing)}");
        }
        var report = $"{file}: every part answered {answered}/{total} ({string.Join(", ", perKind.Select(k => $"{k.Key} {k.Value.Ok}/{k.Value.All}"))})\n" +
                     string.Join("\n", misses);
        output.WriteLine(report);
        Assert.True(answered >= 0.9 * total, report);
    }

    /// <summary>
    /// A part is answered when the reply shows it: a literal (a code, a ward, "Một cửa", "số nhà"), the procedure's time
    /// (<c>@time</c>: a number of days or "trong ngày") or its papers (<c>@papers</c>: the card lists them, or the text does).
    /// </summary>
    private static bool Answers(AssistantReply reply, string visible, string part) => part switch
    {
        "@time" => TimeSaid().IsMatch(visible),
        "@papers" => reply.Card is { Bullets.Count: > 0 } && reply.Intent.StartsWith("procedure", StringComparison.Ordinal)
                     || visible.Contains("Giấy tờ cần nộp", StringComparison.Ordinal),
        _ => visible.Contains(part, StringComparison.OrdinalIgnoreCase),
    };

    [GeneratedRegex(@"(Thời hạn|Thời gian)[^\n]*(\d+\s*(ngày|–)|trong ngày)", RegexOptions.IgnoreCase)]
    private static partial Regex TimeSaid();
}

/// <summary>
/// What a citizen sees of a reply before opening any expander, as the bot renders it (src/Assistant.Bot/Activities/
/// ReplyActivityBuilder): the Markdown text without its markup, then the card's title, subtitle, facts and bullets, and
/// the sources the card shows outside "Xem căn cứ" (none since the sources moved behind it; before, every citation with
/// its excerpt cut to 400 characters).
/// </summary>
public static partial class VisibleReply
{
    /// <summary>How the bot rendered sources when these figures were taken: true before item 4 (excerpts in the card body).</summary>
    public static bool SourcesInCardBody { get; set; }

    public static string Text(AssistantReply reply)
    {
        var parts = new List<string> { Markup().Replace(reply.Markdown, "") };
        if (reply.Card is { } card)
        {
            parts.Add(card.Title);
            if (card.Subtitle is { } subtitle) parts.Add(subtitle);
            parts.AddRange(card.Facts.Select(f => f.Label + " " + f.Value));
            if (card.BulletsHeading is { } heading && card.Bullets.Count > 0) parts.Add(heading);
            parts.AddRange(card.Bullets.Select(b => "• " + b));
        }
        if (SourcesInCardBody && (reply.Card is not null || reply.Sources.Count > 0))
            foreach (var s in reply.Sources.Take(8))
            {
                parts.Add(s.Citation);
                var excerpt = s.Excerpt.Trim();
                parts.Add(excerpt.Length <= 400 ? excerpt : excerpt[..400] + "…");
            }
        return string.Join("\n", parts);
    }

    public static int Length(AssistantReply reply) => Text(reply).Length;

    [GeneratedRegex(@"\*\*|(?<!\w)_|_(?!\w)")]
    private static partial Regex Markup();
}
