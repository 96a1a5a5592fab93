using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Assistant.Bot.Tests.Deployment;

/// <summary>
/// Writes docs/configuration.md from the options classes the bot binds: every class of an Assistant.* assembly the bot
/// loads that names its configuration section in a <c>Section</c> or <c>SectionName</c> constant, each settable property
/// (nested objects flattened) with its type, its default (the class's, or the bot's appsettings.json where that sets
/// it), its DataAnnotations rules and the first sentence or two of its XML doc comment, read from the source file.
/// Defaults that an <c>Add…()</c> method computes at start (folders beside the program) are in the comments, not here.
/// </summary>
public static partial class ConfigurationReference
{
    public sealed record Setting(string Key, string Type, string Default, string Rules, string Meaning);

    public sealed record Section(string Name, string TypeName, string Assembly, string Summary, IReadOnlyList<Setting> Settings);

    public static IReadOnlyList<Section> Collect(Assembly host, string repositoryRoot, JsonNode? appSettings)
    {
        var sources = Directory.EnumerateFiles(Path.Combine(repositoryRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => File.ReadAllText(f))
            .ToList();
        var sections = new List<Section>();
        foreach (var assembly in AssistantAssemblies(host))
        {
            foreach (var type in assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null))
            {
                var constant = type.GetField("Section", BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
                    ?? type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly);
                if (constant is not { IsLiteral: true } || constant.GetRawConstantValue() is not string name) continue;
                var file = sources.FirstOrDefault(s => Regex.IsMatch(s, $@"\bclass\s+{type.Name}\b"));
                var settings = new List<Setting>();
                Flatten(type, Activator.CreateInstance(type), name, sources, appSettings, settings);
                if (settings.Count == 0) continue;
                sections.Add(new Section(name, type.Name, assembly.GetName().Name!, Doc(file, $@"class\s+{type.Name}\b"), settings));
            }
        }

        return [.. sections.OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    public static string Render(IReadOnlyList<Section> sections)
    {
        var md = new StringBuilder();
        md.AppendLine("# Configuration reference");
        md.AppendLine();
        md.AppendLine("Generated from the options classes the bot binds (`tests/Assistant.Bot.Tests/Deployment/ConfigurationReference.cs`);");
        md.AppendLine("do not edit by hand. After changing an options class or the bot's `appsettings.json`, regenerate it with");
        md.AppendLine();
        md.AppendLine("```bash");
        md.AppendLine("UPDATE_CONFIGURATION_REFERENCE=1 dotnet test tests/Assistant.Bot.Tests -c Release --filter ConfigurationReferenceTests");
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("Each setting is read from `appsettings.json` beside the program, then from the environment, which wins: the key with");
        md.AppendLine("`:` replaced by `__` (`Store:Path` → `Store__Path`; list items `Cors__AllowedOrigins__0`). Under systemd put them in");
        md.AppendLine("`/etc/tro-ly-dat-dai/tro-ly-dat-dai.env` (see `deploy/`). Secrets only there, never in a file of the build.");
        md.AppendLine("Relative paths are resolved against the working directory (`/var/lib/tro-ly-dat-dai` under the unit). \"default\"");
        md.AppendLine("is the class's value, or the bot's `appsettings.json` value where that file sets one (marked †); folders that an");
        md.AppendLine("`Add…()` method computes beside the program when a setting is empty are described in the meaning column.");
        md.AppendLine();
        foreach (var section in sections)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"## `{section.Name}`");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"`{section.TypeName}` ({section.Assembly}){(section.Summary.Length > 0 ? ": " + section.Summary : "")}");
            md.AppendLine();
            md.AppendLine("| setting | type | default | rules | meaning |");
            md.AppendLine("|---|---|---|---|---|");
            foreach (var s in section.Settings)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| `{s.Key}` | {s.Type} | {Cell(s.Default)} | {Cell(s.Rules)} | {Cell(s.Meaning)} |");
            }

            md.AppendLine();
        }

        return md.ToString().ReplaceLineEndings("\n");
    }

    private static IEnumerable<Assembly> AssistantAssemblies(Assembly host)
    {
        var seen = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var queue = new Queue<Assembly>([host]);
        while (queue.Count > 0)
        {
            var assembly = queue.Dequeue();
            if (!seen.TryAdd(assembly.GetName().Name!, assembly)) continue;
            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => r.Name!.StartsWith("Assistant.", StringComparison.Ordinal)))
            {
                queue.Enqueue(Assembly.Load(reference));
            }
        }

        return seen.Values.OrderBy(a => a.GetName().Name, StringComparer.Ordinal);
    }

    private static void Flatten(Type type, object? instance, string prefix, IReadOnlyList<string> sources, JsonNode? appSettings, List<Setting> into)
    {
        var source = ClassBody(sources, type.Name);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.CanRead && p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0))
        {
            var key = $"{prefix}:{property.Name}";
            var value = instance is null ? null : property.GetValue(instance);
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsObject(propertyType))
            {
                Flatten(propertyType, value ?? Activator.CreateInstance(propertyType), key, sources, appSettings, into);
                continue;
            }

            var fromFile = AppSetting(appSettings, key);
            var meaning = Doc(source, $@"\b{property.Name}\s*\{{\s*get;");
            into.Add(new Setting(key, TypeName(propertyType), fromFile is null ? Format(value) : fromFile + " †", Rules(property), meaning));
        }
    }

    /// <summary>The text of one class's body (its declaration to the matching brace), so that a property's doc comment
    /// is not taken from another class of the same file with a property of the same name.</summary>
    private static string? ClassBody(IReadOnlyList<string> sources, string typeName)
    {
        foreach (var source in sources)
        {
            var declaration = Regex.Match(source, $@"\bclass\s+{typeName}\b");
            if (!declaration.Success) continue;
            var open = source.IndexOf('{', declaration.Index);
            if (open < 0) continue;
            var depth = 0;
            for (var i = open; i < source.Length; i++)
            {
                if (source[i] == '{') depth++;
                else if (source[i] == '}' && --depth == 0) return source[open..(i + 1)];
            }
        }

        return null;
    }

    private static bool IsObject(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type) && type.GetConstructor(Type.EmptyTypes) is not null
        && type.Namespace?.StartsWith("Assistant.", StringComparison.Ordinal) == true;

    private static string? AppSetting(JsonNode? node, string key)
    {
        foreach (var part in key.Split(':'))
        {
            if (node is not JsonObject obj) return null;
            node = obj.FirstOrDefault(p => string.Equals(p.Key, part, StringComparison.OrdinalIgnoreCase)).Value;
        }

        return node switch
        {
            null => null,
            JsonValue v => v.ToString() is { Length: > 0 } text ? text : "(empty)",
            JsonArray a => a.Count == 0 ? "(empty)" : string.Join(", ", a.Select(x => x?.ToString())),
            _ => null,
        };
    }

    private static string TypeName(Type type) =>
        type == typeof(string) ? "text"
        : type == typeof(bool) ? "true/false"
        : type == typeof(int) || type == typeof(long) ? "integer"
        : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? "number"
        : type == typeof(TimeSpan) ? "duration (hh:mm:ss)"
        : type.IsEnum ? string.Join(" \\| ", Enum.GetNames(type))
        : typeof(IEnumerable).IsAssignableFrom(type) ? "list"
        : type.Name;

    private static string Format(object? value) => value switch
    {
        null => "(empty)",
        string { Length: 0 } => "(empty)",
        string s => s,
        bool b => b ? "true" : "false",
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IDictionary d => d.Count == 0 ? "(empty)" : string.Join(", ", Entries(d).Select(e => $"{Format(e.Key)} → {Format(e.Value)}")),
        IEnumerable e => e.Cast<object>().Select(Format).ToList() is { Count: > 0 } items ? string.Join(", ", items) : "(empty)",
        _ => value.ToString() ?? "",
    };

    private static IEnumerable<DictionaryEntry> Entries(IDictionary dictionary)
    {
        var entries = dictionary.GetEnumerator();
        while (entries.MoveNext()) yield return entries.Entry;
    }

    private static string Rules(PropertyInfo property)
    {
        var rules = new List<string>();
        foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>())
        {
            rules.Add(attribute switch
            {
                RequiredAttribute => "required",
                RangeAttribute r => $"{r.Minimum}…{r.Maximum}",
                MinLengthAttribute m => $"at least {m.Length}",
                MaxLengthAttribute m => $"at most {m.Length}",
                StringLengthAttribute s => $"length {s.MinimumLength}…{s.MaximumLength}",
                RegularExpressionAttribute r => $"matches `{r.Pattern}`",
                _ => attribute.GetType().Name.Replace("Attribute", "", StringComparison.Ordinal),
            });
        }

        return string.Join("; ", rules);
    }

    /// <summary>The summary of the doc comment right above the first declaration matching <paramref name="declaration"/>.</summary>
    private static string Doc(string? source, string declaration)
    {
        if (source is null) return "";
        var match = Regex.Match(source, @"((?:[ \t]*///[^\n]*\n)+)(?:[ \t]*\[[^\n]*\n)*[ \t]*(?:public|internal)[^\n;{=]*?" + declaration);
        if (!match.Success) return "";
        var xml = string.Join(" ", match.Groups[1].Value.Split('\n').Select(l => l.Trim().TrimStart('/').Trim()));
        var summary = Regex.Match(xml, "<summary>(.*?)</summary>", RegexOptions.Singleline);
        var text = summary.Success ? summary.Groups[1].Value : "";
        text = Regex.Replace(text, @"<see(?:also)? (?:cref|langword|href)=""(?:[A-Z]:)?([^""]+)""\s*/>", m => "`" + m.Groups[1].Value.Split('.')[^1] + "`");
        text = Regex.Replace(text, @"<(?:c|code)>(.*?)</(?:c|code)>", "`$1`");
        text = Regex.Replace(text, "<[^>]+>", "");
        return Regex.Replace(System.Net.WebUtility.HtmlDecode(text), @"\s+", " ").Trim();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\\\\|", "\\|", StringComparison.Ordinal);
}
