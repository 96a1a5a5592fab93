using Assistant.Access;
using Assistant.Retrieval.Archive;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Storage;
using Assistant.Retrieval.Tests.Storage;

namespace Assistant.Retrieval.Tests.Archive;

/// <summary>
/// Archive pages in the real embedded store (Lucene files on disk): their keys are filters inside the query, a citizen's
/// scope never reaches them, and a legal search leaves them out unless it asks for them.
/// </summary>
public sealed class ArchiveStoreTests
{
    private static LegalChunk Page(string id, SecurityLevel security, string parcel, string sheet, string serial, string text)
    {
        var record = new ArchiveRecord
        {
            Kind = ArchiveKinds.Certificate,
            Unit = "00157",
            PageImage = $"00157/{id}.png",
            PageHash = id.PadRight(64, '0'),
            Parcel = new ArchiveField(parcel, 0.9f),
            MapSheet = new ArchiveField(sheet, 0.9f),
            Serial = new ArchiveField(serial, 0.9f),
            DocumentNumber = new ArchiveField("1234/QĐ-UBND", 0.9f),
            Personal = new ArchivePersonalData { HolderNames = ["Nguyễn Văn An"], IdNumbers = ["000170012345"] },
        };
        var meta = new ArchivePageMetadata("00157", security);
        var extraction = new ArchiveExtraction { Kind = record.Kind, Text = text };
        return ArchiveIngestion.ToChunk($"/scans/{id}.png", record, extraction, meta);
    }

    private static async Task Put(IChunkStore store, LegalChunk chunk) =>
        await store.ReplaceSourceAsync(new SourceRecord(chunk.SourceId, "h", chunk.Document, "ocr", 1, null, DateTimeOffset.UnixEpoch), [new EmbeddedChunk(chunk, null)], CancellationToken.None);

    [Fact]
    public async Task Citizen_scope_never_gets_archive_pages_and_staff_filter_them_by_parcel_sheet_serial_and_number()
    {
        using var folder = new ScratchFolder("archive-store-");
        const string text = "GIẤY CHỨNG NHẬN quyền sử dụng đất thửa đất số 125 tờ bản đồ số 12 phường Nghĩa Đô Ông: Nguyễn Văn An";
        await using (var store = StoreTestData.OpenStore(folder.File("store")))
        {
            await Put(store, Page("internal", SecurityLevel.Internal, "125", "12", "AA 01234567", text));
            await Put(store, Page("confidential", SecurityLevel.Confidential, "125", "12", "DT 123456", text));
            var legal = StoreTestData.Metadata("qd-public", "99/2025/QĐ-UBND");
            await store.ReplaceSourceAsync(new SourceRecord("/legal.md", "h", legal, "md", 1, null, DateTimeOffset.UnixEpoch),
                [new EmbeddedChunk(new LegalChunk { Id = "qd-public#d1", SourceId = "/legal.md", Document = legal, Citation = "Điều 1", Text = "Cấp giấy chứng nhận quyền sử dụng đất thửa đất" }, null)],
                CancellationToken.None);
            await store.CommitAsync(CancellationToken.None);
        }

        // A second store over the same files: everything below is read back from disk.
        await using var reopened = StoreTestData.OpenStore(folder.File("store"));
        var terms = RepoPaths.NewAnalyzer().AnalyzeQuery("giấy chứng nhận thửa đất số 125 tờ bản đồ 12 Nguyễn Văn An");
        async Task<IReadOnlyList<SearchHit>> Search(AccessScope access, SearchFilter filter, bool withTerms = true) =>
            await reopened.SearchAsync(new StoreQuery { Access = access, Terms = withTerms ? terms : [], Filter = filter, Top = 10 }, CancellationToken.None);
        static string[] Ids(IReadOnlyList<SearchHit> hits) => [.. hits.Select(h => h.Chunk.Document.Id).Order(StringComparer.Ordinal)];

        // Citizens: no archive page by words, by keys, or by asking for the archive.
        Assert.Equal(["qd-public"], Ids(await Search(AccessScope.Public, SearchFilter.None)));
        Assert.Equal(["qd-public"], Ids(await Search(AccessScope.Public, new SearchFilter { Archive = ArchiveSelection.Include })));
        Assert.Empty(await Search(AccessScope.Public, new SearchFilter { Archive = ArchiveSelection.Only }));
        Assert.Empty(await Search(AccessScope.Public, new SearchFilter { Parcels = ["125"] }));
        Assert.Empty(await Search(AccessScope.Public, new SearchFilter { Serials = ["AA01234567"] }, withTerms: false));

        // A legal search, even by staff, leaves the archive out unless it asks.
        Assert.Equal(["qd-public"], Ids(await Search(AccessScope.Confidential, SearchFilter.None)));
        Assert.Equal(3, (await Search(AccessScope.Confidential, new SearchFilter { Archive = ArchiveSelection.Include })).Count);

        // Staff lookups by key, with or without words, trimmed by clearance.
        var internalIds = Ids(await Search(AccessScope.Internal, new SearchFilter { Parcels = ["0125"], MapSheets = ["12"] }, withTerms: false));
        Assert.Single(internalIds);
        Assert.StartsWith("archive-internal", internalIds[0]);
        Assert.Equal(2, (await Search(AccessScope.Confidential, new SearchFilter { Parcels = ["125"], MapSheets = ["12"] })).Count);
        var bySerial = Assert.Single(await Search(AccessScope.Confidential, new SearchFilter { Serials = ["dt 123456"] }, withTerms: false));
        Assert.Equal("DT 123456", bySerial.Chunk.Archive!.Serial!.Value);
        Assert.Equal(["Nguyễn Văn An"], bySerial.Chunk.Archive.Personal.HolderNames);
        Assert.Equal(SecurityLevel.Confidential, bySerial.Chunk.Archive.Personal.Clearance);
        Assert.Equal(2, (await Search(AccessScope.Confidential, new SearchFilter { ArchiveDocumentNumbers = ["1234/qd-ubnd"] }, withTerms: false)).Count);
        Assert.Empty(await Search(AccessScope.Confidential, new SearchFilter { Parcels = ["126"] }, withTerms: false));
        Assert.Empty(await Search(AccessScope.Confidential, new SearchFilter { Parcels = ["125"], Units = ["00004"] }, withTerms: false));
    }

    [Fact]
    public void Personal_data_is_masked_for_callers_below_its_clearance()
    {
        var chunk = Page("p", SecurityLevel.Internal, "1", "2", "AA 01234567", "Ông: Nguyễn Văn An, CCCD số: 000170012345");
        var masked = chunk.Archive!.WithoutPersonalData();
        Assert.Equal(["N*** V*** A***"], masked.Personal.HolderNames);
        Assert.Equal(["********2345"], masked.Personal.IdNumbers);
        Assert.Equal("Ông: N*** V*** A***, CCCD số: ********2345", chunk.Archive.MaskPersonal(chunk.Text));
    }

    [Fact]
    public void A_page_without_unit_or_declared_public_is_refused()
    {
        using var folder = new ScratchFolder("archive-meta-");
        var image = folder.File("a.png");
        File.WriteAllBytes(image, [1]);
        var metadata = new ArchiveMetadata();
        Assert.Throws<DocumentReadException>(() => metadata.Resolve(image));
        File.WriteAllText(folder.File(ArchiveMetadata.FolderFileName), """{"unit": "00157", "security": "Internal"}""");
        Assert.Equal(new ArchivePageMetadata("00157", SecurityLevel.Internal), new ArchiveMetadata().Resolve(image));
        File.WriteAllText(image + ArchiveMetadata.SidecarSuffix, """{"security": "Confidential"}""");
        Assert.Equal(new ArchivePageMetadata("00157", SecurityLevel.Confidential), new ArchiveMetadata().Resolve(image));
        File.WriteAllText(image + ArchiveMetadata.SidecarSuffix, """{"security": "Public"}""");
        Assert.Throws<DocumentReadException>(() => new ArchiveMetadata().Resolve(image));
    }
}

/// <summary>The same archive rules in the requests the Qdrant store sends (built without a server).</summary>
public sealed class ArchiveQdrantRequestTests
{
    private static readonly string[] ArchiveCorpus = [ArchiveFieldNames.CorpusArchive];

    private static IEnumerable<string> Keywords(Qdrant.Client.Grpc.Filter filter, string key, bool mustNot = false) =>
        (mustNot ? filter.MustNot : filter.Must).Where(c => c.Field?.Key == key).SelectMany(c => c.Field.Match.Keywords?.Strings is { Count: > 0 } many ? [.. many] : new[] { c.Field.Match.Keyword });

    [Fact]
    public void Legal_queries_exclude_the_archive_and_archive_keys_become_payload_conditions()
    {
        var legal = Assistant.Retrieval.Storage.Qdrant.QdrantRequests.ChunkFilter(new StoreQuery { Access = AccessScope.Confidential, Terms = [] });
        Assert.Equal(ArchiveCorpus, Keywords(legal, ArchiveFieldNames.Corpus, mustNot: true));

        var lookup = Assistant.Retrieval.Storage.Qdrant.QdrantRequests.ChunkFilter(new StoreQuery
        {
            Access = AccessScope.Public,
            Terms = [],
            Filter = new SearchFilter { Parcels = ["0125"], Serials = ["aa 01234567"] },
        });
        Assert.Equal(ArchiveCorpus, Keywords(lookup, ArchiveFieldNames.Corpus));
        Assert.Equal(["125"], Keywords(lookup, ArchiveFieldNames.Parcel));
        Assert.Equal(["AA01234567"], Keywords(lookup, ArchiveFieldNames.Serial));
        // The citizen's scope stays in the same filter: only Public, which no archive page is.
        Assert.Equal(["Public"], Keywords(lookup, "security"));
    }
}
