using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;

namespace Assistant.Retrieval.Embeddings;

/// <summary>
/// Any BERT-family sentence-transformer exported to ONNX (inputs input_ids, attention_mask and optionally
/// token_type_ids; output last_hidden_state), with its WordPiece vocab.txt: mean pooling over the attention
/// mask, then L2 normalisation. This is how a multilingual or Vietnamese model is plugged in offline.
/// </summary>
public sealed class OnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly int _maxTokens;
    private readonly bool _needsTokenTypes;
    private readonly string _modelId;

    public OnnxEmbeddingGenerator(string modelPath, string vocabPath, int maxTokens = 256)
    {
        if (!File.Exists(vocabPath)) throw new InvalidOperationException($"Không tìm thấy tệp từ vựng '{vocabPath}' của mô hình ONNX.");
        _session = new InferenceSession(modelPath);
        _tokenizer = BertTokenizer.Create(vocabPath, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = false });
        _maxTokens = maxTokens;
        _needsTokenTypes = _session.InputMetadata.ContainsKey("token_type_ids");
        _modelId = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(modelPath))) + "/" + Path.GetFileName(modelPath);
        Metadata = new EmbeddingGeneratorMetadata("onnx", defaultModelId: _modelId);
    }

    public EmbeddingGeneratorMetadata Metadata { get; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToArray();
        var result = new GeneratedEmbeddings<Embedding<float>>();
        if (texts.Length == 0) return Task.FromResult(result);
        var ids = texts.Select(t => _tokenizer.EncodeToIds(t, _maxTokens, out _, out _).ToArray()).ToArray();
        int seq = ids.Max(i => i.Length);
        var inputIds = new DenseTensor<long>([texts.Length, seq]);
        var mask = new DenseTensor<long>([texts.Length, seq]);
        var types = new DenseTensor<long>([texts.Length, seq]);
        for (int b = 0; b < texts.Length; b++)
            for (int t = 0; t < ids[b].Length; t++)
            {
                inputIds[b, t] = ids[b][t];
                mask[b, t] = 1;
            }
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor("input_ids", inputIds),
            NamedOnnxValue.CreateFromTensor("attention_mask", mask),
        };
        if (_needsTokenTypes) inputs.Add(NamedOnnxValue.CreateFromTensor("token_type_ids", types));
        cancellationToken.ThrowIfCancellationRequested();
        using var outputs = _session.Run(inputs);
        var hidden = outputs.First().AsTensor<float>();
        int dims = hidden.Dimensions[2];
        for (int b = 0; b < texts.Length; b++)
        {
            var v = new float[dims];
            int n = ids[b].Length;
            for (int t = 0; t < n; t++)
                for (int d = 0; d < dims; d++)
                    v[d] += hidden[b, t, d];
            for (int d = 0; d < dims; d++) v[d] /= Math.Max(1, n);
            result.Add(new Embedding<float>(VectorMath.Normalize(v)) { ModelId = _modelId });
        }
        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() => _session.Dispose();
}
