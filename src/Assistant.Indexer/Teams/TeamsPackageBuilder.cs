using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Assistant.Indexer.Teams;

/// <summary>
/// Fills teams/manifest.template.json with one city's settings and zips it with the two icons it names, all three at
/// the zip's root as Teams requires. The same inputs give the same bytes (entries in a fixed order with a fixed time),
/// so a package can be rebuilt and compared.
/// </summary>
public static partial class TeamsPackageBuilder
{
    public const string TemplateFileName = "manifest.template.json";
    public const string ManifestFileName = "manifest.json";

    /// <summary>Zip entry time: the ZIP format's earliest date, so the bytes do not depend on when the package was built.</summary>
    private static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Vietnamese stays readable in manifest.json; the file is JSON for Teams, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The manifest text for these settings, from the template folder's manifest.template.json.</summary>
    public static string FillManifest(string templateDirectory, TeamsAppSettings settings)
    {
        var templatePath = Path.Combine(templateDirectory, TemplateFileName);
        if (!File.Exists(templatePath))
            throw new TeamsPackageException($"Không thấy mẫu tệp kê khai {Path.GetFullPath(templatePath)}.");
        JsonNode root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(templatePath)) ?? throw new JsonException("rỗng");
        }
        catch (JsonException e)
        {
            throw new TeamsPackageException($"Mẫu tệp kê khai {templatePath} không phải JSON hợp lệ: {e.Message}");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["APP_ID"] = settings.AppId.ToString("D"),
            ["BOT_DOMAIN"] = settings.Domain,
            ["VERSION"] = settings.Version,
            ["DEVELOPER_NAME"] = settings.DeveloperName,
            ["DEVELOPER_WEBSITE_URL"] = settings.WebsiteUrl.AbsoluteUri,
            ["DEVELOPER_PRIVACY_URL"] = settings.PrivacyUrl.AbsoluteUri,
            ["DEVELOPER_TERMS_URL"] = settings.TermsOfUseUrl.AbsoluteUri,
            ["ACCENT_COLOR"] = TeamsIcons.AccentColor,
        };
        Fill(root, values);
        if (settings.SingleSignOn && root is JsonObject manifest)
        {
            manifest["webApplicationInfo"] = new JsonObject
            {
                ["id"] = settings.AppId.ToString("D"),
                ["resource"] = $"api://botid-{settings.AppId:D}",
            };
        }
        return root.ToJsonString(Indented) + "\n";
    }

    /// <summary>The zip: manifest.json, then the colour and outline icons the manifest names, read from the template folder.</summary>
    public static byte[] Build(string templateDirectory, TeamsAppSettings settings)
    {
        var manifest = FillManifest(templateDirectory, settings);
        var icons = JsonNode.Parse(manifest)?["icons"];
        var files = new List<(string Name, byte[] Content)> { (ManifestFileName, System.Text.Encoding.UTF8.GetBytes(manifest)) };
        foreach (var kind in new[] { "color", "outline" })
        {
            var name = icons?[kind]?.GetValue<string>()
                ?? throw new TeamsPackageException($"Mẫu tệp kê khai thiếu icons.{kind}.");
            var path = Path.Combine(templateDirectory, name);
            if (!File.Exists(path))
                throw new TeamsPackageException($"Không thấy biểu tượng {kind} '{name}' trong {Path.GetFullPath(templateDirectory)} (tạo bằng: assistant-indexer teams-package icons --out {templateDirectory}).");
            files.Add((name, File.ReadAllBytes(path)));
        }
        return Zip(files);
    }

    /// <summary>A zip of these files at its root, deterministic.</summary>
    public static byte[] Zip(IEnumerable<(string Name, byte[] Content)> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = EntryTime;
                using var s = entry.Open();
                s.Write(content);
            }
        }
        return buffer.ToArray();
    }

    private static void Fill(JsonNode node, IReadOnlyDictionary<string, string> values)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    if (child is JsonValue v && v.TryGetValue<string>(out var s)) o[key] = Replace(s, values);
                    else if (child is not null) Fill(child, values);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonValue v && v.TryGetValue<string>(out var s)) a[i] = Replace(s, values);
                    else if (a[i] is { } child) Fill(child, values);
                }
                break;
            default:
                break;
        }
    }

    private static string Replace(string text, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v)
            ? v
            : throw new TeamsPackageException($"Mẫu tệp kê khai có chỗ trống không biết điền: {m.Value} (biết: {string.Join(", ", values.Keys)})."));

    [GeneratedRegex(@"\$\{\{([A-Z_]+)\}\}")]
    private static partial Regex Placeholder();
}
