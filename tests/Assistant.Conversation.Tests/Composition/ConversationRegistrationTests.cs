using Assistant.Access;
using Assistant.Conversation.Answering;
using Assistant.Conversation.Hosting;
using Assistant.Land;
using Assistant.Land.Procedures;
using Assistant.Land.Tests.Procedures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Assistant.Conversation.Tests.Composition;

/// <summary>What AddAssistantConversation registers, without starting the corpus indexing.</summary>
public sealed class ConversationRegistrationTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("assistant-registration-");

    private ServiceProvider Build(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? before = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Store:Path"] = Path.Combine(_dir.FullName, "store"),
            ["Embeddings:Provider"] = "none",
            ["Conversation:StatePath"] = Path.Combine(_dir.FullName, "state.db"),
        };
        foreach (var (k, v) in settings ?? []) values[k] = v;
        var services = new ServiceCollection().AddLogging();
        before?.Invoke(services);
        services.AddAssistantConversation(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Data_folders_left_empty_are_the_ones_copied_beside_the_program()
    {
        await using var sp = Build();
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "data", "conversation"), sp.GetRequiredService<IOptions<ConversationOptions>>().Value.DataPath);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "prompts"), sp.GetRequiredService<IOptions<LlmOptions>>().Value.PromptsPath);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "data", "regulations"), sp.GetRequiredService<IOptions<CorpusOptions>>().Value.Path);
    }

    [Fact]
    public async Task Configured_data_folders_are_kept()
    {
        await using var sp = Build(new() { ["Conversation:DataPath"] = _dir.FullName, ["Llm:PromptsPath"] = "/srv/prompts", ["Corpus:Path"] = "/srv/regulations" });
        Assert.Equal(_dir.FullName, sp.GetRequiredService<IOptions<ConversationOptions>>().Value.DataPath);
        Assert.Equal("/srv/prompts", sp.GetRequiredService<IOptions<LlmOptions>>().Value.PromptsPath);
        Assert.Equal("/srv/regulations", sp.GetRequiredService<IOptions<CorpusOptions>>().Value.Path);
    }

    [Fact]
    public async Task A_missing_conversation_data_folder_fails_the_start()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Path"] = Path.Combine(_dir.FullName, "store"),
            ["Embeddings:Provider"] = "none",
            ["Conversation:StatePath"] = Path.Combine(_dir.FullName, "state.db"),
            ["Conversation:DataPath"] = Path.Combine(_dir.FullName, "missing"),
        });
        builder.Services.AddAssistantConversation(builder.Configuration);
        using var host = builder.Build();
        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }

    [Fact]
    public async Task Land_catalogues_are_registered_once_even_when_the_host_adds_the_land_domain_too()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Path"] = Path.Combine(_dir.FullName, "store"),
            ["Embeddings:Provider"] = "none",
            ["Conversation:StatePath"] = Path.Combine(_dir.FullName, "state.db"),
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddLandDomain(configuration);
        services.AddAssistantConversation(configuration);
        Assert.Single(services, d => d.ServiceType == typeof(ProcedureCatalog));
        Assert.Single(services, d => d.ServiceType == typeof(ProcedureMatcher));
        await using var sp = services.BuildServiceProvider();
        Assert.Same(sp.GetRequiredService<ProcedureCatalog>(), sp.GetRequiredService<ProcedureMatcher>().Catalog);
    }

    [Fact]
    public async Task One_access_policy_and_the_clock_are_registered()
    {
        await using var sp = Build();
        Assert.Same(sp.GetRequiredService<AccessPolicy>(), sp.GetRequiredService<AccessPolicy>());
        Assert.Same(TimeProvider.System, sp.GetRequiredService<TimeProvider>());
        Assert.IsType<VietnameseReplyTexts>(sp.GetRequiredService<IReplyTexts>());
        Assert.NotNull(sp.GetRequiredService<IConversationService>());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { _dir.Delete(recursive: true); } catch (IOException) { }
    }
}
