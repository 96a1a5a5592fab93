namespace Assistant.Indexer.Cli;

/// <summary>
/// Parsed arguments: positionals and "--name value" / "--flag" options. Each command declares its options,
/// so a typo is a clear user error rather than a silently ignored word.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    public List<string> Positionals { get; } = [];

    public static CommandLine Parse(IEnumerable<string> args, IReadOnlySet<string> valueOptions, IReadOnlySet<string> flagOptions)
    {
        var result = new CommandLine();
        using var e = args.GetEnumerator();
        bool onlyPositionals = false;
        while (e.MoveNext())
        {
            var a = e.Current;
            if (onlyPositionals || !a.StartsWith("--", StringComparison.Ordinal) || a == "-")
            {
                result.Positionals.Add(a);
                continue;
            }
            if (a == "--") { onlyPositionals = true; continue; }
            var name = a[2..];
            string? inline = null;
            if (name.IndexOf('=') is var eq and > 0) { inline = name[(eq + 1)..]; name = name[..eq]; }
            if (flagOptions.Contains(name))
            {
                result.Add(name, "true");
            }
            else if (valueOptions.Contains(name))
            {
                var value = inline ?? (e.MoveNext() ? e.Current : throw new UserErrorException($"Tuỳ chọn --{name} cần một giá trị."));
                result.Add(name, value);
            }
            else throw new UserErrorException($"Tuỳ chọn không hợp lệ: --{name}.");
        }
        return result;
    }

    private void Add(string name, string value)
    {
        if (!_options.TryGetValue(name, out var list)) _options[name] = list = [];
        list.Add(value);
    }

    public bool Flag(string name) => _options.ContainsKey(name);
    public string? Value(string name) => _options.TryGetValue(name, out var l) ? l[^1] : null;
    public IReadOnlyList<string> Values(string name) => _options.TryGetValue(name, out var l) ? l : [];

    public int Int(string name, int fallback, int min, int max)
    {
        var v = Value(name);
        if (v is null) return fallback;
        if (!int.TryParse(v, out var n) || n < min || n > max)
            throw new UserErrorException($"--{name} phải là số nguyên từ {min} đến {max} (nhận được '{v}').");
        return n;
    }
}
