using System.Text.Json;
using Assistant.Access;
using Assistant.Indexer.Archive;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Storage;
using Assistant.Retrieval.Tests.Cli;
using Assistant.Retrieval.Tests.Documents;
using Assistant.Retrieval.Tests.Storage;

namespace Assistant.Retrieval.Tests.Archive;

/// <summary>
/// Generated pages through real Tesseract <c>vie</c> (needs tesseract-ocr and tesseract-ocr-vie: scripts/install-deps.sh):
/// `archive index` reads the fields into the store's payload, keeps the page images and leaves citizens nothing;
/// `archive eval` prints its table.
/// </summary>
[Collection(CliCollection.Name)]
[Trait("Requires", "tesseract")]
public sealed class ArchiveOcrTests
{
    [Fact]
    public async Task Archive_index_reads_parcel_sheet_and_serial_of_generated_pages_into_the_store()
    {
        await DocumentTestFiles.RequireOcrToolsAsync();
        using var folder = new ScratchFolder("archive-ocr-");
        using (var renderer = new PageRenderer())
            new SampleArchiveGenerator(ArchiveSampleTests.Vocabulary(), renderer).Generate(folder.Folder("scans"), count: 3, seed: 31, degraded: false);
        var truths = Directory.GetFiles(folder.File("scans"), "*" + SampleArchiveGenerator.TruthSuffix, SearchOption.AllDirectories)
            .Select(SampleArchiveGenerator.ReadTruth).ToList();
        Assert.Contains(truths, t => t.Kind == ArchiveKinds.Certificate);

        var (exit, stdout, stderr) = await CliEnvironment.RunAsync("archive", "index", folder.File("scans"), "--store", folder.File("store"), "--parallel", "2");

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("trang/phút", stdout);
        Assert.Equal(3, Directory.GetFiles(folder.File("store-pages"), "*.png", SearchOption.AllDirectories).Length);
        await using var store = StoreTestData.OpenStore(folder.File("store"));
        foreach (var truth in truths)
        {
            var filter = new SearchFilter { Parcels = [truth.Fields.Parcel!], MapSheets = [truth.Fields.MapSheet!], Units = [truth.Unit] };
            var hit = Assert.Single(await store.SearchAsync(new StoreQuery { Access = AccessScope.Confidential, Terms = [], Filter = filter }, CancellationToken.None));
            var record = hit.Chunk.Archive!;
            Assert.Equal(truth.Kind, record.Kind);
            Assert.Equal(truth.Security, hit.Chunk.Document.Security.ToString());
            Assert.True(File.Exists(Path.Combine(folder.File("store-pages"), record.PageImage)));
            Assert.Equal(truth.Fields.Serial, record.Serial?.Value);
            Assert.Equal(truth.Fields.DocumentNumber, record.DocumentNumber?.Value);
            Assert.InRange(record.Parcel!.Confidence, 0.3f, 1f);
            // Citizens: nothing, even with the page's own keys.
            Assert.Empty(await store.SearchAsync(new StoreQuery { Access = AccessScope.Public, Terms = RepoPaths.NewAnalyzer().AnalyzeQuery(hit.Chunk.Text[..Math.Min(200, hit.Chunk.Text.Length)]), Filter = filter }, CancellationToken.None));
        }

        // A second run finds nothing changed.
        var again = await CliEnvironment.RunAsync("archive", "index", folder.File("scans"), "--store", folder.File("store"), "--json");
        Assert.Equal(0, again.Exit);
        using var json = JsonDocument.Parse(again.Out);
        Assert.All(json.RootElement.GetProperty("pages").EnumerateArray(), p => Assert.Equal("unchanged", p.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task Archive_eval_prints_exact_match_and_character_error_rate_per_field()
    {
        await DocumentTestFiles.RequireOcrToolsAsync();
        using var folder = new ScratchFolder("archive-eval-");
        var generate = await CliEnvironment.RunAsync("archive", "generate", "--out", folder.File("sample"), "--count", "1", "--seed", "3");
        Assert.Equal(0, generate.Exit);

        var (exit, stdout, stderr) = await CliEnvironment.RunAsync("archive", "eval", "--dir", folder.File("sample"), "--json");

        Assert.True(exit == 0, stdout + stderr);
        using var json = JsonDocument.Parse(stdout);
        var fields = json.RootElement.GetProperty("fields").EnumerateArray().ToList();
        Assert.Contains(fields, f => f.GetProperty("field").GetString() == "parcel" && f.GetProperty("variant").GetString() == "clean");
        Assert.Contains(fields, f => f.GetProperty("field").GetString() == "parcel" && f.GetProperty("variant").GetString() == "degraded");
        var cleanParcel = fields.Single(f => f.GetProperty("field").GetString() == "parcel" && f.GetProperty("variant").GetString() == "clean");
        Assert.Equal(1.0, cleanParcel.GetProperty("exactMatch").GetDouble());
        Assert.Equal(0.0, cleanParcel.GetProperty("cer").GetDouble());
    }
}
