using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Assistant.Retrieval.Embeddings;

/// <summary>Builds the configured <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> and names it for the store manifest.</summary>
public static class EmbeddingGeneratorFactory
{
    public static IEmbeddingGenerator<string, Embedding<float>>? Create(EmbeddingOptions options)
    {
        switch (options.Provider)
        {
            case "none":
                return null;
            case "minilm":
                return new MiniLmEmbeddingGenerator();
            case "onnx":
                if (string.IsNullOrWhiteSpace(options.ModelPath) || !File.Exists(options.ModelPath))
                    throw new InvalidOperationException($"Embeddings:ModelPath phải trỏ tới tệp model.onnx có sẵn (hiện là '{options.ModelPath}').");
                var vocab = options.VocabPath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.ModelPath))!, "vocab.txt");
                return new OnnxEmbeddingGenerator(options.ModelPath, vocab, options.MaxTokens);
            case "openai":
                if (string.IsNullOrWhiteSpace(options.Endpoint) || string.IsNullOrWhiteSpace(options.Model))
                    throw new InvalidOperationException("Embeddings:Endpoint và Embeddings:Model là bắt buộc khi Provider = openai.");
                var key = Environment.GetEnvironmentVariable(EmbeddingOptions.ApiKeyVariable);
                var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(key) ? "no-key" : key),
                    new OpenAIClientOptions { Endpoint = new Uri(options.Endpoint) });
                return client.GetEmbeddingClient(options.Model).AsIEmbeddingGenerator();
            default:
                throw new InvalidOperationException($"Embeddings:Provider không hợp lệ: '{options.Provider}'.");
        }
    }

    /// <summary>A name that identifies the vector space, stored in the manifest so that vectors of two models are never mixed.</summary>
    public static string? ModelName(EmbeddingOptions options) => options.Provider switch
    {
        "none" => null,
        "minilm" => MiniLmEmbeddingGenerator.ModelId,
        "onnx" => "onnx:" + Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(options.ModelPath ?? "model.onnx"))) + "/" + Path.GetFileName(options.ModelPath),
        "openai" => "openai:" + options.Model,
        _ => options.Provider,
    };
}
