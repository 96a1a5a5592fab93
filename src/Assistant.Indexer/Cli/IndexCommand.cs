using System.Text.Json;
using Assistant.Retrieval.Ingestion;
using Assistant.Retrieval.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Assistant.Indexer.Cli;

/// <summary>index &lt;paths…&gt;: reads, structures, chunks, embeds and stores documents; prints a per-file summary.</summary>
public sealed class IndexCommand : CliCommand
{
    public override string Name => "index";
    public override string Usage => "assistant-indexer index <tệp|thư mục>... [--store THƯ_MỤC] [--force] [--json] [--verbose]";
    protected override IEnumerable<string> FlagOptions => ["force", "json"];

    protected override async Task<int> ExecuteAsync(CommandLine cl, IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (cl.Positionals.Count == 0) throw new UserErrorException($"Cần ít nhất một tệp hoặc thư mục.\nCách dùng: {Usage}");
        var pipeline = services.GetRequiredService<IndexingPipeline>();
        var progress = new ProgressBar(stderr, interactive: !Console.IsErrorRedirected && ReferenceEquals(stderr, Console.Error), services.GetService<TimeProvider>());
        var merge = services.GetRequiredService<IOptions<StoreOptions>>().Value.MergeAfterChunks;
        var report = await pipeline.IndexAsync(cl.Positionals, new IndexRunOptions { Force = cl.Flag("force"), MergeAfterChunks = merge }, progress, ct);

        if (cl.Flag("json"))
            await stdout.WriteLineAsync(JsonSerializer.Serialize(report.Files.Select(f => new
            {
                path = f.Path,
                outcome = f.Outcome.ToString().ToLowerInvariant(),
                chunks = f.Chunks,
                articles = f.Articles,
                method = f.Method,
                ocrConfidence = f.OcrConfidence,
                error = f.Error,
                seconds = Math.Round(f.Elapsed.TotalSeconds, 2),
            }), JsonOutput.Options));
        else
            await WriteSummaryAsync(report, stdout);

        if (report.Files.Count == 0) throw new UserErrorException("Không tìm thấy tệp nào để lập chỉ mục.");
        if (report.Files.Any(f => f.Outcome == FileOutcome.Failed && f.SystemError) && report.Count(FileOutcome.Indexed) + report.Count(FileOutcome.Unchanged) == 0)
            return ExitCodes.SystemError;
        if (report.HasFailures)
            return report.Count(FileOutcome.Indexed) + report.Count(FileOutcome.Unchanged) + report.Count(FileOutcome.Removed) == 0 ? ExitCodes.UserError : ExitCodes.Partial;
        return ExitCodes.Ok;
    }

    private static async Task WriteSummaryAsync(IndexReport report, TextWriter o)
    {
        await o.WriteLineAsync("Kết quả theo tệp:");
        foreach (var f in report.Files)
        {
            var mark = f.Outcome switch
            {
                FileOutcome.Indexed => "✔ đã lập chỉ mục",
                FileOutcome.Unchanged => "= không đổi     ",
                FileOutcome.Removed => "− đã gỡ bỏ      ",
                FileOutcome.Skipped => "· bỏ qua        ",
                _ => "✘ lỗi           ",
            };
            var detail = f.Outcome switch
            {
                FileOutcome.Indexed => $"{f.Chunks} đoạn, {f.Articles} điều, {f.Method}{(f.OcrConfidence is { } c ? $", OCR tin cậy {c:0}%" : "")}, {f.Elapsed.TotalSeconds:0.0}s",
                FileOutcome.Unchanged => $"{f.Chunks} đoạn",
                FileOutcome.Removed => $"{f.Chunks} đoạn",
                _ => f.Error ?? "",
            };
            await o.WriteLineAsync($"  {mark} {Display(f.Path)} — {detail}");
        }
        await o.WriteLineAsync(
            $"Tổng: {report.Count(FileOutcome.Indexed)} tệp lập chỉ mục ({report.ChunksWritten} đoạn), {report.Count(FileOutcome.Unchanged)} không đổi, " +
            $"{report.Count(FileOutcome.Removed)} gỡ bỏ, {report.Count(FileOutcome.Skipped)} bỏ qua, {report.Count(FileOutcome.Failed)} lỗi — {report.Elapsed.TotalSeconds:0.0}s.");
    }

    private static string Display(string path)
    {
        var rel = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return rel.StartsWith("..", StringComparison.Ordinal) ? path : rel;
    }
}
