using Assistant.Retrieval.Storage;
using Assistant.Retrieval.Storage.Qdrant;

namespace Assistant.Retrieval.Tests.Storage.Contract;

/// <summary>
/// The store contract on a real Qdrant server: runs only when QDRANT_URL is set (gRPC endpoint, e.g. http://localhost:6334;
/// QDRANT_API_KEY if the server needs one), and is reported as skipped otherwise. Each store is a unique alias and
/// collection, deleted at the end.
/// </summary>
public sealed class QdrantStoreContractTests_RequiresQDRANT_URL : ChunkStoreContract
{
    private static string? Url => Environment.GetEnvironmentVariable("QDRANT_URL") is { Length: > 0 } url ? url : null;

    protected override string? SkipReason => Url is null
        ? "QDRANT_URL is not set: no Qdrant server to test against (set QDRANT_URL=http://host:6334 to run these)."
        : null;

    /// <summary>The store of the running test (xunit makes one instance of this class per test).</summary>
    private QdrantChunkStore? _store;

    protected override Task<IChunkStore> OpenEmptyStoreAsync()
    {
        _store = new QdrantChunkStore(new QdrantOptions { Url = Url!, Collection = "contract_" + Guid.NewGuid().ToString("N") }, RepoPaths.NewAnalyzer());
        return Task.FromResult<IChunkStore>(_store);
    }

    protected override async Task DropStoreAsync(IChunkStore store)
    {
        await _store!.DropAsync(CancellationToken.None);
        await store.DisposeAsync();
    }
}
