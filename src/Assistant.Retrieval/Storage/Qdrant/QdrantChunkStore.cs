using System.Text.Json;
using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using static Assistant.Retrieval.Storage.Qdrant.QdrantRequests;

namespace Assistant.Retrieval.Storage.Qdrant;

/// <summary>
/// The Qdrant store. One physical collection per build, reached through an alias (<see cref="QdrantOptions.Collection"/>),
/// so a re-index builds a new collection and switches the alias atomically (<see cref="RebuildAsync"/>).
/// Points: chunks (named dense vector "dense", cosine; named sparse vector "lexical" with the IDF modifier, built from the
/// same <see cref="VietnameseAnalyzer"/> terms as the embedded BM25), plus payload-only points for the source records
/// (kind = source) and the manifest (kind = manifest) in the SAME collection: an alias switch moves chunks, source
/// records and manifest together, and a snapshot holds all three.
/// Writes are sent with wait = true: Qdrant has them in its write-ahead log when it acknowledges, so
/// <see cref="CommitAsync"/> has nothing left to do. There are no multi-request transactions: a source's chunks are
/// upserted first, its stale chunks deleted next, its source record written last, so a crash in between leaves no
/// record and the source is indexed again on the next run.
/// <see cref="Generation"/> counts this instance's own writes and alias switches only: Qdrant tells no one when another
/// process (an indexer run, a migrate) writes the collection, so a reading process sees those in its generation-keyed
/// caches after it restarts.
/// </summary>
public sealed class QdrantChunkStore : IChunkStore, IChunkStoreSnapshots
{
    private static readonly JsonSerializerOptions Json = MetadataResolver.Json;
    private static readonly StatusCode[] Transient = [StatusCode.Unavailable, StatusCode.DeadlineExceeded, StatusCode.ResourceExhausted];

    private readonly QdrantClient _client;
    private readonly bool _ownsClient;
    private readonly VietnameseAnalyzer _analyzer;
    private readonly QdrantOptions _options;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly TimeProvider _time;
    private int? _denseSize;
    private bool _exists;
    private long _generation;

    /// <param name="name">The alias (or collection) to read and write; defaults to <see cref="QdrantOptions.Collection"/>.</param>
    /// <param name="time">The clock that names new physical collections.</param>
    public QdrantChunkStore(QdrantOptions options, VietnameseAnalyzer analyzer, ILogger<QdrantChunkStore>? logger = null, string? name = null, TimeProvider? time = null)
        : this(CreateClient(options), ownsClient: true, options, analyzer, logger, name, time ?? TimeProvider.System)
    {
    }

    private QdrantChunkStore(QdrantClient client, bool ownsClient, QdrantOptions options, VietnameseAnalyzer analyzer, ILogger? logger, string? name, TimeProvider time)
    {
        _client = client;
        _ownsClient = ownsClient;
        _options = options;
        _analyzer = analyzer;
        _logger = logger ?? NullLogger.Instance;
        _name = name ?? options.Collection;
        _time = time;
    }

    public static QdrantClient CreateClient(QdrantOptions options)
    {
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var uri))
            throw new ArgumentException($"Store:Qdrant:Url không hợp lệ: '{options.Url}' (ví dụ http://localhost:6334).");
        return new QdrantClient(uri, QdrantOptions.ApiKeyFromEnvironment(), TimeSpan.FromSeconds(options.TimeoutSeconds));
    }

    public string Kind => "qdrant";
    /// <summary>Changes after each write or alias switch made through this instance (not another process's).</summary>
    public long Generation => Interlocked.Read(ref _generation);
    /// <summary>The alias or collection this store reads and writes.</summary>
    public string Name => _name;
    public QdrantClient Client => _client;

    private WriteOrderingType Ordering => _options.WriteOrdering switch
    {
        "strong" => WriteOrderingType.Strong,
        "medium" => WriteOrderingType.Medium,
        _ => WriteOrderingType.Weak,
    };

    // ---- manifest and collection -------------------------------------------------------------------

    public async Task<StoreManifest?> GetManifestAsync(CancellationToken ct)
    {
        if (!await ExistsAsync(ct)) return null;
        var points = await RetryAsync(() => _client.RetrieveAsync(_name, QdrantPointIds.Manifest, withPayload: true, withVectors: false, cancellationToken: ct), ct);
        return points.Count == 0 ? null : JsonSerializer.Deserialize<StoreManifest>(points[0].Payload[PJson].StringValue, Json);
    }

    public async Task EnsureManifestAsync(StoreManifest manifest, CancellationToken ct)
    {
        if (!await ExistsAsync(ct))
        {
            var physical = NewPhysicalName();
            await CreateCollectionAsync(physical, manifest.Dimensions, ct);
            await RetryAsync(() => _client.CreateAliasAsync(_name, physical, cancellationToken: ct), ct);
            Changed();
            _logger.LogInformation("Created Qdrant collection {Collection} behind alias {Alias}", physical, _name);
        }
        int existingDense = await DenseSizeAsync(ct);
        var existing = await GetManifestAsync(ct);
        if (existingDense != manifest.Dimensions || (existing is not null && existing.EmbeddingModel != manifest.EmbeddingModel))
            throw new StoreMismatchException(
                $"Bộ sưu tập Qdrant '{_name}' được tạo với mô hình nhúng '{existing?.EmbeddingModel ?? "không rõ"}' ({existingDense} chiều), " +
                $"cấu hình hiện tại là '{manifest.EmbeddingModel ?? "không có"}' ({manifest.Dimensions} chiều). " +
                "Hãy lập chỉ mục lại vào một bộ sưu tập mới (assistant-indexer migrate --to-qdrant … --collection TÊN_MỚI, " +
                "hoặc dựng lại rồi chuyển alias), hoặc dùng đúng mô hình.");
        if (existing is null)
        {
            await RetryAsync(() => _client.UpsertAsync(_name, [ManifestPoint(manifest)], wait: true, ordering: Ordering, cancellationToken: ct), ct);
            Changed();
        }
    }

    /// <summary>A new physical collection's name: the alias and the creation time, so names sort by age.</summary>
    private string NewPhysicalName() => $"{_name}_{_time.GetUtcNow():yyyyMMddHHmmssfff}";

    private void Changed() => Interlocked.Increment(ref _generation);

    private async Task CreateCollectionAsync(string physical, int dimensions, CancellationToken ct)
    {
        var dense = new VectorParamsMap();
        if (dimensions > 0) dense.Map[DenseName] = new VectorParams { Size = (ulong)dimensions, Distance = Distance.Cosine };
        var sparse = new SparseVectorConfig();
        sparse.Map[SparseName] = new SparseVectorParams { Modifier = Modifier.Idf };
        await RetryAsync(() => _client.CreateCollectionAsync(physical, dense,
            shardNumber: (uint)_options.Shards, replicationFactor: (uint)_options.ReplicationFactor,
            writeConsistencyFactor: (uint)_options.WriteConsistency, sparseVectorsConfig: sparse, cancellationToken: ct), ct);
        foreach (var field in KeywordIndexes)
            await RetryAsync(() => _client.CreatePayloadIndexAsync(physical, field, PayloadSchemaType.Keyword, cancellationToken: ct), ct);
        await RetryAsync(() => _client.CreatePayloadIndexAsync(physical, PArticle, PayloadSchemaType.Integer, cancellationToken: ct), ct);
    }

    /// <summary>Whether the alias (or collection) exists; once seen it is remembered, so searches do not pay for the check.</summary>
    private async Task<bool> ExistsAsync(CancellationToken ct)
    {
        if (_exists) return true;
        _exists = await RetryAsync(() => _client.CollectionExistsAsync(_name, ct), ct)
            || (await RetryAsync(() => _client.ListAliasesAsync(ct), ct)).Any(a => a.AliasName == _name);
        return _exists;
    }

    private async Task<int> DenseSizeAsync(CancellationToken ct)
    {
        if (_denseSize is int cached) return cached;
        var physical = await PhysicalCollectionAsync(ct);
        var info = await RetryAsync(() => _client.GetCollectionInfoAsync(physical, ct), ct);
        var vectors = info.Config.Params.VectorsConfig;
        int size = vectors?.ParamsMap?.Map.TryGetValue(DenseName, out var p) == true ? (int)p.Size
            : vectors?.Params is { } single ? (int)single.Size : 0;
        _denseSize = size;
        return size;
    }

    // ---- writes -------------------------------------------------------------------------------------

    public async Task<IReadOnlyDictionary<string, SourceRecord>> GetSourcesAsync(CancellationToken ct)
    {
        var result = new Dictionary<string, SourceRecord>(StringComparer.Ordinal);
        if (!await ExistsAsync(ct)) return result;
        await foreach (var point in ScrollAsync(KindFilter(KindSource), ct))
        {
            var record = JsonSerializer.Deserialize<SourceRecord>(point.Payload[PJson].StringValue, Json)!;
            result[record.SourceId] = record;
        }
        return result;
    }

    public async Task ReplaceSourceAsync(SourceRecord source, IReadOnlyList<EmbeddedChunk> chunks, CancellationToken ct)
    {
        if (!await ExistsAsync(ct))
            throw new InvalidOperationException($"Bộ sưu tập Qdrant '{_name}' chưa tồn tại: gọi EnsureManifestAsync trước khi ghi.");
        var points = chunks.Select(c => ChunkPoint(_analyzer, source.SourceId, c)).ToList();
        try
        {
            foreach (var batch in points.Chunk(Math.Max(1, _options.BatchSize)))
                await RetryAsync(() => _client.UpsertAsync(_name, batch, wait: true, ordering: Ordering, cancellationToken: ct), ct);
            // Chunks of this source that the new version no longer has.
            var stale = SourceFilter(source.SourceId, KindChunk);
            if (points.Count > 0) stale.MustNot.Add(Conditions.HasId(points.Select(p => Guid.Parse(p.Id.Uuid)).ToList()));
            await RetryAsync(() => _client.DeleteAsync(_name, stale, wait: true, ordering: Ordering, cancellationToken: ct), ct);
            await RetryAsync(() => _client.UpsertAsync(_name, [SourcePoint(source)], wait: true, ordering: Ordering, cancellationToken: ct), ct);
        }
        finally
        {
            // Every acknowledged write is searchable at once, so even a half-done replacement changed what searches see.
            Changed();
        }
    }

    public async Task DeleteSourceAsync(string sourceId, CancellationToken ct)
    {
        if (!await ExistsAsync(ct)) return;
        try
        {
            // The record first: if we stop half-way, the next run sees the source as new and indexes it again.
            await RetryAsync(() => _client.DeleteAsync(_name, SourceFilter(sourceId, KindSource), wait: true, ordering: Ordering, cancellationToken: ct), ct);
            await RetryAsync(() => _client.DeleteAsync(_name, SourceFilter(sourceId), wait: true, ordering: Ordering, cancellationToken: ct), ct);
        }
        finally
        {
            Changed();
        }
    }

    /// <summary>Nothing to do: every write was sent with wait = true and is durable (in Qdrant's WAL) once acknowledged.</summary>
    public Task CommitAsync(CancellationToken ct) => Task.CompletedTask;

    // ---- reads --------------------------------------------------------------------------------------

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(StoreQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query.Access);
        if (!await ExistsAsync(ct)) return [];
        bool hasDense = query.Vector is { Length: > 0 } v && await DenseSizeAsync(ct) == v.Length;
        var request = HybridQuery(_name, query, hasDense);
        if (request.Prefetch.Count == 0) return [];
        var points = await RetryAsync(() => _client.QueryAsync(request.CollectionName, request.Query, request.Prefetch, filter: request.Filter,
            limit: request.Limit, payloadSelector: request.WithPayload, cancellationToken: ct), ct);
        return points
            .Select(p => new SearchHit(JsonSerializer.Deserialize<LegalChunk>(p.Payload[PJson].StringValue, Json)!, p.Score, null, null))
            .ToList();
    }

    public async Task<IReadOnlyList<DocumentMetadata>> GetDocumentsAsync(CancellationToken ct) =>
        (await GetSourcesAsync(ct)).Values.Select(s => s.Document).DistinctBy(d => d.Id).ToList();

    public async Task<StoreStats> GetStatsAsync(CancellationToken ct)
    {
        var sources = await GetSourcesAsync(ct);
        int chunks = 0, vectors = 0;
        if (await ExistsAsync(ct))
        {
            chunks = (int)await RetryAsync(() => _client.CountAsync(_name, KindFilter(KindChunk), exact: true, cancellationToken: ct), ct);
            if (await DenseSizeAsync(ct) > 0)
            {
                var withDense = KindFilter(KindChunk);
                withDense.Must.Add(Conditions.HasVector(DenseName));
                vectors = (int)await RetryAsync(() => _client.CountAsync(_name, withDense, exact: true, cancellationToken: ct), ct);
            }
        }
        var docs = sources.Values
            .GroupBy(s => s.Document.Id)
            .Select(g => (g.First().Document.Number, g.First().Document.Title, g.Sum(s => s.ChunkCount)))
            .OrderBy(d => d.Number, StringComparer.Ordinal)
            .ToList();
        return new StoreStats(Kind, $"{_options.Url} / {_name}", sources.Count, chunks, vectors, 0, await GetManifestAsync(ct), docs);
    }

    private async IAsyncEnumerable<RetrievedPoint> ScrollAsync(Filter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        PointId? offset = null;
        while (true)
        {
            var page = await RetryAsync(() => _client.ScrollAsync(_name, filter, limit: 256, offset: offset,
                payloadSelector: new WithPayloadSelector { Include = new PayloadIncludeSelector { Fields = { PJson } } }, cancellationToken: ct), ct);
            foreach (var p in page.Result) yield return p;
            if (page.NextPageOffset is null) yield break;
            offset = page.NextPageOffset;
        }
    }

    // ---- operations: alias switch, snapshots --------------------------------------------------------

    /// <summary>
    /// Zero-downtime re-index: builds into a new physical collection (<paramref name="fill"/> writes through a store
    /// bound to it, starting with EnsureManifestAsync), then points the alias at it in one atomic alias update, and
    /// drops the previous collection unless <paramref name="keepOld"/>. Readers see the old data until the switch.
    /// </summary>
    public async Task<string> RebuildAsync(StoreManifest manifest, Func<IChunkStore, CancellationToken, Task> fill, bool keepOld, CancellationToken ct)
    {
        var physical = NewPhysicalName();
        await CreateCollectionAsync(physical, manifest.Dimensions, ct);
        var target = new QdrantChunkStore(_client, ownsClient: false, _options, _analyzer, _logger, physical, _time);
        try
        {
            await target.EnsureManifestAsync(manifest, ct);
            await fill(target, ct);
        }
        catch
        {
            // The alias still points at the previous collection; drop the half-built one (best effort).
            try { await _client.DeleteCollectionAsync(physical, cancellationToken: CancellationToken.None); }
            catch (RpcException e) { _logger.LogWarning(e, "Could not delete the half-built collection {Collection}", physical); }
            throw;
        }

        var aliases = await RetryAsync(() => _client.ListAliasesAsync(ct), ct);
        var previous = aliases.FirstOrDefault(a => a.AliasName == _name)?.CollectionName;
        if (previous is null && await RetryAsync(() => _client.CollectionExistsAsync(_name, ct), ct))
            throw new InvalidOperationException($"'{_name}' là một bộ sưu tập, không phải alias: không thể chuyển alias. Hãy dùng tên khác (--collection).");
        var ops = new List<AliasOperations>();
        if (previous is not null) ops.Add(new AliasOperations { DeleteAlias = new DeleteAlias { AliasName = _name } });
        ops.Add(new AliasOperations { CreateAlias = new CreateAlias { AliasName = _name, CollectionName = physical } });
        await RetryAsync(() => _client.UpdateAliasesAsync(ops, cancellationToken: ct), ct);
        _denseSize = null;
        Changed();
        _logger.LogInformation("Alias {Alias} now points to {Collection} (was {Previous})", _name, physical, previous ?? "none");
        if (previous is not null && !keepOld)
            await RetryAsync(() => _client.DeleteCollectionAsync(previous, cancellationToken: ct), ct);
        return physical;
    }

    /// <summary>Creates a snapshot of the collection behind the alias (on the node that serves it).</summary>
    public async Task<StoreSnapshot> CreateSnapshotAsync(CancellationToken ct)
    {
        var physical = await PhysicalCollectionAsync(ct);
        var snapshot = await RetryAsync(() => _client.CreateSnapshotAsync(physical, ct), ct);
        return new StoreSnapshot(snapshot.Name, snapshot.Size, physical, _name);
    }

    /// <summary>The collection the alias points to (or the name itself when it is a collection).</summary>
    public async Task<string> PhysicalCollectionAsync(CancellationToken ct)
    {
        var aliases = await RetryAsync(() => _client.ListAliasesAsync(ct), ct);
        return aliases.FirstOrDefault(a => a.AliasName == _name)?.CollectionName ?? _name;
    }

    /// <summary>Deletes the alias and the collection behind it (tests, tear-down).</summary>
    public async Task DropAsync(CancellationToken ct)
    {
        var physical = await PhysicalCollectionAsync(ct);
        if (physical != _name) await RetryAsync(() => _client.DeleteAliasAsync(_name, cancellationToken: ct), ct);
        if (await RetryAsync(() => _client.CollectionExistsAsync(physical, ct), ct))
            await RetryAsync(() => _client.DeleteCollectionAsync(physical, cancellationToken: ct), ct);
        _denseSize = null;
        _exists = false;
        Changed();
    }

    // ---- retries ------------------------------------------------------------------------------------

    /// <summary>Retries transient gRPC failures (unavailable, deadline exceeded, resource exhausted) with exponential backoff.</summary>
    internal static async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken ct, int attempts = 5)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RpcException e) when (attempt < attempts && IsTransient(e))
            {
                await Task.Delay(delay, ct);
                delay *= 2;
            }
        }
    }

    private static Task RetryAsync(Func<Task> call, CancellationToken ct) =>
        RetryAsync(async () => { await call(); return true; }, ct);

    public static bool IsTransient(RpcException e) => Transient.Contains(e.StatusCode);

    public ValueTask DisposeAsync()
    {
        if (_ownsClient) _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
