using System.Text.Json;
using System.Text.Json.Serialization;
using Assistant.Vietnamese;

namespace Assistant.Land.Priority;

public sealed record PriorityProject(string Code, string Name, IReadOnlyList<string> Aliases, IReadOnlyList<string> OldDistricts, IReadOnlyList<string> NewUnits, string Source);

/// <summary>
/// Hanoi key projects whose dossiers go first (data/priority-projects/priority-projects.json). A dossier is a priority when its
/// projectCode is a known code (or alias), or its description mentions a project name/alias (accent-insensitive,
/// whole syllables).
/// </summary>
public sealed class PriorityProjectRegistry
{
    public const string FileName = "priority-projects.json";
    private readonly List<(PriorityProject Project, List<string> Folded, PhraseList Mentions)> _projects;

    public PriorityProjectRegistry(IEnumerable<PriorityProject> projects) =>
        _projects = projects.Select(p =>
        {
            var folded = p.Aliases.Append(p.Name).Append(p.Code).Select(Folded).Where(a => a.Length > 0).Distinct().ToList();
            return (p, folded, Mentions(folded));
        }).ToList();

    public IReadOnlyList<PriorityProject> Projects => _projects.Select(p => p.Project).ToList();

    public static PriorityProjectRegistry Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidOperationException($"Không tìm thấy danh mục dự án ưu tiên '{path}'.");
        var file = JsonSerializer.Deserialize<FileShape>(File.ReadAllText(path))
                   ?? throw new InvalidOperationException($"Danh mục dự án ưu tiên '{path}' rỗng.");
        var list = new List<PriorityProject>();
        foreach (var p in file.Projects ?? [])
        {
            if (string.IsNullOrWhiteSpace(p.Code) || string.IsNullOrWhiteSpace(p.Name))
                throw new InvalidOperationException($"Danh mục dự án ưu tiên '{path}': dự án thiếu code hoặc name.");
            list.Add(new PriorityProject(p.Code.Trim(), p.Name.Trim(), p.Aliases ?? [], p.OldDistricts ?? [], p.NewUnits ?? [], p.Source ?? ""));
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

    public PriorityInfo Detect(string? projectCode, string description)
    {
        if (projectCode is not null)
        {
            var code = Folded(projectCode);
            foreach (var (p, aliases, _) in _projects)
                if (Folded(p.Code) == code || aliases.Contains(code))
                    return new PriorityInfo(true, p.Name, $"Mã dự án {projectCode} thuộc danh mục dự án trọng điểm ({p.Code}).");
        }
        var text = Tokenizer.Tokenize(description, SyllableOptions.NoBreaks);
        foreach (var (p, _, mentions) in _projects)
        {
            if (mentions.FindFirst(text) is { } hit)
                return new PriorityInfo(true, p.Name, $"Mô tả hồ sơ nhắc đến dự án trọng điểm «{mentions.Phrases[hit.Phrase]}».");
        }
        return projectCode is null
            ? new PriorityInfo(false, null, null)
            : new PriorityInfo(false, null, $"Mã dự án {projectCode} không có trong danh mục dự án ưu tiên.");
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
        [JsonPropertyName("oldDistricts")] public List<string>? OldDistricts { get; set; }
        [JsonPropertyName("newUnits")] public List<string>? NewUnits { get; set; }
        [JsonPropertyName("source")] public string? Source { get; set; }
    }
}

/// <summary>Whether a dossier belongs to a priority ("trọng điểm") project, which one, and why.</summary>
public sealed record PriorityInfo(bool IsPriority, string? Project, string? Reason);
