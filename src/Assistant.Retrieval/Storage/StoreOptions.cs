using System.ComponentModel.DataAnnotations;

namespace Assistant.Retrieval.Storage;

/// <summary>Where the chunks live (section "Store"). Only the embedded store exists in this build; Qdrant comes with its own issue.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    [RegularExpression("^embedded$", ErrorMessage = "Store:Kind chỉ nhận 'embedded' trong bản này.")]
    public string Kind { get; set; } = "embedded";

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
    public float MaxQueryTermDocShare { get; set; } = 1.0f;
}

/// <summary>Where the dated language data lives (section "Data").</summary>
public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>Folder with lexicon/ (stop words, synonyms). Defaults to the data/ copied beside the program.</summary>
    public string Path { get; set; } = System.IO.Path.Combine(AppContext.BaseDirectory, "data");

    public string LexiconPath => System.IO.Path.Combine(Path, "lexicon");
}
