using System.Globalization;
using System.Text.Json;
using Assistant.Land.Calendar;

namespace Assistant.Land.Freshness;

/// <summary>How a dated data file stands on a given day.</summary>
public enum FreshnessState
{
    /// <summary>Both dates present and valid, and the review date not yet passed.</summary>
    Ok,

    /// <summary>Valid dates, but the day is after <c>reviewBy</c>: someone must re-read the file's sources.</summary>
    PastReview,

    /// <summary>The file (or its sidecar, or its catalog entry) carries neither <c>asOf</c> nor <c>reviewBy</c>.</summary>
    Missing,

    /// <summary>Only one of the two, a date that is not YYYY-MM-DD, <c>reviewBy</c> before <c>asOf</c>, or JSON that does not parse.</summary>
    Malformed,
}

/// <param name="Path">Relative to the data folder, with '/' (a regulation text dated by its catalog entry: the text's path).</param>
/// <param name="Problem">Why the file is missing or malformed, in Vietnamese; null otherwise.</param>
public sealed record FileFreshness(string Path, DateOnly? AsOf, DateOnly? ReviewBy, FreshnessState State, string? Problem = null);

/// <summary>The dated files of a data folder and how each stands on <see cref="Today"/>.</summary>
public sealed record FreshnessReport(string DataPath, DateOnly Today, IReadOnlyList<FileFreshness> Files)
{
    public bool AllOk => Files.All(f => f.State == FreshnessState.Ok);

    public IReadOnlyList<FileFreshness> PastReview => [.. Files.Where(f => f.State == FreshnessState.PastReview)];

    /// <summary>Files whose dates are missing or malformed.</summary>
    public IReadOnlyList<FileFreshness> Undated => [.. Files.Where(f => f.State is FreshnessState.Missing or FreshnessState.Malformed)];
}

/// <summary>
/// Reads the <c>asOf</c> / <c>reviewBy</c> pair every dated data file carries (data/README.md, "Freshness"): top-level
/// string fields of a JSON object; <c># asOf: YYYY-MM-DD</c> and <c># reviewBy: YYYY-MM-DD</c> among the leading comment
/// lines of a TSV, CSV or TXT file; else a sidecar FILE.meta.json with the two fields (for files whose format cannot
/// carry them: a JSON array, a CSV read by a strict parser). A catalog.json also dates each regulation text it
/// describes, by the pair in the text's entry. Only reads; never looks at the clock (the caller gives the day).
/// </summary>
public static class DataFreshness
{
    public const string AsOfField = "asOf";
    public const string ReviewByField = "reviewBy";
    public const string SidecarSuffix = ".meta.json";
    public const string RegulationCatalogName = "catalog.json";

    /// <summary>The extensions of data files; other files are texts (dated by a catalog), scripts or training data.</summary>
    public static readonly IReadOnlySet<string> DataExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".json", ".tsv", ".csv", ".txt" };

    /// <summary>
    /// Data files that are not dated facts, by path relative to the data folder. triage/phrasings.tsv: hand-written
    /// training phrasings read by make_training.py, not by the product.
    /// </summary>
    public static readonly IReadOnlySet<string> NotDated = new HashSet<string>(StringComparer.Ordinal) { "triage/phrasings.tsv" };

    /// <summary>
    /// Folders of records that are not facts to re-check, by path relative to the data folder with a trailing '/'.
    /// regulations/repairs/: generated records of the repairs made to the regulation texts (each place, before and after,
    /// its source) and the footnote extract they were checked with; they change only with the texts.
    /// ranker/: the learned ranker model and its training-data hash, made by train-ranker; training output, not facts.
    /// archive-sample/: invented names and places for the generated sample archive; no fact about anyone or any place.
    /// </summary>
    public static readonly IReadOnlyList<string> NotDatedFolders = ["regulations/repairs/", "archive-sample/", "ranker/"];

    private const string DateFormat = "yyyy-MM-dd";

    /// <summary>Today on Vietnam's clock (UTC+7): the day the data's review dates are read against.</summary>
    public static DateOnly Today(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return WorkingCalendar.VietnamDate(time.GetUtcNow());
    }

    /// <summary>Every dated file under <paramref name="dataPath"/> (recursively), sorted by path.</summary>
    public static FreshnessReport Scan(string dataPath, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(dataPath);
        var root = System.IO.Path.GetFullPath(dataPath);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"Không tìm thấy thư mục dữ liệu '{dataPath}'.");
        var files = new List<FileFreshness>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden };
        foreach (var file in Directory.EnumerateFiles(root, "*", options))
        {
            var relative = System.IO.Path.GetRelativePath(root, file).Replace('\\', '/');
            if (!IsDatedDataFile(relative)) continue;
            files.AddRange(Read(file, relative, today));
        }
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new FreshnessReport(root, today, files);
    }

    /// <summary>Whether a file (path relative to the data folder) must carry the pair itself or in its sidecar.</summary>
    public static bool IsDatedDataFile(string relativePath)
    {
        var name = System.IO.Path.GetFileName(relativePath);
        return !name.StartsWith('.')
            && !name.EndsWith(SidecarSuffix, StringComparison.OrdinalIgnoreCase)
            && DataExtensions.Contains(System.IO.Path.GetExtension(name))
            && !NotDated.Contains(relativePath)
            && !NotDatedFolders.Any(f => relativePath.StartsWith(f, StringComparison.Ordinal));
    }

    private static IEnumerable<FileFreshness> Read(string file, string relative, DateOnly today)
    {
        var extension = System.IO.Path.GetExtension(file);
        (string? AsOf, string? ReviewBy, string? Problem) found;
        List<FileFreshness> entries = [];
        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                using var json = JsonDocument.Parse(File.ReadAllText(file));
                found = json.RootElement.ValueKind == JsonValueKind.Object ? FromJson(json.RootElement) : (null, null, null);
                if (System.IO.Path.GetFileName(file) == RegulationCatalogName
                    && json.RootElement.ValueKind == JsonValueKind.Object
                    && json.RootElement.TryGetProperty("documents", out var documents)
                    && documents.ValueKind == JsonValueKind.Object)
                {
                    var folder = System.IO.Path.GetDirectoryName(relative)!.Replace('\\', '/');
                    foreach (var entry in documents.EnumerateObject())
                    {
                        var entryDates = entry.Value.ValueKind == JsonValueKind.Object ? FromJson(entry.Value) : (null, null, "mục không phải đối tượng JSON");
                        var textPath = folder.Length == 0 ? entry.Name : folder + "/" + entry.Name;
                        entries.Add(Judge(textPath, entryDates, today, $"mục của {relative}"));
                    }
                }
            }
            catch (JsonException e)
            {
                return [new FileFreshness(relative, null, null, FreshnessState.Malformed, $"JSON không hợp lệ: {e.Message}")];
            }
        }
        else
        {
            found = FromCommentLines(file);
        }

        if (found is (null, null, null) && File.Exists(file + SidecarSuffix))
        {
            try
            {
                using var sidecar = JsonDocument.Parse(File.ReadAllText(file + SidecarSuffix));
                found = sidecar.RootElement.ValueKind == JsonValueKind.Object ? FromJson(sidecar.RootElement) : (null, null, "tệp kèm không phải đối tượng JSON");
            }
            catch (JsonException e)
            {
                found = (null, null, $"tệp kèm {System.IO.Path.GetFileName(file)}{SidecarSuffix} không hợp lệ: {e.Message}");
            }
        }
        return [Judge(relative, found, today, null), .. entries];
    }

    private static (string?, string?, string?) FromJson(JsonElement element)
    {
        string? Field(string name, ref string? problem)
        {
            if (!element.TryGetProperty(name, out var value)) return null;
            if (value.ValueKind == JsonValueKind.String) return value.GetString();
            problem ??= $"{name} phải là chuỗi YYYY-MM-DD";
            return null;
        }
        string? problem = null;
        var asOf = Field(AsOfField, ref problem);
        var reviewBy = Field(ReviewByField, ref problem);
        return (asOf, reviewBy, problem);
    }

    /// <summary>The pair among the file's leading '#' lines (a UTF-8 BOM and blank lines before them are allowed).</summary>
    private static (string?, string?, string?) FromCommentLines(string file)
    {
        string? asOf = null, reviewBy = null;
        foreach (var raw in File.ReadLines(file))
        {
            var line = raw.TrimStart('\uFEFF').Trim();
            if (line.Length == 0) continue;
            if (!line.StartsWith('#')) break;
            var body = line.TrimStart('#').Trim();
            if (Value(body, AsOfField) is { } a) asOf = a;
            else if (Value(body, ReviewByField) is { } r) reviewBy = r;
        }
        return (asOf, reviewBy, null);

        static string? Value(string body, string field) =>
            body.StartsWith(field + ":", StringComparison.Ordinal) ? body[(field.Length + 1)..].Trim() : null;
    }

    private static FileFreshness Judge(string path, (string? AsOf, string? ReviewBy, string? Problem) found, DateOnly today, string? where)
    {
        var suffix = where is null ? "" : $" ({where})";
        if (found.Problem is not null) return new(path, null, null, FreshnessState.Malformed, found.Problem + suffix);
        if (found.AsOf is null && found.ReviewBy is null) return new(path, null, null, FreshnessState.Missing, "không có asOf và reviewBy" + suffix);
        if (found.AsOf is null) return new(path, null, null, FreshnessState.Malformed, "thiếu asOf" + suffix);
        if (found.ReviewBy is null) return new(path, null, null, FreshnessState.Malformed, "thiếu reviewBy" + suffix);
        if (!DateOnly.TryParseExact(found.AsOf, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
            return new(path, null, null, FreshnessState.Malformed, $"asOf '{found.AsOf}' không phải ngày YYYY-MM-DD" + suffix);
        if (!DateOnly.TryParseExact(found.ReviewBy, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var reviewBy))
            return new(path, asOf, null, FreshnessState.Malformed, $"reviewBy '{found.ReviewBy}' không phải ngày YYYY-MM-DD" + suffix);
        if (reviewBy < asOf)
            return new(path, asOf, reviewBy, FreshnessState.Malformed, "reviewBy trước asOf" + suffix);
        return new(path, asOf, reviewBy, today > reviewBy ? FreshnessState.PastReview : FreshnessState.Ok);
    }
}
