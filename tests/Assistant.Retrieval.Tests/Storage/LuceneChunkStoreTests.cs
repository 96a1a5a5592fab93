using System.Diagnostics;
using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Embeddings;
using Assistant.Retrieval.Ingestion;
using Assistant.Retrieval.Search;
using Assistant.Retrieval.Storage;
using Assistant.Retrieval.Storage.Embedded;
using static Assistant.Retrieval.Tests.Storage.StoreTestData;
using Assistant.Access;

namespace Assistant.Retrieval.Tests.Storage;

[Collection(CorpusCollection.Name)]
public class LuceneChunkStoreTests(CorpusFixture corpus)
{
    private static async Task<IReadOnlyList<SearchResult>> SearchAsync(IChunkStore store, string query, AccessScope access, int top = 20)
    {
        var service = new LegalSearchService(store, RepoPaths.NewAnalyzer(), embeddings: null);
        return (await service.SearchAsync(new SearchRequest { Query = query, Access = access, Top = top })).Results;
    }

    private static IReadOnlyList<WeightedTerm> Terms(string query) => RepoPaths.NewAnalyzer().AnalyzeQuery(query);

    /// <summary>Three small decisions, each with a word of its own ("alphaword", "betaword", "gammaword").</summary>
    private static (string A, string B, string C) WriteThreeDecisions(string folder)
    {
        var a = Path.Combine(folder, "qd-a.md");
        var b = Path.Combine(folder, "qd-b.md");
        var c = Path.Combine(folder, "qd-c.md");
        File.WriteAllText(a, Decision("11/2025/QĐ-UBND", "QUYẾT ĐỊNH VỀ HẠN MỨC GIAO ĐẤT",
            ("Phạm vi điều chỉnh", "Quyết định này quy định hạn mức giao đất ở alphaword."),
            ("Hạn mức", "1. Hạn mức giao đất ở tại phường là 120 m2.\n\n2. Hạn mức giao đất ở tại xã là 200 m2.")));
        File.WriteAllText(b, Decision("12/2025/QĐ-UBND", "QUYẾT ĐỊNH VỀ TÁCH THỬA",
            ("Phạm vi điều chỉnh", "Quyết định này quy định điều kiện tách thửa betaword."),
            ("Diện tích tối thiểu", "Diện tích tối thiểu sau khi tách thửa là 40 m2.")));
        File.WriteAllText(c, Decision("13/2025/QĐ-UBND", "QUYẾT ĐỊNH VỀ BẢNG GIÁ ĐẤT",
            ("Phạm vi điều chỉnh", "Quyết định này ban hành bảng giá đất gammaword."),
            ("Hiệu lực", "Quyết định này có hiệu lực từ ngày ký.")));
        return (a, b, c);
    }

    // ---- incremental indexing ------------------------------------------------------------------

    [Fact]
    public async Task Indexing_twice_changes_nothing_the_second_time()
    {
        using var tmp = new ScratchFolder();
        var docs = tmp.Folder("docs");
        WriteThreeDecisions(docs);
        var storePath = tmp.File("store");

        StoreStats first;
        await using (var store = OpenStore(storePath))
        {
            var report = await Pipeline(store).IndexAsync([docs]);
            Assert.Equal(3, report.Count(FileOutcome.Indexed));
            Assert.Equal(3, report.Files.Count);
            first = await store.GetStatsAsync(CancellationToken.None);
            Assert.Equal(3, first.Sources);
            Assert.Equal(report.ChunksWritten, first.Chunks);
            Assert.True(first.Chunks >= 6);

            var again = await Pipeline(store).IndexAsync([docs]);
            Assert.All(again.Files, f => Assert.Equal(FileOutcome.Unchanged, f.Outcome));
            Assert.Equal(3, again.Files.Count);
            Assert.Equal(0, again.ChunksWritten);
            var second = await store.GetStatsAsync(CancellationToken.None);
            Assert.Equal(first.Chunks, second.Chunks);
            Assert.Equal(first.Sources, second.Sources);
        }

        // The source records are durable: a new process (a new store instance) also sees nothing to do.
        await using (var reopened = OpenStore(storePath))
        {
            var third = await Pipeline(reopened).IndexAsync([docs]);
            Assert.All(third.Files, f => Assert.Equal(FileOutcome.Unchanged, f.Outcome));
            Assert.Equal(first.Chunks, (await reopened.GetStatsAsync(CancellationToken.None)).Chunks);

            // --force re-indexes everything but still does not duplicate chunks (ids are stable).
            var forced = await Pipeline(reopened).IndexAsync([docs], new IndexRunOptions { Force = true });
            Assert.All(forced.Files, f => Assert.Equal(FileOutcome.Indexed, f.Outcome));
            Assert.Equal(first.Chunks, (await reopened.GetStatsAsync(CancellationToken.None)).Chunks);
            Assert.Single(await SearchAsync(reopened, "alphaword", AccessScope.Internal), r => r.Chunk.Article == 1);
        }
    }

    [Fact]
    public async Task Changing_one_file_reindexes_only_that_file()
    {
        using var tmp = new ScratchFolder();
        var docs = tmp.Folder("docs");
        var (a, b, c) = WriteThreeDecisions(docs);
        await using var store = OpenStore(tmp.File("store"));
        await Pipeline(store).IndexAsync([docs]);
        var before = await store.GetStatsAsync(CancellationToken.None);

        File.WriteAllText(b, Decision("12/2025/QĐ-UBND", "QUYẾT ĐỊNH VỀ TÁCH THỬA",
            ("Phạm vi điều chỉnh", "Quyết định này quy định điều kiện tách thửa deltaword."),
            ("Diện tích tối thiểu", "Diện tích tối thiểu sau khi tách thửa là 50 m2."),
            ("Hiệu lực", "Quyết định này có hiệu lực từ ngày ký.")));
        var report = await Pipeline(store).IndexAsync([docs]);

        Assert.Equal(FileOutcome.Indexed, Single(report, b).Outcome);
        Assert.Equal(FileOutcome.Unchanged, Single(report, a).Outcome);
        Assert.Equal(FileOutcome.Unchanged, Single(report, c).Outcome);
        var after = await store.GetStatsAsync(CancellationToken.None);
        Assert.Equal(before.Chunks + 1, after.Chunks); // one more article
        Assert.Equal(3, after.Sources);

        Assert.Empty(await SearchAsync(store, "betaword", AccessScope.Internal));
        var hit = Assert.Single(await SearchAsync(store, "deltaword", AccessScope.Internal));
        Assert.Equal("12/2025/QĐ-UBND", hit.Chunk.Document.Number);
    }

    [Fact]
    public async Task Deleting_a_file_from_an_indexed_folder_removes_its_chunks()
    {
        using var tmp = new ScratchFolder();
        var docs = tmp.Folder("docs");
        var other = tmp.Folder("other");
        var (a, _, c) = WriteThreeDecisions(docs);
        var elsewhere = Path.Combine(other, "qd-x.md");
        File.WriteAllText(elsewhere, Decision("14/2025/QĐ-UBND", "QUYẾT ĐỊNH KHÁC", ("Phạm vi", "Nội dung omegaword.")));
        await using var store = OpenStore(tmp.File("store"));
        await Pipeline(store).IndexAsync([docs]);
        await Pipeline(store).IndexAsync([other]);
        var before = await store.GetStatsAsync(CancellationToken.None);
        Assert.Equal(4, before.Sources);
        var cChunks = (await store.GetSourcesAsync(CancellationToken.None))[Path.GetFullPath(c)].ChunkCount;

        File.Delete(c);
        File.Delete(elsewhere); // not under the folder being indexed: must stay
        var report = await Pipeline(store).IndexAsync([docs]);

        var removed = Single(report, c);
        Assert.Equal(FileOutcome.Removed, removed.Outcome);
        Assert.Equal(cChunks, removed.Chunks);
        Assert.Equal(FileOutcome.Unchanged, Single(report, a).Outcome);
        Assert.DoesNotContain(report.Files, f => f.Path == Path.GetFullPath(elsewhere));

        var after = await store.GetStatsAsync(CancellationToken.None);
        Assert.Equal(3, after.Sources);
        Assert.Equal(before.Chunks - cChunks, after.Chunks);
        Assert.DoesNotContain(after.Documents, d => d.DocumentNumber == "13/2025/QĐ-UBND");
        Assert.Empty(await SearchAsync(store, "gammaword", AccessScope.Confidential));
        Assert.NotEmpty(await SearchAsync(store, "omegaword", AccessScope.Confidential));

        // Removal is committed: a fresh instance sees it.
        await using var reopened = OpenStore(tmp.File("store"));
        Assert.Equal(3, (await reopened.GetStatsAsync(CancellationToken.None)).Sources);
    }

    [Fact]
    public async Task A_file_that_becomes_unreadable_is_reported_and_its_indexed_content_kept()
    {
        using var tmp = new ScratchFolder();
        var docs = tmp.Folder("docs");
        var (a, _, _) = WriteThreeDecisions(docs);
        await using var store = OpenStore(tmp.File("store"));
        await Pipeline(store).IndexAsync([docs]);
        var before = await store.GetStatsAsync(CancellationToken.None);

        await File.WriteAllBytesAsync(a, [0xC3, 0x28, 0xFF, 0xFE, 0x41]); // invalid UTF-8
        var report = await Pipeline(store).IndexAsync([docs]);

        var failed = Single(report, a);
        Assert.Equal(FileOutcome.Failed, failed.Outcome);
        Assert.Contains("UTF-8", failed.Error);
        Assert.Equal(before.Chunks, (await store.GetStatsAsync(CancellationToken.None)).Chunks);
        Assert.NotEmpty(await SearchAsync(store, "alphaword", AccessScope.Internal));
    }

    // ---- access scope --------------------------------------------------------------------------

    [Fact]
    public async Task Confidential_document_is_visible_only_to_a_confidential_scope()
    {
        using var tmp = new ScratchFolder();
        var docs = tmp.Folder("docs");
        var pub = Path.Combine(docs, "cong-khai.md");
        var inner = Path.Combine(docs, "noi-bo.md");
        var secret = Path.Combine(docs, "mat.md");
        File.WriteAllText(pub, Decision("21/2025/QĐ-UBND", "QUYẾT ĐỊNH CÔNG KHAI", ("Bồi thường", "Đơn giá bồi thường kiemtraquyen công khai.")));
        File.WriteAllText(inner, Decision("22/2025/QĐ-UBND", "QUYẾT ĐỊNH NỘI BỘ", ("Bồi thường", "Đơn giá bồi thường kiemtraquyen nội bộ.")));
        File.WriteAllText(secret, Decision("23/2025/QĐ-UBND", "QUYẾT ĐỊNH MẬT", ("Bồi thường", "Đơn giá bồi thường kiemtraquyen mật.")));
        WriteSidecar(pub, "qd-21-public", "21/2025/QĐ-UBND", SecurityLevel.Public);
        WriteSidecar(secret, "qd-23-confidential", "23/2025/QĐ-UBND", SecurityLevel.Confidential);
        // noi-bo.md has no metadata: inferred documents are Internal.

        await using var store = OpenStore(tmp.File("store"));
        var report = await Pipeline(store).IndexAsync([docs]);
        Assert.Equal(3, report.Count(FileOutcome.Indexed));
        Assert.Equal(3, report.Files.Count); // the sidecars are not indexed as documents

        async Task<string[]> Visible(AccessScope scope) =>
            (await SearchAsync(store, "kiemtraquyen", scope)).Select(r => r.Chunk.Document.Number).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(["21/2025/QĐ-UBND"], await Visible(AccessScope.Public));
        Assert.Equal(["21/2025/QĐ-UBND", "22/2025/QĐ-UBND"], await Visible(AccessScope.Internal));
        Assert.Equal(["21/2025/QĐ-UBND", "22/2025/QĐ-UBND", "23/2025/QĐ-UBND"], await Visible(AccessScope.Confidential));

        // Even a query that names the confidential document does not reach it from a lower scope.
        var named = await SearchAsync(store, "23/2025/QĐ-UBND kiemtraquyen mật", AccessScope.Internal);
        Assert.DoesNotContain(named, r => r.Chunk.Document.Security == SecurityLevel.Confidential);
        var filtered = await store.SearchAsync(new StoreQuery
        {
            Access = AccessScope.Internal,
            Terms = Terms("kiemtraquyen"),
            Filter = new SearchFilter { DocumentIds = ["qd-23-confidential"] },
        }, CancellationToken.None);
        Assert.Empty(filtered);
    }

    [Fact]
    public async Task Changing_only_the_sidecar_reindexes_and_applies_the_new_security()
    {
        using var tmp = new ScratchFolder();
        var docs = tmp.Folder("docs");
        var file = Path.Combine(docs, "qd.md");
        File.WriteAllText(file, Decision("31/2025/QĐ-UBND", "QUYẾT ĐỊNH", ("Bồi thường", "Đơn giá bồi thường sidecarword.")));
        WriteSidecar(file, "qd-31", "31/2025/QĐ-UBND", SecurityLevel.Public);
        await using var store = OpenStore(tmp.File("store"));
        await Pipeline(store).IndexAsync([docs]);
        Assert.NotEmpty(await SearchAsync(store, "sidecarword", AccessScope.Public));

        WriteSidecar(file, "qd-31", "31/2025/QĐ-UBND", SecurityLevel.Confidential);
        var report = await Pipeline(store).IndexAsync([docs]);

        Assert.Equal(FileOutcome.Indexed, Single(report, file).Outcome);
        Assert.Empty(await SearchAsync(store, "sidecarword", AccessScope.Public));
        Assert.Empty(await SearchAsync(store, "sidecarword", AccessScope.Internal));
        Assert.NotEmpty(await SearchAsync(store, "sidecarword", AccessScope.Confidential));
    }

    [Fact]
    public async Task Dense_search_applies_the_access_scope_too()
    {
        using var tmp = new ScratchFolder();
        const int dims = 8;
        var pubDoc = Metadata("pub", "41/2025/QĐ-UBND", SecurityLevel.Public);
        var secretDoc = Metadata("secret", "42/2025/QĐ-UBND", SecurityLevel.Confidential);
        await using var store = OpenStore(tmp.File("store"));
        await store.EnsureManifestAsync(new StoreManifest("1", "test-axes", dims), CancellationToken.None);
        await store.ReplaceSourceAsync(Source(pubDoc, "/src/pub.md", 1),
            [new EmbeddedChunk(Chunk(pubDoc, "/src/pub.md", 1, "Nội dung công khai."), Axis(dims, 0))], CancellationToken.None);
        await store.ReplaceSourceAsync(Source(secretDoc, "/src/secret.md", 1),
            [new EmbeddedChunk(Chunk(secretDoc, "/src/secret.md", 1, "Nội dung mật."), Axis(dims, 1))], CancellationToken.None);
        await store.CommitAsync(CancellationToken.None);
        Assert.Equal(2, (await store.GetStatsAsync(CancellationToken.None)).Vectors);

        // A vector that points exactly at the confidential chunk, and no lexical terms.
        StoreQuery Query(AccessScope scope) => new() { Access = scope, Terms = [], Vector = Axis(dims, 1), Top = 10 };
        var asPublic = await store.SearchAsync(Query(AccessScope.Public), CancellationToken.None);
        Assert.All(asPublic, h => Assert.Equal(SecurityLevel.Public, h.Chunk.Document.Security));
        var asConfidential = await store.SearchAsync(Query(AccessScope.Confidential), CancellationToken.None);
        Assert.Equal("secret#d1", asConfidential[0].Chunk.Id);
        Assert.Equal(1, asConfidential[0].DenseRank);
        Assert.Null(asConfidential[0].LexicalRank);
    }

    [Fact]
    public async Task A_bulk_run_is_merged_to_one_segment_and_searches_the_same()
    {
        // One commit per file leaves a segment per file; the run that wrote enough chunks merges them, and the same
        // questions find the same chunks in the same order afterwards (deleted documents are dropped by the merge).
        using var tmp = new ScratchFolder();
        var docs = tmp.Folder("docs");
        WriteThreeDecisions(docs);
        await using var unmerged = OpenStore(tmp.File("unmerged"));
        await Pipeline(unmerged).IndexAsync([docs], new IndexRunOptions { CommitEvery = 1 });
        await using var merged = OpenStore(tmp.File("merged"));
        await Pipeline(merged).IndexAsync([docs], new IndexRunOptions { CommitEvery = 1, MergeAfterChunks = 1 });

        Assert.True(unmerged.SegmentCount > 1, $"{unmerged.SegmentCount} segments");
        Assert.Equal(1, merged.SegmentCount);
        foreach (var question in new[] { "hạn mức giao đất ở", "tách thửa betaword", "bảng giá đất gammaword" })
            Assert.Equal((await SearchAsync(unmerged, question, AccessScope.Public)).Select(r => r.Chunk.Id),
                (await SearchAsync(merged, question, AccessScope.Public)).Select(r => r.Chunk.Id));

        // Below the threshold nothing is merged.
        await using var small = OpenStore(tmp.File("small"));
        await Pipeline(small).IndexAsync([docs], new IndexRunOptions { CommitEvery = 1, MergeAfterChunks = 1_000 });
        Assert.True(small.SegmentCount > 1);
    }

    // ---- filters (bundled corpus) ----------------------------------------------------------------

    private async Task<IReadOnlyList<SearchHit>> CorpusStoreSearch(string query, SearchFilter filter, int top = 200) =>
        await corpus.Store.SearchAsync(new StoreQuery
        {
            Access = AccessScope.Public,
            Terms = corpus.Analyzer.AnalyzeQuery(query),
            Filter = filter,
            Top = top,
        }, CancellationToken.None);

    [Fact]
    public async Task Corpus_is_fully_indexed()
    {
        Assert.False(corpus.Report.HasFailures, string.Join("\n", corpus.Report.Files.Where(f => f.Error is not null).Select(f => $"{f.Path}: {f.Error}")));
        Assert.Equal(12, corpus.Report.Count(FileOutcome.Indexed));
        var stats = await corpus.Store.GetStatsAsync(CancellationToken.None);
        Assert.Equal(12, stats.Sources);
        Assert.Equal(corpus.Report.ChunksWritten, stats.Chunks);
        Assert.Equal(stats.Chunks, stats.Documents.Sum(d => d.Chunks));
        Assert.Equal(0, stats.Vectors);
        Assert.Equal(new StoreManifest("1", null, 0), stats.Manifest);
        Assert.Contains(stats.Documents, d => d.DocumentNumber == "31/2024/QH15");
        Assert.Contains(stats.Documents, d => d.DocumentNumber == "133/VBHN-VPQH");
        var articles = corpus.Report.Files.Single(f => f.Path.EndsWith(RepoPaths.Law2024File, StringComparison.Ordinal)).Articles;
        Assert.Equal(260, articles);
    }

    [Fact]
    public async Task Filter_by_law_number_matches_the_law_and_its_consolidated_text()
    {
        var hits = await CorpusStoreSearch("giấy chứng nhận quyền sử dụng đất", new SearchFilter { LawNumbers = ["31/2024/QH15"] });
        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Equal("31/2024/QH15", h.Chunk.Document.LawNumber));
        Assert.Contains(hits, h => h.Chunk.Document.Number == "31/2024/QH15");
        Assert.Contains(hits, h => h.Chunk.Document.Number == "133/VBHN-VPQH");

        var vbhnOnly = await CorpusStoreSearch("giấy chứng nhận quyền sử dụng đất", new SearchFilter { LawNumbers = ["133/VBHN-VPQH"] });
        Assert.NotEmpty(vbhnOnly);
        Assert.All(vbhnOnly, h => Assert.Equal("133/VBHN-VPQH", h.Chunk.Document.Number));

        var two = await CorpusStoreSearch("giấy chứng nhận quyền sử dụng đất", new SearchFilter { LawNumbers = ["45/2013/QH13", "49/2026/NĐ-CP"] });
        Assert.Equal(["45/2013/QH13", "49/2026/NĐ-CP"], two.Select(h => h.Chunk.Document.Number).Distinct().Order(StringComparer.Ordinal));

        Assert.Empty(await CorpusStoreSearch("giấy chứng nhận", new SearchFilter { LawNumbers = ["99/2099/QH99"] }));
    }

    [Fact]
    public async Task Filter_by_law_number_ignores_case()
    {
        // Law numbers are written in lower case in the catalogue aliases ("45/2013/qh13") and compared case-insensitively
        // by the search service's law priors and by eval; an operator typing "--law 45/2013/qh13" must get the same hits.
        var upper = await CorpusStoreSearch("điều kiện cấp giấy chứng nhận", new SearchFilter { LawNumbers = ["45/2013/QH13"] }, top: 20);
        var lower = await CorpusStoreSearch("điều kiện cấp giấy chứng nhận", new SearchFilter { LawNumbers = ["45/2013/qh13"] }, top: 20);
        Assert.NotEmpty(upper);
        Assert.Equal(upper.Select(h => h.Chunk.Id), lower.Select(h => h.Chunk.Id));
    }

    [Fact]
    public async Task Filter_by_type_and_status_combine_with_and()
    {
        var decrees = await CorpusStoreSearch("giá đất", new SearchFilter { Types = ["Nghị định"] });
        Assert.NotEmpty(decrees);
        Assert.All(decrees, h => Assert.Equal("Nghị định", h.Chunk.Document.Type));

        var replaced = await CorpusStoreSearch("giá đất", new SearchFilter { Statuses = [DocumentStatus.Replaced] });
        Assert.NotEmpty(replaced);
        Assert.All(replaced, h => Assert.Equal("45/2013/QH13", h.Chunk.Document.Number));

        var lawsAmended = await CorpusStoreSearch("giá đất", new SearchFilter { Types = ["Luật"], Statuses = [DocumentStatus.Amended] });
        Assert.NotEmpty(lawsAmended);
        Assert.All(lawsAmended, h => Assert.Equal("31/2024/QH15", h.Chunk.Document.Number));

        // No law of the corpus is both "Luật" and "in-force" (2024 is amended, 2013 replaced, VBHN is another type).
        Assert.Empty(await CorpusStoreSearch("giá đất", new SearchFilter { Types = ["Luật"], Statuses = [DocumentStatus.InForce] }));

        var byDocument = await CorpusStoreSearch("giá đất", new SearchFilter { DocumentIds = ["qd-71-2024-ubnd-hn"] });
        Assert.NotEmpty(byDocument);
        Assert.All(byDocument, h => Assert.Equal("71/2024/QĐ-UBND", h.Chunk.Document.Number));
    }

    [Fact]
    public async Task Search_service_passes_filters_to_the_store()
    {
        var results = await corpus.QueryAsync("điều kiện cấp giấy chứng nhận", top: 10, filter: new SearchFilter { LawNumbers = ["45/2013/QH13"] });
        Assert.Equal(10, results.Count);
        Assert.All(results, r => Assert.Equal("45/2013/QH13", r.Chunk.Document.LawNumber));
        Assert.Equal(results.Count, results.Select(r => r.Chunk.Article).Distinct().Count()); // one hit per article
    }

    // ---- manifest --------------------------------------------------------------------------------

    [Fact]
    public async Task A_store_built_with_one_embedding_model_refuses_another()
    {
        using var tmp = new ScratchFolder();
        var path = tmp.File("store");
        var manifest = new StoreManifest("1", MiniLmEmbeddingGenerator.ModelId, 384);
        var doc = Metadata("m", "51/2025/QĐ-UBND");
        await using (var store = OpenStore(path))
        {
            await store.EnsureManifestAsync(manifest, CancellationToken.None);
            await store.ReplaceSourceAsync(Source(doc, "/src/m.md", 1), [new EmbeddedChunk(Chunk(doc, "/src/m.md", 1, "Nội dung."), Axis(384, 3))], CancellationToken.None);
            await store.CommitAsync(CancellationToken.None);
        }

        await using var reopened = OpenStore(path);
        Assert.Equal(manifest, await reopened.GetManifestAsync(CancellationToken.None));
        await reopened.EnsureManifestAsync(manifest, CancellationToken.None); // same model: fine
        await Assert.ThrowsAsync<StoreMismatchException>(() => reopened.EnsureManifestAsync(new StoreManifest("1", "openai:text-embedding-3-small", 1536), CancellationToken.None));
        await Assert.ThrowsAsync<StoreMismatchException>(() => reopened.EnsureManifestAsync(new StoreManifest("1", MiniLmEmbeddingGenerator.ModelId, 768), CancellationToken.None));
        await Assert.ThrowsAsync<StoreMismatchException>(() => reopened.EnsureManifestAsync(new StoreManifest("1", null, 0), CancellationToken.None));

        // The indexer without embeddings refuses the store before writing anything.
        var docs = tmp.Folder("docs");
        WriteThreeDecisions(docs);
        await Assert.ThrowsAsync<StoreMismatchException>(() => Pipeline(reopened).IndexAsync([docs]));
        var stats = await reopened.GetStatsAsync(CancellationToken.None);
        Assert.Equal(1, stats.Sources);
        Assert.Equal(1, stats.Vectors);
    }

    [Fact]
    public async Task Manifest_survives_later_commits()
    {
        using var tmp = new ScratchFolder();
        var path = tmp.File("store");
        var docs = tmp.Folder("docs");
        var (a, _, _) = WriteThreeDecisions(docs);
        await using (var store = OpenStore(path))
            await Pipeline(store).IndexAsync([docs]);
        File.Delete(a);
        await using (var store = OpenStore(path))
            await Pipeline(store).IndexAsync([docs]); // a commit that only deletes
        await using var reopened = OpenStore(path);
        Assert.Equal(new StoreManifest("1", null, 0), await reopened.GetManifestAsync(CancellationToken.None));
    }

    // ---- crash safety and locking --------------------------------------------------------------

    [Fact]
    public async Task Uncommitted_changes_are_dropped_when_the_store_is_disposed()
    {
        using var tmp = new ScratchFolder();
        var path = tmp.File("store");
        var docs = tmp.Folder("docs");
        var (a, _, _) = WriteThreeDecisions(docs);
        StoreStats committed;
        await using (var store = OpenStore(path))
        {
            await Pipeline(store).IndexAsync([docs]);
            committed = await store.GetStatsAsync(CancellationToken.None);

            // Stage a new source and the deletion of another, then "crash" (dispose) without committing.
            var extra = Metadata("extra", "61/2025/QĐ-UBND");
            await store.ReplaceSourceAsync(Source(extra, "/src/extra.md", 1), [new EmbeddedChunk(Chunk(extra, "/src/extra.md", 1, "Nội dung uncommittedword."), null)], CancellationToken.None);
            await store.DeleteSourceAsync(Path.GetFullPath(a), CancellationToken.None);
            // Staged writes are not visible to searches either.
            Assert.Empty(await SearchAsync(store, "uncommittedword", AccessScope.Confidential));
        }

        await using var reopened = OpenStore(path);
        var stats = await reopened.GetStatsAsync(CancellationToken.None);
        Assert.Equal(committed.Sources, stats.Sources);
        Assert.Equal(committed.Chunks, stats.Chunks);
        Assert.Empty(await SearchAsync(reopened, "uncommittedword", AccessScope.Confidential));
        Assert.NotEmpty(await SearchAsync(reopened, "alphaword", AccessScope.Internal));
        Assert.DoesNotContain("/src/extra.md", (await reopened.GetSourcesAsync(CancellationToken.None)).Keys);

        // The lock was released: the store can be written again.
        var report = await Pipeline(reopened).IndexAsync([docs]);
        Assert.All(report.Files, f => Assert.Equal(FileOutcome.Unchanged, f.Outcome));
    }

    [Fact]
    public async Task A_second_writer_gets_StoreBusyException_until_the_first_commits()
    {
        using var tmp = new ScratchFolder();
        var path = tmp.File("store");
        var doc = Metadata("busy", "71/2025/QĐ-UBND");
        var source = Source(doc, "/src/busy.md", 1);
        var chunks = new[] { new EmbeddedChunk(Chunk(doc, "/src/busy.md", 1, "Nội dung busyword."), null) };

        await using var first = OpenStore(path);
        await using var second = OpenStore(path);
        await first.ReplaceSourceAsync(source, chunks, CancellationToken.None); // holds write.lock until commit

        var busy = await Assert.ThrowsAsync<StoreBusyException>(() => second.ReplaceSourceAsync(source, chunks, CancellationToken.None));
        Assert.Contains("tiến trình khác", busy.Message);
        await Assert.ThrowsAsync<StoreBusyException>(() => second.DeleteSourceAsync("/src/busy.md", CancellationToken.None));
        // The indexer on the second instance fails the same way (the CLI maps it to exit code 4).
        using var docsTmp = new ScratchFolder();
        WriteThreeDecisions(docsTmp.Path);
        await Assert.ThrowsAsync<StoreBusyException>(() => Pipeline(second).IndexAsync([docsTmp.Path]));

        await first.CommitAsync(CancellationToken.None);
        await second.ReplaceSourceAsync(source, chunks, CancellationToken.None);
        await second.CommitAsync(CancellationToken.None);
        Assert.Single(await SearchAsync(second, "busyword", AccessScope.Public));
    }

    [Fact]
    public async Task Killing_the_indexer_mid_run_leaves_the_last_commit_whole()
    {
        using var tmp = new ScratchFolder();
        var storePath = tmp.File("store");
        IReadOnlyList<string> expected;
        string docs;
        await using (var child = await BlockedIndexer.StartAsync(tmp, storePath))
        {
            expected = child.Files;
            docs = child.Docs;
            // While the child is stuck with staged writes, a reader sees exactly the last commit.
            await using (var reader = OpenStore(storePath))
                Assert.Equal(20, (await reader.GetStatsAsync(CancellationToken.None)).Sources);
            await child.KillAsync();
        }

        await using var store = OpenStore(storePath);
        var stats = await store.GetStatsAsync(CancellationToken.None);
        var committed = await store.GetSourcesAsync(CancellationToken.None);
        // Exactly the first commit: files 1–20, nothing of the staged 21–30.
        Assert.Equal(expected.Take(20).Order(StringComparer.Ordinal), committed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(20, stats.Sources);
        Assert.Equal(committed.Values.Sum(s => s.ChunkCount), stats.Chunks);
        Assert.Equal(stats.Chunks, stats.Documents.Sum(d => d.Chunks));
        Assert.Equal(new StoreManifest("1", null, 0), stats.Manifest);
        var hits = await SearchAsync(store, "copyword7", AccessScope.Confidential);
        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Equal(expected[6], h.Chunk.SourceId));
        Assert.Empty(await SearchAsync(store, "copyword25", AccessScope.Confidential));

        // The killed process left no stale lock: the next run continues where the last commit ended.
        var report = await Pipeline(store).IndexAsync([docs]);
        Assert.Equal(20, report.Count(FileOutcome.Unchanged));
        Assert.Equal(14, report.Count(FileOutcome.Indexed));
        Assert.False(report.HasFailures);
        var final = await store.GetStatsAsync(CancellationToken.None);
        Assert.Equal(34, final.Sources);
        Assert.Equal(final.Chunks, final.Documents.Sum(d => d.Chunks));
        Assert.NotEmpty(await SearchAsync(store, "copyword25", AccessScope.Confidential));
    }

    [Fact]
    public async Task A_writer_in_another_process_makes_this_process_StoreBusy()
    {
        using var tmp = new ScratchFolder();
        var storePath = tmp.File("store");
        await using var child = await BlockedIndexer.StartAsync(tmp, storePath);
        // The child process has an open IndexWriter (files 21–30 staged): it holds write.lock.
        Assert.True(File.Exists(Path.Combine(storePath, "write.lock")));
        await using var concurrent = OpenStore(storePath);
        var doc = Metadata("intruder", "81/2025/QĐ-UBND");
        var error = await Record.ExceptionAsync(() => concurrent.ReplaceSourceAsync(Source(doc, "/x.md", 0), [], CancellationToken.None));
        Assert.True(error is StoreBusyException,
            "A second process obtained the write lock while the indexer process held it (two IndexWriters on one index); got: " +
            (error?.ToString() ?? "no exception"));
    }

    /// <summary>
    /// The real indexer CLI in a child process on 34 documents, deterministically stuck on file 31, a FIFO that is never
    /// written: by then it has committed files 1–20 (it commits every 20 files) and staged 21–30 in its open IndexWriter.
    /// </summary>
    private sealed class BlockedIndexer : IAsyncDisposable
    {
        private readonly Process _child;
        private readonly string _fifo;

        private BlockedIndexer(Process child, string fifo, string docs, IReadOnlyList<string> files)
        {
            _child = child;
            _fifo = fifo;
            Docs = docs;
            Files = files;
        }

        public string Docs { get; }
        /// <summary>Full paths of files 1–30, in the order the indexer takes them.</summary>
        public IReadOnlyList<string> Files { get; }

        public static async Task<BlockedIndexer> StartAsync(ScratchFolder tmp, string storePath)
        {
            var docs = tmp.Folder("docs");
            static string Document(int i) => Decision($"{100 + i}/2025/QĐ-UBND", $"QUYẾT ĐỊNH SỐ {i}",
                Enumerable.Range(1, 30).Select(k => ($"Quy định thứ {k}",
                    $"1. Người sử dụng đất thực hiện thủ tục đăng ký đất đai theo quy định tại khoản {k} copyword{i} của văn bản này.\n\n" +
                    "2. Cơ quan tiếp nhận hồ sơ có trách nhiệm kiểm tra, xác minh và trả kết quả đúng hạn.")).ToArray());
            var files = new List<string>();
            for (int i = 1; i <= 30; i++)
            {
                var file = Path.GetFullPath(Path.Combine(docs, $"f{i:000}.md"));
                await File.WriteAllTextAsync(file, Document(i));
                files.Add(file);
            }
            for (int i = 32; i <= 35; i++) await File.WriteAllTextAsync(Path.Combine(docs, $"f{i:000}.md"), Document(i));
            var fifo = Path.Combine(docs, "f031.md");
            using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fifo]) { UseShellExecute = false })!)
            {
                await mkfifo.WaitForExitAsync();
                Assert.Equal(0, mkfifo.ExitCode);
            }

            var indexerDll = Path.Combine(AppContext.BaseDirectory, "assistant-indexer.dll");
            Assert.True(File.Exists(indexerDll), $"{indexerDll} not found");
            var start = new ProcessStartInfo("dotnet", [indexerDll, "index", docs, "--store", storePath])
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["ASSISTANT_Embeddings__Provider"] = "none";
            var child = Process.Start(start)!;
            var blocked = new BlockedIndexer(child, fifo, docs, files);
            try
            {
                var stdout = child.StandardOutput.ReadToEndAsync();
                var lines = new List<string>();
                // Progress lines go to stderr ("[31/35] f031.md"); a generous safety limit only guards against a hang.
                using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
                string? line;
                while ((line = await child.StandardError.ReadLineAsync(limit.Token)) is not null)
                {
                    lines.Add(line);
                    if (line.Contains("f031.md", StringComparison.Ordinal)) break;
                }
                if (line is null)
                    Assert.Fail("indexer ended before reaching the blocking file:\n" + string.Join("\n", lines) + "\n" + await stdout);
                Assert.False(child.HasExited);
                return blocked;
            }
            catch
            {
                await blocked.DisposeAsync();
                throw;
            }
        }

        public async Task KillAsync()
        {
            if (!_child.HasExited) _child.Kill(entireProcessTree: true);
            await _child.WaitForExitAsync();
        }

        public async ValueTask DisposeAsync()
        {
            try { await KillAsync(); }
            finally
            {
                _child.Dispose();
                File.Delete(_fifo);
            }
        }
    }

    // ---- dense vectors ---------------------------------------------------------------------------

    [Fact]
    public async Task MiniLm_vectors_are_stored_and_used_for_search()
    {
        using var tmp = new ScratchFolder();
        var docs = tmp.Folder("docs");
        File.WriteAllText(Path.Combine(docs, "qd.md"), Decision("91/2025/QĐ-UBND", "QUYẾT ĐỊNH VỀ ĐẤT ĐAI",
            ("Tách thửa đất", "Điều kiện tách thửa đất ở: diện tích tối thiểu 40 m2, có lối đi chung."),
            ("Bồi thường khi thu hồi đất", "Người có đất bị thu hồi được bồi thường bằng tiền hoặc đất tái định cư."),
            ("Giá đất", "Bảng giá đất được áp dụng từ ngày 01 tháng 01 năm 2026.")));
        using var generator = new MiniLmEmbeddingGenerator();
        await using var store = OpenStore(tmp.File("store"));
        var report = await Pipeline(store, generator, MiniLmEmbeddingGenerator.ModelId).IndexAsync([docs]);
        Assert.Equal(1, report.Count(FileOutcome.Indexed));

        var stats = await store.GetStatsAsync(CancellationToken.None);
        Assert.Equal(3, stats.Chunks);
        Assert.Equal(3, stats.Vectors);
        Assert.Equal(new StoreManifest("1", MiniLmEmbeddingGenerator.ModelId, 384), stats.Manifest);

        // At the default weight 0 the question is not embedded at all: lexical results only.
        var lexicalOnly = await new LegalSearchService(store, RepoPaths.NewAnalyzer(), generator)
            .SearchAsync(new SearchRequest { Query = "bồi thường khi nhà nước thu hồi đất", Access = AccessScope.Internal, Top = 3 });
        Assert.False(lexicalOnly.UsedDense);
        Assert.All(lexicalOnly.Results, r => Assert.Null(r.DenseRank));

        var service = new LegalSearchService(store, RepoPaths.NewAnalyzer(), generator, new RetrievalOptions { DenseWeight = 0.02 });
        var response = await service.SearchAsync(new SearchRequest { Query = "bồi thường khi nhà nước thu hồi đất", Access = AccessScope.Internal, Top = 3 });
        Assert.True(response.UsedDense);
        Assert.Equal(3, response.Results.Count); // the dense ranking returns every chunk, even without shared words
        Assert.All(response.Results, r => Assert.NotNull(r.DenseRank));
        Assert.Equal(2, response.Results[0].Chunk.Article);

        // A store with vectors refuses an indexer without embeddings.
        await Assert.ThrowsAsync<StoreMismatchException>(() => Pipeline(store).IndexAsync([docs]));
    }
}
