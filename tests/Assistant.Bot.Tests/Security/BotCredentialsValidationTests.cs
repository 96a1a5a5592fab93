using Assistant.Bot.Hosting;
using Microsoft.Extensions.Configuration;

namespace Assistant.Bot.Tests.Security;

/// <summary>Section "Bot" checked on start: a single-tenant registration needs its tenant; the password never in a file.</summary>
public sealed class BotCredentialsValidationTests
{
    private const string AppId = "3f6c2a9e-1d4b-4e8a-9c71-5a2b3c4d5e6f";

    [Fact]
    public void SingleTenant_WithTenant_AndPasswordFromTheEnvironment_IsAccepted()
    {
        var configuration = Configuration(file: null, memory: new() { ["Bot:MicrosoftAppPassword"] = "from-the-environment" });
        var result = Validate(configuration, new BotHostOptions { MicrosoftAppId = AppId, MicrosoftAppType = "SingleTenant", MicrosoftAppTenantId = "8a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d" });
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void SingleTenant_WithoutTenant_IsRefused()
    {
        var configuration = Configuration(file: null, memory: new() { ["Bot:MicrosoftAppPassword"] = "from-the-environment" });
        var result = Validate(configuration, new BotHostOptions { MicrosoftAppId = AppId, MicrosoftAppType = "SingleTenant" });
        Assert.Contains("MicrosoftAppTenantId", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void PasswordInASettingsFile_IsRefused()
    {
        var configuration = Configuration(file: """{ "Bot": { "MicrosoftAppPassword": "in-a-file" } }""", memory: []);
        var result = Validate(configuration, new BotHostOptions { MicrosoftAppId = AppId, MicrosoftAppType = "SingleTenant", MicrosoftAppTenantId = "8a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d" });
        Assert.Contains("Bot__MicrosoftAppPassword", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AppIdWithoutPassword_IsRefused()
    {
        var result = Validate(Configuration(file: null, memory: []), new BotHostOptions { MicrosoftAppId = AppId, MicrosoftAppType = "MultiTenant" });
        Assert.Contains("password is missing", result.FailureMessage, StringComparison.Ordinal);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(IConfiguration configuration, BotHostOptions options) =>
        new BotHostOptionsValidator(configuration).Validate(null, options);

    private static IConfigurationRoot Configuration(string? file, Dictionary<string, string?> memory)
    {
        var builder = new ConfigurationBuilder();
        if (file is not null)
        {
            var path = Path.Combine(Directory.CreateTempSubdirectory("bot-settings-").FullName, "appsettings.json");
            File.WriteAllText(path, file);
            builder.AddJsonFile(path);
        }

        return builder.AddInMemoryCollection(memory).Build();
    }
}
