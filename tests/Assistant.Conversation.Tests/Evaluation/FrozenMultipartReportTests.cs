using System.Text.Json;
using System.Text.RegularExpressions;
using Assistant.Access;
using Assistant.Conversation.Tests.Dialogue;
using Assistant.Land.Tests.Procedures;
using Assistant.Vietnamese;
using Xunit.Abstractions;

namespace Assistant.Conversation.Tests.Evaluation;

/// <summary>
/// Reports how many questions of the frozen multi-part validation set (eval/validation/frozen-multipart.jsonl, written
/// blind; never tuned on) get every part answered, scored as its README says: every <c>expect</c> string (or one of
/// <c>anyOf</c>) in what the citizen sees, compared without case and diacritics, leading zeros and spaces around dashes;
/// two procedures in the order of <c>order</c>. The floor only guards against a collapse: it is not a target and
/// nothing is tuned to it.
/// </summary>
[Collection(AssistantCollection.Name)]
public sealed partial class FrozenMultipartReportTests(AssistantFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Frozen_multipart_set_is_scored_and_reported()
    {
        var path = Path.Combine(ProcedureTestData.RepoRoot, "eval", "validation", "frozen-multipart.jsonl");
        int total = 0, answered = 0;
        var perKind = new SortedDictionary<string, (int All, int Ok)>(StringComparer.Ordinal);
        var misses = new List<string>();
        foreach (var raw in File.ReadLines(path).Where(l => l.Trim().Length > 0))
        {
            var line = JsonDocument.Parse(raw).RootElement;
            var question = line.GetProperty("question").GetString()!;
            var kind = line.GetProperty("kind").GetString()!;
            var reply = await fixture.Service.HandleAsync(
                new UserTurn(Guid.NewGuid().ToString(), question, "test", UserRole.Citizen), CancellationToken.None);
            var seen = Normalise(VisibleReply.Text(reply));
            var missing = new List<string>();
            foreach (var part in line.GetProperty("parts").EnumerateArray())
            {
                var aspect = part.GetProperty("aspect").GetString()!;
                bool ok = part.TryGetProperty("expect", out var expect)
                    ? expect.EnumerateArray().All(e => seen.Contains(Normalise(e.GetString()!), StringComparison.Ordinal))
                    : part.GetProperty("anyOf").EnumerateArray().Any(e => seen.Contains(Normalise(e.GetString()!), StringComparison.Ordinal));
                if (!ok) missing.Add(aspect);
            }
            if (line.TryGetProperty("order", out var order))
            {
                var positions = order.EnumerateArray().Select(c => seen.IndexOf(Normalise(c.GetString()!), StringComparison.Ordinal)).ToList();
                if (positions.Any(p => p < 0) || !positions.SequenceEqual(positions.Order())) missing.Add("order");
            }
            total++;
            var (all, good) = perKind.GetValueOrDefault(kind);
            perKind[kind] = (all + 1, good + (missing.Count == 0 ? 1 : 0));
            if (missing.Count == 0) answered++;
            else misses.Add($"[{kind}] {question} → {reply.Intent}; missing: {string.Join(", ", missing)}");
        }
        var report = $"frozen-multipart.jsonl: every part answered {answered}/{total} (" +
                     string.Join(", ", perKind.Select(k => $"{k.Key} {k.Value.Ok}/{k.Value.All}")) + ")\n" + string.Join("\n", misses);
        output.WriteLine(report);
        Assert.Equal(40, total);
        Assert.True(answered >= total / 2, report);
    }

    private static string Normalise(string text)
    {
        var folded = Spaces().Replace(VietnameseText.Fold(VietnameseText.Nfc(text)), " ");
        folded = LeadingZeros().Replace(folded, "$1");
        return Dash().Replace(folded, "-");
    }

    [GeneratedRegex(@"\b0+(\d)")]
    private static partial Regex LeadingZeros();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\s*[-–]\s*")]
    private static partial Regex Dash();
}
