using System.Text.Json;
using Assistant.Land.Procedures;
using Xunit.Abstractions;
using Assistant.Vietnamese;

namespace Assistant.Land.Tests.Procedures;

/// <summary>Top-1 accuracy of the matcher on eval/citizen-procedures.jsonl (a null gold means "no procedure").</summary>
public sealed class ProcedureEvalTests(ITestOutputHelper output)
{
    private sealed record EvalLine(string Question, string? ProcedureCode);

    private static List<EvalLine> Load(string file = "citizen-procedures.jsonl")
    {
        var path = Path.Combine(ProcedureTestData.RepoRoot, "eval", file);
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        return File.ReadLines(path)
            .Where(l => l.Trim().Length > 0)
            .Select(l => JsonSerializer.Deserialize<EvalLine>(l, options) ?? throw new InvalidDataException(l))
            .ToList();
    }

    [Fact]
    public void Eval_set_is_well_formed()
    {
        var lines = Load();
        Assert.InRange(lines.Count, 180, 200);
        Assert.All(lines, l => Assert.False(string.IsNullOrWhiteSpace(l.Question)));
        Assert.All(lines.Where(l => l.ProcedureCode is not null), l => Assert.True(ProcedureTestData.Catalog.Contains(l.ProcedureCode!), l.ProcedureCode));
        Assert.Equal(lines.Count, lines.Select(l => l.Question).Distinct().Count());
        Assert.InRange(lines.Count(l => l.ProcedureCode is null), 8, 12);
        Assert.Equal(31, lines.Where(l => l.ProcedureCode is not null).Select(l => l.ProcedureCode).Distinct().Count());
        // No question is just an alias phrase of the table.
        var aliases = ProcedureTestData.Catalog.Aliases.All.Select(a => a.Key).ToHashSet();
        Assert.DoesNotContain(lines, l => aliases.Contains(VietnameseText.FoldPhrase(l.Question)));
    }

    /// <summary>
    /// The matcher alone (the bot's figure, with clarifying questions, is in ConversationServiceTests).
    /// citizen-procedures.jsonl tuned the aliases; -blind was written afterwards from the catalogue alone by someone who
    /// had not seen the matcher or its data, then used to tune phrasing.tsv; -holdout and -fresh came later, from other
    /// authors, and were used the same way after being measured once.
    /// </summary>
    [Theory]
    [InlineData("citizen-procedures.jsonl", 0.95)]
    [InlineData("citizen-procedures-blind.jsonl", 0.93)]
    [InlineData("citizen-procedures-holdout.jsonl", 0.85)]
    [InlineData("citizen-procedures-fresh.jsonl", 0.85)]
    [InlineData("citizen-procedures-final.jsonl", 0.90)]
    public void Top1_accuracy_of_the_matcher_alone(string file, double minimum)
    {
        var matcher = ProcedureTestData.Matcher;
        var lines = Load(file);
        var misses = new List<string>();
        foreach (var line in lines)
        {
            var result = matcher.Match(line.Question);
            var got = result.Best?.Procedure.Code;
            if (got == line.ProcedureCode) continue;
            var top = string.Join("; ", matcher.Rank(line.Question, 3)
                .Select(m => $"{m.Procedure.Code} {m.Score:0.00} [{string.Join(", ", m.MatchedPhrases)}]"));
            misses.Add($"  expected {line.ProcedureCode ?? "null"}, got {got ?? "null"}: \"{line.Question}\" → {top}");
        }
        double accuracy = 1.0 - (double)misses.Count / lines.Count;
        var report = $"top-1 accuracy {accuracy:P1} ({lines.Count - misses.Count}/{lines.Count}); misses:\n{string.Join('\n', misses)}";
        output.WriteLine(report);
        Assert.True(accuracy >= minimum, report);
    }
}
