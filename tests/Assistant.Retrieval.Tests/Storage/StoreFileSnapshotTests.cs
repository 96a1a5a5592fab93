using Assistant.Retrieval.Storage;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using static Assistant.Retrieval.Tests.Storage.StoreTestData;

namespace Assistant.Retrieval.Tests.Storage;

/// <summary>
/// The embedded store's commit hold for backups (<see cref="IChunkStoreFileSnapshot"/>): the held commit's files survive
/// later commits by this store and by another store instance on the same folder (what another process does), a second
/// hold waits for the first, and releasing lets the next commit delete what only the hold kept.
/// </summary>
public sealed class StoreFileSnapshotTests
{
    private static async Task WriteAsync(IChunkStore store, string sourceId, string word)
    {
        var doc = Metadata(sourceId, "81/2025/QĐ-UBND");
        await store.ReplaceSourceAsync(Source(doc, sourceId, 1), [new EmbeddedChunk(Chunk(doc, sourceId, 1, $"Nội dung {word}."), null)], CancellationToken.None);
        await store.CommitAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_held_commit_keeps_its_files_through_other_writers_commits_until_released()
    {
        using var tmp = new ScratchFolder();
        var path = tmp.File("store");
        await using var store = OpenStore(path);
        Assert.Null(await ((IChunkStoreFileSnapshot)store).HoldLastCommitAsync(CancellationToken.None)); // nothing committed yet
        await WriteAsync(store, "/src/a.md", "alphaword");

        var hold = await ((IChunkStoreFileSnapshot)store).HoldLastCommitAsync(CancellationToken.None);
        Assert.NotNull(hold);
        Assert.Contains(hold.FileNames, f => f.StartsWith("segments_", StringComparison.Ordinal));
        var held = hold.FileNames.Select(f => Path.Combine(path, f)).ToList();

        // Commits by this store and by another instance (its own writer, as another process would open), each replacing
        // the only source: without the hold the older commit's segments would be deleted at once.
        await WriteAsync(store, "/src/a.md", "betaword");
        await using (var other = OpenStore(path))
        {
            await WriteAsync(other, "/src/a.md", "gammaword");
            // One backup at a time: a second hold is refused while the first is held.
            await Assert.ThrowsAsync<StoreBusyException>(() => ((IChunkStoreFileSnapshot)other).HoldLastCommitAsync(CancellationToken.None));
        }
        await WriteAsync(store, "/src/a.md", "deltaword");
        Assert.All(held, f => Assert.True(File.Exists(f), $"{Path.GetFileName(f)} of the held commit was deleted"));

        await hold.DisposeAsync();
        await WriteAsync(store, "/src/a.md", "epsilonword");
        Assert.Contains(held, f => !File.Exists(f));
    }

    [Fact]
    public async Task A_hold_left_by_a_killed_backup_is_released_by_the_next_backup()
    {
        using var tmp = new ScratchFolder();
        var path = tmp.File("store");
        await using (var first = OpenStore(path))
            await WriteAsync(first, "/src/a.md", "alphaword");
        // What a backup killed mid-copy leaves behind: the hold recorded in the folder, never released (its backup lock
        // went with the process).
        List<string> abandoned;
        using (var directory = FSDirectory.Open(path))
        {
            var policy = new PersistentSnapshotDeletionPolicy(new KeepOnlyLastCommitDeletionPolicy(), directory, OpenMode.CREATE_OR_APPEND);
            var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer()) { IndexDeletionPolicy = policy });
            abandoned = policy.Snapshot().FileNames.Select(f => Path.Combine(path, f)).ToList();
            writer.Rollback();
        }

        await using var store = OpenStore(path);
        await WriteAsync(store, "/src/a.md", "betaword");
        Assert.All(abandoned, f => Assert.True(File.Exists(f), "the abandoned hold should still keep its files"));
        await using (await ((IChunkStoreFileSnapshot)store).HoldLastCommitAsync(CancellationToken.None)) { }
        await WriteAsync(store, "/src/a.md", "gammaword");
        Assert.Contains(abandoned, f => !File.Exists(f));
    }
}
