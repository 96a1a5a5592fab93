using System.Text.Json.Serialization;
using Assistant.Access;

namespace Assistant.Retrieval.Documents;

/// <summary>Legal status of a document on the date the catalogue was written.</summary>
public static class DocumentStatus
{
    public const string InForce = "in-force";      // còn hiệu lực
    public const string Amended = "amended";       // còn hiệu lực, đã được sửa đổi, bổ sung
    public const string Replaced = "replaced";     // hết hiệu lực, được thay thế
    public const string Expired = "expired";       // hết hiệu lực
    public static readonly string[] All = [InForce, Amended, Replaced, Expired];
}

/// <summary>
/// Metadata of one source document. <see cref="Number"/> is the document's own number; <see cref="LawNumber"/>
/// is the number a citation names: the same, except for a consolidated text (văn bản hợp nhất), which has
/// no legal force of its own and is cited as the law it consolidates.
/// </summary>
public sealed record DocumentMetadata
{
    public required string Id { get; init; }
    public required string Number { get; init; }
    public string? Consolidates { get; init; }
    public required string Type { get; init; }
    public required string Title { get; init; }
    public required string ShortTitle { get; init; }
    public string? Issuer { get; init; }
    public DateOnly? Issued { get; init; }
    public DateOnly? Effective { get; init; }
    public string Status { get; init; } = DocumentStatus.InForce;
    public string? StatusNote { get; init; }
    public SecurityLevel Security { get; init; } = SecurityLevel.Internal;
    /// <summary>Ways people name this document in questions ("LĐĐ 2013", "luật đất đai cũ").</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public string? Source { get; init; }

    [JsonIgnore] public string LawNumber => Consolidates ?? Number;

    /// <summary>"Luật Đất đai 2024 (31/2024/QH15)", with the consolidation named when there is one.</summary>
    [JsonIgnore]
    public string CitationName => Consolidates is null
        ? (string.IsNullOrEmpty(Number) || ShortTitle.Contains(Number, StringComparison.OrdinalIgnoreCase) ? ShortTitle : $"{ShortTitle} ({Number})")
        : $"{ShortTitle} ({Consolidates}, hợp nhất tại {Number})";
}
