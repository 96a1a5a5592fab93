using System.Text.Json;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Storage;
using static Assistant.Retrieval.Tests.Storage.Contract.ContractCorpus;
using Assistant.Access;

namespace Assistant.Retrieval.Tests.Storage.Contract;

/// <summary>
/// What every <see cref="IChunkStore"/> must do, with the same fixtures and expectations for each implementation:
/// ranking of known queries, filters, the access scope, idempotent replacement, deletion by source, the manifest check
/// and the dense path. A derived class supplies a fresh empty store (and may skip when its server is not available).
/// </summary>
public abstract class ChunkStoreContract
{
    /// <summary>Non-null: every test of this implementation is skipped with this reason.</summary>
    protected virtual string? SkipReason => null;
    protected abstract Task<IChunkStore> OpenEmptyStoreAsync();
    protected abstract Task DropStoreAsync(IChunkStore store);

    private async Task WithLoadedStoreAsync(Func<IChunkStore, Task> test)
    {
        Skip.If(SkipReason is not null, SkipReason);
        var store = await OpenEmptyStoreAsync();
        try
        {
            await LoadAsync(store);
            await test(store);
        }
        finally
        {
            await DropStoreAsync(store);
        }
    }

    private static async Task<IReadOnlyList<LegalChunk>> SearchAsync(IChunkStore store, string query, AccessScope? access = null,
        SearchFilter? filter = null, float[]? vector = null, int top = 10)
    {
        var hits = await store.SearchAsync(new StoreQuery
        {
            Access = access ?? AccessScope.Public,
            Terms = query.Length == 0 ? [] : RepoPaths.NewAnalyzer().AnalyzeQuery(query),
            Vector = vector,
            Filter = filter ?? SearchFilter.None,
            Top = top,
        }, CancellationToken.None);
        return hits.Select(h => h.Chunk).ToList();
    }

    private static IEnumerable<string> Ids(IEnumerable<LegalChunk> chunks) => chunks.Select(c => c.Id);

    [SkippableFact]
    public async Task Generation_changes_when_written_content_becomes_searchable()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var store = await OpenEmptyStoreAsync();
        try
        {
            var empty = store.Generation;
            await LoadAsync(store);
            var loaded = store.Generation;
            Assert.NotEqual(empty, loaded);
            await SearchAsync(store, "tách thửa");
            Assert.Equal(loaded, store.Generation);

            await store.DeleteSourceAsync(Record(Decision, 2).SourceId, CancellationToken.None);
            await store.CommitAsync(CancellationToken.None);
            Assert.NotEqual(loaded, store.Generation);
        }
        finally
        {
            await DropStoreAsync(store);
        }
    }

    [SkippableFact]
    public Task Known_queries_rank_the_expected_chunk_first() => WithLoadedStoreAsync(async store =>
    {
        Assert.Equal(L24Quota.Id, (await SearchAsync(store, "hạn mức đất ở tại đô thị"))[0].Id);
        Assert.Equal(DecMinimum.Id, (await SearchAsync(store, "diện tích tối thiểu được tách thửa"))[0].Id);
        Assert.Equal(DecMinimum.Id, (await SearchAsync(store, "dien tich toi thieu tach thua"))[0].Id);
        Assert.Equal(L13Certificate.Id, (await SearchAsync(store, "giấy tờ về quyền sử dụng đất trước ngày 15 tháng 10 năm 1993"))[0].Id);
        var purpose = await SearchAsync(store, "chuyển mục đích sử dụng đất trồng lúa");
        Assert.Equal(new[] { L13Purpose.Id, L24Purpose.Id }.Order(), Ids(purpose.Take(2)).Order());
        // The whole chunk comes back, with its citation and document metadata.
        var top = (await SearchAsync(store, "hạn mức đất ở tại đô thị"))[0];
        Assert.Equal(JsonSerializer.Serialize(L24Quota, MetadataResolver.Json), JsonSerializer.Serialize(top, MetadataResolver.Json));
    });

    [SkippableFact]
    public Task Filters_by_law_type_status_and_article() => WithLoadedStoreAsync(async store =>
    {
        // Law numbers match case-insensitively.
        var law = await SearchAsync(store, "chuyển mục đích sử dụng đất", filter: new SearchFilter { LawNumbers = ["31/2024/qh15"] });
        Assert.NotEmpty(law);
        Assert.All(law, c => Assert.Equal(Law2024.Id, c.Document.Id));
        Assert.Equal(L24Purpose.Id, law[0].Id);

        var type = await SearchAsync(store, "tách thửa đất", filter: new SearchFilter { Types = ["Quyết định"] });
        Assert.Equal(new[] { DecMinimum.Id, DecRecord.Id }.Order(), Ids(type).Order());

        var status = await SearchAsync(store, "chuyển mục đích sử dụng đất", filter: new SearchFilter { Statuses = ["replaced"] });
        Assert.NotEmpty(status);
        Assert.All(status, c => Assert.Equal(Law2013.Id, c.Document.Id));

        var article = await SearchAsync(store, "tách thửa đất", filter: new SearchFilter { Articles = [220] });
        Assert.Equal([L24Split.Id], Ids(article));

        var combined = await SearchAsync(store, "tách thửa đất", filter: new SearchFilter { LawNumbers = ["45/2013/QH13"], Articles = [220] });
        Assert.Empty(combined);
    });

    [SkippableFact]
    public Task Access_scope_hides_what_the_caller_may_not_see() => WithLoadedStoreAsync(async store =>
    {
        const string q = "thẩm định hồ sơ tách thửa";
        var publicHits = await SearchAsync(store, q, AccessScope.Public);
        Assert.NotEmpty(publicHits);
        Assert.DoesNotContain(publicHits, c => c.Document.Id == Guide.Id || c.Document.Id == Report.Id);

        var internalHits = await SearchAsync(store, q, AccessScope.Internal);
        Assert.Contains(internalHits, c => c.Id == GuideReview.Id);
        Assert.DoesNotContain(internalHits, c => c.Document.Id == Report.Id);

        var confidential = await SearchAsync(store, q, AccessScope.Confidential);
        Assert.Contains(confidential, c => c.Id == ReportInspection.Id);

        // Also on the dense path and when a filter names the confidential document itself.
        var dense = await SearchAsync(store, "", AccessScope.Public, vector: StoreTestData.Axis(Dimensions, 0), top: 20);
        Assert.DoesNotContain(dense, c => c.Document.Id == Report.Id || c.Document.Id == Guide.Id);
        var named = await SearchAsync(store, q, AccessScope.Public, new SearchFilter { DocumentIds = [Report.Id] });
        Assert.Empty(named);
    });

    [SkippableFact]
    public Task Replacing_a_source_twice_changes_nothing() => WithLoadedStoreAsync(async store =>
    {
        const string q = "tách thửa đất hợp thửa đất";
        var before = Ids(await SearchAsync(store, q)).ToList();
        var statsBefore = await store.GetStatsAsync(CancellationToken.None);
        Assert.Equal(ChunkCount, statsBefore.Chunks);
        Assert.Equal(Sources.Length, statsBefore.Sources);

        await LoadAsync(store);
        await LoadAsync(store);
        var statsAfter = await store.GetStatsAsync(CancellationToken.None);
        Assert.Equal(statsBefore.Chunks, statsAfter.Chunks);
        Assert.Equal(statsBefore.Sources, statsAfter.Sources);
        Assert.Equal(before, Ids(await SearchAsync(store, q)).ToList());
        Assert.Equal(Sources.Length, (await store.GetSourcesAsync(CancellationToken.None)).Count);
    });

    [SkippableFact]
    public Task Replacing_a_source_with_fewer_chunks_removes_the_stale_ones() => WithLoadedStoreAsync(async store =>
    {
        await store.ReplaceSourceAsync(Record(Decision, 1), Embedded([(DecMinimum, 0)]), CancellationToken.None);
        await store.CommitAsync(CancellationToken.None);
        Assert.Equal(ChunkCount - 1, (await store.GetStatsAsync(CancellationToken.None)).Chunks);
        Assert.DoesNotContain(DecRecord.Id, Ids(await SearchAsync(store, "hồ sơ đề nghị tách thửa")));
    });

    [SkippableFact]
    public Task Deleting_a_source_removes_its_chunks_and_record() => WithLoadedStoreAsync(async store =>
    {
        await store.DeleteSourceAsync(Record(Decision, 2).SourceId, CancellationToken.None);
        await store.CommitAsync(CancellationToken.None);
        var hits = await SearchAsync(store, "diện tích tối thiểu được tách thửa");
        Assert.DoesNotContain(hits, c => c.Document.Id == Decision.Id);
        var sources = await store.GetSourcesAsync(CancellationToken.None);
        Assert.Equal(Sources.Length - 1, sources.Count);
        Assert.False(sources.ContainsKey(Record(Decision, 2).SourceId));
        Assert.Equal(ChunkCount - 2, (await store.GetStatsAsync(CancellationToken.None)).Chunks);
    });

    [SkippableFact]
    public Task Manifest_is_kept_and_another_model_is_refused() => WithLoadedStoreAsync(async store =>
    {
        Assert.Equal(Manifest, await store.GetManifestAsync(CancellationToken.None));
        await store.EnsureManifestAsync(Manifest, CancellationToken.None); // the same model: fine
        var e = await Assert.ThrowsAsync<StoreMismatchException>(() =>
            store.EnsureManifestAsync(new StoreManifest("1", "other-model", 8), CancellationToken.None));
        Assert.Contains("other-model", e.Message);
        Assert.Contains("8 chiều", e.Message);
    });

    [SkippableFact]
    public Task Dense_vector_alone_finds_the_nearest_chunk() => WithLoadedStoreAsync(async store =>
    {
        var hits = await SearchAsync(store, "", vector: StoreTestData.Axis(Dimensions, 3));
        Assert.Equal(L13Certificate.Id, hits[0].Id);
        var stats = await store.GetStatsAsync(CancellationToken.None);
        Assert.Equal(ChunkCount, stats.Vectors);
    });
}
