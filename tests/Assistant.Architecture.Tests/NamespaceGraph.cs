using System.Text.RegularExpressions;

namespace Assistant.Architecture.Tests;

/// <summary>
/// Which namespace uses which, read from source: a file in namespace N uses namespace M when it names a type declared in
/// M that is visible there (through a using directive, or because M encloses N), or writes a name qualified with M.
/// Type names declared in several visible namespaces are ambiguous and left out.
/// </summary>
internal sealed partial class NamespaceGraph
{
    /// <summary>Edges with one place that shows each (file and type name).</summary>
    public Dictionary<(string From, string To), string> Edges { get; } = [];

    public static NamespaceGraph Build(IEnumerable<SourceFile> files)
    {
        var list = files.Where(f => f.Namespace is not null).ToList();
        var declared = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var namespaces = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in list)
        {
            namespaces.Add(f.Namespace!);
            foreach (Match m in TypeDeclaration().Matches(f.Code))
            {
                var name = m.Groups[1].Value;
                if (!declared.TryGetValue(name, out var set)) declared[name] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add(f.Namespace!);
            }
        }
        var graph = new NamespaceGraph();
        foreach (var f in list)
        {
            var from = f.Namespace!;
            var visible = new HashSet<string>(f.Usings, StringComparer.Ordinal);
            for (var ns = from; ns.Contains('.', StringComparison.Ordinal); ns = ns[..ns.LastIndexOf('.')]) visible.Add(ns[..ns.LastIndexOf('.')]);
            // Directives name namespaces, not uses of their types.
            var body = Directive().Replace(f.Code, "");
            foreach (Match m in Identifier().Matches(body))
            {
                var id = m.Value;
                if (id.Contains('.', StringComparison.Ordinal))
                {
                    // A qualified name: the longest known namespace that prefixes it.
                    var target = namespaces.Where(n => id.StartsWith(n + ".", StringComparison.Ordinal)).OrderByDescending(n => n.Length).FirstOrDefault();
                    if (target is not null) graph.Add(from, target, f.Path, id);
                    continue;
                }
                if (!declared.TryGetValue(id, out var owners) || owners.Contains(from)) continue;
                var candidates = owners.Where(visible.Contains).ToList();
                if (candidates.Count == 1) graph.Add(from, candidates[0], f.Path, id);
            }
        }
        return graph;
    }

    private void Add(string from, string to, string path, string name)
    {
        if (from != to) Edges.TryAdd((from, to), $"{path} ({name})");
    }

    /// <summary>Tarjan's strongly connected components: a component of two or more namespaces is a cycle.</summary>
    public IEnumerable<IReadOnlyList<string>> StronglyConnected()
    {
        var nodes = Edges.Keys.SelectMany(e => new[] { e.From, e.To }).Distinct().ToList();
        var next = Edges.Keys.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<IReadOnlyList<string>>();
        int counter = 0;

        void Visit(string v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in next.GetValueOrDefault(v) ?? [])
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do
            {
                x = stack.Pop();
                onStack.Remove(x);
                component.Add(x);
            }
            while (x != v);
            result.Add(component);
        }

        foreach (var n in nodes.Where(n => !index.ContainsKey(n))) Visit(n);
        return result;
    }

    public string Describe(IReadOnlyList<string> cycle) =>
        "cycle: " + string.Join(", ", cycle) + "\n" + string.Join('\n',
            Edges.Where(e => cycle.Contains(e.Key.From) && cycle.Contains(e.Key.To)).Select(e => $"  {e.Key.From} → {e.Key.To}: {e.Value}"));

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(?:struct\s+|class\s+)?([A-Z]\w*)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"^\s*(?:global\s+)?(?:using|namespace)\b[^;\n]*;", RegexOptions.Multiline)]
    private static partial Regex Directive();

    [GeneratedRegex(@"\b[A-Z]\w*(?:\.[A-Z]\w*)*")]
    private static partial Regex Identifier();
}
