using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Qdrant.Client.Grpc;
using static Qdrant.Client.Grpc.Conditions;
using Assistant.Access;

namespace Assistant.Retrieval.Storage.Qdrant;

/// <summary>
/// Stable 32-bit ids of the sparse "lexical" vector: FNV-1a over the UTF-8 bytes of "field|term". The same on every
/// run and machine (unlike string.GetHashCode), so vectors written by one process are queried by another.
/// A collision merges two terms into one dimension (values add up): with 2^32 ids and a vocabulary of a few hundred
/// thousand terms this is rare and only blurs the lexical score a little.
/// </summary>
public static class SparseTermIds
{
    public static uint Of(string field, string term)
    {
        uint hash = 2166136261;
        Span<byte> buffer = stackalloc byte[256];
        var text = field + "|" + term;
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var bytes = max <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= 16777619;
        }
        return hash;
    }
}

/// <summary>Deterministic point ids: a UUID version 5 layout over SHA-1 of a kind and a key, so re-indexing overwrites, never duplicates.</summary>
public static class QdrantPointIds
{
    public static Guid ForChunk(string chunkId) => Uuid5("chunk:" + chunkId);
    public static Guid ForSource(string sourceId) => Uuid5("source:" + sourceId);
    public static Guid Manifest { get; } = Uuid5("manifest");

    private static Guid Uuid5(string name)
    {
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16].ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }
}

/// <summary>
/// Everything the Qdrant store sends, built as plain Qdrant.Client.Grpc messages without a server, so that tests can
/// check it: the chunk filter (with the access scope in it, always), the hybrid query, the points and their payload.
/// </summary>
internal static class QdrantRequests
{
    public const string DenseName = "dense";
    public const string SparseName = "lexical";
    public const string KindChunk = "chunk", KindSource = "source", KindManifest = "manifest";
    public const string PKind = "kind", PJson = "json", PSource = "source", PDoc = "doc", PLaw = "law", PNumber = "number",
        PType = "type", PStatus = "status", PSecurity = "security", PArticle = "article", PEffective = "effective";

    /// <summary>Payload fields with a keyword index (every filtered field); <see cref="PArticle"/> has an integer index.</summary>
    public static readonly string[] KeywordIndexes = [PKind, PSource, PDoc, PLaw, PNumber, PType, PStatus, PSecurity, PEffective, ArchiveFieldNames.Corpus, .. ArchiveFieldNames.Keys];

    private static readonly JsonSerializerOptions Json = MetadataResolver.Json;

    /// <summary>The sparse "lexical" vector of a text: the analyzer's index terms, value = term frequency (IDF is applied by the server).</summary>
    public static SparseVector IndexSparseVector(VietnameseAnalyzer analyzer, string text)
    {
        var analyzed = analyzer.AnalyzeForIndex(text);
        var weights = new Dictionary<uint, float>();
        foreach (var field in LexicalFields.All)
            foreach (var term in analyzed.Field(field))
                Accumulate(weights, SparseTermIds.Of(field, term), 1f);
        return ToSparse(weights);
    }

    /// <summary>The sparse query vector: the weighted query terms of the retrieval service, value = weight.</summary>
    public static SparseVector QuerySparseVector(IReadOnlyList<WeightedTerm> terms)
    {
        var weights = new Dictionary<uint, float>();
        foreach (var t in terms) Accumulate(weights, SparseTermIds.Of(t.Field, t.Term), t.Weight);
        return ToSparse(weights);
    }

    private static void Accumulate(Dictionary<uint, float> weights, uint id, float value) =>
        weights[id] = weights.TryGetValue(id, out var existing) ? existing + value : value;

    private static SparseVector ToSparse(Dictionary<uint, float> weights)
    {
        var vector = new SparseVector();
        foreach (var (id, value) in weights.OrderBy(kv => kv.Key))
        {
            vector.Indices.Add(id);
            vector.Values.Add(value);
        }
        return vector;
    }

    /// <summary>The point of one chunk: deterministic id, dense and sparse vectors, the chunk JSON and the flat filter fields.</summary>
    public static PointStruct ChunkPoint(VietnameseAnalyzer analyzer, string sourceId, EmbeddedChunk embedded)
    {
        var c = embedded.Chunk;
        var point = new PointStruct { Id = QdrantPointIds.ForChunk(c.Id), Vectors = new Vectors { Vectors_ = new NamedVectors() } };
        var sparse = IndexSparseVector(analyzer, c.IndexText);
        var named = point.Vectors.Vectors_.Vectors;
        named[SparseName] = new Vector { Sparse = sparse };
        if (embedded.Vector is { Length: > 0 } v) named[DenseName] = new Vector { Dense = new DenseVector { Data = { v } } };

        var p = point.Payload;
        p[PKind] = KindChunk;
        p[PJson] = JsonSerializer.Serialize(c, Json);
        p[PSource] = sourceId;
        p[PDoc] = c.Document.Id;
        // Law numbers are matched case-insensitively ("45/2013/qh13" as people type it): stored and queried upper-cased.
        p[PLaw] = c.Document.LawNumber.ToUpperInvariant();
        p[PNumber] = c.Document.Number.ToUpperInvariant();
        p[PType] = c.Document.Type;
        p[PStatus] = c.Document.Status;
        p[PSecurity] = c.Document.Security.ToString();
        if (c.Article is int article) p[PArticle] = (long)article;
        if (c.Document.Effective is DateOnly effective) p[PEffective] = effective.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (c.Archive is { } archive)
            foreach (var (field, value) in ArchiveFieldNames.For(archive)) p[field] = value;
        return point;
    }

    /// <summary>A payload-only point (no vectors) holding a source record, in the same collection as its chunks.</summary>
    public static PointStruct SourcePoint(SourceRecord source)
    {
        var point = new PointStruct { Id = QdrantPointIds.ForSource(source.SourceId), Vectors = new Vectors { Vectors_ = new NamedVectors() } };
        point.Payload[PKind] = KindSource;
        point.Payload[PSource] = source.SourceId;
        point.Payload[PJson] = JsonSerializer.Serialize(source, Json);
        return point;
    }

    public static PointStruct ManifestPoint(StoreManifest manifest)
    {
        var point = new PointStruct { Id = QdrantPointIds.Manifest, Vectors = new Vectors { Vectors_ = new NamedVectors() } };
        point.Payload[PKind] = KindManifest;
        point.Payload[PJson] = JsonSerializer.Serialize(manifest, Json);
        return point;
    }

    public static Filter KindFilter(string kind) => new() { Must = { MatchKeyword(PKind, kind) } };

    public static Filter SourceFilter(string sourceId, string? kind = null)
    {
        var filter = new Filter { Must = { MatchKeyword(PSource, sourceId) } };
        if (kind is not null) filter.Must.Add(MatchKeyword(PKind, kind));
        return filter;
    }

    /// <summary>
    /// The hybrid query: a sparse prefetch and, with a query vector, a dense prefetch, fused by weighted reciprocal
    /// rank fusion on the server. Every prefetch and the outer query carry <see cref="ChunkFilter"/>.
    /// </summary>
    public static QueryPoints HybridQuery(string collection, StoreQuery query, bool hasDense)
    {
        ArgumentNullException.ThrowIfNull(query.Access);
        var f = query.Fusion;
        ulong depth = (ulong)Math.Max(f.CandidatesPerRanker, query.Top);
        var request = new QueryPoints
        {
            CollectionName = collection,
            Filter = ChunkFilter(query),
            Limit = (ulong)Math.Max(1, query.Top),
            WithPayload = new WithPayloadSelector { Include = new PayloadIncludeSelector { Fields = { PJson } } },
        };
        var rrf = new Rrf { K = (uint)Math.Max(1, f.RrfK) };
        if (query.Terms.Count > 0)
        {
            request.Prefetch.Add(new PrefetchQuery
            {
                Query = new Query { Nearest = new VectorInput { Sparse = QuerySparseVector(query.Terms) } },
                Using = SparseName,
                Filter = ChunkFilter(query),
                Limit = depth,
            });
            rrf.Weights.Add((float)f.LexicalWeight);
        }
        if (hasDense && query.Vector is { Length: > 0 } v)
        {
            request.Prefetch.Add(new PrefetchQuery
            {
                Query = new Query { Nearest = new VectorInput { Dense = new DenseVector { Data = { v } } } },
                Using = DenseName,
                Filter = ChunkFilter(query),
                Limit = depth,
            });
            rrf.Weights.Add((float)f.DenseWeight);
        }
        request.Query = new Query { Rrf = rrf };
        return request;
    }

    /// <summary>The filter of every chunk query: kind = chunk AND the access scope AND the search filters.</summary>
    public static Filter ChunkFilter(StoreQuery query)
    {
        var filter = new Filter { Must = { MatchKeyword(PKind, KindChunk), SecurityCondition(query.Access) } };
        var f = query.Filter ?? SearchFilter.None;
        if (f.LawNumbers is { Count: > 0 })
        {
            var numbers = f.LawNumbers.Select(n => n.Trim().ToUpperInvariant()).ToList();
            filter.Must.Add(Conditions.Filter(new Filter { Should = { Match(PLaw, numbers), Match(PNumber, numbers) } }));
        }
        if (f.DocumentIds is { Count: > 0 }) filter.Must.Add(Match(PDoc, f.DocumentIds.ToList()));
        if (f.Types is { Count: > 0 }) filter.Must.Add(Match(PType, f.Types.ToList()));
        if (f.Statuses is { Count: > 0 }) filter.Must.Add(Match(PStatus, f.Statuses.ToList()));
        if (f.Articles is { Count: > 0 }) filter.Must.Add(Match(PArticle, f.Articles.Select(a => (long)a).ToList()));
        // Legal chunks carry no corpus field, so "not archive" also holds for collections written before the archive existed.
        switch (f.EffectiveArchive)
        {
            case ArchiveSelection.Exclude: filter.MustNot.Add(MatchKeyword(ArchiveFieldNames.Corpus, ArchiveFieldNames.CorpusArchive)); break;
            case ArchiveSelection.Only: filter.Must.Add(MatchKeyword(ArchiveFieldNames.Corpus, ArchiveFieldNames.CorpusArchive)); break;
        }
        foreach (var (field, values) in f.ArchiveKeyFilters()) filter.Must.Add(Match(field, values.ToList()));
        return filter;
    }

    /// <summary>The access scope: security in the allowed levels. The one place it is built; <see cref="ChunkFilter"/> always adds it.</summary>
    private static Condition SecurityCondition(AccessScope access)
    {
        ArgumentNullException.ThrowIfNull(access);
        var allowed = access.Allowed.Select(l => l.ToString()).ToList();
        // An empty list would match nothing in Qdrant; keep that meaning explicit.
        if (allowed.Count == 0) allowed.Add("\u0000none");
        return Match(PSecurity, allowed);
    }
}
