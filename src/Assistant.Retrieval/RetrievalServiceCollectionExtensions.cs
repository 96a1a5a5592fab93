using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Embeddings;
using Assistant.Retrieval.Ingestion;
using Assistant.Retrieval.Search;
using Assistant.Retrieval.Storage;
using Assistant.Retrieval.Storage.Embedded;
using Assistant.Retrieval.Storage.Qdrant;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Assistant.Retrieval;

public static class RetrievalServiceCollectionExtensions
{
    /// <summary>
    /// Registers the retrieval core: options (validated on start), the Vietnamese analyzer with its data, the store,
    /// the embedding generator, the readers, the indexing pipeline and the search service.
    /// </summary>
    public static IServiceCollection AddLegalRetrieval(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StoreOptions>().Bind(configuration.GetSection(StoreOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.Kind != StoreOptions.KindQdrant || Uri.TryCreate(o.Qdrant.Url, UriKind.Absolute, out _), "Store:Qdrant:Url phải là một địa chỉ đầy đủ (ví dụ http://localhost:6334) khi Store:Kind = qdrant.")
            .Validate(o => o.Kind != StoreOptions.KindQdrant || System.Text.RegularExpressions.Regex.IsMatch(o.Qdrant.Collection, "^[A-Za-z0-9_-]{1,200}$"), "Store:Qdrant:Collection chỉ gồm chữ, số, '_' và '-'.")
            .Validate(o => o.Kind != StoreOptions.KindQdrant || o.Qdrant.WriteConsistency <= o.Qdrant.ReplicationFactor, "Store:Qdrant:WriteConsistency không được lớn hơn Store:Qdrant:ReplicationFactor.")
            .ValidateOnStart();
        // The data/ copied beside the program, unless configuration names another folder.
        services.AddOptions<DataOptions>().Configure(o => o.Path = Path.Combine(AppContext.BaseDirectory, "data")).Bind(configuration.GetSection(DataOptions.Section))
            .Validate(o => System.IO.Directory.Exists(o.LexiconPath), "Data:Path phải chứa thư mục lexicon/ (stopwords.txt, synonyms.tsv).")
            .ValidateOnStart();
        services.AddOptions<EmbeddingOptions>().Bind(configuration.GetSection(EmbeddingOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.Provider != "onnx" || File.Exists(o.ModelPath), "Embeddings:ModelPath phải trỏ tới model.onnx khi Provider = onnx.")
            .Validate(o => o.Provider != "openai" || (!string.IsNullOrWhiteSpace(o.Endpoint) && !string.IsNullOrWhiteSpace(o.Model)), "Embeddings:Endpoint và Embeddings:Model là bắt buộc khi Provider = openai.")
            .ValidateOnStart();
        services.AddOptions<RetrievalOptions>().Configure(o => o.RankerPath = Path.Combine(AppContext.BaseDirectory, "data", "ranker", ArticleRankerFactory.ModelFileName))
            .Bind(configuration.GetSection(RetrievalOptions.Section))
            .Validate(o => o.Ranker is RetrievalOptions.RankerNone or RetrievalOptions.RankerLearned, "Retrieval:Ranker chỉ nhận 'none' hoặc 'learned'.")
            .ValidateOnStart();
        services.AddOptions<ChunkingOptions>().Bind(configuration.GetSection("Chunking"));

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => LexiconData.Load(sp.GetRequiredService<IOptions<DataOptions>>().Value.LexiconPath));
        services.AddSingleton(sp => new VietnameseAnalyzer(sp.GetRequiredService<LexiconData>()));
        services.AddSingleton<IChunkStore>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            if (o.Kind == StoreOptions.KindQdrant)
                return new QdrantChunkStore(o.Qdrant, sp.GetRequiredService<VietnameseAnalyzer>(), sp.GetService<ILogger<QdrantChunkStore>>(),
                    time: sp.GetRequiredService<TimeProvider>());
            return new LuceneChunkStore(o.Path, sp.GetRequiredService<VietnameseAnalyzer>(), sp.GetService<ILogger<LuceneChunkStore>>(), o.Bm25K1, o.Bm25B, o.MaxQueryTermDocShare,
                o.MaxQueryClauses, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp => new EmbeddingHolder(EmbeddingGeneratorFactory.Create(sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value)));
        services.AddSingleton(_ => DocumentReaders.CreateDefault());
        services.AddSingleton(sp => new LegalChunker(sp.GetRequiredService<IOptions<ChunkingOptions>>().Value));
        services.AddSingleton(sp =>
        {
            var embedding = sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
            return new IndexingPipeline(
                sp.GetRequiredService<IChunkStore>(), sp.GetRequiredService<DocumentReaders>(), sp.GetRequiredService<LegalChunker>(),
                sp.GetRequiredService<EmbeddingHolder>().Generator, EmbeddingGeneratorFactory.ModelName(embedding), embedding.BatchSize,
                sp.GetService<ILogger<IndexingPipeline>>(), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp =>
        {
            var embedding = sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
            return new EmbeddingBackfill(sp.GetRequiredService<IChunkStore>(), sp.GetRequiredService<EmbeddingHolder>().Generator, embedding.BatchSize,
                embedding.CommitEveryChunks, sp.GetService<ILogger<EmbeddingBackfill>>());
        });
        services.AddSingleton(sp =>
        {
            var cues = QuestionCues.Load(sp.GetRequiredService<IOptions<DataOptions>>().Value.LexiconPath);
            return new LegalSearchService(
                sp.GetRequiredService<IChunkStore>(), sp.GetRequiredService<VietnameseAnalyzer>(), sp.GetRequiredService<EmbeddingHolder>().Generator,
                sp.GetRequiredService<IOptions<RetrievalOptions>>().Value, sp.GetService<ILogger<LegalSearchService>>(),
                ArticleRankerFactory.Create(sp.GetRequiredService<IOptions<RetrievalOptions>>().Value, sp.GetRequiredService<VietnameseAnalyzer>(),
                    cues, sp.GetService<ILogger<ArticleReranker>>()), cues);
        });
        return services;
    }
}

/// <summary>The configured embedding generator, or none ("Embeddings:Provider" = none): DI cannot hold a null singleton.</summary>
public sealed class EmbeddingHolder(IEmbeddingGenerator<string, Embedding<float>>? generator) : IDisposable
{
    public IEmbeddingGenerator<string, Embedding<float>>? Generator { get; } = generator;
    public void Dispose() => Generator?.Dispose();
}
