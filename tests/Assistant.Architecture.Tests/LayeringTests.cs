using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Assistant.Architecture.Tests;

/// <summary>The dependency rules of docs/architecture.md, checked on the source tree.</summary>
public sealed partial class LayeringTests
{
    /// <summary>What each product project may reference directly (docs/architecture.md, "Projects").</summary>
    private static readonly Dictionary<string, string[]> AllowedReferences = new()
    {
        ["Assistant.Vietnamese"] = [],
        ["Assistant.Access"] = [],
        ["Assistant.Retrieval"] = ["Assistant.Vietnamese", "Assistant.Access"],
        ["Assistant.Land"] = ["Assistant.Vietnamese"],
        ["Assistant.Conversation"] = ["Assistant.Retrieval", "Assistant.Land", "Assistant.Access", "Assistant.Vietnamese"],
        ["Assistant.Triage"] = ["Assistant.Land", "Assistant.Access", "Assistant.Vietnamese"],
        ["Assistant.ServiceDefaults"] = ["Assistant.Access"],
        ["Assistant.Audit"] = [],
        ["Assistant.Bot"] = ["Assistant.Conversation", "Assistant.Triage", "Assistant.ServiceDefaults", "Assistant.Access", "Assistant.Audit"],
        ["Assistant.Indexer"] = ["Assistant.Retrieval", "Assistant.Audit", "Assistant.Triage", "Assistant.Land"],
    };

    [Fact]
    public void Every_product_project_references_only_what_the_architecture_allows()
    {
        var projects = SourceTree.ProjectFiles("src").ToList();
        Assert.NotEmpty(projects);
        var problems = new List<string>();
        foreach (var file in projects)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (!AllowedReferences.TryGetValue(name, out var allowed))
            {
                problems.Add($"{name}: not in the table of docs/architecture.md (add it there and here)");
                continue;
            }
            foreach (var reference in ProjectReferences(file))
            {
                if (!allowed.Contains(reference)) problems.Add($"{name} → {reference}: not allowed");
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Triage_does_not_reference_the_conversation_core()
    {
        var triage = SourceTree.ProjectFiles("src").Single(p => Path.GetFileName(p) == "Assistant.Triage.csproj");
        Assert.DoesNotContain("Assistant.Conversation", ProjectReferences(triage));
        Assert.DoesNotContain(SourceTree.ProductFiles.Where(f => f.Path.StartsWith("src/Assistant.Triage/", StringComparison.Ordinal)),
            f => f.Usings.Any(u => u.StartsWith("Assistant.Conversation", StringComparison.Ordinal)));
    }

    [Fact]
    public void No_namespace_cycle_in_the_product()
    {
        var graph = NamespaceGraph.Build(SourceTree.ProductFiles);
        Assert.True(graph.Edges.Count > 10, "the dependency graph was not read");
        var cycles = graph.StronglyConnected().Where(c => c.Count > 1).ToList();
        Assert.True(cycles.Count == 0, string.Join("\n\n", cycles.Select(graph.Describe)));
    }

    [Fact]
    public void Namespace_cycles_are_detected()
    {
        // The check above must be able to fail: two files that use each other's types form a cycle.
        var files = new[]
        {
            new SourceFile("a.cs", "using B;\nnamespace A;\npublic sealed class Alpha { public Beta? Other; }\n"),
            new SourceFile("b.cs", "using A;\nnamespace B;\npublic sealed class Beta { public Alpha? Other; }\n"),
            new SourceFile("c.cs", "namespace A.Inner;\npublic sealed class Gamma { public Alpha? Parent; }\n"),
        };
        var graph = NamespaceGraph.Build(files);
        Assert.Contains(graph.StronglyConnected(), c => c.Count == 2 && c.Contains("A") && c.Contains("B"));
        Assert.Contains(("A.Inner", "A"), graph.Edges.Keys);
    }

    [Fact]
    public void Nothing_reads_the_wall_clock_around_TimeProvider()
    {
        var hits = Find(SourceTree.ProductFiles, WallClock(), _ => true);
        Assert.True(hits.Count == 0, "Use the injected TimeProvider:\n" + string.Join('\n', hits));
    }

    [Fact]
    public void Only_composition_reads_files_relative_to_the_program()
    {
        var hits = Find(SourceTree.ProductFiles, BaseDirectory(), f => !IsComposition(f.Path));
        Assert.True(hits.Count == 0, "Data folders come from options bound in composition:\n" + string.Join('\n', hits));
    }

    [Fact]
    public void Nothing_downcasts_the_chunk_store()
    {
        var hits = Find(SourceTree.Files, StoreDowncast(), _ => true);
        Assert.True(hits.Count == 0, "Use an optional capability interface instead:\n" + string.Join('\n', hits));
    }

    /// <summary>Where the program's folder may be read: the code that builds the host and binds options.</summary>
    private static bool IsComposition(string path) =>
        path.EndsWith("ServiceCollectionExtensions.cs", StringComparison.Ordinal)
        || path.EndsWith("/Program.cs", StringComparison.Ordinal)
        || path.EndsWith("src/Assistant.Indexer/Cli/CliCommand.cs", StringComparison.Ordinal); // builds the CLI's host

    private static List<string> Find(IEnumerable<SourceFile> files, Regex pattern, Func<SourceFile, bool> applies) =>
        files.Where(applies)
            .SelectMany(f => f.CodeLines.Where(l => pattern.IsMatch(l.Line)).Select(l => $"{f.Path}:{l.Number}: {l.Line.Trim()}"))
            .ToList();

    private static IEnumerable<string> ProjectReferences(string csproj) =>
        XDocument.Load(csproj).Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension((string?)e.Attribute("Include") ?? ""))
            .Where(n => n.Length > 0);

    [GeneratedRegex(@"\b(DateTime|DateTimeOffset)\s*\.\s*(UtcNow|Now|Today)\b")]
    private static partial Regex WallClock();

    [GeneratedRegex(@"\bAppContext\s*\.\s*BaseDirectory\b")]
    private static partial Regex BaseDirectory();

    [GeneratedRegex(@"\b(as|is)\s+(LuceneChunkStore|QdrantChunkStore)\b|\(\s*(LuceneChunkStore|QdrantChunkStore)\s*\)\s*\w")]
    private static partial Regex StoreDowncast();
}
