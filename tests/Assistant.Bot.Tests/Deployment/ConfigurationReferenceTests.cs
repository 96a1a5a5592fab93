using System.Text.Json.Nodes;
using Assistant.Bot.Tests.Infrastructure;

namespace Assistant.Bot.Tests.Deployment;

/// <summary>
/// docs/configuration.md is what <see cref="ConfigurationReference"/> makes of the options classes today: a new or renamed
/// setting, a changed default or doc comment fails this test until the file is regenerated
/// (UPDATE_CONFIGURATION_REFERENCE=1 writes it).
/// </summary>
public sealed class ConfigurationReferenceTests
{
    private static string DocPath => Path.Combine(RepoPaths.Root, "docs", "configuration.md");

    private static string Generate()
    {
        var appSettings = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.BotProject, "appsettings.json")));
        return ConfigurationReference.Render(ConfigurationReference.Collect(typeof(Program).Assembly, RepoPaths.Root, appSettings));
    }

    [Fact]
    public void Committed_configuration_reference_is_up_to_date()
    {
        var generated = Generate();
        if (Environment.GetEnvironmentVariable("UPDATE_CONFIGURATION_REFERENCE") == "1")
        {
            File.WriteAllText(DocPath, generated);
        }

        Assert.True(File.Exists(DocPath), "docs/configuration.md is missing: run with UPDATE_CONFIGURATION_REFERENCE=1");
        var committed = File.ReadAllText(DocPath).ReplaceLineEndings("\n");
        Assert.True(committed == generated,
            "docs/configuration.md is out of date: UPDATE_CONFIGURATION_REFERENCE=1 dotnet test tests/Assistant.Bot.Tests -c Release --filter ConfigurationReferenceTests");
    }

    [Fact]
    public void Reference_covers_the_sections_an_operator_sets()
    {
        var text = Generate();
        foreach (var key in new[] { "`Store:Path`", "`ForwardedHeaders:KnownProxies`", "`RateLimits:DirectLineToken:PermitLimit`", "`Audit:DatabasePath`",
                     "`Triage:DatabasePath`", "`Conversation:StatePath`", "`Auth:Authority`", "`Llm:Endpoint`", "`Embeddings:Provider`" })
        {
            Assert.Contains(key, text);
        }

        Assert.Contains("| `Store:Path` | text | store † |", text); // appsettings.json's value, marked
        Assert.Contains("| `Audit:FlushEachRow` | true/false | true |", text);
    }
}
