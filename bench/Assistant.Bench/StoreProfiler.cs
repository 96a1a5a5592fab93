using Assistant.Retrieval.Storage.Embedded;
using System.Diagnostics;
using System.Text.Json;
using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Storage;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneDirectory = Lucene.Net.Store.Directory;
using Assistant.Vietnamese;
using Assistant.Access;

namespace Assistant.Bench;

/// <summary>Per-stage timings of one store search, in milliseconds.</summary>
public sealed class StageSamples
{
    public List<double> BuildQuery { get; } = [];
    public List<double> Weight { get; } = [];
    public List<double> LexicalFiltered { get; } = [];
    public List<double> LexicalUnfiltered { get; } = [];
    public List<double> LexicalBitsFilter { get; } = [];
    public List<double> LexicalCollector { get; } = [];
    public List<double> LexicalTopK { get; } = [];
    public List<double> LexicalDfCut { get; } = [];
    public List<double> FilterBitset { get; } = [];
    public List<double> DenseScan { get; } = [];
    public List<double> DenseScanParallel { get; } = [];
    public List<double> LoadFused { get; } = [];
    public List<double> LoadTop { get; } = [];
    public List<double> Terms { get; } = [];
    public List<double> FusedCandidates { get; } = [];
    public List<double> PrunedOverlapAt10 { get; } = [];
    public List<double> DfCutOverlapAt10 { get; } = [];
    public List<double> CollectorOverlapAt10 { get; } = [];
    public List<double> GcPause { get; } = [];
}

/// <summary>
/// A stage-by-stage replica of <c>LuceneChunkStore.SearchAsync</c> run with Lucene directly on the same index folder,
/// to see what dominates a search: query building, weight creation (term dictionary seeks), BM25 scoring under the
/// QueryWrapperFilter, the per-query filter bitset, the dense scan, and loading + deserialising the fused candidates'
/// stored JSON. It also times the candidate fixes (a cached random-access filter, pruned query terms, a parallel dense
/// scan) on the same queries. It reads the index through the store's own field names, access filter, vector matrix and
/// fusion (<see cref="LuceneFields"/>, <see cref="LuceneFilters"/>, <see cref="VectorMatrix"/>, <see cref="RankFusion"/>).
/// </summary>
public sealed class StoreProfiler : IDisposable
{
    private readonly LuceneDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly VectorMatrix _vectors;

    public int Segments => _reader.Leaves.Count;
    /// <summary>What FSDirectory.Open (as used by the store) chose on this platform.</summary>
    public string DirectoryKind { get; }
    public int MaxDoc => _reader.MaxDoc;
    public double MatrixLoadMs { get; }

    public StoreProfiler(string path, bool nio = false)
    {
        // The replicas build queries as long as the store's: Lucene must accept as many clauses as the store does.
        LuceneClauseLimit.EnsureAtLeast(LuceneClauseLimit.Default);
        _directory = nio ? new NIOFSDirectory(new DirectoryInfo(path)) : FSDirectory.Open(new DirectoryInfo(path));
        DirectoryKind = _directory.GetType().Name;
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity(1.2f, 0.75f) };
        var start = Stopwatch.GetTimestamp();
        _vectors = VectorMatrix.Load(_reader, LuceneFields.Vector);
        MatrixLoadMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>
    /// Runs every query once through every stage and collects the timings: thread CPU time where available (a stage
    /// runs on one thread, so this is immune to other processes sharing the cores), wall clock for the parallel scan.
    /// </summary>
    public StageSamples Profile(IReadOnlyList<StoreQuery> queries, int maxClausesPruned, double maxDfRatio)
    {
        var s = new StageSamples();
        // The "fixed" filter: built once per reader and access scope, then reused; it exposes Bits, so Lucene can
        // apply it as acceptDocs (random access) instead of leap-frogging a QueryWrapperFilter iterator.
        var bitsStart = Clock();
        var cachedFilter = new CachedBitsFilter(_reader, new QueryWrapperFilter(FilterQuery(queries[0].Access)));
        CachedFilterBuildMs = Since(bitsStart);

        var pauseBefore = GC.GetTotalPauseDuration();
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        foreach (var query in queries)
        {
            var pause = GC.GetTotalPauseDuration();
            int depth = Math.Max(query.Fusion.CandidatesPerRanker, query.Top);
            var t = Clock();
            var bq = new BooleanQuery();
            foreach (var term in query.Terms.Take(LuceneClauseLimit.Default))
                bq.Add(new TermQuery(new Term(term.Field, term.Term)) { Boost = term.Weight }, Occur.SHOULD);
            var filter = new QueryWrapperFilter(FilterQuery(query.Access));
            s.BuildQuery.Add(Since(t));
            s.Terms.Add(query.Terms.Count);

            t = Clock();
            _searcher.CreateNormalizedWeight(new FilteredQuery(bq, filter));
            s.Weight.Add(Since(t));

            t = Clock();
            var lexical = _searcher.Search(bq, filter, depth).ScoreDocs.Select(d => d.Doc).ToList();
            s.LexicalFiltered.Add(Since(t));

            t = Clock();
            _searcher.Search(bq, depth);
            s.LexicalUnfiltered.Add(Since(t));

            t = Clock();
            _searcher.Search(bq, cachedFilter, depth);
            s.LexicalBitsFilter.Add(Since(t));

            // The access filter applied in the collector (cached bitset): the query stays a pure disjunction, so
            // Lucene keeps its fast out-of-order BooleanScorer; the result is the same set as the filtered search.
            t = Clock();
            var collected = SearchCollecting(bq, cachedFilter.Global, depth);
            s.LexicalCollector.Add(Since(t));
            s.CollectorOverlapAt10.Add(Overlap(lexical, collected));

            // Pruned queries (docFreq lookups included), collector-filtered: (a) the clauses with the most
            // weight × idf; (b) without the clauses whose term is in more than maxDfRatio of the chunks.
            t = Clock();
            var topK = SearchCollecting(Prune(query, maxClausesPruned, 1.0), cachedFilter.Global, depth);
            s.LexicalTopK.Add(Since(t));
            s.PrunedOverlapAt10.Add(Overlap(lexical, topK));

            t = Clock();
            var dfCut = SearchCollecting(Prune(query, int.MaxValue, maxDfRatio), cachedFilter.Global, depth);
            s.LexicalDfCut.Add(Since(t));
            s.DfCutOverlapAt10.Add(Overlap(lexical, dfCut));

            var dense = new List<int>();
            if (query.Vector is { Length: > 0 } qv && qv.Length == _vectors.Dimensions)
            {
                t = Clock();
                var allowed = LuceneFilters.AllowedDocs(_reader, filter);
                s.FilterBitset.Add(Since(t));

                t = Clock();
                dense = _vectors.TopK(qv, allowed, depth, parallelism: 1);
                s.DenseScan.Add(Since(t));

                var wall = Stopwatch.GetTimestamp();
                _vectors.TopK(qv, cachedFilter.Global, depth, parallelism: Environment.ProcessorCount);
                s.DenseScanParallel.Add(Stopwatch.GetElapsedTime(wall).TotalMilliseconds);
            }

            // The store materialises every fused candidate (up to lexical + dense depth) before taking Top.
            var fused = lexical.Concat(dense).Distinct().ToList();
            s.FusedCandidates.Add(fused.Count);
            t = Clock();
            foreach (var doc in fused) Load(doc);
            s.LoadFused.Add(Since(t));
            t = Clock();
            foreach (var doc in fused.Take(query.Top)) Load(doc);
            s.LoadTop.Add(Since(t));
            s.GcPause.Add((GC.GetTotalPauseDuration() - pause).TotalMilliseconds);
        }
        TotalGcPauseMs = (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds;
        Collections = $"{GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2}";
        var eph = GC.GetGCMemoryInfo(GCKind.Ephemeral);
        LastEphemeralGc = $"gen{eph.Generation} pause {eph.PauseDurations[0].TotalMilliseconds:0.0} ms, promoted {eph.PromotedBytes / 1024.0 / 1024.0:0.0} MB, pinned {eph.PinnedObjectsCount}, heap {eph.HeapSizeBytes / 1024.0 / 1024.0:0} MB, gen0 size {eph.GenerationInfo[0].SizeAfterBytes / 1024.0 / 1024.0:0.0} MB, finalization pending {eph.FinalizationPendingCount}, pause time % {eph.PauseTimePercentage:0.0}";
        return s;
    }

    public double CachedFilterBuildMs { get; private set; }
    public double TotalGcPauseMs { get; private set; }
    public string Collections { get; private set; } = "";
    public string LastEphemeralGc { get; private set; } = "";

    private List<int> SearchCollecting(Query query, FixedBitSet allowed, int depth)
    {
        var top = TopScoreDocCollector.Create(depth, docsScoredInOrder: false);
        _searcher.Search(query, new AllowedDocsCollector(top, allowed));
        return top.GetTopDocs().ScoreDocs.Select(d => d.Doc).ToList();
    }

    /// <summary>Whether stage timings are thread CPU time (else wall clock).</summary>
    public static bool CpuTimed => ThreadCpu.Available;

    private static double Clock() => CpuTimed ? ThreadCpu.NowMs() : Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;

    private static double Since(double start) => Clock() - start;

    private static double Overlap(List<int> reference, List<int> other) =>
        reference.Count == 0 ? 1 : reference.Take(10).Intersect(other.Take(10)).Count() / (double)Math.Min(10, reference.Count);

    private LegalChunk Load(int doc) => JsonSerializer.Deserialize<LegalChunk>(_searcher.Doc(doc).Get(LuceneFields.Json), MetadataResolver.Json)!;

    private BooleanQuery Prune(StoreQuery query, int maxClauses, double maxDfRatio)
    {
        int n = Math.Max(1, _reader.NumDocs);
        var scored = query.Terms
            .Select(term =>
            {
                int df = _reader.DocFreq(new Term(term.Field, term.Term));
                double idf = Math.Log(1 + (n - df + 0.5) / (df + 0.5));
                return (term, df, score: term.Weight * idf);
            })
            .Where(x => x.df > 0)
            .OrderByDescending(x => x.score)
            .ToList();
        // Never prune a query down to nothing: keep at least the 8 best clauses.
        var kept = scored.Where((x, i) => i < 8 || x.df <= maxDfRatio * n).Take(maxClauses);
        var bq = new BooleanQuery();
        foreach (var (term, _, _) in kept)
            bq.Add(new TermQuery(new Term(term.Field, term.Term)) { Boost = term.Weight }, Occur.SHOULD);
        return bq;
    }

    /// <summary>A variant of the proposed store search (see <see cref="MeasureProposed"/>).</summary>
    public sealed record Proposal(string Name, bool DropFoldedTwins, int MaxClauses, bool Parallel = false);

    /// <summary>
    /// The whole search as proposed for LuceneChunkStore, end to end per query: access bitset cached per reader and
    /// applied in the collector (out-of-order BooleanScorer), the same bitset reused by the dense scan, optional clause
    /// pruning, weighted RRF, and only the Top candidates loaded from stored fields (no chunk cache: conservative).
    /// Returns wall and thread-CPU latency, and the top-10 overlap of the lexical ranking with the store's.
    /// </summary>
    public (LatencyStats Wall, LatencyStats Cpu, double OverlapAt10, double GcPauseMs) MeasureProposed(IReadOnlyList<StoreQuery> queries, Proposal proposal)
    {
        var cached = new CachedBitsFilter(_reader, new QueryWrapperFilter(FilterQuery(queries[0].Access)));
        var baseline = queries.Select(q =>
        {
            var bq = new BooleanQuery();
            foreach (var term in q.Terms.Take(LuceneClauseLimit.Default))
                bq.Add(new TermQuery(new Term(term.Field, term.Term)) { Boost = term.Weight }, Occur.SHOULD);
            return _searcher.Search(bq, new QueryWrapperFilter(FilterQuery(q.Access)), Math.Max(q.Fusion.CandidatesPerRanker, q.Top)).ScoreDocs.Select(d => d.Doc).ToList();
        }).ToList();
        foreach (var q in queries.Take(20)) Proposed(q, proposal, cached);   // JIT warm-up
        Bench.Settle();
        var pause = GC.GetTotalPauseDuration();
        var wall = new List<double>(queries.Count);
        var cpu = new List<double>(queries.Count);
        var overlap = new List<double>(queries.Count);
        for (int i = 0; i < queries.Count; i++)
        {
            var c = ThreadCpu.NowMs();
            var w = Stopwatch.GetTimestamp();
            var lexical = Proposed(queries[i], proposal, cached);
            wall.Add(Stopwatch.GetElapsedTime(w).TotalMilliseconds);
            // The calling thread's CPU time says nothing about work done on other threads.
            cpu.Add(proposal.Parallel ? double.NaN : ThreadCpu.NowMs() - c);
            overlap.Add(Overlap(baseline[i], lexical));
        }
        return (LatencyStats.From(wall), LatencyStats.From(cpu), overlap.Average(), (GC.GetTotalPauseDuration() - pause).TotalMilliseconds / queries.Count);
    }

    private List<int> Proposed(StoreQuery query, Proposal proposal, CachedBitsFilter cached)
    {
        int depth = Math.Max(query.Fusion.CandidatesPerRanker, query.Top);
        IEnumerable<WeightedTerm> terms = query.Terms;
        if (proposal.DropFoldedTwins && terms.Any(t => t.Field == LexicalFields.Unigram))
        {
            // An accented query carries each syllable twice (accented and folded): keep the folded clause only when
            // no accented clause folds to it (e.g. a synonym typed without marks).
            var accented = terms.Where(t => t.Field is LexicalFields.Unigram or LexicalFields.Bigram)
                .Select(t => (t.Field == LexicalFields.Unigram ? LexicalFields.FoldedUnigram : LexicalFields.FoldedBigram, VietnameseText.Fold(t.Term)))
                .ToHashSet();
            terms = terms.Where(t => !accented.Contains((t.Field, t.Term))).ToList();
        }
        var bq = proposal.MaxClauses < int.MaxValue
            ? Prune(query with { Terms = terms.ToList() }, proposal.MaxClauses, 1.0)
            : Build(terms);
        var lexical = proposal.Parallel ? SearchCollectingParallel(bq, cached.Global, depth) : SearchCollecting(bq, cached.Global, depth);
        var dense = query.Vector is not { Length: > 0 } qv || qv.Length != _vectors.Dimensions ? []
            : _vectors.TopK(qv, cached.Global, depth, parallelism: proposal.Parallel ? Environment.ProcessorCount : 1);
        foreach (var candidate in RankFusion.Fuse(lexical, dense, query.Fusion, query.Top)) Load(candidate.Doc);
        return lexical;
    }

    private static BooleanQuery Build(IEnumerable<WeightedTerm> terms)
    {
        var bq = new BooleanQuery();
        foreach (var term in terms.Take(LuceneClauseLimit.Default))
            bq.Add(new TermQuery(new Term(term.Field, term.Term)) { Boost = term.Weight }, Occur.SHOULD);
        return bq;
    }

    /// <summary>The store's lexical search (QueryWrapperFilter) run over each Lucene directory implementation.</summary>
    public static IReadOnlyList<(string Kind, LatencyStats Cpu, double GcPauseMs, int Gen0)> CompareDirectories(string path, IReadOnlyList<StoreQuery> queries)
    {
        LuceneClauseLimit.EnsureAtLeast(LuceneClauseLimit.Default);
        var result = new List<(string, LatencyStats, double, int)>();
        var kinds = new (string Name, Func<DirectoryInfo, LuceneDirectory> Open)[]
        {
            ("MMapDirectory", d => new MMapDirectory(d)),
            ("NIOFSDirectory", d => new NIOFSDirectory(d)),
            ("SimpleFSDirectory", d => new SimpleFSDirectory(d)),
        };
        foreach (var (name, open) in kinds)
        {
            using var dir = open(new DirectoryInfo(path));
            using var reader = DirectoryReader.Open(dir);
            var searcher = new IndexSearcher(reader) { Similarity = new BM25Similarity(1.2f, 0.75f) };
            void Run(StoreQuery q)
            {
                var bq = new BooleanQuery();
                foreach (var term in q.Terms.Take(LuceneClauseLimit.Default))
                    bq.Add(new TermQuery(new Term(term.Field, term.Term)) { Boost = term.Weight }, Occur.SHOULD);
                searcher.Search(bq, new QueryWrapperFilter(FilterQuery(q.Access)), Math.Max(q.Fusion.CandidatesPerRanker, q.Top));
            }
            foreach (var q in queries.Take(20)) Run(q);
            // Start each from a clean heap: finalizable garbage left by earlier work would be billed to this one.
            Bench.Settle();
            var pause = GC.GetTotalPauseDuration();
            int gen0 = GC.CollectionCount(0);
            var samples = new List<double>(queries.Count);
            foreach (var q in queries)
            {
                var t = Clock();
                Run(q);
                samples.Add(Since(t));
            }
            result.Add((name, LatencyStats.From(samples), (GC.GetTotalPauseDuration() - pause).TotalMilliseconds, GC.CollectionCount(0) - gen0));
        }
        return result;
    }

    /// <summary>The store's access filter with no metadata filter.</summary>
    private static Query FilterQuery(AccessScope access) => LuceneFilters.For(access, SearchFilter.None);

    /// <summary>
    /// The collector-filtered search with each segment scored on its own thread (one weight, so scores are comparable),
    /// then the per-segment top lists merged.
    /// </summary>
    private List<int> SearchCollectingParallel(Query query, FixedBitSet allowed, int depth)
    {
        var weight = _searcher.CreateNormalizedWeight(query);
        var leaves = _reader.Leaves;
        var partial = new TopDocs[leaves.Count];
        Parallel.For(0, leaves.Count, i =>
        {
            var leaf = leaves[i];
            var top = TopScoreDocCollector.Create(depth, docsScoredInOrder: false);
            var collector = new AllowedDocsCollector(top, allowed);
            collector.SetNextReader(leaf);
            weight.GetBulkScorer(leaf, !collector.AcceptsDocsOutOfOrder, leaf.AtomicReader.LiveDocs)?.Score(collector);
            partial[i] = top.GetTopDocs();
        });
        return TopDocs.Merge(null, depth, partial).ScoreDocs.Select(d => d.Doc).ToList();
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }

    /// <summary>Passes on only the documents of a global bitset (the access scope), in any order.</summary>
    /// <summary>A filter evaluated once per reader into one bitset per segment (FixedBitSet exposes Bits: random access).</summary>
    private sealed class CachedBitsFilter : Filter
    {
        private readonly FixedBitSet[] _perLeaf;
        public FixedBitSet Global { get; }

        public CachedBitsFilter(DirectoryReader reader, Filter inner)
        {
            _perLeaf = new FixedBitSet[reader.Leaves.Count];
            Global = new FixedBitSet(reader.MaxDoc);
            foreach (var leaf in reader.Leaves)
            {
                var bits = new FixedBitSet(leaf.AtomicReader.MaxDoc);
                var it = inner.GetDocIdSet(leaf, leaf.AtomicReader.LiveDocs)?.GetIterator();
                if (it is not null)
                    for (int d = it.NextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = it.NextDoc())
                    {
                        bits.Set(d);
                        Global.Set(leaf.DocBase + d);
                    }
                _perLeaf[leaf.Ord] = bits;
            }
        }

        public override DocIdSet GetDocIdSet(AtomicReaderContext context, IBits acceptDocs) =>
            BitsFilteredDocIdSet.Wrap(_perLeaf[context.Ord], acceptDocs);
    }
}
