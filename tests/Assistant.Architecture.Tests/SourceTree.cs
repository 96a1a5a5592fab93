using System.Text.RegularExpressions;

namespace Assistant.Architecture.Tests;

/// <summary>The repository's C# sources and project files, read once (bin/obj excluded).</summary>
internal static partial class SourceTree
{
    public static string Root { get; } = FindRoot();

    public static IReadOnlyList<SourceFile> Files { get; } = Load("src").Concat(Load("bench")).ToList();

    public static IReadOnlyList<SourceFile> ProductFiles { get; } = Load("src").ToList();

    public static IEnumerable<string> ProjectFiles(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*.csproj", SearchOption.AllDirectories);

    private static IEnumerable<SourceFile> Load(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => new SourceFile(Path.GetRelativePath(Root, p).Replace('\\', '/'), File.ReadAllText(p)));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Assistant.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Assistant.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>One source file with its code stripped of comments and string literals (so that prose never counts as use).</summary>
internal sealed partial record SourceFile(string Path, string Text)
{
    public string Code { get; } = StripCommentsAndStrings(Text);

    public string? Namespace => FileNamespace().Match(Code) is { Success: true } m ? m.Groups[1].Value : null;

    public IEnumerable<string> Usings => UsingDirective().Matches(Code).Select(m => m.Groups[1].Value);

    /// <summary>The lines of code (comments and strings removed) with their 1-based numbers.</summary>
    public IEnumerable<(int Number, string Line)> CodeLines => Code.Split('\n').Select((l, i) => (i + 1, l));

    private static string StripCommentsAndStrings(string text)
    {
        // Keeps line breaks so that line numbers still match the file.
        var withoutComments = CommentOrString().Replace(text, m =>
            m.Value.StartsWith("//", StringComparison.Ordinal) || m.Value.StartsWith("/*", StringComparison.Ordinal)
                ? new string('\n', m.Value.Count(c => c == '\n'))
                : "\"\"" + new string('\n', m.Value.Count(c => c == '\n')));
        return withoutComments;
    }

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@""(?:[^""]|"""")*""|\$?"""""".*?""""""|\$?@?""(?:[^""\\\n]|\\.)*""|'(?:[^'\\\n]|\\.)'", RegexOptions.Singleline)]
    private static partial Regex CommentOrString();

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex FileNamespace();

    [GeneratedRegex(@"^(?:global\s+)?using\s+(?!static\b)(?:\w+\s*=\s*)?([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();
}
