using Assistant.Access;
using Assistant.Conversation.Archive;
using Assistant.Land.AdminUnits;
using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Storage;
using Assistant.Retrieval.Storage.Embedded;

namespace Assistant.Conversation.Tests.Archive;

/// <summary>How a staff query is read (keys, units old and new) and how the lookup trims by scope and units, on a real
/// Lucene store in a temp folder.</summary>
public sealed class ArchiveLookupParseTests
{
    private static readonly Lazy<AdminUnitRegistry> Units = new(() => AdminUnitRegistry.Load(Path.Combine(AppContext.BaseDirectory, "data", "admin-units")));
    private static readonly Lazy<VietnameseAnalyzer> Analyzer = new(() => new VietnameseAnalyzer(LexiconData.Load(Path.Combine(AppContext.BaseDirectory, "data", "lexicon"))));

    private static ArchiveLookupService Service(IChunkStore store) => new(store, Analyzer.Value, new AccessPolicy(), Units.Value);

    [Fact]
    public void Parcel_WithTheOldWardName_MapsToEveryNewUnitItWentInto()
    {
        using var store = new TempStore();
        var q = Service(store.Store).Parse("tra cứu thửa 125 tờ 12 phường Nghĩa Đô cũ");
        Assert.Equal(("125", "12"), (q.Parcel, q.MapSheet));
        // Old Phường Nghĩa Đô (Cầu Giấy) was divided between Ngọc Hà, Tây Hồ and the new Nghĩa Đô.
        Assert.Equal(["00008", "00103", "00160"], q.UnitCodes.Order(StringComparer.Ordinal));
        Assert.Null(q.FreeText);
    }

    [Fact]
    public void Parcel_WithTheNewUnitName_IsThatUnit_AndAnOldWardThatWentWholeIntoIt_IsToo()
    {
        using var store = new TempStore();
        var service = Service(store.Store);
        Assert.Equal(["00004"], service.Parse("thửa đất số 45 tờ bản đồ số 7 phường Ba Đình mới").UnitCodes);
        // Phường Trúc Bạch (old) went whole into Phường Ba Đình (00004).
        Assert.Equal(["00004"], service.Parse("thua 45 to 7 phuong Truc Bach").UnitCodes);
    }

    [Theory]
    [InlineData("tra cứu số giấy chứng nhận AA 01234567", "AA 01234567", null, null)]
    [InlineData("dt123456", "DT 123456", null, null)]
    [InlineData("số vào sổ CS 01234", null, "CS 01234", null)]
    [InlineData("tra cứu văn bản 1234/QĐ-UBND", null, null, "1234/QĐ-UBND")]
    [InlineData("tra cuu van ban 56/qd-ubnd", null, null, "56/qd-ubnd")]
    public void Serial_Register_AndDocumentNumber_AreRead(string text, string? serial, string? register, string? number)
    {
        using var store = new TempStore();
        var q = Service(store.Store).Parse(text);
        Assert.Equal((serial, register, number), (q.Serial, q.RegisterNumber, q.DocumentNumber));
    }

    [Fact]
    public void LookupCommands_AreRecognised_ForStaff_AndRefusedToOthers()
    {
        Assert.True(ArchiveLookupService.IsLookupCommand("Tra cứu thửa 12 tờ 3"));
        Assert.True(ArchiveLookupService.IsLookupCommand("tra cuu so giay chung nhan AA 01234567"));
        Assert.False(ArchiveLookupService.IsLookupCommand("tra cứu phạt nguội xe máy"));
        Assert.True(ArchiveLookupService.LooksLikeLookup("thửa 12 tờ 3 Nghĩa Đô"));
        Assert.False(ArchiveLookupService.LooksLikeLookup("tách thửa cần giấy tờ gì"));
    }

    [Fact]
    public async Task Lookup_TrimsByUnitsAndClearance_InTheStoreQuery_AndMasksBelowClearance()
    {
        using var store = new TempStore();
        await store.PutAsync("00008", SecurityLevel.Confidential, "125", "12", "Nguyễn Thị Hoa");
        await store.PutAsync("00160", SecurityLevel.Internal, "125", "12", "Đỗ Văn Nam");
        var service = Service(store.Store);
        CallerIdentity Staff(SecurityLevel clearance, params string[] units) => new(UserRole.Staff)
        { Subject = "s", Roles = new HashSet<UserRole> { UserRole.Staff }, Units = UnitScope.Of(units), Clearance = clearance };

        var all = await service.LookupAsync(Staff(SecurityLevel.Confidential, "*"), "thửa 125 tờ 12");
        Assert.Equal(2, all.Hits.Count);
        var ngocHa = await service.LookupAsync(Staff(SecurityLevel.Confidential, "00008"), "thửa 125 tờ 12 phường Nghĩa Đô");
        var hit = Assert.Single(ngocHa.Hits);
        Assert.Equal(["Nguyễn Thị Hoa"], hit.Record.Personal.HolderNames);
        Assert.False(hit.PersonalMasked);

        var internalOnly = await service.LookupAsync(Staff(SecurityLevel.Internal, "00008", "00160"), "thửa 125 tờ 12");
        var only = Assert.Single(internalOnly.Hits);
        Assert.Equal("00160", only.Record.Unit);
        Assert.Equal(["Đ*** V*** N***"], only.Record.Personal.HolderNames);
        Assert.True(only.PersonalMasked);

        Assert.Equal(ArchiveLookupOutcome.OutsideUnits, (await service.LookupAsync(Staff(SecurityLevel.Confidential, "00004"), "thửa 125 tờ 12 phường Nghĩa Đô")).Outcome);
        Assert.Equal(ArchiveLookupOutcome.NotStaff, (await service.LookupAsync(CallerIdentity.Anonymous, "thửa 125 tờ 12")).Outcome);
        Assert.Equal(ArchiveLookupOutcome.NotStaff, (await service.LookupAsync(new CallerIdentity(UserRole.Staff) { Units = UnitScope.All }, "thửa 125 tờ 12")).Outcome);
    }

    private sealed class TempStore : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("archive-lookup-").FullName;

        public TempStore() => Store = new LuceneChunkStore(Path.Combine(_dir, "store"), Analyzer.Value);

        public LuceneChunkStore Store { get; }

        public async Task PutAsync(string unit, SecurityLevel level, string parcel, string sheet, string holder)
        {
            var id = $"archive-{unit}-{parcel}";
            var record = new ArchiveRecord
            {
                Kind = ArchiveKinds.Certificate,
                Unit = unit,
                PageImage = $"{unit}/{id}.png",
                PageHash = id,
                Parcel = new ArchiveField(parcel, 0.9f),
                MapSheet = new ArchiveField(sheet, 0.9f),
                Personal = new ArchivePersonalData { HolderNames = [holder] },
            };
            var doc = new DocumentMetadata { Id = id, Number = "", Type = "Hồ sơ lưu trữ", Title = id, ShortTitle = id, Security = level };
            var chunk = new LegalChunk { Id = id + "#p1", SourceId = id, Document = doc, Citation = id, Text = $"Thửa đất số {parcel} tờ bản đồ số {sheet} {holder}", Archive = record };
            await Store.ReplaceSourceAsync(new SourceRecord(id, "h", doc, "ocr", 1, null, DateTimeOffset.UnixEpoch), [new EmbeddedChunk(chunk, null)], CancellationToken.None);
            await Store.CommitAsync(CancellationToken.None);
        }

        public void Dispose()
        {
            Store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Directory.Delete(_dir, recursive: true);
        }
    }
}
