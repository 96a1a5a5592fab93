using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Storage;
using Assistant.Retrieval.Storage.Qdrant;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Assistant.Indexer.Cli;

/// <summary>
/// migrate --to-qdrant URL: copies the embedded store (chunks with their vectors, source records, manifest) into a new
/// Qdrant collection, then points the alias (Store:Qdrant:Collection or --collection) at it in one atomic alias update.
/// Also the zero-downtime re-index path: index into a fresh embedded folder, then migrate it; readers of the alias see
/// the old collection until the switch.
/// </summary>
public sealed class MigrateCommand : CliCommand
{
    public override string Name => "migrate";
    public override string Usage => "assistant-indexer migrate --to-qdrant URL [--collection TÊN_ALIAS] [--keep-old] [--store THƯ_MỤC]";
    protected override IEnumerable<string> ValueOptions => ["to-qdrant", "collection"];
    protected override IEnumerable<string> FlagOptions => ["keep-old"];

    protected override async Task<int> ExecuteAsync(CommandLine cl, IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (cl.Positionals.Count > 0) throw new UserErrorException($"migrate không nhận đối số.\nCách dùng: {Usage}");
        var url = cl.Value("to-qdrant") ?? throw new UserErrorException($"Thiếu --to-qdrant URL (ví dụ http://localhost:6334).\nCách dùng: {Usage}");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            throw new UserErrorException($"--to-qdrant phải là địa chỉ http(s) đầy đủ, ví dụ http://localhost:6334 (nhận được '{url}').");
        var store = services.GetRequiredService<IChunkStore>();
        // Only a store that can hand out everything it holds can be copied (today: the embedded one).
        if (store is not IChunkStoreExport source)
            throw new UserErrorException("migrate đọc từ kho nhúng: hãy chạy với Store:Kind = embedded (mặc định) và --store THƯ_MỤC.");

        var configured = services.GetRequiredService<IOptions<StoreOptions>>().Value.Qdrant;
        var options = new QdrantOptions
        {
            Url = url,
            Collection = cl.Value("collection") ?? configured.Collection,
            Shards = configured.Shards,
            ReplicationFactor = configured.ReplicationFactor,
            WriteConsistency = configured.WriteConsistency,
            WriteOrdering = configured.WriteOrdering,
            BatchSize = configured.BatchSize,
            TimeoutSeconds = configured.TimeoutSeconds,
        };
        if (!System.Text.RegularExpressions.Regex.IsMatch(options.Collection, "^[A-Za-z0-9_-]{1,200}$"))
            throw new UserErrorException($"--collection chỉ gồm chữ, số, '_' và '-' (nhận được '{options.Collection}').");

        var manifest = await store.GetManifestAsync(ct)
            ?? throw new UserErrorException($"Kho nhúng '{source.Location}' trống: hãy lập chỉ mục trước (assistant-indexer index …).");

        await using var qdrant = new QdrantChunkStore(options, services.GetRequiredService<VietnameseAnalyzer>(),
            services.GetService<ILogger<QdrantChunkStore>>(), time: services.GetService<TimeProvider>());
        int sources = 0, chunks = 0, vectors = 0;
        string physical;
        try
        {
            physical = await qdrant.RebuildAsync(manifest, async (target, token) =>
            {
                await foreach (var (record, list) in source.ExportAsync(token))
                {
                    await target.ReplaceSourceAsync(record, list, token);
                    sources++;
                    chunks += list.Count;
                    vectors += list.Count(c => c.Vector is { Length: > 0 });
                }
                await target.CommitAsync(token);
            }, cl.Flag("keep-old"), ct);
        }
        catch (Grpc.Core.RpcException e) when (QdrantChunkStore.IsTransient(e) || e.StatusCode == Grpc.Core.StatusCode.Unauthenticated)
        {
            await stderr.WriteLineAsync($"Lỗi kho dữ liệu: không làm việc được với Qdrant tại {url} ({e.StatusCode}: {e.Status.Detail}). " +
                "Kiểm tra địa chỉ (cổng gRPC, thường là 6334) và QDRANT_API_KEY. Alias cũ (nếu có) vẫn giữ nguyên.");
            return ExitCodes.SystemError;
        }

        await stdout.WriteLineAsync($"Đã chuyển {sources} tệp nguồn, {chunks} đoạn, {vectors} vector từ '{source.Location}' sang Qdrant {url}.");
        await stdout.WriteLineAsync($"Bộ sưu tập mới: {physical} · alias '{options.Collection}' đã trỏ sang (chuyển nguyên tử, không gián đoạn).");
        return ExitCodes.Ok;
    }
}
