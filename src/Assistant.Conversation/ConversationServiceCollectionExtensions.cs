using Assistant.Access;
using Assistant.Conversation;
using Assistant.Conversation.Turns;
using Assistant.Conversation.Answering;
using Assistant.Conversation.Hosting;
using Assistant.Conversation.Plugins;
using Assistant.Conversation.Routing;
using Assistant.Conversation.State;
using Assistant.Land;
using Assistant.Land.AdminUnits;
using Assistant.Land.Procedures;
using Assistant.Retrieval;
using Assistant.Retrieval.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace Microsoft.Extensions.DependencyInjection;

public static class ConversationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the conversation core: the retrieval core, the land catalogues (until the land domain registers them
    /// itself), the access policy, the turn's router, sources, composer and state, the Semantic Kernel with its plugins
    /// (and an OpenAI-compatible chat model when section "Llm" names one), the first-start corpus indexing, and
    /// <see cref="IConversationService"/>.
    /// </summary>
    public static IServiceCollection AddAssistantConversation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLegalRetrieval(configuration);

        // Options: bound, defaulted to the folders copied beside the program, checked at start.
        services.AddOptions<ConversationOptions>().Bind(configuration.GetSection(ConversationOptions.Section))
            .PostConfigure(o => o.DataPath = BesideProgramWhenEmpty(o.DataPath, "data", "conversation"))
            .Validate(o => Directory.Exists(o.DataPath), "Conversation:DataPath phải là thư mục dữ liệu hội thoại (greetings.tsv, domain-words.tsv…).")
            .ValidateOnStart();
        services.AddOptions<LlmOptions>().Bind(configuration.GetSection(LlmOptions.Section))
            .PostConfigure(o => o.PromptsPath = BesideProgramWhenEmpty(o.PromptsPath, "prompts"))
            .Validate(o => !o.Enabled || Uri.TryCreate(o.Endpoint, UriKind.Absolute, out _), "Llm:Endpoint phải là URL tuyệt đối.")
            .ValidateOnStart();
        // A missing corpus folder is reported by the readiness status, not a failed start: an indexed store still answers.
        services.AddOptions<CorpusOptions>().Bind(configuration.GetSection(CorpusOptions.Section))
            .PostConfigure(o => o.Path = BesideProgramWhenEmpty(o.Path, "data", "regulations"));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AccessPolicy>();
        services.AddLandDomain(configuration);

        // The LLM-facing surface: plugins over the same typed services the conversation calls directly.
        services.AddSingleton(sp => new RegulationSearchPlugin(sp.GetRequiredService<LegalSearchService>(), sp.GetRequiredService<AccessPolicy>()));
        services.AddSingleton(sp => new ProcedureCatalogPlugin(sp.GetRequiredService<ProcedureCatalog>(), sp.GetRequiredService<ProcedureMatcher>()));
        services.AddSingleton(sp => new AdminUnitsPlugin(sp.GetRequiredService<AdminUnitRegistry>()));
        services.AddSingleton(sp =>
        {
            var llm = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            var builder = Kernel.CreateBuilder();
            builder.Services.AddSingleton(sp.GetRequiredService<ILoggerFactory>());
            if (llm.Enabled)
                builder.AddOpenAIChatCompletion(llm.Model, new Uri(llm.Endpoint!), Environment.GetEnvironmentVariable(LlmOptions.ApiKeyVariable) ?? "no-key");
            builder.Plugins.AddFromObject(sp.GetRequiredService<RegulationSearchPlugin>(), RegulationSearchPlugin.Name);
            builder.Plugins.AddFromObject(sp.GetRequiredService<ProcedureCatalogPlugin>(), ProcedureCatalogPlugin.Name);
            builder.Plugins.AddFromObject(sp.GetRequiredService<AdminUnitsPlugin>(), AdminUnitsPlugin.Name);
            return builder.Build();
        });
        services.AddSingleton(sp =>
        {
            var llm = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            var kernel = sp.GetRequiredService<Kernel>();
            KernelFunction? answer = null;
            if (llm.Enabled)
            {
                if (!Directory.Exists(llm.PromptsPath)) throw new InvalidOperationException($"Không tìm thấy thư mục prompts '{llm.PromptsPath}'.");
                answer = kernel.CreatePluginFromPromptDirectory(llm.PromptsPath, "prompts")["AnswerWithCitations"];
            }
            return new GroundedAnswerGenerator(kernel, answer, llm, sp.GetRequiredService<ILogger<GroundedAnswerGenerator>>());
        });

        // One turn: decide, fetch, render, remember.
        services.AddSingleton(sp => TurnVocabulary.Load(Conversation(sp).DataPath));
        services.AddSingleton(sp => new TurnRouter(sp.GetRequiredService<TurnVocabulary>(), sp.GetRequiredService<ProcedureCatalog>(), Conversation(sp)));
        services.AddSingleton(sp => new RegulationSources(sp.GetRequiredService<LegalSearchService>(), Conversation(sp),
            AspectCitations.Load(Conversation(sp).DataPath), sp.GetRequiredService<IOptions<RetrievalOptions>>().Value.ResultCacheSize));
        services.AddSingleton<IReplyTexts, VietnameseReplyTexts>();
        services.AddSingleton(sp => new ReplyComposer(sp.GetRequiredService<IReplyTexts>(), Conversation(sp),
            sp.GetRequiredService<ProcedureCatalog>().TimeLimits, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ConversationStateStore(Conversation(sp).StatePath, TimeSpan.FromDays(Math.Max(1, Conversation(sp).StateRetentionDays)), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IConversationService>(sp => new ConversationService(
            sp.GetRequiredService<ProcedureMatcher>(), sp.GetRequiredService<AdminUnitRegistry>(), sp.GetRequiredService<TurnRouter>(),
            sp.GetRequiredService<RegulationSources>(), sp.GetRequiredService<GroundedAnswerGenerator>(), sp.GetRequiredService<ReplyComposer>(),
            sp.GetRequiredService<ConversationStateStore>(), sp.GetRequiredService<AccessPolicy>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ConversationService>>()));

        services.AddSingleton<CorpusBootstrapService>();
        services.TryAddSingleton(sp => new Assistant.Conversation.Archive.ArchiveLookupService(sp.GetRequiredService<Assistant.Retrieval.Storage.IChunkStore>(),
            sp.GetRequiredService<Assistant.Retrieval.Analysis.VietnameseAnalyzer>(), sp.GetRequiredService<AccessPolicy>(), sp.GetRequiredService<AdminUnitRegistry>()));
        services.AddHostedService(sp => sp.GetRequiredService<CorpusBootstrapService>());
        return services;
    }

    private static ConversationOptions Conversation(IServiceProvider sp) => sp.GetRequiredService<IOptions<ConversationOptions>>().Value;

    /// <summary>The only place the program's own folder is read: a data folder left empty in configuration is the one copied beside it.</summary>
    private static string BesideProgramWhenEmpty(string configured, params string[] relative) =>
        string.IsNullOrWhiteSpace(configured) ? Path.Combine([AppContext.BaseDirectory, .. relative]) : configured;
}
