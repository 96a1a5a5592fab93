using System.Text.RegularExpressions;
using Assistant.Bot.Tests.Infrastructure;

namespace Assistant.Bot.Tests;

/// <summary>
/// The officer page must run under a Content-Security-Policy without 'unsafe-inline' (script-src 'self', style-src
/// 'self'): officer.html may hold no inline script, no inline event handler, no inline style, and every script and
/// style sheet it names is a file beside it. Read from the source tree, tag by tag.
/// </summary>
public sealed partial class OfficerPageMarkupTests
{
    private static readonly string Page = Path.Combine(RepoPaths.WebRoot, "officer.html");

    [GeneratedRegex(@"<(?<tag>[a-zA-Z][a-zA-Z0-9-]*)(?<attrs>(?:[^>""']|""[^""]*""|'[^']*')*)>", RegexOptions.CultureInvariant)]
    private static partial Regex StartTag();

    [GeneratedRegex(@"(?<name>[^\s=/""'>]+)(?:\s*=\s*(?:""(?<value>[^""]*)""|'(?<value>[^']*)'|(?<value>[^\s""'>]+)))?", RegexOptions.CultureInvariant)]
    private static partial Regex Attribute();

    private sealed record Tag(string Name, IReadOnlyDictionary<string, string> Attributes, int End);

    private static List<Tag> Tags(string html) =>
        StartTag().Matches(html).Select(m => new Tag(
            m.Groups["tag"].Value.ToLowerInvariant(),
            Attribute().Matches(m.Groups["attrs"].Value)
                .GroupBy(a => a.Groups["name"].Value.ToLowerInvariant())
                .ToDictionary(g => g.Key, g => g.First().Groups["value"].Value),
            m.Index + m.Length)).ToList();

    [Fact]
    public void Page_has_no_inline_script_handler_or_style()
    {
        var html = File.ReadAllText(Page);
        var tags = Tags(html);
        Assert.NotEmpty(tags);

        var scripts = tags.Where(t => t.Name == "script").ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            Assert.True(script.Attributes.TryGetValue("src", out var src) && src.Length > 0, "a <script> without src (inline script)");
            var close = html.IndexOf("</script>", script.End, StringComparison.OrdinalIgnoreCase);
            Assert.True(close >= 0 && string.IsNullOrWhiteSpace(html[script.End..close]), "a <script src> with inline content");
        }

        Assert.DoesNotContain(tags, t => t.Name == "style");
        Assert.Empty(tags.Where(t => t.Attributes.ContainsKey("style")).Select(t => t.Name));
        Assert.Empty(tags.SelectMany(t => t.Attributes.Keys.Where(a => a.StartsWith("on", StringComparison.Ordinal)).Select(a => t.Name + " " + a)));
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Page_scripts_and_styles_are_files_of_the_same_origin()
    {
        var tags = Tags(File.ReadAllText(Page));
        var files = tags.Where(t => t.Name == "script").Select(t => t.Attributes["src"])
            .Concat(tags.Where(t => t.Name == "link" && t.Attributes.GetValueOrDefault("rel") == "stylesheet").Select(t => t.Attributes["href"]))
            .ToList();
        Assert.Contains("officer.js", files);
        Assert.Contains("officer.css", files);
        foreach (var file in files)
        {
            Assert.False(file.Contains("//", StringComparison.Ordinal) || file.Contains(':', StringComparison.Ordinal), file + " is not same-origin");
            Assert.True(File.Exists(Path.Combine(RepoPaths.WebRoot, file.TrimStart('/'))), file + " is missing from wwwroot");
        }
    }

    [Fact]
    public void Page_script_sets_no_inline_handler_or_markup()
    {
        // Handlers set as attributes or markup built from strings would need 'unsafe-inline' or open the page to
        // injection from dossier text: the script adds listeners and sets textContent only.
        var script = File.ReadAllText(Path.Combine(RepoPaths.WebRoot, "officer.js"));
        foreach (var banned in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setAttribute('on", "setAttribute(\"on", ".style." })
        {
            Assert.DoesNotContain(banned, script, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Signed_out_page_offers_only_the_sign_in_link()
    {
        var tags = Tags(File.ReadAllText(Page));
        var login = Assert.Single(tags, t => t.Attributes.GetValueOrDefault("id") == "login");
        Assert.Equal("a", login.Name);
        Assert.Equal("/officer/login", login.Attributes["href"]);
        // Everything an officer works with starts hidden and is shown only after GET /officer/session says who is in.
        foreach (var id in new[] { "signed-in", "who", "signed-out" })
        {
            Assert.True(Assert.Single(tags, t => t.Attributes.GetValueOrDefault("id") == id).Attributes.ContainsKey("hidden"), id + " must start hidden");
        }

        var logout = Assert.Single(tags, t => t.Attributes.GetValueOrDefault("id") == "logout-form");
        Assert.Equal("post", logout.Attributes["method"]);
        Assert.Equal("/officer/logout", logout.Attributes["action"]);
    }
}
