using System.Runtime.CompilerServices;
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
using F = Assistant.Retrieval.Storage.Embedded.LuceneFields;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Assistant.Retrieval.Storage.Embedded;

/// <summary>
/// The embedded default store: one Lucene index on disk holding the chunks (BM25 over the Vietnamese analysis),
/// their dense vectors (binary doc values, loaded into memory for exact cosine search), the per-source records
/// that make indexing incremental, and the manifest (in the commit's user data). Everything lives in one Lucene
/// commit, so a killed run leaves the last commit whole and consistent.
/// Searchers come from a Lucene <see cref="SearcherManager"/>: each search acquires the current one and releases it, and a
/// reader replaced by a refresh is closed as soon as the last search using it releases it.
/// </summary>
public sealed class LuceneChunkStore : IChunkStore, IChunkStoreExport, IChunkStoreTermStatistics, IChunkStoreFileSnapshot, IChunkStoreSegments
{
    private const string ManifestKey = "manifest";
    /// <summary>Held (exclusive OS lock) while a backup holds a commit: one backup of a store at a time, across processes.</summary>
    private const string BackupLockFile = "backup.lock";

    /// <summary>
    /// How often searches look for commits made by another process (the indexer CLI while the bot runs): looking reads the
    /// index's commit file, too much to do on every search. This process's own commits are visible as soon as they return.
    /// </summary>
    public static readonly TimeSpan ExternalCommitPollInterval = TimeSpan.FromSeconds(1);

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
    private readonly TimeProvider _time;
    private readonly System.Threading.Lock _writeGate = new();
    private readonly System.Threading.Lock _readGate = new();
    private IndexWriter? _writer;
    private PersistentSnapshotDeletionPolicy? _snapshotPolicy;
    private FileStream? _processLock;
    private StoreManifest? _pendingManifest;
    private SearcherManager? _searchers;
    private long _lastPoll;
    private long _generation;

    private readonly float _maxTermDocShare;
    private readonly int _maxQueryClauses;

    /// <param name="maxQueryClauses">Most query terms one search turns into clauses; Lucene's process-wide clause limit is
    /// raised to it (<see cref="LuceneClauseLimit"/>).</param>
    /// <param name="time">The clock of the poll for other processes' commits.</param>
    public LuceneChunkStore(string path, VietnameseAnalyzer analyzer, ILogger<LuceneChunkStore>? logger = null, float bm25K1 = 1.2f, float bm25B = 0.75f,
        float maxQueryTermDocShare = 0.5f, int maxQueryClauses = LuceneClauseLimit.Default, TimeProvider? time = null)
    {
        _maxTermDocShare = maxQueryTermDocShare;
        _maxQueryClauses = maxQueryClauses;
        LuceneClauseLimit.EnsureAtLeast(maxQueryClauses);
        _time = time ?? TimeProvider.System;
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

    /// <summary>Changes when a searcher over a newer commit replaces the current one (this process's or another's commit).</summary>
    public long Generation
    {
        get
        {
            // Looking is what makes another process's commit visible, at most once per poll interval.
            Searchers();
            return Interlocked.Read(ref _generation);
        }
    }

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
        using var lease = Acquire();
        var result = lease.Searcher is { } searcher ? Sources(searcher) : new Dictionary<string, SourceRecord>(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyDictionary<string, SourceRecord>>(result);
    }

    private static Dictionary<string, SourceRecord> Sources(StoreSearcher searcher)
    {
        var result = new Dictionary<string, SourceRecord>(StringComparer.Ordinal);
        var hits = searcher.Search(new TermQuery(new Term(F.Kind, F.KindSource)), Math.Max(1, searcher.IndexReader.MaxDoc));
        foreach (var sd in hits.ScoreDocs)
        {
            var record = JsonSerializer.Deserialize<SourceRecord>(searcher.Doc(sd.Doc).Get(F.Json), Json)!;
            result[record.SourceId] = record;
        }
        return result;
    }

    public Task ReplaceSourceAsync(SourceRecord source, IReadOnlyList<EmbeddedChunk> chunks, CancellationToken ct)
    {
        // Cancelled before, never during: a source half replaced could be committed by a later commit (the one a stop makes).
        ct.ThrowIfCancellationRequested();
        lock (_writeGate)
        {
            var writer = Writer();
            writer.DeleteDocuments(new Term(F.Source, source.SourceId));
            foreach (var chunk in chunks)
                writer.AddDocument(ChunkDocument(source.SourceId, chunk));
            var sourceDoc = new Document
            {
                new StringField(F.Kind, F.KindSource, Field.Store.NO),
                new StringField(F.SourceId, source.SourceId, Field.Store.YES),
                new StoredField(F.Json, JsonSerializer.Serialize(source, Json)),
            };
            writer.UpdateDocument(new Term(F.SourceId, source.SourceId), sourceDoc);
        }
        return Task.CompletedTask;
    }

    private Document ChunkDocument(string sourceId, EmbeddedChunk embedded)
    {
        var c = embedded.Chunk;
        var analyzed = _analyzer.AnalyzeForIndex(c.IndexText);
        var doc = new Document
        {
            new StringField(F.Kind, F.KindChunk, Field.Store.NO),
            new StringField(F.Id, c.Id, Field.Store.YES),
            new StringField(F.Source, sourceId, Field.Store.NO),
            new StringField(F.Doc, c.Document.Id, Field.Store.NO),
            // Law numbers are matched case-insensitively ("45/2013/qh13" as people type it).
            new StringField(F.Law, c.Document.LawNumber.ToUpperInvariant(), Field.Store.NO),
            new StringField(F.Number, c.Document.Number.ToUpperInvariant(), Field.Store.NO),
            new StringField(F.Type, c.Document.Type, Field.Store.NO),
            new StringField(F.Status, c.Document.Status, Field.Store.NO),
            new StringField(F.Security, c.Document.Security.ToString(), Field.Store.NO),
            new StringField(F.Article, c.Article?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", Field.Store.NO),
            new StoredField(F.Json, JsonSerializer.Serialize(c, Json)),
        };
        if (c.Archive is { } archive)
            foreach (var (field, value) in ArchiveFieldNames.For(archive))
                doc.Add(new StringField(field, value, Field.Store.NO));
        foreach (var field in LexicalFields.All)
            doc.Add(new Field(field, new ListTokenStream(analyzed.Field(field)), LexicalFieldType));
        if (embedded.Vector is { Length: > 0 } v)
            doc.Add(new BinaryDocValuesField(F.Vector, new BytesRef(MemoryMarshal.AsBytes(v.AsSpan()).ToArray())));
        return doc;
    }

    public Task DeleteSourceAsync(string sourceId, CancellationToken ct)
    {
        lock (_writeGate)
        {
            var writer = Writer();
            writer.DeleteDocuments(new Term(F.Source, sourceId));
            writer.DeleteDocuments(new Term(F.SourceId, sourceId));
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
            _snapshotPolicy = null;
            ReleaseProcessLock();
            _pendingManifest = null;
        }
        // The commit is visible to the next search, and the generation says so, before this returns.
        Searchers(refreshNow: true);
        return Task.CompletedTask;
    }

    public int SegmentCount
    {
        get
        {
            using var lease = Acquire();
            return lease.Searcher?.IndexReader.Leaves.Count ?? 0;
        }
    }

    public Task MergeSegmentsAsync(int maxSegments, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSegments, 1);
        lock (_writeGate)
        {
            ct.ThrowIfCancellationRequested();
            if (!DirectoryReader.IndexExists(_directory)) return Task.CompletedTask;
            var writer = Writer();
            // Deleted chunks (re-indexed sources) are dropped by the merge too. The manifest rides along as in CommitAsync.
            writer.ForceMerge(maxSegments, doWait: true);
        }
        return CommitAsync(ct);
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
        // Every writer, in any process, keeps the commits a backup holds: the holds are persisted in the index folder
        // (snapshots_N files, which Lucene's own file deleter leaves alone) and read back by each new writer. An in-memory
        // SnapshotDeletionPolicy would not do: this store closes its writer after each commit, and the next one (or the
        // other process's) would delete the held commit's files while they are being copied.
        var policy = new PersistentSnapshotDeletionPolicy(new KeepOnlyLastCommitDeletionPolicy(), _directory, OpenMode.CREATE_OR_APPEND);
        var config = new IndexWriterConfig(Version, new KeywordAnalyzer())
        {
            Similarity = _similarity,
            OpenMode = OpenMode.CREATE_OR_APPEND,
            IndexDeletionPolicy = policy,
        };
        try
        {
            _writer = new IndexWriter(_directory, config);
            _snapshotPolicy = policy;
        }
        catch (LockObtainFailedException e)
        {
            ReleaseProcessLock();
            throw new StoreBusyException($"Kho '{_path}' đang được một tiến trình khác ghi (khoá write.lock). Hãy chờ tiến trình đó xong rồi chạy lại.", e);
        }
        return _writer;
    }

    /// <summary>
    /// Holds the last commit for a backup (<see cref="IChunkStoreFileSnapshot"/>). Taking or releasing the hold needs the
    /// writer for a moment: this process's own when it is indexing, otherwise one opened and rolled back at once.
    /// </summary>
    public Task<StoreCommitHold?> HoldLastCommitAsync(CancellationToken ct)
    {
        if (!DirectoryReader.IndexExists(_directory)) return Task.FromResult<StoreCommitHold?>(null);
        FileStream backupLock;
        try
        {
            backupLock = new FileStream(Path.Combine(_path, BackupLockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new StoreBusyException($"Một lần sao lưu khác đang giữ kho '{_path}'. Hãy chờ lần đó xong rồi chạy lại.", e);
        }
        try
        {
            IndexCommit commit;
            lock (_writeGate)
            {
                commit = WithSnapshotPolicy(policy =>
                {
                    // Under the backup lock no other backup runs: any hold still recorded was left by a backup that was
                    // killed before releasing it, and would keep an old commit's files on disk for ever.
                    foreach (var stale in policy.GetSnapshots()) policy.Release(stale);
                    var held = policy.Snapshot();
                    _writer!.DeleteUnusedFiles();
                    return held;
                });
            }
            var manifest = commit.UserData is { } data && data.TryGetValue(ManifestKey, out var json)
                ? JsonSerializer.Deserialize<StoreManifest>(json, Json)
                : null;
            long generation = commit.Generation;
            var hold = new StoreCommitHold(_path, commit.FileNames.Order(StringComparer.Ordinal).ToList(), generation, manifest,
                () => ReleaseHold(generation, backupLock));
            return Task.FromResult<StoreCommitHold?>(hold);
        }
        catch
        {
            backupLock.Dispose();
            throw;
        }
    }

    private ValueTask ReleaseHold(long generation, FileStream backupLock)
    {
        try
        {
            lock (_writeGate)
            {
                WithSnapshotPolicy(policy =>
                {
                    policy.Release(generation);
                    _writer!.DeleteUnusedFiles();
                    return 0;
                });
            }
        }
        catch (StoreBusyException)
        {
            // Another process is writing: the hold stays recorded and the next backup releases it (see above).
            _logger.LogWarning("Backup hold on commit {Generation} of {Path} not released now (the store is being written); the next backup releases it", generation, _path);
        }
        finally
        {
            backupLock.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs <paramref name="action"/> with the open writer's snapshot policy, opening a writer for it (and
    /// rolling it back after) when none is open. The caller holds the write gate.</summary>
    private T WithSnapshotPolicy<T>(Func<PersistentSnapshotDeletionPolicy, T> action)
    {
        bool opened = _writer is null;
        Writer();
        try
        {
            return action(_snapshotPolicy!);
        }
        finally
        {
            if (opened)
            {
                _writer!.Rollback();
                _writer = null;
                _snapshotPolicy = null;
                ReleaseProcessLock();
            }
        }
    }

    private void ReleaseProcessLock()
    {
        _processLock?.Dispose();
        _processLock = null;
    }

    public Task<IReadOnlyList<SearchHit>> SearchAsync(StoreQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query.Access);
        using var lease = Acquire();
        if (lease.Searcher is not { } searcher) return Task.FromResult<IReadOnlyList<SearchHit>>([]);
        var reader = searcher.IndexReader;
        // The access scope and filters become one bitset per reader and filter (cached), applied in the collector:
        // a QueryWrapperFilter would force Lucene into its slow doc-at-a-time scoring over every clause.
        var allowed = searcher.Allowed(query);
        int depth = Math.Max(query.Fusion.CandidatesPerRanker, query.Top);

        // Lexical ranking: BM25 over the weighted unigram/bigram terms.
        var lexical = new List<int>();
        if (query.Terms.Count > 0)
        {
            var bq = new BooleanQuery();
            // Pruning common terms is a speed measure: a small store (tests, a single decision) keeps every term.
            int maxDf = _maxTermDocShare >= 1f || reader.NumDocs < 1000 ? int.MaxValue : Math.Max(1, (int)(_maxTermDocShare * reader.NumDocs));
            foreach (var t in query.Terms.Take(_maxQueryClauses))
            {
                // One dictionary seek per term and reader, shared by the pruning, the query's weight and the ranker's statistics.
                var (term, states) = searcher.TermStates(t.Field, t.Term);
                if (maxDf != int.MaxValue && states.DocFreq > maxDf) continue;
                bq.Add(new TermQuery(term, states) { Boost = t.Weight }, Occur.SHOULD);
            }
            if (bq.Clauses.Count > 0)
            {
                var top = TopScoreDocCollector.Create(depth, docsScoredInOrder: false);
                // A filter that lets few chunks through (one article, one law of many) drives the search instead: only its
                // documents are scored, where the collector would score every match of the whole store and drop most.
                if (searcher.AllowedCount(allowed) * SparseFilterRatio < reader.MaxDoc)
                    searcher.Search(new FilteredQuery(bq, new AllowedDocsFilter(allowed), FilteredQuery.LEAP_FROG_FILTER_FIRST_STRATEGY), top);
                else searcher.Search(bq, new AllowedDocsCollector(top, allowed));
                foreach (var sd in top.GetTopDocs().ScoreDocs) lexical.Add(sd.Doc);
            }
        }

        // Dense ranking: exact cosine over the in-memory vectors of the documents the filter lets through.
        var dense = new List<int>();
        var vectors = searcher.Vectors;
        if (query.Vector is { Length: > 0 } qv && vectors.Dimensions == qv.Length && vectors.Count > 0)
        {
            if (query.Fusion.DenseRerankOnly && lexical.Count > 0)
            {
                var candidates = new FixedBitSet(reader.MaxDoc);
                foreach (var doc in lexical) candidates.Set(doc);
                dense = vectors.TopK(qv, candidates, depth);
            }
            else dense = vectors.TopK(qv, allowed, depth);
        }

        // A lookup by archive keys alone (no words, no vector) lists the matching pages in index order.
        if (lexical.Count == 0 && dense.Count == 0 && query.Terms.Count == 0 && query.Vector is null && query.Filter.HasArchiveKeys)
        {
            var listed = new List<SearchHit>();
            for (int doc = allowed.NextSetBit(0); doc >= 0 && listed.Count < query.Top; doc = doc + 1 < allowed.Length ? allowed.NextSetBit(doc + 1) : -1)
                listed.Add(new SearchHit(searcher.Chunk(doc), 1.0, null, null));
            return Task.FromResult<IReadOnlyList<SearchHit>>(listed);
        }

        // Only the hits that will be returned are loaded from stored fields.
        var hits = RankFusion.Fuse(lexical, dense, query.Fusion, query.Top)
            .Select(c => new SearchHit(searcher.Chunk(c.Doc), c.Score, c.LexicalRank, c.DenseRank))
            .ToList();
        return Task.FromResult<IReadOnlyList<SearchHit>>(hits);
    }

    /// <summary>A filter letting through fewer than one document in this many is searched filter-first.</summary>
    private const int SparseFilterRatio = 20;

    public TermStatistics GetTermStatistics(IReadOnlyCollection<(string Field, string Term)> terms)
    {
        using var lease = Acquire();
        var freqs = new Dictionary<(string, string), int>(terms.Count);
        if (lease.Searcher is not { } searcher) return new TermStatistics(0, freqs);
        var reader = searcher.IndexReader;
        foreach (var t in terms) freqs[t] = searcher.TermStates(t.Field, t.Term).States.DocFreq;
        // Source records are documents too, but they hold no lexical terms: the chunk count is what BM25 divides by.
        return new TermStatistics(reader.NumDocs, freqs);
    }

    /// <summary>
    /// Every committed source record with its chunks and their vectors (in document order), all read from one searcher:
    /// what `migrate --to-qdrant` copies into another store.
    /// </summary>
    public async IAsyncEnumerable<(SourceRecord Source, IReadOnlyList<EmbeddedChunk> Chunks)> ExportAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        using var lease = Acquire();
        if (lease.Searcher is not { } searcher) yield break;
        foreach (var source in Sources(searcher).Values.OrderBy(s => s.SourceId, StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            var query = new BooleanQuery
            {
                { new TermQuery(new Term(F.Kind, F.KindChunk)), Occur.MUST },
                { new TermQuery(new Term(F.Source, source.SourceId)), Occur.MUST },
            };
            var chunks = searcher.Search(query, Math.Max(1, searcher.IndexReader.MaxDoc)).ScoreDocs
                .Select(sd => new EmbeddedChunk(searcher.Chunk(sd.Doc), searcher.Vectors.Vector(sd.Doc)))
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
        int chunks, vectors;
        using (var lease = Acquire())
        {
            chunks = lease.Searcher?.Search(new TermQuery(new Term(F.Kind, F.KindChunk)), 1).TotalHits ?? 0;
            vectors = lease.Searcher?.Vectors.Count ?? 0;
        }
        long size = new DirectoryInfo(_path).EnumerateFiles().Sum(f => f.Length);
        var docs = sources.Values
            .GroupBy(s => s.Document.Id)
            .Select(g => (g.First().Document.Number, g.First().Document.Title, g.Sum(s => s.ChunkCount)))
            .OrderBy(d => d.Number, StringComparer.Ordinal)
            .ToList();
        return new StoreStats(Kind, _path, sources.Count, chunks, vectors, size, ReadManifest(), docs);
    }

    /// <summary>The current searcher, acquired until the lease is disposed; none while the folder holds no index yet.</summary>
    internal SearcherLease Acquire()
    {
        var manager = Searchers();
        return manager is null ? default : new SearcherLease(manager, (StoreSearcher)manager.Acquire());
    }

    /// <summary>
    /// The searcher manager, created once the folder holds an index. It refreshes right away after this process commits
    /// (<paramref name="refreshNow"/>) and otherwise at most once per <see cref="ExternalCommitPollInterval"/>, for
    /// commits made by other processes.
    /// </summary>
    private SearcherManager? Searchers(bool refreshNow = false)
    {
        var manager = Volatile.Read(ref _searchers);
        if (manager is null)
        {
            lock (_readGate)
            {
                if (_searchers is not null) return _searchers;
                if (!DirectoryReader.IndexExists(_directory)) return null;
                manager = new SearcherManager(_directory, new StoreSearcherFactory(_similarity));
                manager.AddListener(new GenerationOnRefresh(this));
                Interlocked.Exchange(ref _lastPoll, _time.GetTimestamp());
                Interlocked.Increment(ref _generation);
                var first = (StoreSearcher)manager.Acquire();
                try
                {
                    _logger.LogInformation("Opened embedded store {Path}: {Docs} documents, {Vectors} vectors", _path, first.IndexReader.NumDocs, first.Vectors.Count);
                }
                finally
                {
                    manager.Release(first);
                }
                Volatile.Write(ref _searchers, manager);
                return manager;
            }
        }
        if (refreshNow) manager.MaybeRefreshBlocking();
        else if (PollDue()) manager.MaybeRefresh();
        return manager;
    }

    private bool PollDue()
    {
        long last = Interlocked.Read(ref _lastPoll), now = _time.GetTimestamp();
        // One caller per interval looks; the others go on with the current searcher.
        return _time.GetElapsedTime(last, now) >= ExternalCommitPollInterval && Interlocked.CompareExchange(ref _lastPoll, now, last) == last;
    }

    public ValueTask DisposeAsync()
    {
        lock (_writeGate)
        {
            // Uncommitted changes are dropped on purpose: only CommitAsync makes them durable.
            _writer?.Rollback();
            _writer = null;
            _snapshotPolicy = null;
            ReleaseProcessLock();
        }
        lock (_readGate)
        {
            // A search still holding a searcher keeps its reader until it releases it; the reader is closed then.
            _searchers?.Dispose();
        }
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>An acquired searcher; disposing releases it to the manager (a replaced reader closes with its last release).</summary>
    internal readonly struct SearcherLease(SearcherManager? manager, StoreSearcher? searcher) : IDisposable
    {
        public StoreSearcher? Searcher => searcher;

        public void Dispose()
        {
            if (searcher is not null) manager!.Release(searcher);
        }
    }

    /// <summary>Counts the refreshes that replaced the searcher: the store's generation.</summary>
    private sealed class GenerationOnRefresh(LuceneChunkStore store) : ReferenceManager.IRefreshListener
    {
        public void BeforeRefresh() { }

        public void AfterRefresh(bool didRefresh)
        {
            if (didRefresh) Interlocked.Increment(ref store._generation);
        }
    }

    private sealed class StoreSearcherFactory(Similarity similarity) : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new StoreSearcher(reader, similarity);
    }

    /// <summary>
    /// One reader's searcher with what the store derives from that reader: the dense vectors as one matrix, the chunks
    /// deserialised so far and the allowed-document bitsets. It lives and dies with its reader.
    /// </summary>
    internal sealed class StoreSearcher : IndexSearcher
    {
        private readonly LegalChunk?[] _chunks;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, FixedBitSet> _allowed = new(StringComparer.Ordinal);
        private readonly ConditionalWeakTable<FixedBitSet, StrongBox<int>> _allowedCounts = new();

        public VectorMatrix Vectors { get; }

        public StoreSearcher(IndexReader reader, Similarity similarity) : base(reader)
        {
            Similarity = similarity;
            _chunks = new LegalChunk?[reader.MaxDoc];
            Vectors = VectorMatrix.Load(reader, F.Vector);
        }

        /// <summary>The documents a query may see (access scope and filters), computed once per reader and filter.</summary>
        public FixedBitSet Allowed(StoreQuery query)
        {
            var f = query.Filter;
            static string Key(IEnumerable<string>? values) => values is null ? "*" : string.Join("|", values.Order(StringComparer.Ordinal));
            var key = string.Join("§", query.Access.MaxLevel.ToString(), Key(f.LawNumbers?.Select(n => n.Trim().ToUpperInvariant())), Key(f.DocumentIds), Key(f.Types), Key(f.Statuses),
                Key(f.Articles?.Select(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                f.EffectiveArchive.ToString(), string.Join("&", f.ArchiveKeyFilters().Select(k => k.Field + "=" + Key(k.Values))));
            if (_allowed.TryGetValue(key, out var bits)) return bits;
            if (_allowed.Count > 256) _allowed.Clear(); // unusual filter mixes must not grow the cache without bound
            bits = LuceneFilters.AllowedDocs(IndexReader, new QueryWrapperFilter(LuceneFilters.For(query.Access, query.Filter)));
            _allowed[key] = bits;
            return bits;
        }

        /// <summary>
        /// A term's per-segment states on this reader (its document frequency among them), looked up once: every question
        /// seeks its terms in each segment's dictionary, and the same words come back question after question. Bounded
        /// (cleared when full) so an unusual vocabulary cannot grow it without end.
        /// </summary>
        public (Term Term, TermContext States) TermStates(string field, string text)
        {
            if (_termStates.TryGetValue((field, text), out var found)) return found;
            if (_termStates.Count >= MaxCachedTerms) _termStates.Clear();
            var term = new Term(field, text);
            var entry = (term, TermContext.Build(IndexReader.Context, term));
            _termStates[(field, text)] = entry;
            return entry;
        }

        private const int MaxCachedTerms = 100_000;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Field, string Text), (Term, TermContext)> _termStates = new();

        /// <summary>How many documents an allowed bitset of this searcher lets through, counted once per bitset.</summary>
        public int AllowedCount(FixedBitSet allowed) => _allowedCounts.GetValue(allowed, static b => new StrongBox<int>(b.Cardinality)).Value;

        public LegalChunk Chunk(int docId)
        {
            var cached = Volatile.Read(ref _chunks[docId]);
            if (cached is not null) return cached;
            var chunk = JsonSerializer.Deserialize<LegalChunk>(Doc(docId).Get(F.Json), Json)!;
            Volatile.Write(ref _chunks[docId], chunk);
            return chunk;
        }
    }
}
