using System.Text.Json;
using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Storage;
using Assistant.Retrieval.Storage.Qdrant;
using Qdrant.Client.Grpc;
using static Assistant.Retrieval.Tests.Storage.Contract.ContractCorpus;
using Assistant.Vietnamese;
using Assistant.Access;

namespace Assistant.Retrieval.Tests.Storage.Contract;

/// <summary>What the Qdrant store sends, checked without a server: the requests are built by pure functions.</summary>
public class QdrantRequestBuildingTests
{
    private static StoreQuery Query(AccessScope access, SearchFilter? filter = null, float[]? vector = null) => new()
    {
        Access = access,
        Terms = RepoPaths.NewAnalyzer().AnalyzeQuery("điều kiện tách thửa đất"),
        Vector = vector,
        Filter = filter ?? SearchFilter.None,
        Top = 7,
    };

    /// <summary>The keywords of the "security" match condition among a filter's MUST conditions (exactly one such condition).</summary>
    private static List<string> SecurityKeywords(Filter filter)
    {
        var condition = Assert.Single(filter.Must, c => c.Field?.Key == "security");
        return condition.Field.Match.Keywords.Strings.ToList();
    }

    [Theory]
    [InlineData(SecurityLevel.Public, new[] { "Public" })]
    [InlineData(SecurityLevel.Internal, new[] { "Public", "Internal" })]
    [InlineData(SecurityLevel.Confidential, new[] { "Public", "Internal", "Confidential" })]
    public void Every_prefetch_and_the_outer_query_carry_the_access_scope(SecurityLevel level, string[] allowed)
    {
        var request = QdrantRequests.HybridQuery("legal_chunks", Query(new AccessScope(level), vector: [1f, 0f, 0f, 0f]), hasDense: true);
        Assert.Equal(2, request.Prefetch.Count);
        Assert.Equal(["lexical", "dense"], request.Prefetch.Select(p => p.Using));
        foreach (var prefetch in request.Prefetch)
        {
            Assert.Equal(allowed, SecurityKeywords(prefetch.Filter));
            Assert.Contains(prefetch.Filter.Must, c => c.Field?.Key == "kind" && c.Field.Match.Keyword == "chunk");
        }
        Assert.Equal(allowed, SecurityKeywords(request.Filter));
    }

    [Fact]
    public void The_access_scope_cannot_be_dropped_even_without_filters_or_vector()
    {
        var query = Query(AccessScope.Public) with { Filter = SearchFilter.None };
        var request = QdrantRequests.HybridQuery("legal_chunks", query, hasDense: false);
        var prefetch = Assert.Single(request.Prefetch);
        Assert.Equal(["Public"], SecurityKeywords(prefetch.Filter));
        Assert.Equal(["Public"], SecurityKeywords(QdrantRequests.ChunkFilter(query)));
        // A dense vector but a collection without dense vectors: still one filtered prefetch.
        var noDense = QdrantRequests.HybridQuery("legal_chunks", query with { Vector = [1f, 0f] }, hasDense: false);
        Assert.Equal(["Public"], SecurityKeywords(Assert.Single(noDense.Prefetch).Filter));
        // No way to build a query without a scope.
        Assert.Throws<ArgumentNullException>(() => QdrantRequests.HybridQuery("c", query with { Access = null! }, hasDense: false));
    }

    [Fact]
    public void Search_filters_are_applied_in_every_prefetch_next_to_the_scope()
    {
        var filter = new SearchFilter { LawNumbers = ["31/2024/qh15"], Types = ["Luật"], Statuses = ["in-force"], Articles = [220] };
        var request = QdrantRequests.HybridQuery("legal_chunks", Query(AccessScope.Internal, filter, [0f, 1f, 0f, 0f]), hasDense: true);
        foreach (var prefetch in request.Prefetch)
        {
            var must = prefetch.Filter.Must;
            Assert.Equal(["Public", "Internal"], SecurityKeywords(prefetch.Filter));
            var law = Assert.Single(must, c => c.ConditionOneOfCase == Condition.ConditionOneOfOneofCase.Filter).Filter;
            Assert.All(law.Should, c => Assert.Equal(["31/2024/QH15"], c.Field.Match.Keywords.Strings));
            Assert.Equal(["law", "number"], law.Should.Select(c => c.Field.Key));
            Assert.Contains(must, c => c.Field?.Key == "type" && c.Field.Match.Keywords.Strings.SequenceEqual(["Luật"]));
            Assert.Contains(must, c => c.Field?.Key == "status" && c.Field.Match.Keywords.Strings.SequenceEqual(["in-force"]));
            Assert.Contains(must, c => c.Field?.Key == "article" && c.Field.Match.Integers.Integers.SequenceEqual([220L]));
        }
    }

    [Fact]
    public void Rrf_fusion_is_requested_with_the_configured_weights()
    {
        var query = Query(AccessScope.Public, vector: [1f, 0f, 0f, 0f]) with { Fusion = new FusionOptions(1.0, 0.05, 60, 100) };
        var request = QdrantRequests.HybridQuery("legal_chunks", query, hasDense: true);
        Assert.Equal(global::Qdrant.Client.Grpc.Query.VariantOneofCase.Rrf, request.Query.VariantCase);
        Assert.Equal(60u, request.Query.Rrf.K);
        Assert.Equal([1.0f, 0.05f], request.Query.Rrf.Weights);
        Assert.Equal(7ul, request.Limit);
        Assert.All(request.Prefetch, p => Assert.Equal(100ul, p.Limit));
        Assert.Equal("legal_chunks", request.CollectionName);
        var sparse = request.Prefetch[0].Query.Nearest.Sparse;
        Assert.NotEmpty(sparse.Indices);
        Assert.Equal(sparse.Indices.Count, sparse.Values.Count);
        Assert.Equal(sparse.Indices.Count, sparse.Indices.Distinct().Count());
        Assert.Equal([1f, 0f, 0f, 0f], request.Prefetch[1].Query.Nearest.Dense.Data);
    }

    [Fact]
    public void Sparse_term_ids_are_stable_fnv1a_hashes()
    {
        // FNV-1a 32-bit over UTF-8 "field|term": the same on every run and machine.
        Assert.Equal(1580239503u, SparseTermIds.Of(LexicalFields.FoldedUnigram, "dat"));
        Assert.Equal(2150977429u, SparseTermIds.Of(LexicalFields.Unigram, "đất"));
        Assert.Equal(SparseTermIds.Of("b", "tách_thửa"), SparseTermIds.Of("b", "tách_thửa"));
        Assert.NotEqual(SparseTermIds.Of("u", "dat"), SparseTermIds.Of("uf", "dat"));

        // Index and query sides use the same ids for the same analyzer terms.
        var analyzer = RepoPaths.NewAnalyzer();
        var doc = QdrantRequests.IndexSparseVector(analyzer, "tách thửa đất");
        var query = QdrantRequests.QuerySparseVector(analyzer.AnalyzeQuery("tách thửa đất"));
        Assert.Subset(doc.Indices.ToHashSet(), query.Indices.ToHashSet());
        Assert.Equal(doc.Indices, QdrantRequests.IndexSparseVector(analyzer, "tách thửa đất").Indices);
        // Values are term frequencies on the index side.
        var twice = QdrantRequests.IndexSparseVector(analyzer, "đất đất");
        int at = twice.Indices.IndexOf(SparseTermIds.Of(LexicalFields.Unigram, VietnameseText.AccentKey("đất")));
        Assert.Equal(2f, twice.Values[at]);
    }

    [Fact]
    public void Point_ids_are_deterministic_uuid5_of_the_chunk_id()
    {
        var a = QdrantPointIds.ForChunk(L24Split.Id);
        Assert.Equal(a, QdrantPointIds.ForChunk(L24Split.Id));
        Assert.NotEqual(a, QdrantPointIds.ForChunk(L24Purpose.Id));
        Assert.NotEqual(a, QdrantPointIds.ForSource(L24Split.Id));
        var text = a.ToString();
        Assert.Equal('5', text[14]);                       // version 5
        Assert.Contains(text[19], "89ab");                 // RFC 4122 variant
        var point = QdrantRequests.ChunkPoint(RepoPaths.NewAnalyzer(), "src", new EmbeddedChunk(L24Split, [1f, 0f, 0f, 0f]));
        Assert.Equal(a.ToString(), point.Id.Uuid);
    }

    [Fact]
    public void Chunk_payload_holds_the_chunk_json_and_upper_cased_law()
    {
        var lower = L24Split with { Document = Law2024 with { Number = "31/2024/qh15" } };
        var point = QdrantRequests.ChunkPoint(RepoPaths.NewAnalyzer(), "src-x", new EmbeddedChunk(lower, [0f, 1f, 0f, 0f]));
        var p = point.Payload;
        Assert.Equal("31/2024/QH15", p["law"].StringValue);
        Assert.Equal("31/2024/QH15", p["number"].StringValue);
        Assert.Equal("chunk", p["kind"].StringValue);
        Assert.Equal("src-x", p["source"].StringValue);
        Assert.Equal("Public", p["security"].StringValue);
        Assert.Equal(220L, p["article"].IntegerValue);
        Assert.Equal("2024-08-01", p["effective"].StringValue);
        var back = JsonSerializer.Deserialize<LegalChunk>(p["json"].StringValue, MetadataResolver.Json)!;
        Assert.Equal(lower.Id, back.Id);
        Assert.Equal(lower.Citation, back.Citation);
        var vectors = point.Vectors.Vectors_.Vectors;
        Assert.Equal([0f, 1f, 0f, 0f], vectors["dense"].Dense.Data);
        Assert.NotEmpty(vectors["lexical"].Sparse.Indices);

        // A chunk without a vector has only the sparse one; source records are payload-only points.
        var noVector = QdrantRequests.ChunkPoint(RepoPaths.NewAnalyzer(), "src-x", new EmbeddedChunk(lower, null));
        Assert.False(noVector.Vectors.Vectors_.Vectors.ContainsKey("dense"));
        var source = QdrantRequests.SourcePoint(Record(Law2024, 3));
        Assert.Equal("source", source.Payload["kind"].StringValue);
        Assert.Empty(source.Vectors.Vectors_.Vectors);
    }

    [Fact]
    public void Transient_grpc_errors_are_retried_and_others_are_not()
    {
        Assert.True(QdrantChunkStore.IsTransient(new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, ""))));
        Assert.True(QdrantChunkStore.IsTransient(new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.DeadlineExceeded, ""))));
        Assert.True(QdrantChunkStore.IsTransient(new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.ResourceExhausted, ""))));
        Assert.False(QdrantChunkStore.IsTransient(new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.InvalidArgument, ""))));
    }

    [Fact]
    public async Task Retry_backs_off_on_transient_errors_then_succeeds()
    {
        int calls = 0;
        var result = await QdrantChunkStore.RetryAsync(() =>
        {
            if (++calls < 3) throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, "down"));
            return Task.FromResult(42);
        }, CancellationToken.None);
        Assert.Equal(42, result);
        Assert.Equal(3, calls);
        calls = 0;
        await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => QdrantChunkStore.RetryAsync<int>(() =>
        {
            calls++;
            throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.InvalidArgument, "bad"));
        }, CancellationToken.None));
        Assert.Equal(1, calls);
    }
}
