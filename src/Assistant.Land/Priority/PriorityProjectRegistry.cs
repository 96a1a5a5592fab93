using System.Text.Json;
using System.Text.Json.Serialization;
using Assistant.Land.AdminUnits;
using Assistant.Land.Calendar;
using Assistant.Vietnamese;

namespace Assistant.Land.Priority;

/// <summary>
/// Hanoi key projects whose dossiers go first: one immutable set of <see cref="PriorityProject"/>s (the seed file
/// data/priority-projects/priority-projects.json, or one version of the registry officers keep). A dossier is a priority
/// when its projectCode is a known code (or alias), or its description mentions a project name/alias (accent-insensitive,
/// whole syllables), and the project is in force on the day it was received.
/// </summary>
public sealed class PriorityProjectRegistry : IPriorityProjectSource
{
    public const string FileName = "priority-projects.json";

    /// <summary>How the file and the store write a project (camelCase, dates yyyy-MM-dd, Vietnamese unescaped).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly List<(PriorityProject Project, List<string> Folded, PhraseList Mentions)> _projects;

    public PriorityProjectRegistry(IEnumerable<PriorityProject> projects) =>
        _projects = projects.Select(p =>
        {
            var folded = p.Aliases.Append(p.Name).Append(p.Code).Select(Folded).Where(a => a.Length > 0).Distinct().ToList();
            return (p, folded, Mentions(folded));
        }).ToList();

    public IReadOnlyList<PriorityProject> Projects => _projects.Select(p => p.Project).ToList();

    /// <summary>Loads the file; with <paramref name="units"/>, each project's new communes are computed from its old units
    /// (an old unit the mapping does not know is a data error).</summary>
    public static PriorityProjectRegistry Load(string path, AdminUnitRegistry? units = null)
    {
        if (!File.Exists(path)) throw new InvalidOperationException($"Không tìm thấy danh mục dự án ưu tiên '{path}'.");
        var file = JsonSerializer.Deserialize<FileShape>(File.ReadAllText(path), Json)
                   ?? throw new InvalidOperationException($"Danh mục dự án ưu tiên '{path}' rỗng.");
        var list = new List<PriorityProject>();
        foreach (var p in file.Projects ?? [])
        {
            if (string.IsNullOrWhiteSpace(p.Code) || string.IsNullOrWhiteSpace(p.Name))
                throw new InvalidOperationException($"Danh mục dự án ưu tiên '{path}': dự án thiếu code hoặc name.");
            var project = new PriorityProject(p.Code.Trim(), p.Name.Trim(), p.Aliases ?? [], p.OldUnits ?? [], p.Source ?? "")
            {
                LegalBasis = p.LegalBasis,
                EffectiveFrom = p.EffectiveFrom,
                EffectiveTo = p.EffectiveTo,
                Status = p.Status ?? PriorityProjectStatus.Active,
                Verified = p.Verified,
                Note = p.Note,
            };
            if (units is not null)
            {
                var (newUnits, unknown) = PriorityProjectUnits.Resolve(units, project.OldUnits);
                if (unknown.Count > 0)
                    throw new InvalidOperationException($"Danh mục dự án ưu tiên '{path}', dự án {project.Code}: không có đơn vị cũ {string.Join(", ", unknown)}.");
                project = project with { NewUnits = newUnits };
            }
            list.Add(project);
        }
        if (list.Select(p => p.Code).Distinct(StringComparer.OrdinalIgnoreCase).Count() != list.Count)
            throw new InvalidOperationException($"Danh mục dự án ưu tiên '{path}': mã dự án bị trùng.");
        return new PriorityProjectRegistry(list);
    }

    private static string Folded(string s) => VietnameseText.FoldPhrase(s);

    /// <summary>
    /// The names a description may mention, in list order: whole syllables, folded, punctuation ignored; shorter
    /// ones (a code such as "VD4") are only trusted in the projectCode field.
    /// </summary>
    private static PhraseList Mentions(IEnumerable<string> folded) =>
        new(folded.Where(a => a.Length >= 4), MatchMode.Folded, SyllableOptions.NoBreaks);

    /// <summary>The decision over every project of the set, whatever its status and window.</summary>
    public PriorityInfo Detect(string? projectCode, string description) =>
        Match(projectCode, description, _ => true) is { } hit
            ? new PriorityInfo(true, hit.Project.Name, hit.Reason)
            : NotPriority(projectCode);

    /// <summary>
    /// The decision for a dossier received at <paramref name="receivedAt"/>: only projects in force on that Hanoi date
    /// count; a dossier that names a project not in force then is not a priority, and the reason says why.
    /// </summary>
    public PriorityInfo Detect(string? projectCode, string description, DateTimeOffset receivedAt)
    {
        var day = WorkingCalendar.VietnamDate(receivedAt);
        if (Match(projectCode, description, p => p.InForceOn(day)) is { } hit)
            return new PriorityInfo(true, hit.Project.Name, hit.Reason);
        if (Match(projectCode, description, _ => true) is { } outside)
            return new PriorityInfo(false, null, NotInForceReason(outside.Project, day));
        return NotPriority(projectCode);
    }

    /// <summary>"Dự án X (CODE) không thuộc danh mục dự án trọng điểm vào ngày nhận hồ sơ dd/MM/yyyy (…)".</summary>
    public static string NotInForceReason(PriorityProject project, DateOnly day)
    {
        var why = project.Status == PriorityProjectStatus.Closed ? "dự án đã đóng"
            : project.EffectiveFrom is { } from && day < from ? $"chỉ ưu tiên từ {from:dd/MM/yyyy}"
            : project.EffectiveTo is { } to && day > to ? $"chỉ ưu tiên đến {to:dd/MM/yyyy}"
            : "chưa có trong danh mục";
        return $"Dự án {project.Name} ({project.Code}) không thuộc danh mục dự án trọng điểm vào ngày nhận hồ sơ {day:dd/MM/yyyy} ({why}).";
    }

    private static PriorityInfo NotPriority(string? projectCode) => projectCode is null
        ? new PriorityInfo(false, null, null)
        : new PriorityInfo(false, null, $"Mã dự án {projectCode} không có trong danh mục dự án ưu tiên.");

    private (PriorityProject Project, string Reason)? Match(string? projectCode, string description, Func<PriorityProject, bool> counts)
    {
        if (projectCode is not null)
        {
            var code = Folded(projectCode);
            foreach (var (p, aliases, _) in _projects)
                if (counts(p) && (Folded(p.Code) == code || aliases.Contains(code)))
                    return (p, $"Mã dự án {projectCode} thuộc danh mục dự án trọng điểm ({p.Code}).");
        }
        var text = Tokenizer.Tokenize(description, SyllableOptions.NoBreaks);
        foreach (var (p, _, mentions) in _projects)
        {
            if (counts(p) && mentions.FindFirst(text) is { } hit)
                return (p, $"Mô tả hồ sơ nhắc đến dự án trọng điểm «{mentions.Phrases[hit.Phrase]}».");
        }
        return null;
    }

    private sealed class FileShape
    {
        [JsonPropertyName("projects")] public List<ProjectShape>? Projects { get; set; }
    }

    private sealed class ProjectShape
    {
        [JsonPropertyName("code")] public string? Code { get; set; }
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("aliases")] public List<string>? Aliases { get; set; }
        [JsonPropertyName("oldUnits")] public List<string>? OldUnits { get; set; }
        [JsonPropertyName("legalBasis")] public PriorityLegalBasis? LegalBasis { get; set; }
        [JsonPropertyName("effectiveFrom")] public DateOnly? EffectiveFrom { get; set; }
        [JsonPropertyName("effectiveTo")] public DateOnly? EffectiveTo { get; set; }
        [JsonPropertyName("status")] public PriorityProjectStatus? Status { get; set; }
        [JsonPropertyName("verified")] public bool Verified { get; set; }
        [JsonPropertyName("note")] public string? Note { get; set; }
        [JsonPropertyName("source")] public string? Source { get; set; }
    }
}

/// <summary>Whether a dossier belongs to a priority ("trọng điểm") project, which one, and why.</summary>
public sealed record PriorityInfo(bool IsPriority, string? Project, string? Reason);
