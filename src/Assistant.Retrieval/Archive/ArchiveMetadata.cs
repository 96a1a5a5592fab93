using System.Text.Json;
using Assistant.Access;
using Assistant.Retrieval.Documents;

namespace Assistant.Retrieval.Archive;

/// <summary>Who a scanned page belongs to and who may read it.</summary>
public sealed record ArchivePageMetadata(string Unit, SecurityLevel Security);

/// <summary>
/// Reads a page's unit and security level: a sidecar "IMAGE.archive.json" overrides, field by field, the nearest
/// "archive.json" of its folder or a parent folder (<c>{"unit": "00157", "security": "Confidential"}</c>). An archive
/// page is never public: a page without a unit, or declared Public, is refused.
/// </summary>
public sealed class ArchiveMetadata
{
    public const string FolderFileName = "archive.json";
    public const string SidecarSuffix = ".archive.json";

    private sealed record Declared(string? Unit, SecurityLevel? Security);

    private readonly Dictionary<string, Declared?> _folders = new(StringComparer.Ordinal);
    private readonly System.Threading.Lock _gate = new();

    public ArchivePageMetadata Resolve(string imagePath)
    {
        var full = Path.GetFullPath(imagePath);
        var sidecar = Load(full + SidecarSuffix);
        string? unit = sidecar?.Unit;
        SecurityLevel? security = sidecar?.Security;
        for (var dir = Path.GetDirectoryName(full); dir is not null && (unit is null || security is null); dir = Path.GetDirectoryName(dir))
        {
            var folder = Folder(dir);
            unit ??= folder?.Unit;
            security ??= folder?.Security;
        }
        var name = Path.GetFileName(full);
        if (string.IsNullOrWhiteSpace(unit))
            throw new DocumentReadException($"Trang '{name}' không có đơn vị: cần \"unit\" trong {name}{SidecarSuffix} hoặc {FolderFileName} của thư mục.");
        if (security is null)
            throw new DocumentReadException($"Trang '{name}' không có mức mật: cần \"security\" (Internal hoặc Confidential) trong {name}{SidecarSuffix} hoặc {FolderFileName}.");
        if (security == SecurityLevel.Public)
            throw new DocumentReadException($"Trang '{name}' được khai là Public: hồ sơ lưu trữ đất đai chỉ được là Internal hoặc Confidential.");
        return new ArchivePageMetadata(unit.Trim(), security.Value);
    }

    private Declared? Folder(string dir)
    {
        lock (_gate)
        {
            if (_folders.TryGetValue(dir, out var cached)) return cached;
        }
        var declared = Load(Path.Combine(dir, FolderFileName));
        lock (_gate) _folders[dir] = declared;
        return declared;
    }

    private static Declared? Load(string file)
    {
        if (!File.Exists(file)) return null;
        try
        {
            return JsonSerializer.Deserialize<Declared>(File.ReadAllText(file), MetadataResolver.Json);
        }
        catch (JsonException e)
        {
            throw new DocumentReadException($"Tệp '{Path.GetFileName(file)}' không hợp lệ: {e.Message}", e);
        }
    }
}
