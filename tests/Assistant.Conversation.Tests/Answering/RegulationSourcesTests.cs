using Assistant.Access;
using Assistant.Conversation.Answering;
using Assistant.Conversation.Tests.Dialogue;
using Assistant.Land.Procedures;
using Assistant.Retrieval.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Assistant.Conversation.Tests.Answering;

/// <summary>A procedure's articles are kept while the store is unchanged and searched again once a commit changes it.</summary>
public sealed class RegulationSourcesTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "assistant-sources-" + Guid.NewGuid().ToString("N"));
    private IHost? _host;

    public async Task InitializeAsync()
    {
        var corpus = Directory.CreateDirectory(Path.Combine(_root, "corpus")).FullName;
        await File.WriteAllTextAsync(Path.Combine(corpus, "luat-a.md"),
            "# Luật thử nghiệm\n\nSố: 1/2099/QH99\n\n## Điều 1. Tách thửa đất\n\nViệc tách thửa đất phải bảo đảm diện tích tối thiểu.\n");
        await File.WriteAllTextAsync(Path.Combine(corpus, "luat-a.md.meta.json"),
            """{"id":"luat-a","shortTitle":"Luật A","number":"1/2099/QH99","type":"Luật","title":"Luật thử nghiệm","security":"Public","status":"in-force"}""");
        _host = await AssistantFixture.StartAsync(_root, corpus);
    }

    [Fact]
    public async Task Procedure_articles_are_kept_until_the_store_changes()
    {
        var services = _host!.Services;
        var sources = services.GetRequiredService<RegulationSources>();
        var procedure = services.GetRequiredService<ProcedureCatalog>().Get("1.012784");

        var first = await sources.ProcedureArticlesAsync(procedure, AccessScope.Public, CancellationToken.None);
        var again = await sources.ProcedureArticlesAsync(procedure, AccessScope.Public, CancellationToken.None);
        Assert.NotEmpty(first);
        Assert.Same(first, again);

        var added = Path.Combine(_root, "corpus", "luat-b.md");
        await File.WriteAllTextAsync(added, "# Luật thứ hai\n\nSố: 2/2099/QH99\n\n## Điều 1. Tách thửa và hợp thửa\n\nHồ sơ tách thửa gồm đơn đề nghị tách thửa.\n");
        await File.WriteAllTextAsync(added + ".meta.json",
            """{"id":"luat-b","shortTitle":"Luật B","number":"2/2099/QH99","type":"Luật","title":"Luật thứ hai","security":"Public","status":"in-force"}""");
        await services.GetRequiredService<IndexingPipeline>().IndexAsync([Path.Combine(_root, "corpus")]);

        var after = await sources.ProcedureArticlesAsync(procedure, AccessScope.Public, CancellationToken.None);
        Assert.NotSame(first, after);
        Assert.Contains(after, h => h.Chunk.Document.Number == "2/2099/QH99");
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
