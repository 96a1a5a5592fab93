using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Storage;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Assistant.Bench;

/// <summary>Per-stage timings of one store search, in milliseconds.</summary>
public sealed class StageSamples
{
    public List<double> BuildQuery { get; } = [];
    public List<double> Weight { get; } = [];
    public List<double> LexicalFiltered { get; } = [];
    public List<double> LexicalUnfiltered { get; } = [];
    public List<double> LexicalBitsFilter { get; } = [];
    public List<double> LexicalPruned { get; } = [];
    public List<double> LexicalPrunedBits { get; } = [];
    public List<double> FilterBitset { get; } = [];
    public List<double> DenseScan { get; } = [];
    public List<double> DenseScanParallel { get; } = [];
    public List<double> LoadFused { get; } = [];
    public List<double> LoadTop { get; } = [];
    public List<double> Terms { get; } = [];
    public List<double> FusedCandidates { get; } = [];
    public List<double> PrunedOverlapAt10 { get; } = [];
}

/// <summary>
/// A stage-by-stage replica of <c>LuceneChunkStore.SearchAsync</c> run with Lucene directly on the same index folder,
/// to see what dominates a search: query building, weight creation (term dictionary seeks), BM25 scoring under the
/// QueryWrapperFilter, the per-query filter bitset, the dense scan, and loading + deserialising the fused candidates'
/// stored JSON. It also times the candidate fixes (a cached random-access filter, pruned query terms, a parallel dense
/// scan) on the same queries. Field names mirror the store's private constants ("kind", "security", "json", "vec").
/// </summary>
public sealed class StoreProfiler : IDisposable
{
    private const string FKind = "kind", FSecurity = "security", FJson = "json", FVector = "vec", KindChunk = "chunk";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly LuceneDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly float[] _matrix;
    private readonly bool[] _hasVector;
    private readonly int _dims;

    public int Segments => _reader.Leaves.Count;
    public int MaxDoc => _reader.MaxDoc;
    public double MatrixLoadMs { get; }

    public StoreProfiler(string path)
    {
        _directory = FSDirectory.Open(new DirectoryInfo(path));
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity(1.2f, 0.75f) };
        var start = Stopwatch.GetTimestamp();
        _hasVector = new bool[_reader.MaxDoc];
        var bytes = new BytesRef();
        foreach (var leaf in _reader.Leaves)
        {
            var values = leaf.AtomicReader.GetBinaryDocValues(FVector);
            if (values is null) continue;
            for (int d = 0; d < leaf.AtomicReader.MaxDoc && _dims == 0; d++)
            {
                values.Get(d, bytes);
                _dims = bytes.Length / sizeof(float);
            }
        }
        _matrix = new float[(long)_reader.MaxDoc * _dims];
        if (_dims > 0)
            foreach (var leaf in _reader.Leaves)
            {
                var values = leaf.AtomicReader.GetBinaryDocValues(FVector);
                if (values is null) continue;
                for (int d = 0; d < leaf.AtomicReader.MaxDoc; d++)
                {
                    values.Get(d, bytes);
                    if (bytes.Length != _dims * sizeof(float)) continue;
                    int g = leaf.DocBase + d;
                    bytes.Bytes.AsSpan(bytes.Offset, bytes.Length).CopyTo(MemoryMarshal.AsBytes(_matrix.AsSpan(g * _dims, _dims)));
                    _hasVector[g] = true;
                }
            }
        MatrixLoadMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>Runs every query once through every stage and collects the timings.</summary>
    public StageSamples Profile(IReadOnlyList<StoreQuery> queries, int maxClausesPruned)
    {
        var s = new StageSamples();
        // The "fixed" filter: built once per reader and access scope, then reused; it exposes Bits, so Lucene can
        // apply it as acceptDocs (random access) instead of leap-frogging a QueryWrapperFilter iterator.
        var bitsStart = Stopwatch.GetTimestamp();
        var cachedFilter = new CachedBitsFilter(_reader, new QueryWrapperFilter(FilterQuery(queries[0].Access)));
        CachedFilterBuildMs = Stopwatch.GetElapsedTime(bitsStart).TotalMilliseconds;

        foreach (var query in queries)
        {
            int depth = Math.Max(query.Fusion.CandidatesPerRanker, query.Top);
            var t = Stopwatch.GetTimestamp();
            var bq = new BooleanQuery();
            foreach (var term in query.Terms.Take(BooleanQuery.MaxClauseCount))
                bq.Add(new TermQuery(new Term(term.Field, term.Term)) { Boost = term.Weight }, Occur.SHOULD);
            var filter = new QueryWrapperFilter(FilterQuery(query.Access));
            s.BuildQuery.Add(Ms(t));
            s.Terms.Add(query.Terms.Count);

            t = Stopwatch.GetTimestamp();
            _searcher.CreateNormalizedWeight(new FilteredQuery(bq, filter));
            s.Weight.Add(Ms(t));

            t = Stopwatch.GetTimestamp();
            var lexical = _searcher.Search(bq, filter, depth).ScoreDocs.Select(d => d.Doc).ToList();
            s.LexicalFiltered.Add(Ms(t));

            t = Stopwatch.GetTimestamp();
            _searcher.Search(bq, depth);
            s.LexicalUnfiltered.Add(Ms(t));

            t = Stopwatch.GetTimestamp();
            _searcher.Search(bq, cachedFilter, depth);
            s.LexicalBitsFilter.Add(Ms(t));

            // Pruned query: the clauses that carry the most weight × idf, looked up in the term dictionary.
            t = Stopwatch.GetTimestamp();
            var pruned = Prune(query, maxClausesPruned);
            var pruneTop = _searcher.Search(pruned, filter, depth).ScoreDocs.Select(d => d.Doc).ToList();
            s.LexicalPruned.Add(Ms(t));
            s.PrunedOverlapAt10.Add(lexical.Count == 0 ? 1 : lexical.Take(10).Intersect(pruneTop.Take(10)).Count() / (double)Math.Min(10, lexical.Count));

            t = Stopwatch.GetTimestamp();
            _searcher.Search(Prune(query, maxClausesPruned), cachedFilter, depth);
            s.LexicalPrunedBits.Add(Ms(t));

            var dense = new List<int>();
            if (query.Vector is { Length: > 0 } qv && qv.Length == _dims)
            {
                t = Stopwatch.GetTimestamp();
                var allowed = AllowedDocs(filter);
                s.FilterBitset.Add(Ms(t));

                t = Stopwatch.GetTimestamp();
                dense = TopDense(qv, allowed, depth, 0, _reader.MaxDoc);
                s.DenseScan.Add(Ms(t));

                t = Stopwatch.GetTimestamp();
                TopDenseParallel(qv, cachedFilter.Global, depth);
                s.DenseScanParallel.Add(Ms(t));
            }

            // The store materialises every fused candidate (up to lexical + dense depth) before taking Top.
            var fused = lexical.Concat(dense).Distinct().ToList();
            s.FusedCandidates.Add(fused.Count);
            t = Stopwatch.GetTimestamp();
            foreach (var doc in fused) Load(doc);
            s.LoadFused.Add(Ms(t));
            t = Stopwatch.GetTimestamp();
            foreach (var doc in fused.Take(query.Top)) Load(doc);
            s.LoadTop.Add(Ms(t));
        }
        return s;
    }

    public double CachedFilterBuildMs { get; private set; }

    private static double Ms(long start) => Stopwatch.GetElapsedTime(start).TotalMilliseconds;

    private LegalChunk Load(int doc) => JsonSerializer.Deserialize<LegalChunk>(_searcher.Doc(doc).Get(FJson), Json)!;

    private BooleanQuery Prune(StoreQuery query, int maxClauses)
    {
        int n = Math.Max(1, _reader.NumDocs);
        var kept = query.Terms
            .Select(term =>
            {
                int df = _reader.DocFreq(new Term(term.Field, term.Term));
                double idf = Math.Log(1 + (n - df + 0.5) / (df + 0.5));
                return (term, df, score: term.Weight * idf);
            })
            .Where(x => x.df > 0)
            .OrderByDescending(x => x.score)
            .Take(maxClauses);
        var bq = new BooleanQuery();
        foreach (var (term, _, _) in kept)
            bq.Add(new TermQuery(new Term(term.Field, term.Term)) { Boost = term.Weight }, Occur.SHOULD);
        return bq;
    }

    private static Query FilterQuery(AccessScope access)
    {
        var filter = new BooleanQuery { { new TermQuery(new Term(FKind, KindChunk)), Occur.MUST } };
        var levels = new BooleanQuery();
        foreach (var level in access.Allowed) levels.Add(new TermQuery(new Term(FSecurity, level.ToString())), Occur.SHOULD);
        filter.Add(levels, Occur.MUST);
        return filter;
    }

    private FixedBitSet AllowedDocs(Filter filter)
    {
        var bits = new FixedBitSet(_reader.MaxDoc);
        foreach (var leaf in _reader.Leaves)
        {
            var it = filter.GetDocIdSet(leaf, leaf.AtomicReader.LiveDocs)?.GetIterator();
            if (it is null) continue;
            for (int doc = it.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.NextDoc())
                bits.Set(leaf.DocBase + doc);
        }
        return bits;
    }

    private List<int> TopDense(float[] query, FixedBitSet allowed, int k, int from, int to)
    {
        var heap = new PriorityQueue<int, float>(k + 1);
        for (int doc = from < allowed.Length ? allowed.NextSetBit(from) : -1; doc >= 0 && doc < to; doc = doc + 1 < allowed.Length ? allowed.NextSetBit(doc + 1) : -1)
        {
            if (!_hasVector[doc]) continue;
            float score = System.Numerics.Tensors.TensorPrimitives.Dot(query, _matrix.AsSpan(doc * _dims, _dims));
            if (heap.Count < k) heap.Enqueue(doc, score);
            else if (heap.TryPeek(out _, out var min) && score > min) heap.EnqueueDequeue(doc, score);
        }
        var result = new List<int>(heap.Count);
        while (heap.TryDequeue(out var doc, out _)) result.Add(doc);
        result.Reverse();
        return result;
    }

    private void TopDenseParallel(float[] query, FixedBitSet allowed, int k)
    {
        int parts = Environment.ProcessorCount;
        int size = (_reader.MaxDoc + parts - 1) / parts;
        var partial = new List<int>[parts];
        Parallel.For(0, parts, p => partial[p] = TopDense(query, allowed, k, p * size, Math.Min(_reader.MaxDoc, (p + 1) * size)));
        // The merge is a few hundred items: negligible next to the scan.
        _ = partial.SelectMany(x => x).Take(k).Count();
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }

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
