using System.ComponentModel.DataAnnotations;

namespace Assistant.Retrieval.Embeddings;

/// <summary>
/// Which embedding model turns chunks and questions into dense vectors (section "Embeddings").
/// minilm: the offline all-MiniLM-L6-v2 shipped in a NuGet package (English-centric, the zero-setup default);
/// onnx: a local sentence-transformer exported to ONNX with its WordPiece vocab.txt (e.g. a multilingual model);
/// openai: any OpenAI-compatible /v1/embeddings endpoint, key from the EMBEDDINGS_API_KEY environment variable;
/// none: lexical search only.
/// </summary>
public sealed class EmbeddingOptions
{
    public const string Section = "Embeddings";
    public const string ApiKeyVariable = "EMBEDDINGS_API_KEY";

    [RegularExpression("^(minilm|onnx|openai|none)$", ErrorMessage = "Embeddings:Provider phải là minilm, onnx, openai hoặc none.")]
    public string Provider { get; set; } = "minilm";

    /// <summary>onnx: path of model.onnx.</summary>
    public string? ModelPath { get; set; }
    /// <summary>onnx: path of the WordPiece vocab.txt (defaults to vocab.txt beside the model).</summary>
    public string? VocabPath { get; set; }
    /// <summary>openai: base URL, e.g. http://127.0.0.1:8080/v1.</summary>
    public string? Endpoint { get; set; }
    /// <summary>openai: model name.</summary>
    public string? Model { get; set; }
    [Range(1, 65536)]
    public int MaxTokens { get; set; } = 256;
    [Range(1, 1024)]
    public int BatchSize { get; set; } = 32;

    /// <summary>
    /// The bot's start-up indexing commits the lexical index first (the bot answers from then on) and computes the vectors
    /// afterwards in the background, committing as it goes so that a restart resumes where it stopped. False: vectors are
    /// computed inline, file by file, before the store is ready (what the indexer command line always does).
    /// </summary>
    public bool Background { get; set; } = true;

    /// <summary>
    /// The bot computes no vectors while Retrieval:DenseWeight is 0: they would change no answer, and on two cores they cost
    /// minutes of CPU. Set Retrieval:DenseWeight above 0 (with a Vietnamese-capable model) and restart to fill them in.
    /// </summary>
    public bool SkipWhenUnused { get; set; } = true;

    /// <summary>Background embedding commits after at least this many newly embedded chunks (whole source files at a time).</summary>
    [Range(1, 1_000_000)]
    public int CommitEveryChunks { get; set; } = 256;
}
