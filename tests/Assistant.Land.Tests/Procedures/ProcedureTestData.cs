using System.Text;
using Assistant.Land.Procedures;

namespace Assistant.Land.Tests.Procedures;

/// <summary>Shared catalogue and matcher (loaded once) and repository paths for the procedure tests.</summary>
internal static class ProcedureTestData
{
    private static readonly Lazy<ProcedureCatalog> LazyCatalog = new(() => ProcedureCatalog.Load(SourceDataDirectory));
    private static readonly Lazy<ProcedureMatcher> LazyMatcher = new(() => new ProcedureMatcher(Catalog));

    public static ProcedureCatalog Catalog => LazyCatalog.Value;
    public static ProcedureMatcher Matcher => LazyMatcher.Value;

    /// <summary>The repository root: the first folder above the test binaries that holds Assistant.sln.</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Assistant.sln"))) return dir.FullName;
            throw new InvalidOperationException($"Assistant.sln not found above {AppContext.BaseDirectory}.");
        }
    }

    public static string SourceDataDirectory => Path.Combine(RepoRoot, "data", "procedures");

    /// <summary>The text as typed without diacritics.</summary>
    public static string StripDiacritics(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD))
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
                sb.Append(c);
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }
}
