using System.ComponentModel.DataAnnotations;

namespace Assistant.Retrieval.Storage;

/// <summary>Where the chunks live (section "Store"): the embedded Lucene store (default) or a Qdrant server ("Store:Kind" = qdrant).</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    public const string KindEmbedded = "embedded";
    public const string KindQdrant = "qdrant";

    [RegularExpression("^(embedded|qdrant)$", ErrorMessage = "Store:Kind chỉ nhận 'embedded' hoặc 'qdrant'.")]
    public string Kind { get; set; } = KindEmbedded;

    /// <summary>Qdrant settings (section "Store:Qdrant"), used when <see cref="Kind"/> is qdrant.</summary>
    public QdrantOptions Qdrant { get; set; } = new();

    /// <summary>Folder of the embedded store; relative paths are taken from the current directory.</summary>
    [Required]
    public string Path { get; set; } = "store";

    /// <summary>BM25 term-frequency saturation of the embedded store (search time only).</summary>
    [Range(0.1, 5.0)]
    public float Bm25K1 { get; set; } = 1.2f;
    /// <summary>BM25 length normalisation of the embedded store (search time only).</summary>
    [Range(0.0, 1.0)]
    public float Bm25B { get; set; } = 0.75f;

    /// <summary>
    /// Query terms found in more than this share of the chunks ("đất", "quyền sử dụng") are left out of the BM25
    /// query: they barely change the ranking but make every query score most of the index. 1 keeps every term.
    /// </summary>
    [Range(0.01, 1.0)]
    public float MaxQueryTermDocShare { get; set; } = 0.5f;

    /// <summary>
    /// Most query terms the embedded store turns into clauses of one query: long questions (up to the retrieval service's
    /// cap) make many unigram and bigram clauses. Lucene's own limit is process-wide; the store raises it to this.
    /// </summary>
    [Range(1024, 65536)]
    public int MaxQueryClauses { get; set; } = Embedded.LuceneClauseLimit.Default;

    /// <summary>
    /// `assistant-indexer index` merges the embedded store to one segment after a run that wrote at least this many chunks
    /// (a bulk load): a search pays per segment, and a run committing every 20 files leaves many. 0 = never merge.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int MergeAfterChunks { get; set; } = 5_000;
}

/// <summary>
/// Qdrant store settings (section "Store:Qdrant"). The API key is never read from configuration files:
/// only from the environment variable QDRANT_API_KEY.
/// </summary>
public sealed class QdrantOptions
{
    public const string ApiKeyEnvironmentVariable = "QDRANT_API_KEY";

    /// <summary>gRPC endpoint, e.g. http://host:6334 (https when the server has TLS).</summary>
    public string Url { get; set; } = "http://localhost:6334";

    /// <summary>Name the store reads and writes through: an alias pointing at the current physical collection.</summary>
    [RegularExpression("^[A-Za-z0-9_-]{1,200}$", ErrorMessage = "Store:Qdrant:Collection chỉ gồm chữ, số, '_' và '-'.")]
    public string Collection { get; set; } = "legal_chunks";

    /// <summary>Shards of a new collection: search runs on every shard in parallel; more shards spread the data over more nodes.</summary>
    [Range(1, 1024)]
    public int Shards { get; set; } = 1;

    /// <summary>Copies of each shard (on different nodes): availability and read throughput, not capacity.</summary>
    [Range(1, 16)]
    public int ReplicationFactor { get; set; } = 1;

    /// <summary>Replicas that must acknowledge a write (write_consistency_factor, at most ReplicationFactor).</summary>
    [Range(1, 16)]
    public int WriteConsistency { get; set; } = 1;

    /// <summary>Write ordering of upserts and deletes: weak | medium | strong.</summary>
    [RegularExpression("^(weak|medium|strong)$", ErrorMessage = "Store:Qdrant:WriteOrdering chỉ nhận weak, medium hoặc strong.")]
    public string WriteOrdering { get; set; } = "weak";

    /// <summary>Points per upsert request.</summary>
    [Range(1, 10000)]
    public int BatchSize { get; set; } = 256;

    /// <summary>gRPC deadline of one call.</summary>
    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>The API key, from QDRANT_API_KEY only (null when unset).</summary>
    public static string? ApiKeyFromEnvironment() =>
        Environment.GetEnvironmentVariable(ApiKeyEnvironmentVariable) is { Length: > 0 } key ? key : null;
}

/// <summary>Where the dated language data lives (section "Data").</summary>
public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>Folder with lexicon/ (stop words, synonyms). The composition sets the default (the data/ copied beside the program).</summary>
    public string Path { get; set; } = "";

    public string LexiconPath => System.IO.Path.Combine(Path, "lexicon");
}
