using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Assistant.Indexer.Teams;

/// <summary>
/// Checks a Teams app package offline, as the Teams admin center would before accepting it: the zip holds exactly
/// manifest.json and the two icons at its root; manifest.json is valid against the manifest JSON schema shipped in
/// teams/schema (with its manifestVersion, which the draft-04 schema states as a "const" that NJsonSchema does not
/// check); the colour icon is a 192×192 PNG; the outline icon is a 32×32 PNG, white on transparent.
/// Every problem is one Vietnamese line naming the file and the place.
/// </summary>
public sealed class TeamsPackageValidator
{
    /// <summary>The manifest schema version the repository ships and the template uses.</summary>
    public const string SchemaVersion = "1.30";

    public static string SchemaRelativePath { get; } = Path.Combine("schema", $"v{SchemaVersion}", "MicrosoftTeams.schema.json");

    private readonly JsonSchema _schema;

    private TeamsPackageValidator(JsonSchema schema) => _schema = schema;

    public static async Task<TeamsPackageValidator> LoadAsync(string schemaPath, CancellationToken ct)
    {
        if (!File.Exists(schemaPath))
            throw new TeamsPackageException($"Không thấy lược đồ JSON của tệp kê khai Teams: {Path.GetFullPath(schemaPath)}.");
        var schema = await JsonSchema.FromFileAsync(schemaPath, ct);
        return new TeamsPackageValidator(schema);
    }

    public IReadOnlyList<string> Validate(byte[] package)
    {
        var problems = new List<string>();
        Dictionary<string, byte[]> files;
        try
        {
            files = ReadZip(package, problems);
        }
        catch (InvalidDataException)
        {
            return ["Tệp không phải gói zip hợp lệ."];
        }

        if (!files.TryGetValue(TeamsPackageBuilder.ManifestFileName, out var manifestBytes))
        {
            problems.Add("Gói thiếu manifest.json ở thư mục gốc.");
            return problems;
        }
        var text = System.Text.Encoding.UTF8.GetString(manifestBytes);
        JsonNode? manifest;
        try
        {
            manifest = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            problems.Add($"manifest.json không phải JSON hợp lệ: {e.Message}");
            return problems;
        }

        foreach (var error in _schema.Validate(text)) Describe(error, problems);
        if (manifest?["manifestVersion"]?.GetValueKind() is JsonValueKind.String && manifest["manifestVersion"]!.GetValue<string>() is var version && version != SchemaVersion)
            problems.Add($"manifest.json #/manifestVersion: là '{version}', gói này kiểm theo lược đồ {SchemaVersion}.");
        if (text.Contains("${{", StringComparison.Ordinal))
            problems.Add("manifest.json còn chỗ trống chưa điền (${{…}}).");
        foreach (var domain in manifest?["validDomains"]?.AsArray() ?? [])
        {
            if (domain?.GetValueKind() is JsonValueKind.String && domain.GetValue<string>() is var d && (d.Contains("://", StringComparison.Ordinal) || d.Contains('/', StringComparison.Ordinal)))
                problems.Add($"manifest.json #/validDomains: '{d}' phải là tên miền, không có giao thức hay đường dẫn.");
        }

        var expected = new HashSet<string>(StringComparer.Ordinal) { TeamsPackageBuilder.ManifestFileName };
        CheckIcon(manifest, files, "color", TeamsIcons.ColorSize, outline: false, expected, problems);
        CheckIcon(manifest, files, "outline", TeamsIcons.OutlineSize, outline: true, expected, problems);
        foreach (var extra in files.Keys.Where(k => !expected.Contains(k)).Order(StringComparer.Ordinal))
            problems.Add($"Gói có tệp thừa '{extra}': chỉ được có manifest.json và hai biểu tượng.");
        return problems;
    }

    private static Dictionary<string, byte[]> ReadZip(byte[] package, List<string> problems)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        foreach (var entry in zip.Entries)
        {
            if (entry.FullName.Contains('/', StringComparison.Ordinal) || entry.FullName.Contains('\\', StringComparison.Ordinal))
            {
                problems.Add($"Gói có '{entry.FullName}' trong thư mục con: Teams chỉ đọc các tệp ở thư mục gốc của zip.");
                continue;
            }
            using var s = entry.Open();
            using var copy = new MemoryStream();
            s.CopyTo(copy);
            files[entry.FullName] = copy.ToArray();
        }
        return files;
    }

    private static void CheckIcon(JsonNode? manifest, Dictionary<string, byte[]> files, string kind, int size, bool outline, HashSet<string> expected, List<string> problems)
    {
        var node = manifest?["icons"]?[kind];
        if (node?.GetValueKind() is not JsonValueKind.String) return;  // the schema check has already said it is missing
        var name = node.GetValue<string>();
        expected.Add(name);
        if (!files.TryGetValue(name, out var bytes))
        {
            problems.Add($"Gói thiếu biểu tượng {kind} '{name}' mà manifest.json nêu.");
            return;
        }
        PngImage image;
        try
        {
            image = PngImage.Decode(bytes);
        }
        catch (InvalidDataException e)
        {
            problems.Add($"Biểu tượng {kind} '{name}': {e.Message}.");
            return;
        }
        if (image.Width != size || image.Height != size)
            problems.Add($"Biểu tượng {kind} '{name}': cần {Size(size, size)} điểm ảnh, tệp là {Size(image.Width, image.Height)}.");
        if (!outline) return;

        if (!image.HasAlphaChannel)
        {
            problems.Add($"Biểu tượng outline '{name}': cần nền trong suốt (PNG có kênh alpha), tệp không có độ trong suốt.");
            return;
        }
        int transparent = 0, visible = 0, coloured = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var (r, g, b, a) = image[x, y];
                if (a == 0) transparent++;
                else
                {
                    visible++;
                    if (r != 255 || g != 255 || b != 255) coloured++;
                }
            }
        }
        if (coloured > 0)
            problems.Add($"Biểu tượng outline '{name}': chỉ được dùng màu trắng trên nền trong suốt, có {coloured.ToString(CultureInfo.InvariantCulture)} điểm ảnh màu khác trắng.");
        if (transparent == 0)
            problems.Add($"Biểu tượng outline '{name}': nền phải trong suốt, không có điểm ảnh trong suốt nào.");
        if (visible == 0)
            problems.Add($"Biểu tượng outline '{name}': trống, không có nét vẽ nào.");
    }

    private static string Size(int w, int h) => $"{w.ToString(CultureInfo.InvariantCulture)}×{h.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>One line per leaf error, at the path of the offending (or missing) property; errors inside array items and sub-schemas are reported at their own place.</summary>
    private static void Describe(ValidationError error, List<string> problems)
    {
        if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
        {
            foreach (var inner in child.Errors.SelectMany(e => e.Value)) Describe(inner, problems);
            return;
        }
        var path = error.Path ?? "#";
        var what = error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => "thiếu trường bắt buộc",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => "trường này không có trong lược đồ",
            ValidationErrorKind.PatternMismatch => "giá trị sai định dạng",
            ValidationErrorKind.StringTooLong => "chuỗi dài quá mức cho phép",
            ValidationErrorKind.StringTooShort => "chuỗi ngắn hơn mức tối thiểu",
            ValidationErrorKind.TooManyItems => "mảng có quá nhiều phần tử",
            ValidationErrorKind.TooFewItems => "mảng có quá ít phần tử",
            ValidationErrorKind.NotInEnumeration => "giá trị không thuộc danh sách cho phép",
            ValidationErrorKind.GuidExpected => "cần một GUID",
            ValidationErrorKind.UriExpected => "cần một địa chỉ URI",
            ValidationErrorKind.StringExpected => "cần một chuỗi",
            ValidationErrorKind.BooleanExpected => "cần true/false",
            ValidationErrorKind.ArrayExpected => "cần một mảng",
            ValidationErrorKind.ObjectExpected => "cần một đối tượng",
            _ => $"không hợp lệ ({error.Kind})",
        };
        problems.Add($"manifest.json {path}: {what}.");
    }
}
