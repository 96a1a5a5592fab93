using Assistant.Access;
using Assistant.Retrieval.Search;
using Assistant.Retrieval.Storage;
using Assistant.Retrieval.Storage.Embedded;
using Assistant.Retrieval.Storage.Qdrant;
using Lucene.Net.Index;
using Lucene.Net.Search;
using static Assistant.Retrieval.Tests.Storage.StoreTestData;

namespace Assistant.Retrieval.Tests.Storage;

/// <summary>
/// The embedded store's searchers (acquired and released around each read, replaced readers closed), its generation,
/// the caches keyed on it, the optional store capabilities and Lucene's process-wide clause limit.
/// </summary>
public sealed class StoreLifecycleTests : IDisposable
{
    private readonly ScratchFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static void WriteDecision(string folder, string file, string number, string word) =>
        File.WriteAllText(Path.Combine(folder, file), Decision(number, $"QUYẾT ĐỊNH SỐ {number}",
            ("Phạm vi điều chỉnh", $"Quyết định này quy định thủ tục đăng ký đất đai {word}.")));

    private static async Task<int> CountAsync(IChunkStore store, string word) =>
        (await store.SearchAsync(new StoreQuery { Access = AccessScope.Confidential, Terms = RepoPaths.NewAnalyzer().AnalyzeQuery(word) }, CancellationToken.None)).Count;

    [Fact]
    public async Task Generation_changes_when_this_process_commits_and_only_then()
    {
        var docs = _tmp.Folder("docs");
        await using var store = new LuceneChunkStore(_tmp.File("store"), RepoPaths.NewAnalyzer(), time: new ManualTimeProvider());
        var empty = store.Generation;

        WriteDecision(docs, "a.md", "21/2025/QĐ-UBND", "alphaword");
        await Pipeline(store).IndexAsync([docs]);
        var first = store.Generation;
        Assert.NotEqual(empty, first);
        Assert.Equal(first, store.Generation);
        Assert.Equal(1, await CountAsync(store, "alphaword"));

        // Indexing unchanged files commits nothing new.
        await Pipeline(store).IndexAsync([docs]);
        Assert.Equal(first, store.Generation);

        // The clock does not move: this process's own commit is visible as soon as CommitAsync returns.
        WriteDecision(docs, "b.md", "22/2025/QĐ-UBND", "betaword");
        await Pipeline(store).IndexAsync([docs]);
        Assert.NotEqual(first, store.Generation);
        Assert.Equal(1, await CountAsync(store, "betaword"));
    }

    [Fact]
    public async Task Another_writers_commit_becomes_visible_after_the_poll_interval()
    {
        var docs = _tmp.Folder("docs");
        var path = _tmp.File("store");
        var time = new ManualTimeProvider();
        await using var reader = new LuceneChunkStore(path, RepoPaths.NewAnalyzer(), time: time);
        await using var writer = OpenStore(path);
        Assert.Equal(0, await CountAsync(reader, "alphaword"));

        WriteDecision(docs, "a.md", "21/2025/QĐ-UBND", "alphaword");
        await Pipeline(writer).IndexAsync([docs]);
        // The first look at a folder that now holds an index opens it.
        var opened = reader.Generation;
        Assert.Equal(1, await CountAsync(reader, "alphaword"));

        WriteDecision(docs, "b.md", "22/2025/QĐ-UBND", "betaword");
        await Pipeline(writer).IndexAsync([docs]);
        Assert.Equal(opened, reader.Generation);
        Assert.Equal(0, await CountAsync(reader, "betaword"));

        time.Advance(LuceneChunkStore.ExternalCommitPollInterval);
        Assert.NotEqual(opened, reader.Generation);
        Assert.Equal(1, await CountAsync(reader, "betaword"));
    }

    [Fact]
    public async Task A_replaced_reader_is_closed_when_its_last_search_releases_it()
    {
        var docs = _tmp.Folder("docs");
        await using var store = OpenStore(_tmp.File("store"));
        Assert.Null(store.Acquire().Searcher);
        WriteDecision(docs, "a.md", "21/2025/QĐ-UBND", "alphaword");
        await Pipeline(store).IndexAsync([docs]);

        var running = store.Acquire();
        var old = running.Searcher!.IndexReader;
        WriteDecision(docs, "b.md", "22/2025/QĐ-UBND", "betaword");
        await Pipeline(store).IndexAsync([docs]);

        IndexReader current;
        using (var next = store.Acquire()) current = next.Searcher!.IndexReader;
        Assert.NotSame(old, current);
        // A search still running on the old reader keeps it open...
        Assert.True(old.RefCount > 0);
        Assert.NotNull(running.Searcher.Doc(0));
        // ...and its release closes it.
        running.Dispose();
        Assert.Equal(0, old.RefCount);
        Assert.True(current.RefCount > 0);

        await store.DisposeAsync();
        Assert.Equal(0, current.RefCount);
    }

    [Fact]
    public async Task Law_references_follow_the_store_as_soon_as_a_commit_is_visible()
    {
        var docs = _tmp.Folder("docs");
        await using var store = new LuceneChunkStore(_tmp.File("store"), RepoPaths.NewAnalyzer(), time: new ManualTimeProvider());
        var service = new LegalSearchService(store, RepoPaths.NewAnalyzer(), embeddings: null);
        var request = new SearchRequest { Query = "đăng ký đất đai theo Quyết định 22/2025/QĐ-UBND", Access = AccessScope.Public };
        WriteDecision(docs, "a.md", "21/2025/QĐ-UBND", "alphaword");
        await Pipeline(store).IndexAsync([docs]);

        var before = await service.SearchAsync(request);
        Assert.DoesNotContain("22/2025/QĐ-UBND", before.References.LawNumbers);
        Assert.Equal(store.Generation, service.Generation);

        WriteDecision(docs, "b.md", "22/2025/QĐ-UBND", "betaword");
        await Pipeline(store).IndexAsync([docs]);

        var after = await service.SearchAsync(request);
        Assert.Contains("22/2025/QĐ-UBND", after.References.LawNumbers);
        Assert.Equal(store.Generation, service.Generation);
    }

    [Fact]
    public async Task A_repeated_question_is_answered_from_the_cache_until_the_index_changes()
    {
        var docs = _tmp.Folder("docs");
        await using var store = new LuceneChunkStore(_tmp.File("store"), RepoPaths.NewAnalyzer(), time: new ManualTimeProvider());
        var service = new LegalSearchService(store, RepoPaths.NewAnalyzer(), embeddings: null);
        var request = new SearchRequest { Query = "gammaword", Access = AccessScope.Confidential };
        WriteDecision(docs, "a.md", "21/2025/QĐ-UBND", "alphaword");
        WriteDecision(docs, "c.md", "23/2025/QĐ-UBND", "betaword");
        await Pipeline(store).IndexAsync([docs]);

        var first = await service.SearchAsync(request);
        Assert.Same(first, await service.SearchAsync(request with { }));
        // Another access level, another top or a caller filter is another answer.
        Assert.NotSame(first, await service.SearchAsync(request with { Access = AccessScope.Internal }));
        Assert.NotSame(first, await service.SearchAsync(request with { Top = 3 }));
        var filtered = request with { Filter = new SearchFilter { LawNumbers = ["21/2025/QĐ-UBND"] } };
        Assert.NotSame(await service.SearchAsync(filtered), await service.SearchAsync(filtered));

        WriteDecision(docs, "b.md", "22/2025/QĐ-UBND", "gammaword");
        await Pipeline(store).IndexAsync([docs]);
        var after = await service.SearchAsync(request);
        Assert.NotSame(first, after);
        Assert.Empty(first.Results);
        Assert.Contains(after.Results, r => r.Chunk.Text.Contains("gammaword", StringComparison.Ordinal));

        var uncached = new LegalSearchService(store, RepoPaths.NewAnalyzer(), embeddings: null, new RetrievalOptions { ResultCacheSize = 0 });
        Assert.NotSame(await uncached.SearchAsync(request), await uncached.SearchAsync(request));
    }

    [Fact]
    public void The_result_cache_drops_the_least_recently_used_and_answers_of_an_older_generation()
    {
        var cache = new SearchResultCache(2);
        static SearchResponse Response(string q) => new(q, [], new LawReferences([], null, []), false);
        cache.Add("a", 1, Response("a"));
        cache.Add("b", 1, Response("b"));
        Assert.True(cache.TryGet("a", 1, out _)); // "a" is now the most recent
        cache.Add("c", 1, Response("c"));
        Assert.False(cache.TryGet("b", 1, out _));
        Assert.True(cache.TryGet("a", 1, out var a));
        Assert.Equal("a", a.Query);
        Assert.False(cache.TryGet("a", 2, out _));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task Capabilities_are_what_each_store_can_do()
    {
        // The commands see the store through the interface, as here.
        await using IChunkStore embedded = OpenStore(_tmp.File("store"));
        Assert.True(embedded is IChunkStoreExport);
        Assert.False(embedded is IChunkStoreSnapshots);

        // No call is made: creating the client opens no connection.
        await using IChunkStore qdrant = new QdrantChunkStore(new QdrantOptions(), RepoPaths.NewAnalyzer());
        Assert.True(qdrant is IChunkStoreSnapshots);
        Assert.False(qdrant is IChunkStoreExport);
        Assert.Equal(0, qdrant.Generation);
    }

    [Fact]
    public async Task Creating_the_store_raises_Lucenes_clause_limit_and_nothing_lowers_it()
    {
        await using (OpenStore(_tmp.File("store")))
            Assert.True(BooleanQuery.MaxClauseCount >= LuceneClauseLimit.Default);

        LuceneClauseLimit.EnsureAtLeast(16);
        Assert.True(BooleanQuery.MaxClauseCount >= LuceneClauseLimit.Default);
    }
}
