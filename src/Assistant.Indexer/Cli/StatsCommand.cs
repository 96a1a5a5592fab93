using Assistant.Retrieval.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Indexer.Cli;

/// <summary>stats: what the store holds.</summary>
public sealed class StatsCommand : CliCommand
{
    public override string Name => "stats";
    public override string Usage => "assistant-indexer stats [--store THƯ_MỤC]";

    protected override async Task<int> ExecuteAsync(CommandLine cl, IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (cl.Positionals.Count > 0) throw new UserErrorException($"stats không nhận đối số.\nCách dùng: {Usage}");
        var s = await services.GetRequiredService<IChunkStore>().GetStatsAsync(ct);
        await stdout.WriteLineAsync($"Kho: {s.Kind} tại {s.Location}");
        await stdout.WriteLineAsync($"Tệp nguồn: {s.Sources} · đoạn: {s.Chunks} · vector: {s.Vectors} · dung lượng: {s.SizeBytes / 1024.0 / 1024.0:0.0} MB");
        await stdout.WriteLineAsync($"Mô hình nhúng: {s.Manifest?.EmbeddingModel ?? "không có"} ({s.Manifest?.Dimensions ?? 0} chiều)");
        foreach (var (number, title, chunks) in s.Documents)
            await stdout.WriteLineAsync($"  {(string.IsNullOrEmpty(number) ? "(không số)" : number),-20} {chunks,6} đoạn  {title}");
        return ExitCodes.Ok;
    }
}
