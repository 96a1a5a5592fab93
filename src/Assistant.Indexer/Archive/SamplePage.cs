using System.Text.Json.Serialization;

namespace Assistant.Indexer.Archive;

public enum LineAlign { Left, Center, Right }

/// <summary>One printed paragraph: wrapped to its column by the renderer (continuation lines take <see cref="HangingIndent"/>).</summary>
public sealed record PageLine(string Text, LineAlign Align = LineAlign.Left, bool Bold = false, float Size = 1f, bool Red = false, int Indent = 0, int HangingIndent = 0)
{
    public static PageLine Blank { get; } = new("");
}

/// <summary>A band of the page: one full-width column, or two side by side (the header and signature blocks of Vietnamese documents).</summary>
public sealed record PageBlock(IReadOnlyList<PageLine> Left, IReadOnlyList<PageLine>? Right = null)
{
    public static PageBlock Full(params PageLine[] lines) => new(lines);
    public static PageBlock Columns(IReadOnlyList<PageLine> left, IReadOnlyList<PageLine> right) => new(left, right);
}

/// <summary>A drawing on the page (the parcel sketch of a cadastral extract): a closed polygon in page fractions with labels at its vertices.</summary>
public sealed record PageSketch(IReadOnlyList<(float X, float Y)> Points, IReadOnlyList<string> Labels);

/// <summary>What a page shows, before rendering.</summary>
public sealed record SamplePageContent(IReadOnlyList<PageBlock> Blocks, PageSketch? Sketch, bool HasStampOverIssuer);

/// <summary>
/// The ground truth of one generated page: exactly what is printed in each field (dates as yyyy-MM-dd). Written next to
/// the image as NAME.truth.json; read only by <c>archive eval</c>, never by ingestion.
/// </summary>
public sealed record ArchiveTruth
{
    public required string File { get; init; }
    /// <summary>"clean" or "degraded".</summary>
    public required string Variant { get; init; }
    public required string Kind { get; init; }
    public required string Unit { get; init; }
    public required string Security { get; init; }
    /// <summary>Seed of the document (pages of the same document share it across variants).</summary>
    public required int DocumentSeed { get; init; }
    public required ArchiveTruthFields Fields { get; init; }
    /// <summary>The degradations applied (empty for a clean page).</summary>
    public IReadOnlyList<string> Degradations { get; init; } = [];
}

public sealed record ArchiveTruthFields
{
    public string? Parcel { get; init; }
    public string? MapSheet { get; init; }
    public string? Address { get; init; }
    public string? Serial { get; init; }
    public string? RegisterNumber { get; init; }
    public string? DocumentNumber { get; init; }
    public string? DocumentDate { get; init; }
    public string? Issuer { get; init; }
    public IReadOnlyList<string> HolderNames { get; init; } = [];
    public IReadOnlyList<string> IdNumbers { get; init; } = [];

    /// <summary>The eval's field names and their values (lists joined by "; ").</summary>
    [JsonIgnore]
    public IEnumerable<(string Field, string? Value)> All =>
    [
        ("parcel", Parcel), ("mapSheet", MapSheet), ("address", Address), ("serial", Serial), ("registerNumber", RegisterNumber),
        ("documentNumber", DocumentNumber), ("documentDate", DocumentDate), ("issuer", Issuer),
        ("holderNames", HolderNames.Count == 0 ? null : string.Join("; ", HolderNames)),
        ("idNumbers", IdNumbers.Count == 0 ? null : string.Join("; ", IdNumbers)),
    ];
}
