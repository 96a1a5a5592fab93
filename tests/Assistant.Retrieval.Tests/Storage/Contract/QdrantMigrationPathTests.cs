using Assistant.Indexer.Cli;
using Assistant.Retrieval.Storage;
using Assistant.Retrieval.Tests.Cli;
using static Assistant.Retrieval.Tests.Storage.Contract.ContractCorpus;
using Assistant.Access;

namespace Assistant.Retrieval.Tests.Storage.Contract;

/// <summary>
/// The parts of `migrate --to-qdrant` and `snapshot` that need no server: the embedded store's export (what migrate
/// copies) and the user errors of both commands.
/// </summary>
public sealed class QdrantMigrationPathTests : IDisposable
{
    private readonly ScratchFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public async Task Export_of_the_embedded_store_rebuilds_an_equal_store()
    {
        await using var source = StoreTestData.OpenStore(_tmp.File("a"));
        await LoadAsync(source);
        await using var copy = StoreTestData.OpenStore(_tmp.File("b"));
        await copy.EnsureManifestAsync((await source.GetManifestAsync(CancellationToken.None))!, CancellationToken.None);
        int exported = 0;
        await foreach (var (record, chunks) in source.ExportAsync(CancellationToken.None))
        {
            Assert.Equal(record.ChunkCount, chunks.Count);
            Assert.All(chunks, c => Assert.Equal(Dimensions, c.Vector!.Length));
            Assert.Equal(chunks.OrderBy(c => c.Chunk.Ordinal).Select(c => c.Chunk.Id), chunks.Select(c => c.Chunk.Id));
            await copy.ReplaceSourceAsync(record, chunks, CancellationToken.None);
            exported += chunks.Count;
        }
        await copy.CommitAsync(CancellationToken.None);
        Assert.Equal(ChunkCount, exported);

        var a = await source.GetStatsAsync(CancellationToken.None);
        var b = await copy.GetStatsAsync(CancellationToken.None);
        Assert.Equal((a.Sources, a.Chunks, a.Vectors, a.Manifest), (b.Sources, b.Chunks, b.Vectors, b.Manifest));
        foreach (var (q, axis) in new[] { ("tách thửa đất", 0), ("chuyển mục đích sử dụng đất", 1), ("", 3) })
        {
            var query = new StoreQuery
            {
                Access = AccessScope.Confidential,
                Terms = q.Length == 0 ? [] : RepoPaths.NewAnalyzer().AnalyzeQuery(q),
                Vector = StoreTestData.Axis(Dimensions, axis),
            };
            // The fixture's axis vectors tie, and ties follow insertion order: compare the hybrid hits as sets...
            Assert.Equal((await source.SearchAsync(query, CancellationToken.None)).Select(h => h.Chunk.Id).Order(),
                (await copy.SearchAsync(query, CancellationToken.None)).Select(h => h.Chunk.Id).Order());
            // ...and the head of the lexical ranking exactly (equal BM25 scores in the tail also follow insertion order).
            if (q.Length == 0) continue;
            var lexical = query with { Vector = null };
            Assert.Equal((await source.SearchAsync(lexical, CancellationToken.None)).Select(h => (h.Chunk.Id, h.Score)).Take(3),
                (await copy.SearchAsync(lexical, CancellationToken.None)).Select(h => (h.Chunk.Id, h.Score)).Take(3));
        }
    }

    [Fact]
    public async Task Snapshot_on_the_embedded_store_is_a_clear_user_error()
    {
        var (exit, _, err) = await CliEnvironment.RunAsync("snapshot", "--store", _tmp.File("empty"));
        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("snapshot chỉ dùng với kho Qdrant", err);
    }

    [Theory]
    [InlineData(new string[0], "--to-qdrant")]
    [InlineData(new[] { "--to-qdrant", "localhost:6334" }, "http(s)")]
    [InlineData(new[] { "--to-qdrant", "http://localhost:6334", "--collection", "bad name!" }, "--collection")]
    [InlineData(new[] { "--to-qdrant", "http://localhost:6334" }, "trống")]
    public async Task Migrate_reports_user_errors_before_touching_any_server(string[] options, string expected)
    {
        var (exit, _, err) = await CliEnvironment.RunAsync(["migrate", "--store", _tmp.File("empty"), .. options]);
        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains(expected, err);
    }

    [Fact]
    public async Task Help_lists_the_new_commands()
    {
        var (exit, output, _) = await CliEnvironment.RunAsync("--help");
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("migrate --to-qdrant URL", output);
        Assert.Contains("assistant-indexer snapshot", output);
    }
}
