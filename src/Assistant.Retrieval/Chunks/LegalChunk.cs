using Assistant.Retrieval.Documents;

namespace Assistant.Retrieval.Chunks;

/// <summary>
/// The one record schema shared by the indexer, every store and the bot: a searchable piece of a document
/// (an article, or a clause or point of a long article) with its exact citation and its document's metadata.
/// </summary>
public sealed record LegalChunk
{
    /// <summary>Stable identity: document id + structural position ("luat-dat-dai-2024#d220.k2.pa"), so re-indexing replaces, never duplicates.</summary>
    public required string Id { get; init; }
    public required string SourceId { get; init; }
    public required DocumentMetadata Document { get; init; }
    public string? Part { get; init; }
    public string? Chapter { get; init; }
    public string? Section { get; init; }
    public int? Article { get; init; }
    /// <summary>Letter suffix of an inserted article ("Điều 5a"), if any.</summary>
    public string? ArticleSuffix { get; init; }
    public string? ArticleTitle { get; init; }
    public int? Clause { get; init; }
    public string? Point { get; init; }
    /// <summary>"Điểm a Khoản 2 Điều 220 Luật Đất đai 2024 (31/2024/QH15)".</summary>
    public required string Citation { get; init; }
    /// <summary>Chương / Mục / Điều headings above the text, outermost first.</summary>
    public IReadOnlyList<string> HeadingPath { get; init; } = [];
    public required string Text { get; init; }
    public int? Page { get; init; }
    public float? OcrConfidence { get; init; }
    /// <summary>Position of the chunk in its document, for stable ordering and context windows.</summary>
    public int Ordinal { get; init; }
    /// <summary>Set on a page of the digitized land archive: the fields read off it (lookups filter on their keys). Null for legal texts.</summary>
    public ArchiveRecord? Archive { get; init; }

    /// <summary>What the lexical and dense indexes see: the headings (they carry the topic words) and the text.</summary>
    public string IndexText => HeadingPath.Count == 0 ? Text : string.Join("\n", HeadingPath) + "\n" + Text;
}
