using Assistant.Retrieval.Storage;

namespace Assistant.Retrieval.Tests.Storage.Contract;

/// <summary>The store contract on the embedded Lucene store (runs everywhere).</summary>
public sealed class EmbeddedStoreContractTests : ChunkStoreContract, IDisposable
{
    private readonly ScratchFolder _tmp = new();

    protected override Task<IChunkStore> OpenEmptyStoreAsync() =>
        Task.FromResult<IChunkStore>(StoreTestData.OpenStore(_tmp.File("store-" + Guid.NewGuid().ToString("N"))));

    protected override async Task DropStoreAsync(IChunkStore store) => await store.DisposeAsync();

    public void Dispose() => _tmp.Dispose();
}
