using Assistant.Retrieval.Ingestion;
using Assistant.Retrieval.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Assistant.Retrieval.Tests.Storage.StoreTestData;

namespace Assistant.Retrieval.Tests;

/// <summary>What <see cref="RetrievalServiceCollectionExtensions.AddLegalRetrieval"/> decides: data folders and the clock.</summary>
public sealed class RetrievalRegistrationTests : IDisposable
{
    private readonly ScratchFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? before = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Path"] = _tmp.File("store"),
            ["Embeddings:Provider"] = "none",
        }.Concat(settings)).Build();
        var services = new ServiceCollection();
        before?.Invoke(services);
        services.AddLegalRetrieval(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task The_data_folder_defaults_to_the_one_beside_the_program_and_configuration_overrides_it()
    {
        await using (var defaults = Build([]))
            Assert.Equal(Path.Combine(AppContext.BaseDirectory, "data"), defaults.GetRequiredService<IOptions<DataOptions>>().Value.Path);

        await using var configured = Build(new() { ["Data:Path"] = RepoPaths.Root + "/data" });
        Assert.Equal(RepoPaths.Root + "/data", configured.GetRequiredService<IOptions<DataOptions>>().Value.Path);
    }

    [Fact]
    public async Task The_registered_clock_stamps_indexed_sources_and_a_host_clock_wins()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 5, 4, 3, 2, 1, TimeSpan.Zero));
        await using var services = Build([], s => s.AddSingleton<TimeProvider>(time));
        Assert.Same(time, services.GetRequiredService<TimeProvider>());
        var docs = _tmp.Folder("docs");
        File.WriteAllText(Path.Combine(docs, "a.md"), Decision("21/2025/QĐ-UBND", "QUYẾT ĐỊNH", ("Phạm vi", "Nội dung alphaword.")));

        await services.GetRequiredService<IndexingPipeline>().IndexAsync([docs]);

        var record = Assert.Single((await services.GetRequiredService<IChunkStore>().GetSourcesAsync(CancellationToken.None)).Values);
        Assert.Equal(time.GetUtcNow(), record.IndexedAt);
    }

    [Fact]
    public async Task Without_a_host_clock_the_system_clock_is_registered()
    {
        await using var services = Build([]);
        Assert.Same(TimeProvider.System, services.GetRequiredService<TimeProvider>());
    }
}
