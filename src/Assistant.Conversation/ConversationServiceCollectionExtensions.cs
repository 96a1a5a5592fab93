using Assistant.Land.AdminUnits;
using Assistant.Conversation.Answering;
using Assistant.Conversation.Hosting;
using Assistant.Conversation.Plugins;
using Assistant.Land.Procedures;
using Assistant.Conversation.State;
using Assistant.Land;
using Assistant.Retrieval;
using Assistant.Retrieval.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace Assistant.Conversation;

public static class ConversationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the conversation core: the retrieval core, the catalogue, the unit registry, the Semantic Kernel
    /// with its plugins (and an OpenAI-compatible chat model when section "Llm" names one), conversation state in
    /// SQLite, the first-start corpus indexing, and <see cref="IConversationService"/>.
    /// </summary>
    public static IServiceCollection AddAssistantConversation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLegalRetrieval(configuration);
        services.AddOptions<ConversationOptions>().Bind(configuration.GetSection(ConversationOptions.Section));
        services.AddOptions<LlmOptions>().Bind(configuration.GetSection(LlmOptions.Section))
            .Validate(o => !o.Enabled || Uri.TryCreate(o.Endpoint, UriKind.Absolute, out _), "Llm:Endpoint phải là URL tuyệt đối.")
            .ValidateOnStart();
        services.AddOptions<CorpusOptions>().Bind(configuration.GetSection(CorpusOptions.Section));

        services.AddLandDomain(configuration);
        services.AddSingleton(sp => new RegulationSearchPlugin(sp.GetRequiredService<LegalSearchService>()));
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
        services.AddSingleton(sp => new ConversationStateStore(sp.GetRequiredService<IOptions<ConversationOptions>>().Value.StatePath));
        services.AddSingleton<IConversationService>(sp => new ConversationService(
            sp.GetRequiredService<Kernel>(), sp.GetRequiredService<ProcedureCatalog>(),
            sp.GetRequiredService<RegulationSearchPlugin>(), sp.GetRequiredService<ConversationStateStore>(), sp.GetRequiredService<GroundedAnswerGenerator>(),
            sp.GetRequiredService<IOptions<ConversationOptions>>().Value, sp.GetRequiredService<ILogger<ConversationService>>()));
        services.AddSingleton<CorpusBootstrapService>();
        services.AddHostedService(sp => sp.GetRequiredService<CorpusBootstrapService>());
        return services;
    }
}
