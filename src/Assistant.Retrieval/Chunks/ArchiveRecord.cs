using System.Text;
using System.Text.Json.Serialization;
using Assistant.Access;

namespace Assistant.Retrieval.Chunks;

/// <summary>The kinds of scanned land records the archive holds.</summary>
public static class ArchiveKinds
{
    /// <summary>Giấy chứng nhận quyền sử dụng đất (GCN, "sổ đỏ/sổ hồng").</summary>
    public const string Certificate = "certificate";
    /// <summary>Quyết định giao đất / thu hồi đất / cho phép chuyển mục đích sử dụng đất.</summary>
    public const string Decision = "decision";
    /// <summary>Hợp đồng chuyển nhượng quyền sử dụng đất.</summary>
    public const string Contract = "contract";
    /// <summary>Trích lục bản đồ địa chính.</summary>
    public const string CadastralExtract = "cadastral-extract";
    /// <summary>A page whose kind could not be recognised.</summary>
    public const string Unknown = "unknown";
    public static readonly string[] All = [Certificate, Decision, Contract, CadastralExtract, Unknown];
}

/// <summary>One extracted value with the confidence of its extraction (0–1: OCR confidence of its words times how
/// sure the parser is that it read the right label).</summary>
public sealed record ArchiveField(string Value, float Confidence);

/// <summary>
/// Personal data read off an archive page: the holders' names and ID numbers. Kept apart from the other fields so that
/// a caller below <see cref="Clearance"/> gets them masked (<see cref="ArchiveRecord.WithoutPersonalData"/>).
/// </summary>
public sealed record ArchivePersonalData
{
    public IReadOnlyList<string> HolderNames { get; init; } = [];
    public IReadOnlyList<string> IdNumbers { get; init; } = [];
    public float Confidence { get; init; }
    /// <summary>The clearance needed to see them unmasked (always at least Confidential).</summary>
    public SecurityLevel Clearance { get; init; } = SecurityLevel.Confidential;
    [JsonIgnore] public bool IsEmpty => HolderNames.Count == 0 && IdNumbers.Count == 0;
}

/// <summary>
/// What the archive ingestion read off one scanned page, stored in the chunk's payload (<see cref="LegalChunk.Archive"/>)
/// so that lookups filter on its keys (<see cref="ArchiveKeys"/>) inside the store query.
/// </summary>
public sealed record ArchiveRecord
{
    public required string Kind { get; init; }
    /// <summary>The administrative unit (five-digit code of a unit after 1 July 2025) the record belongs to.</summary>
    public required string Unit { get; init; }
    /// <summary>The page image, relative to the page store folder (forward slashes).</summary>
    public required string PageImage { get; init; }
    /// <summary>SHA-256 (hex) of the page image as scanned.</summary>
    public required string PageHash { get; init; }
    public int Page { get; init; } = 1;
    public ArchiveField? Parcel { get; init; }
    public ArchiveField? MapSheet { get; init; }
    public ArchiveField? Address { get; init; }
    public ArchiveField? Serial { get; init; }
    public ArchiveField? RegisterNumber { get; init; }
    public ArchiveField? DocumentNumber { get; init; }
    /// <summary>ISO date (yyyy-MM-dd).</summary>
    public ArchiveField? DocumentDate { get; init; }
    public ArchiveField? Issuer { get; init; }
    public ArchivePersonalData Personal { get; init; } = new();

    /// <summary>The record with names and ID numbers masked (for a caller below <see cref="ArchivePersonalData.Clearance"/>).</summary>
    public ArchiveRecord WithoutPersonalData() => this with
    {
        Personal = Personal with
        {
            HolderNames = Personal.HolderNames.Select(ArchiveKeys.MaskName).ToList(),
            IdNumbers = Personal.IdNumbers.Select(ArchiveKeys.MaskId).ToList(),
        },
    };

    /// <summary><paramref name="text"/> with every holder name and ID number of this record masked.</summary>
    public string MaskPersonal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var name in Personal.HolderNames.Where(n => n.Length > 0).OrderByDescending(n => n.Length))
            text = text.Replace(name, ArchiveKeys.MaskName(name), StringComparison.OrdinalIgnoreCase);
        foreach (var id in Personal.IdNumbers.Where(n => n.Length > 0))
            text = text.Replace(id, ArchiveKeys.MaskId(id), StringComparison.Ordinal);
        return text;
    }
}

/// <summary>
/// The normalised keys archive fields are indexed and queried by, so that "thửa 0125", "AA 01234567" and "aa01234567",
/// "1234/QĐ-UBND" and "1234/qd-ubnd" find the same record. The store and every lookup use these, never their own.
/// </summary>
public static class ArchiveKeys
{
    /// <summary>Parcel and map sheet numbers: the digits without leading zeros ("0125" → "125"); letters kept upper-case ("12a" → "12A").</summary>
    public static string Number(string value)
    {
        var compact = Compact(value);
        var trimmed = compact.TrimStart('0');
        return trimmed.Length == 0 && compact.Length > 0 ? "0" : trimmed;
    }

    /// <summary>Serials, register numbers and document numbers: upper case, no spaces, Đ folded to D.</summary>
    public static string Code(string value) => Compact(value);

    private static string Compact(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length);
        foreach (var c in value.Normalize(NormalizationForm.FormC))
        {
            if (char.IsWhiteSpace(c) || c == '.') continue;
            sb.Append(c is 'đ' or 'Đ' ? 'D' : char.ToUpperInvariant(c));
        }
        return sb.ToString();
    }

    /// <summary>"Nguyễn Văn An" → "N*** V*** A***": initials only.</summary>
    public static string MaskName(string name) =>
        string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w[..1] + "***"));

    /// <summary>"001070012345" → "********2345".</summary>
    public static string MaskId(string id) => id.Length <= 4 ? new string('*', id.Length) : new string('*', id.Length - 4) + id[^4..];
}
