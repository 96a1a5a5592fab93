using System.Runtime.InteropServices;
using System.Text.Json;
using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Assistant.Retrieval.Storage.Embedded;

/// <summary>
/// The embedded default store: one Lucene index on disk holding the chunks (BM25 over the Vietnamese analysis),
/// their dense vectors (binary doc values, loaded into memory for exact cosine search), the per-source records
/// that make indexing incremental, and the manifest (in the commit's user data). Everything lives in one Lucene
/// commit, so a killed run leaves the last commit whole and consistent.
/// </summary>
public sealed class LuceneChunkStore : IChunkStore
{
    private const string FKind = "kind", FId = "id", FSource = "source", FDoc = "doc", FLaw = "law", FNumber = "number",
        FType = "type", FStatus = "status", FArticle = "article", FSecurity = "security", FJson = "json", FVector = "vec", FSourceId = "sid";
    private const string KindChunk = "chunk", KindSource = "source";
    private const string ManifestKey = "manifest";

    private static readonly LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>No query uses term positions (bigrams are terms of their own), so the lexical fields store none: faster writes, smaller index.</summary>
    private static readonly FieldType LexicalFieldType = CreateLexicalFieldType();

    private static FieldType CreateLexicalFieldType()
    {
        var type = new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_AND_FREQS };
        type.Freeze();
        return type;
    }
    private static readonly JsonSerializerOptions Json = MetadataResolver.Json;

    private readonly string _path;
    private readonly LuceneDirectory _directory;
    private readonly VietnameseAnalyzer _analyzer;
    private readonly ILogger _logger;
    private readonly Similarity _similarity;
    private readonly System.Threading.Lock _writeGate = new();
    private readonly System.Threading.Lock _readGate = new();
    private IndexWriter? _writer;
    private FileStream? _processLock;
    private StoreManifest? _pendingManifest;
    private ReaderState? _state;
    private long _lastFreshnessCheck;

    static LuceneChunkStore()
    {
        // Long questions (up to the retrieval service's cap) make many unigram and bigram clauses.
        BooleanQuery.MaxClauseCount = 8192;
    }

    private readonly float _maxTermDocShare;

    public LuceneChunkStore(string path, VietnameseAnalyzer analyzer, ILogger<LuceneChunkStore>? logger = null, float bm25K1 = 1.2f, float bm25B = 0.75f, float maxQueryTermDocShare = 0.5f)
    {
        _maxTermDocShare = maxQueryTermDocShare;
        // Norms are encoded the same for any k1 and b, so these can change without re-indexing.
        _similarity = new BM25Similarity(bm25K1, bm25B);
        _path = Path.GetFullPath(path);
        System.IO.Directory.CreateDirectory(_path);
        // NIOFS rather than the memory-mapped directory FSDirectory.Open picks: same speed here, far less GC per search.
        _directory = new NIOFSDirectory(new DirectoryInfo(_path));
        _analyzer = analyzer;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public string Kind => "embedded";
    public string Location => _path;

    public Task<StoreManifest?> GetManifestAsync(CancellationToken ct) => Task.FromResult(ReadManifest());

    private StoreManifest? ReadManifest()
    {
        if (!DirectoryReader.IndexExists(_directory)) return _pendingManifest;
        var commits = DirectoryReader.ListCommits(_directory);
        var data = commits[^1].UserData;
        return data is not null && data.TryGetValue(ManifestKey, out var json)
            ? JsonSerializer.Deserialize<StoreManifest>(json, Json)
            : _pendingManifest;
    }

    public Task EnsureManifestAsync(StoreManifest manifest, CancellationToken ct)
    {
        var existing = ReadManifest();
        if (existing is null)
        {
            _pendingManifest = manifest;
            return Task.CompletedTask;
        }
        if (existing.Dimensions != manifest.Dimensions || existing.EmbeddingModel != manifest.EmbeddingModel)
            throw new StoreMismatchException(
                $"Kho '{_path}' được tạo với mô hình nhúng '{existing.EmbeddingModel ?? "không có"}' ({existing.Dimensions} chiều), " +
                $"cấu hình hiện tại là '{manifest.EmbeddingModel ?? "không có"}' ({manifest.Dimensions} chiều). " +
                $"Hãy lập chỉ mục vào một thư mục kho mới (--store THƯ_MỤC_MỚI), hoặc xoá thư mục '{_path}' rồi lập chỉ mục lại, hoặc dùng đúng mô hình.");
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, SourceRecord>> GetSourcesAsync(CancellationToken ct)
    {
        var state = State();
        var result = new Dictionary<string, SourceRecord>(StringComparer.Ordinal);
        if (state is null) return Task.FromResult<IReadOnlyDictionary<string, SourceRecord>>(result);
        var hits = state.Searcher.Search(new TermQuery(new Term(FKind, KindSource)), Math.Max(1, state.Reader.MaxDoc));
        foreach (var sd in hits.ScoreDocs)
        {
            var record = JsonSerializer.Deserialize<SourceRecord>(state.Searcher.Doc(sd.Doc).Get(FJson), Json)!;
            result[record.SourceId] = record;
        }
        return Task.FromResult<IReadOnlyDictionary<string, SourceRecord>>(result);
    }

    public Task ReplaceSourceAsync(SourceRecord source, IReadOnlyList<EmbeddedChunk> chunks, CancellationToken ct)
    {
        lock (_writeGate)
        {
            var writer = Writer();
            writer.DeleteDocuments(new Term(FSource, source.SourceId));
            foreach (var chunk in chunks)
            {
                ct.ThrowIfCancellationRequested();
                writer.AddDocument(ChunkDocument(source.SourceId, chunk));
            }
            var sourceDoc = new Document
            {
                new StringField(FKind, KindSource, Field.Store.NO),
                new StringField(FSourceId, source.SourceId, Field.Store.YES),
                new StoredField(FJson, JsonSerializer.Serialize(source, Json)),
            };
            writer.UpdateDocument(new Term(FSourceId, source.SourceId), sourceDoc);
        }
        return Task.CompletedTask;
    }

    private Document ChunkDocument(string sourceId, EmbeddedChunk embedded)
    {
        var c = embedded.Chunk;
        var analyzed = _analyzer.AnalyzeForIndex(c.IndexText);
        var doc = new Document
        {
            new StringField(FKind, KindChunk, Field.Store.NO),
            new StringField(FId, c.Id, Field.Store.YES),
            new StringField(FSource, sourceId, Field.Store.NO),
            new StringField(FDoc, c.Document.Id, Field.Store.NO),
            // Law numbers are matched case-insensitively ("45/2013/qh13" as people type it).
            new StringField(FLaw, c.Document.LawNumber.ToUpperInvariant(), Field.Store.NO),
            new StringField(FNumber, c.Document.Number.ToUpperInvariant(), Field.Store.NO),
            new StringField(FType, c.Document.Type, Field.Store.NO),
            new StringField(FStatus, c.Document.Status, Field.Store.NO),
            new StringField(FSecurity, c.Document.Security.ToString(), Field.Store.NO),
            new StringField(FArticle, c.Article?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", Field.Store.NO),
            new StoredField(FJson, JsonSerializer.Serialize(c, Json)),
        };
        foreach (var field in LexicalFields.All)
            doc.Add(new Field(field, new ListTokenStream(analyzed.Field(field)), LexicalFieldType));
        if (embedded.Vector is { Length: > 0 } v)
            doc.Add(new BinaryDocValuesField(FVector, new BytesRef(MemoryMarshal.AsBytes(v.AsSpan()).ToArray())));
        return doc;
    }

    public Task DeleteSourceAsync(string sourceId, CancellationToken ct)
    {
        lock (_writeGate)
        {
            var writer = Writer();
            writer.DeleteDocuments(new Term(FSource, sourceId));
            writer.DeleteDocuments(new Term(FSourceId, sourceId));
        }
        return Task.CompletedTask;
    }

    public Task CommitAsync(CancellationToken ct)
    {
        lock (_writeGate)
        {
            if (_writer is null) return Task.CompletedTask;
            var manifest = ReadManifest();
            if (manifest is not null)
                _writer.SetCommitData(new Dictionary<string, string> { [ManifestKey] = JsonSerializer.Serialize(manifest, Json) });
            _writer.Commit();
            // The writer holds the index lock: release it so that another process (the bot, a second indexer run) can write.
            _writer.Dispose();
            _writer = null;
            ReleaseProcessLock();
            _pendingManifest = null;
        }
        lock (_readGate) _lastFreshnessCheck = 0;
        return Task.CompletedTask;
    }

    private IndexWriter Writer()
    {
        if (_writer is not null) return _writer;
        // Lucene.NET's own write.lock is only exclusive within one process on Linux: an exclusive OS file lock
        // keeps a second process (the bot and a CLI run) from writing at the same time. The OS drops it if we are killed.
        try
        {
            _processLock ??= new FileStream(Path.Combine(_path, "writer.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new StoreBusyException($"Kho '{_path}' đang được một tiến trình khác ghi. Hãy chờ tiến trình đó xong rồi chạy lại.", e);
        }
        var config = new IndexWriterConfig(Version, new KeywordAnalyzer()) { Similarity = _similarity, OpenMode = OpenMode.CREATE_OR_APPEND };
        try
        {
            _writer = new IndexWriter(_directory, config);
        }
        catch (LockObtainFailedException e)
        {
            ReleaseProcessLock();
            throw new StoreBusyException($"Kho '{_path}' đang được một tiến trình khác ghi (khoá write.lock). Hãy chờ tiến trình đó xong rồi chạy lại.", e);
        }
        return _writer;
    }

    private void ReleaseProcessLock()
    {
        _processLock?.Dispose();
        _processLock = null;
    }

    public Task<IReadOnlyList<SearchHit>> SearchAsync(StoreQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query.Access);
        var state = State();
        if (state is null) return Task.FromResult<IReadOnlyList<SearchHit>>([]);
        // The access scope and filters become one bitset per reader and filter (cached), applied in the collector:
        // a QueryWrapperFilter would force Lucene into its slow doc-at-a-time scoring over every clause.
        var allowed = state.Allowed(query);
        int depth = Math.Max(query.Fusion.CandidatesPerRanker, query.Top);

        // Lexical ranking: BM25 over the weighted unigram/bigram terms.
        var lexical = new List<int>();
        if (query.Terms.Count > 0)
        {
            var bq = new BooleanQuery();
            // Pruning common terms is a speed measure: a small store (tests, a single decision) keeps every term.
            int maxDf = _maxTermDocShare >= 1f || state.Reader.NumDocs < 1000 ? int.MaxValue : Math.Max(1, (int)(_maxTermDocShare * state.Reader.NumDocs));
            foreach (var t in query.Terms.Take(BooleanQuery.MaxClauseCount))
            {
                var term = new Term(t.Field, t.Term);
                if (maxDf != int.MaxValue && state.Reader.DocFreq(term) > maxDf) continue;
                bq.Add(new TermQuery(term) { Boost = t.Weight }, Occur.SHOULD);
            }
            if (bq.Clauses.Count > 0)
            {
                var top = TopScoreDocCollector.Create(depth, docsScoredInOrder: false);
                state.Searcher.Search(bq, new AllowedDocsCollector(top, allowed));
                foreach (var sd in top.GetTopDocs().ScoreDocs) lexical.Add(sd.Doc);
            }
        }

        // Dense ranking: exact cosine over the in-memory vectors of the documents the filter lets through.
        var dense = new List<int>();
        if (query.Vector is { Length: > 0 } qv && state.Dimensions == qv.Length && state.VectorCount > 0)
        {
            if (query.Fusion.DenseRerankOnly && lexical.Count > 0)
            {
                var candidates = new FixedBitSet(state.Reader.MaxDoc);
                foreach (var doc in lexical) candidates.Set(doc);
                dense = state.TopDense(qv, candidates, depth);
            }
            else dense = state.TopDense(qv, allowed, depth);
        }

        // Weighted reciprocal rank fusion.
        var fused = new Dictionary<int, (double Score, int? L, int? D)>();
        var f = query.Fusion;
        for (int i = 0; i < lexical.Count; i++)
            fused[lexical[i]] = (f.LexicalWeight / (f.RrfK + i + 1), i + 1, null);
        for (int i = 0; i < dense.Count; i++)
        {
            var add = f.DenseWeight / (f.RrfK + i + 1);
            fused[dense[i]] = fused.TryGetValue(dense[i], out var e) ? (e.Score + add, e.L, i + 1) : (add, null, i + 1);
        }

        // Only the hits that will be returned are loaded from stored fields.
        var hits = fused
            .OrderByDescending(kv => kv.Value.Score).ThenBy(kv => kv.Value.L ?? int.MaxValue)
            .Take(query.Top)
            .Select(kv => new SearchHit(state.Chunk(kv.Key), kv.Value.Score, kv.Value.L, kv.Value.D))
            .ToList();
        return Task.FromResult<IReadOnlyList<SearchHit>>(hits);
    }

    private static Query FilterQuery(StoreQuery query)
    {
        var filter = new BooleanQuery { { new TermQuery(new Term(FKind, KindChunk)), Occur.MUST } };
        // The access scope is part of every query: there is no search path without it.
        filter.Add(AnyOf(FSecurity, query.Access.Allowed.Select(l => l.ToString()).ToList()), Occur.MUST);
        var f = query.Filter;
        if (f.LawNumbers is { Count: > 0 })
        {
            var laws = new BooleanQuery();
            foreach (var n in f.LawNumbers)
            {
                laws.Add(new TermQuery(new Term(FLaw, n.Trim().ToUpperInvariant())), Occur.SHOULD);
                laws.Add(new TermQuery(new Term(FNumber, n.Trim().ToUpperInvariant())), Occur.SHOULD);
            }
            filter.Add(laws, Occur.MUST);
        }
        if (f.DocumentIds is { Count: > 0 }) filter.Add(AnyOf(FDoc, f.DocumentIds), Occur.MUST);
        if (f.Types is { Count: > 0 }) filter.Add(AnyOf(FType, f.Types), Occur.MUST);
        if (f.Statuses is { Count: > 0 }) filter.Add(AnyOf(FStatus, f.Statuses), Occur.MUST);
        if (f.Articles is { Count: > 0 }) filter.Add(AnyOf(FArticle, f.Articles.Select(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList()), Occur.MUST);
        return filter;
    }

    private static BooleanQuery AnyOf(string field, IReadOnlyCollection<string> values)
    {
        var q = new BooleanQuery();
        foreach (var v in values) q.Add(new TermQuery(new Term(field, v)), Occur.SHOULD);
        if (values.Count == 0) q.Add(new TermQuery(new Term(field, "\u0000none")), Occur.MUST);
        return q;
    }

    private static FixedBitSet AllowedDocs(ReaderState state, Filter filter)
    {
        var bits = new FixedBitSet(state.Reader.MaxDoc);
        foreach (var leaf in state.Reader.Leaves)
        {
            var set = filter.GetDocIdSet(leaf, leaf.AtomicReader.LiveDocs);
            var it = set?.GetIterator();
            if (it is null) continue;
            for (int doc = it.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.NextDoc())
                bits.Set(leaf.DocBase + doc);
        }
        return bits;
    }

    /// <summary>
    /// Every committed source record with its chunks and their vectors (in document order): what `migrate --to-qdrant`
    /// copies into another store.
    /// </summary>
    public async IAsyncEnumerable<(SourceRecord Source, IReadOnlyList<EmbeddedChunk> Chunks)> ExportAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var state = State();
        if (state is null) yield break;
        var sources = await GetSourcesAsync(ct);
        foreach (var source in sources.Values.OrderBy(s => s.SourceId, StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            var query = new BooleanQuery
            {
                { new TermQuery(new Term(FKind, KindChunk)), Occur.MUST },
                { new TermQuery(new Term(FSource, source.SourceId)), Occur.MUST },
            };
            var chunks = state.Searcher.Search(query, Math.Max(1, state.Reader.MaxDoc)).ScoreDocs
                .Select(sd => new EmbeddedChunk(state.Chunk(sd.Doc), state.Vector(sd.Doc)))
                .OrderBy(c => c.Chunk.Ordinal)
                .ToList();
            yield return (source, chunks);
        }
    }

    public async Task<IReadOnlyList<DocumentMetadata>> GetDocumentsAsync(CancellationToken ct) =>
        (await GetSourcesAsync(ct)).Values.Select(s => s.Document).DistinctBy(d => d.Id).ToList();

    public async Task<StoreStats> GetStatsAsync(CancellationToken ct)
    {
        var sources = await GetSourcesAsync(ct);
        var state = State();
        int chunks = state?.Searcher.Search(new TermQuery(new Term(FKind, KindChunk)), 1).TotalHits ?? 0;
        long size = new DirectoryInfo(_path).EnumerateFiles().Sum(f => f.Length);
        var docs = sources.Values
            .GroupBy(s => s.Document.Id)
            .Select(g => (g.First().Document.Number, g.First().Document.Title, g.Sum(s => s.ChunkCount)))
            .OrderBy(d => d.Number, StringComparer.Ordinal)
            .ToList();
        return new StoreStats(Kind, _path, sources.Count, chunks, state?.VectorCount ?? 0, size, ReadManifest(), docs);
    }

    /// <summary>The current reader, reopened when another writer (this process or another) committed since.</summary>
    private ReaderState? State()
    {
        lock (_readGate)
        {
            var now = Environment.TickCount64;
            if (_state is not null && now - _lastFreshnessCheck < 1000) return _state;
            _lastFreshnessCheck = now;
            if (_state is null)
            {
                if (!DirectoryReader.IndexExists(_directory)) return null;
                _state = new ReaderState(DirectoryReader.Open(_directory), _similarity);
                _logger.LogInformation("Opened embedded store {Path}: {Docs} documents, {Vectors} vectors", _path, _state.Reader.NumDocs, _state.VectorCount);
                return _state;
            }
            var newer = DirectoryReader.OpenIfChanged(_state.Reader);
            if (newer is not null)
            {
                // Searches already running keep their reference; the old reader is left to the GC rather than closed under them.
                _state = new ReaderState(newer, _similarity);
            }
            return _state;
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_writeGate)
        {
            // Uncommitted changes are dropped on purpose: only CommitAsync makes them durable.
            _writer?.Rollback();
            _writer = null;
            ReleaseProcessLock();
        }
        lock (_readGate)
        {
            _state?.Reader.Dispose();
            _state = null;
        }
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>An open reader with its searcher, a chunk cache and the dense vectors as one contiguous matrix.</summary>
    private sealed class ReaderState
    {
        private readonly float[] _matrix;
        private readonly bool[] _hasVector;
        private readonly LegalChunk?[] _chunks;

        public DirectoryReader Reader { get; }
        public IndexSearcher Searcher { get; }
        public int Dimensions { get; }
        public int VectorCount { get; }

        public ReaderState(DirectoryReader reader, Similarity similarity)
        {
            Reader = reader;
            Searcher = new IndexSearcher(reader) { Similarity = similarity };
            _chunks = new LegalChunk?[reader.MaxDoc];
            _hasVector = new bool[reader.MaxDoc];
            // The first stored vector fixes the dimensions (the manifest guarantees one model per store).
            int dims = 0, count = 0;
            ForEachVector(reader, (_, bytes) => { dims = bytes.Length / sizeof(float); return false; });
            Dimensions = dims;
            _matrix = new float[(long)reader.MaxDoc * dims];
            if (dims > 0)
            {
                ForEachVector(reader, (global, bytes) =>
                {
                    if (bytes.Length != dims * sizeof(float)) return true;
                    bytes.Bytes.AsSpan(bytes.Offset, bytes.Length).CopyTo(MemoryMarshal.AsBytes(_matrix.AsSpan(global * dims, dims)));
                    _hasVector[global] = true;
                    count++;
                    return true;
                });
            }
            VectorCount = count;
        }

        /// <summary>Visits the non-empty vector of every live document (global doc id, bytes) until the visitor returns false.</summary>
        private static void ForEachVector(DirectoryReader reader, Func<int, BytesRef, bool> visit)
        {
            foreach (var leaf in reader.Leaves)
            {
                var values = leaf.AtomicReader.GetBinaryDocValues(FVector);
                if (values is null) continue;
                var live = leaf.AtomicReader.LiveDocs;
                var bytes = new BytesRef();
                for (int d = 0; d < leaf.AtomicReader.MaxDoc; d++)
                {
                    if (live is not null && !live.Get(d)) continue;
                    values.Get(d, bytes);
                    if (bytes.Length == 0) continue;
                    if (!visit(leaf.DocBase + d, bytes)) return;
                }
            }
        }

        public List<int> TopDense(float[] query, FixedBitSet allowed, int k)
        {
            // Large stores scan in a few ranges in parallel (one per core); each keeps its own top k, merged at the end.
            int n = allowed.Length;
            int parts = n >= 20_000 ? Math.Min(Environment.ProcessorCount, 4) : 1;
            var partial = new List<(int Doc, float Score)>[parts];
            Parallel.For(0, parts, part =>
            {
                int from = (int)((long)n * part / parts), to = (int)((long)n * (part + 1) / parts);
                var heap = new PriorityQueue<int, float>(k + 1);
                var q = query.AsSpan();
                for (int doc = from < n ? allowed.NextSetBit(from) : -1; doc >= 0 && doc < to; doc = doc + 1 < n ? allowed.NextSetBit(doc + 1) : -1)
                {
                    if (!_hasVector[doc]) continue;
                    // Vectors are L2-normalised by the embedding generator, so the dot product is the cosine.
                    float score = System.Numerics.Tensors.TensorPrimitives.Dot(q, _matrix.AsSpan(doc * Dimensions, Dimensions));
                    if (heap.Count < k) heap.Enqueue(doc, score);
                    else if (heap.TryPeek(out _, out var min) && score > min) heap.EnqueueDequeue(doc, score);
                }
                var list = new List<(int, float)>(heap.Count);
                while (heap.TryDequeue(out var d, out var sc)) list.Add((d, sc));
                partial[part] = list;
            });
            return partial.SelectMany(p => p).OrderByDescending(r => r.Score).Take(k).Select(r => r.Doc).ToList();
        }

        /// <summary>A copy of the document's dense vector, or null when it has none.</summary>
        public float[]? Vector(int docId) => _hasVector[docId] ? _matrix.AsSpan(docId * Dimensions, Dimensions).ToArray() : null;

        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, FixedBitSet> _allowed = new(StringComparer.Ordinal);

        /// <summary>The documents a query may see (access scope and filters), computed once per reader and filter.</summary>
        public FixedBitSet Allowed(StoreQuery query)
        {
            var f = query.Filter;
            static string Key(IEnumerable<string>? values) => values is null ? "*" : string.Join("|", values.Order(StringComparer.Ordinal));
            var key = string.Join("§", query.Access.MaxLevel.ToString(), Key(f.LawNumbers?.Select(n => n.Trim().ToUpperInvariant())), Key(f.DocumentIds), Key(f.Types), Key(f.Statuses),
                Key(f.Articles?.Select(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            if (_allowed.TryGetValue(key, out var bits)) return bits;
            if (_allowed.Count > 256) _allowed.Clear(); // unusual filter mixes must not grow the cache without bound
            bits = AllowedDocs(this, new QueryWrapperFilter(FilterQuery(query)));
            _allowed[key] = bits;
            return bits;
        }

        public LegalChunk Chunk(int docId)
        {
            var cached = Volatile.Read(ref _chunks[docId]);
            if (cached is not null) return cached;
            var chunk = JsonSerializer.Deserialize<LegalChunk>(Searcher.Doc(docId).Get(FJson), Json)!;
            Volatile.Write(ref _chunks[docId], chunk);
            return chunk;
        }
    }
}
