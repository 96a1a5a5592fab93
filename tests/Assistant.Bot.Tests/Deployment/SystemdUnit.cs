using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Assistant.Bot.Tests.Deployment;

/// <summary>
/// The [Service] section of a systemd unit file, read the way systemd reads the few settings that decide how the program
/// starts: ExecStart, WorkingDirectory, Environment= (in order) and EnvironmentFile= (whose lines override Environment=).
/// For machines where systemd is not PID 1 (this one): the test starts the program exactly as these lines say, with a
/// cleared environment like systemd's. Not a general parser: no specifiers (%i), no quoting inside ExecStart.
/// </summary>
public sealed partial class SystemdUnit
{
    private readonly List<KeyValuePair<string, string>> _service = [];

    private SystemdUnit(string path)
    {
        Path = path;
        var section = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line[0] == '[')
            {
                section = line;
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (section == "[Service]" && eq > 0) _service.Add(new(line[..eq].Trim(), line[(eq + 1)..].Trim()));
        }
    }

    public string Path { get; }

    public static SystemdUnit Load(string path) => new(path);

    /// <summary>Every value of a [Service] key, in file order ("" for a key set empty, e.g. CapabilityBoundingSet=).</summary>
    public IReadOnlyList<string> Values(string key) => _service.Where(p => p.Key == key).Select(p => p.Value).ToList();

    public string? Value(string key) => Values(key).LastOrDefault();

    public IReadOnlyList<string> ExecStart => Value("ExecStart")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>The environment systemd gives the program: a fixed PATH, then Environment=, then EnvironmentFile=.</summary>
    public IReadOnlyDictionary<string, string> Environment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        };
        foreach (var value in Values("Environment"))
        {
            foreach (Match m in Assignment().Matches(value))
            {
                var text = m.Groups["v"].Value;
                env[m.Groups["k"].Value] = text.Length >= 2 && text[0] == '"' ? text[1..^1] : text;
            }
        }

        foreach (var value in Values("EnvironmentFile"))
        {
            var optional = value.StartsWith('-');
            var file = optional ? value[1..] : value;
            if (!File.Exists(file))
            {
                if (optional) continue;
                throw new FileNotFoundException("EnvironmentFile of the unit is missing", file);
            }

            foreach (var raw in File.ReadAllLines(file))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] is '#' or ';') continue;
                var eq = line.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0) env[line[..eq].Trim()] = line[(eq + 1)..].Trim().Trim('"');
            }
        }

        return env;
    }

    /// <summary>A process set up as the unit would start it (not started): ExecStart, WorkingDirectory, the environment only.</summary>
    public ProcessStartInfo StartInfo()
    {
        var exec = ExecStart;
        if (exec.Count == 0) throw new InvalidOperationException("ExecStart missing in " + Path);
        var info = new ProcessStartInfo(exec[0])
        {
            WorkingDirectory = Value("WorkingDirectory") ?? "/",
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var argument in exec.Skip(1)) info.ArgumentList.Add(argument);
        info.Environment.Clear();
        foreach (var (key, value) in Environment()) info.Environment[key] = value;
        return info;
    }

    [GeneratedRegex("""(?<k>[A-Za-z_][A-Za-z0-9_.]*)=(?<v>"[^"]*"|\S*)""")]
    private static partial Regex Assignment();
}
