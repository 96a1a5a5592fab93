using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Assistant.Vietnamese;

namespace Assistant.Land.Procedures;

/// <summary>
/// The 31 national land procedures of data/procedures, with the everyday names and aliases of aliases.tsv, the
/// variants of variants.tsv and the caveats of caveats.tsv. Loading validates the data and throws a
/// <see cref="ProcedureDataException"/> with a Vietnamese message when it is malformed. Immutable once loaded.
/// </summary>
public sealed partial class ProcedureCatalog
{
    public const string ProceduresFile = "land_procedures_dongnai_2025_summary.json";
    public const string AliasesFile = "aliases.tsv";
    public const string VariantsFile = "variants.tsv";
    public const string CaveatsFile = "caveats.tsv";
    public const string PhrasingFile = "phrasing.tsv";
    public const string ScopeFile = "scope.tsv";
    public const string TimeLimitsFile = "time-limits.tsv";

    /// <summary>Number of procedures the data file must hold.</summary>
    public const int ExpectedCount = 31;

    private readonly Dictionary<string, LandProcedure> _byCode;

    private ProcedureCatalog(IReadOnlyList<LandProcedure> procedures, ProcedureAliasTable aliases, ProcedureVariants variants, ProcedureCaveats caveats, PhraseVocabulary phrasing, ProcedureScope scope, ProcedureTimeLimits timeLimits)
    {
        TimeLimits = timeLimits;
        Phrasing = phrasing;
        Scope = scope;
        Procedures = procedures;
        _byCode = procedures.ToDictionary(p => p.Code, StringComparer.Ordinal);
        Aliases = aliases;
        Variants = variants;
        Caveats = caveats;
    }

    /// <summary>All procedures, in the order of the data file.</summary>
    public IReadOnlyList<LandProcedure> Procedures { get; }

    public ProcedureAliasTable Aliases { get; }
    public ProcedureVariants Variants { get; }
    public ProcedureCaveats Caveats { get; }

    /// <summary>Time limits with their legal basis and validity (time-limits.tsv).</summary>
    public ProcedureTimeLimits TimeLimits { get; }

    /// <summary>Interchangeable expressions and filler syllables for alias matching (phrasing.tsv; exact matching without it).</summary>
    public PhraseVocabulary Phrasing { get; }

    /// <summary>Questions about other fields (scope.tsv; every question in scope without it).</summary>
    public ProcedureScope Scope { get; }

    public int Count => Procedures.Count;

    /// <summary>The procedure with this code, or null.</summary>
    public LandProcedure? Find(string code) => _byCode.GetValueOrDefault(code.Trim());

    /// <summary>The procedure with this code; throws <see cref="KeyNotFoundException"/> when there is none.</summary>
    public LandProcedure Get(string code) =>
        Find(code) ?? throw new KeyNotFoundException($"Không có thủ tục mã '{code}' trong danh mục.");

    public bool Contains(string code) => _byCode.ContainsKey(code.Trim());

    /// <summary>Loads and validates the catalogue from a data/procedures directory.</summary>
    public static ProcedureCatalog Load(string dataDirectory)
    {
        if (!Directory.Exists(dataDirectory))
            throw new ProcedureDataException($"Không tìm thấy thư mục dữ liệu thủ tục '{dataDirectory}'.");
        var aliases = ProcedureAliasTable.Load(Path.Combine(dataDirectory, AliasesFile));
        var raw = ReadJson(Path.Combine(dataDirectory, ProceduresFile));
        var procedures = Build(raw, aliases, Path.Combine(dataDirectory, ProceduresFile));
        var codes = procedures.Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var code in aliases.Codes)
            if (!codes.Contains(code))
                throw new ProcedureDataException($"Tệp {AliasesFile} có mã '{code}' không có trong danh mục thủ tục.");
        var byCode = procedures.ToDictionary(p => p.Code, StringComparer.Ordinal);
        var variants = ProcedureVariants.Load(Path.Combine(dataDirectory, VariantsFile), byCode);
        var caveats = ProcedureCaveats.Load(Path.Combine(dataDirectory, CaveatsFile), codes);
        var phrasingPath = Path.Combine(dataDirectory, PhrasingFile);
        var phrasing = File.Exists(phrasingPath) ? PhraseVocabulary.Load(phrasingPath) : PhraseVocabulary.Exact;
        var scopePath = Path.Combine(dataDirectory, ScopeFile);
        var scope = File.Exists(scopePath) ? ProcedureScope.Load(scopePath) : ProcedureScope.Open;
        var timeLimits = ProcedureTimeLimits.Load(Path.Combine(dataDirectory, TimeLimitsFile), codes);
        return new ProcedureCatalog(procedures, aliases, variants, caveats, phrasing, scope, timeLimits);
    }

    private static List<RawProcedure> ReadJson(string path)
    {
        if (!File.Exists(path))
            throw new ProcedureDataException($"Không tìm thấy tệp dữ liệu thủ tục '{path}'.");
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<List<RawProcedure>>(stream)
                ?? throw new ProcedureDataException($"Tệp dữ liệu thủ tục '{path}' rỗng (cần một mảng JSON các thủ tục).");
        }
        catch (JsonException ex)
        {
            throw new ProcedureDataException(
                $"Tệp dữ liệu thủ tục '{path}' không đúng định dạng (cần một mảng JSON các thủ tục; lỗi ở dòng {ex.LineNumber + 1}): {ex.Message}", ex);
        }
    }

    [GeneratedRegex(@"^\d\.\d{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"NQ-HĐND", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ProvincialResolution();

    [GeneratedRegex(@"^\s*(?:[-•*]\s+|\d{1,2}\.\s+)")]
    private static partial Regex ListMarker();

    private static List<LandProcedure> Build(List<RawProcedure> raw, ProcedureAliasTable aliases, string path)
    {
        if (raw.Count != ExpectedCount)
            throw new ProcedureDataException($"Tệp '{path}' có {raw.Count} thủ tục, cần đúng {ExpectedCount}.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<LandProcedure>(raw.Count);
        for (int i = 0; i < raw.Count; i++)
        {
            var r = raw[i] ?? throw new ProcedureDataException($"Tệp '{path}': phần tử thứ {i + 1} rỗng.");
            var code = (r.Code ?? "").Trim();
            if (!CodePattern().IsMatch(code))
                throw new ProcedureDataException($"Tệp '{path}': thủ tục thứ {i + 1} có mã TTHC không hợp lệ '{r.Code}' (cần dạng 1.012345).");
            if (!seen.Add(code))
                throw new ProcedureDataException($"Tệp '{path}': mã TTHC '{code}' bị trùng.");
            var name = VietnameseText.Nfc((r.Name ?? "").Trim());
            if (name.Length == 0)
                throw new ProcedureDataException($"Tệp '{path}': thủ tục '{code}' thiếu tên.");
            var processing = Lines(r.ProcessingTime, keepMarkers: true);
            if (processing.Count == 0)
                throw new ProcedureDataException($"Tệp '{path}': thủ tục '{code}' thiếu thời hạn giải quyết.");
            var (documents, notes) = ParseDocuments(Lines(r.RequiredDocuments, keepMarkers: true));
            if (documents.Count == 0)
                throw new ProcedureDataException($"Tệp '{path}': thủ tục '{code}' thiếu thành phần hồ sơ.");
            var shortName = aliases.ShortName(code)
                ?? throw new ProcedureDataException($"Tệp {AliasesFile} thiếu tên ngắn cho thủ tục '{code}'.");
            var (days, range) = ProcessingTimeParser.Parse(processing);
            result.Add(new LandProcedure(
                code, name, shortName, processing, days, range,
                Lines(r.SubmissionPlaces),
                Lines(r.Steps),
                documents,
                notes,
                Lines(r.Agency),
                Lines(r.LegalBasis).Where(l => !ProvincialResolution().IsMatch(l)).ToList(),
                Lines(r.Subjects),
                Lines(r.Conditions)));
        }
        return result;
    }

    private static List<string> Lines(List<string?>? lines, bool keepMarkers = false) =>
        (lines ?? [])
            .Select(l => VietnameseText.Nfc(l ?? "").Trim())
            .Select(l => keepMarkers ? l : ListMarker().Replace(l, ""))
            .Where(l => l.Length > 0)
            .ToList();

    /// <summary>
    /// Splits the papers list into papers and notes. "## …" lines are group headings ("## Hồ sơ chung:",
    /// "## Tùy trường hợp cụ thể, bổ sung:"); "*…" lines are notes.
    /// </summary>
    internal static (List<RequiredDocument> Documents, List<string> Notes) ParseDocuments(IReadOnlyList<string> lines)
    {
        var docs = new List<RequiredDocument>();
        var notes = new List<string>();
        string? group = null;
        foreach (var line in lines)
        {
            if (line.StartsWith('#'))
            {
                group = GroupName(line.TrimStart('#').Trim().TrimEnd(':').Trim());
                continue;
            }
            if (line.StartsWith('*'))
            {
                notes.Add(line.TrimStart('*').Trim());
                continue;
            }
            var name = ListMarker().Replace(line, "").Trim();
            if (name.Length == 0) continue;
            bool conditional = group == RequiredDocument.CaseGroup || IsConditionalWording(name);
            docs.Add(new RequiredDocument(name, conditional, group));
        }
        return (docs, notes);
    }

    private static string GroupName(string heading)
    {
        var folded = VietnameseText.FoldPhrase(heading);
        if (folded.StartsWith("ho so chung", StringComparison.Ordinal)) return RequiredDocument.CommonGroup;
        if (folded.StartsWith("tuy truong hop", StringComparison.Ordinal)) return RequiredDocument.CaseGroup;
        return heading;
    }

    private static bool IsConditionalWording(string name)
    {
        var lower = name.ToLowerInvariant();
        return lower.Contains("(nếu", StringComparison.Ordinal)
            || lower.Contains("(đối với", StringComparison.Ordinal)
            || lower.Contains("trường hợp", StringComparison.Ordinal)
            || lower.StartsWith("hoặc ", StringComparison.Ordinal);
    }

    /// <summary>The JSON shape of one procedure. Fees and the raw sections are deliberately not read (Đồng Nai's, not Hanoi's).</summary>
    private sealed class RawProcedure
    {
        [JsonPropertyName("procedure_code")] public string? Code { get; set; }
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("processing_time")] public List<string?>? ProcessingTime { get; set; }
        [JsonPropertyName("submission_places")] public List<string?>? SubmissionPlaces { get; set; }
        [JsonPropertyName("conditions")] public List<string?>? Conditions { get; set; }
        [JsonPropertyName("steps")] public List<string?>? Steps { get; set; }
        [JsonPropertyName("required_documents")] public List<string?>? RequiredDocuments { get; set; }
        [JsonPropertyName("subjects")] public List<string?>? Subjects { get; set; }
        [JsonPropertyName("agency")] public List<string?>? Agency { get; set; }
        [JsonPropertyName("legal_basis")] public List<string?>? LegalBasis { get; set; }
    }
}
