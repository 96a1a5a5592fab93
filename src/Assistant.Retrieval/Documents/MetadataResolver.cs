using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Assistant.Vietnamese;
using Assistant.Access;

namespace Assistant.Retrieval.Documents;

/// <summary>
/// Finds a source file's metadata: a sidecar "FILE.meta.json", else an entry in a "catalog.json" of its folder
/// or a parent folder (keyed by path relative to the catalog), else what can be read off the text
/// ("Số: 49/2026/NĐ-CP", first heading). Inferred documents are Internal: nothing is public unless declared so.
/// </summary>
public sealed partial class MetadataResolver
{
    public const string CatalogFileName = "catalog.json";
    public const string SidecarSuffix = ".meta.json";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    private readonly Dictionary<string, Dictionary<string, DocumentMetadata>?> _catalogs = new(StringComparer.Ordinal);

    public DocumentMetadata Resolve(string path, IReadOnlyList<TextBlock> blocks)
    {
        var full = Path.GetFullPath(path);
        var sidecar = full + SidecarSuffix;
        if (File.Exists(sidecar))
            return Load<DocumentMetadata>(sidecar) ?? throw new DocumentReadException($"Tệp siêu dữ liệu '{sidecar}' rỗng.");
        for (var dir = Path.GetDirectoryName(full); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var catalog = Catalog(dir);
            var key = Path.GetRelativePath(dir, full).Replace('\\', '/');
            if (catalog is not null && catalog.TryGetValue(key, out var meta)) return meta;
        }
        return Infer(full, blocks);
    }

    private Dictionary<string, DocumentMetadata>? Catalog(string dir)
    {
        if (_catalogs.TryGetValue(dir, out var cached)) return cached;
        var file = Path.Combine(dir, CatalogFileName);
        Dictionary<string, DocumentMetadata>? catalog = null;
        if (File.Exists(file))
            catalog = Load<CatalogFile>(file)?.Documents;
        _catalogs[dir] = catalog;
        return catalog;
    }

    private static T? Load<T>(string file)
    {
        try { return JsonSerializer.Deserialize<T>(File.ReadAllText(file), Json); }
        catch (JsonException e) { throw new DocumentReadException($"Tệp siêu dữ liệu '{file}' không hợp lệ: {e.Message}", e); }
    }

    public static DocumentMetadata Infer(string path, IReadOnlyList<TextBlock> blocks)
    {
        var head = string.Join("\n", blocks.Take(40).Select(b => b.Text));
        var number = NumberLine().Match(head) is { Success: true } m ? Regex.Replace(m.Groups[1].Value, @"\s+", "") : "";
        var title = blocks.FirstOrDefault(b => b.Kind == BlockKind.Heading)?.Text
                    ?? blocks.FirstOrDefault()?.Text
                    ?? Path.GetFileNameWithoutExtension(path);
        if (title.Length > 160) title = title[..160];
        var type = number switch
        {
            _ when number.Contains("/QH", StringComparison.OrdinalIgnoreCase) => "Luật",
            _ when number.Contains("NĐ-CP", StringComparison.OrdinalIgnoreCase) => "Nghị định",
            _ when number.Contains("QĐ", StringComparison.OrdinalIgnoreCase) => "Quyết định",
            _ when number.Contains("TT-", StringComparison.OrdinalIgnoreCase) => "Thông tư",
            _ when number.Contains("VBHN", StringComparison.OrdinalIgnoreCase) => "Văn bản hợp nhất",
            _ => "Tài liệu",
        };
        return new DocumentMetadata
        {
            // The path hash keeps two "scan.pdf" in different folders apart.
            Id = Slug(Path.GetFileNameWithoutExtension(path)) + "-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(path)))[..8],
            Number = number,
            Type = type,
            Title = title,
            ShortTitle = number.Length > 0 ? $"{type} {number}" : title,
            Security = SecurityLevel.Internal,
            Aliases = number.Length > 0 ? [number.ToLowerInvariant()] : [],
            Source = path,
        };
    }

    public static string Slug(string name)
    {
        var folded = Assistant.Vietnamese.VietnameseText.Fold(name);
        var slug = NonSlug().Replace(folded, "-").Trim('-');
        return slug.Length == 0 ? "tai-lieu" : slug;
    }

    private sealed record CatalogFile(Dictionary<string, DocumentMetadata> Documents);

    [GeneratedRegex(@"Số\s*:\s*([0-9]+\s*/\s*[0-9]{4}\s*/\s*[\p{L}0-9\-]+)")]
    private static partial Regex NumberLine();
    [GeneratedRegex(@"[^a-z0-9]+")]
    private static partial Regex NonSlug();
}
