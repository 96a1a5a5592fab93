using System.Text.Json;
using Assistant.Retrieval.Search;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Indexer.Cli;

/// <summary>
/// eval &lt;file.jsonl&gt;: Hit@1, Hit@5 and MRR@10 over lines {"question": "...", "gold": [{"documentNumber": "31/2024/QH15", "article": 220}]}.
/// A hit is the first result whose law number and article match any gold entry.
/// </summary>
public sealed class EvalCommand : CliCommand
{
    public override string Name => "eval";
    public override string Usage => "assistant-indexer eval <tệp.jsonl> [--failures] [--json] [--access public|internal|confidential] [--ranker none|learned] [--split train|holdout] [--store THƯ_MỤC]";
    protected override IEnumerable<string> ValueOptions => ["access", "ranker", "split"];
    protected override IEnumerable<string> FlagOptions => ["failures", "json"];

    private sealed record Gold(string DocumentNumber, int Article);
    private sealed record Line(string Question, List<Gold> Gold);

    protected override async Task<int> ExecuteAsync(CommandLine cl, IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (cl.Positionals.Count != 1) throw new UserErrorException($"Cần đúng một tệp .jsonl.\nCách dùng: {Usage}");
        var lines = Load(cl.Positionals[0]);
        // The same fixed split as train-ranker: "holdout" is what the ranker never saw of a development set.
        if (cl.Value("split") is { } split)
        {
            if (split is not (RankerSplit.Train or RankerSplit.Holdout)) throw new UserErrorException($"--split '{split}' không hợp lệ (chọn: train, holdout).");
            lines = lines.Where(l => RankerSplit.IsHoldout(l.Question) == (split == RankerSplit.Holdout)).ToList();
            if (lines.Count == 0) throw new UserErrorException($"Phần '{split}' của tệp không có câu hỏi nào.");
        }

        var search = services.GetRequiredService<LegalSearchService>();
        double hit1 = 0, hit5 = 0, mrr = 0;
        var failures = new List<string>();
        foreach (var line in lines)
        {
            var request = SearchCommand.BuildRequest(cl, line.Question, 10);
            var response = await search.SearchAsync(request, ct);
            int rank = 0;
            foreach (var r in response.Results)
            {
                if (line.Gold.Any(g => r.Chunk.Article == g.Article && Same(g.DocumentNumber, r.Chunk.Document.LawNumber, r.Chunk.Document.Number)))
                {
                    rank = r.Rank;
                    break;
                }
            }
            if (rank == 1) hit1++;
            if (rank is > 0 and <= 5) hit5++;
            if (rank > 0) mrr += 1.0 / rank;
            if (rank != 1)
            {
                var got = string.Join(" | ", response.Results.Take(3).Select(r => $"{r.Chunk.Document.LawNumber} Đ{r.Chunk.Article}"));
                failures.Add($"[{(rank == 0 ? "trượt" : "hạng " + rank)}] {line.Question}\n    đúng: {string.Join(", ", line.Gold.Select(g => $"{g.DocumentNumber} Đ{g.Article}"))} · nhận: {got}");
            }
        }
        int n = lines.Count;
        if (cl.Flag("json"))
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(new { questions = n, hit1 = hit1 / n, hit5 = hit5 / n, mrr10 = mrr / n }, JsonOutput.Options));
        }
        else
        {
            if (cl.Flag("failures")) foreach (var f in failures) await stdout.WriteLineAsync(f);
            await stdout.WriteLineAsync($"{Path.GetFileName(cl.Positionals[0])}: {n} câu hỏi · Hit@1 {hit1 / n:0.000} · Hit@5 {hit5 / n:0.000} · MRR@10 {mrr / n:0.000}");
        }
        return ExitCodes.Ok;
    }

    private static bool Same(string gold, string lawNumber, string number) =>
        string.Equals(gold.Trim(), lawNumber, StringComparison.OrdinalIgnoreCase) || string.Equals(gold.Trim(), number, StringComparison.OrdinalIgnoreCase);

    private static List<Line> Load(string path)
    {
        if (!File.Exists(path)) throw new UserErrorException($"Không tìm thấy tệp '{path}'.");
        var result = new List<Line>();
        int number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(raw)) continue;
            Line? line;
            try { line = JsonSerializer.Deserialize<Line>(raw, new JsonSerializerOptions(JsonSerializerDefaults.Web)); }
            catch (JsonException e) { throw new UserErrorException($"{path}:{number}: JSON không hợp lệ ({e.Message})."); }
            if (line is null || string.IsNullOrWhiteSpace(line.Question) || line.Gold is not { Count: > 0 } || line.Gold.Any(g => string.IsNullOrWhiteSpace(g.DocumentNumber) || g.Article <= 0))
                throw new UserErrorException($"{path}:{number}: cần \"question\" và \"gold\" [{{\"documentNumber\", \"article\"}}].");
            result.Add(line);
        }
        if (result.Count == 0) throw new UserErrorException($"Tệp '{path}' không có câu hỏi nào.");
        return result;
    }
}
