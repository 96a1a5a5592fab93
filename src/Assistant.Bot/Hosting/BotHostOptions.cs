using Microsoft.Extensions.Options;

namespace Assistant.Bot.Hosting;

/// <summary>
/// Settings of the bot host, bound from the configuration section "Bot". The Bot Framework credentials
/// (MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppTenantId, MicrosoftAppType) are read from the same section by
/// Bot Builder itself; give secrets only through the environment (Bot__MicrosoftAppPassword=…), never in a file.
/// </summary>
public sealed class BotHostOptions
{
    public const string SectionName = "Bot";

    /// <summary>Bot's app registration id. Empty: authentication is off (local channels, Emulator, Direct Line here).</summary>
    public string? MicrosoftAppId { get; set; }

    /// <summary>
    /// How the bot's credentials are issued: "SingleTenant" (a city's own Azure Bot registration, with
    /// <see cref="MicrosoftAppTenantId"/>), "MultiTenant" or "UserAssignedMSI". Read by Bot Builder; checked on start.
    /// </summary>
    public string? MicrosoftAppType { get; set; }

    /// <summary>The Microsoft Entra tenant of a single-tenant registration (required with MicrosoftAppType=SingleTenant).</summary>
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>Display name of the bot in Direct Line transcripts.</summary>
    public string BotName { get; set; } = "Trợ lý đất đai Hà Nội";

    /// <summary>Largest request body accepted on /api/messages and Direct Line posts (413 above).</summary>
    public int MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Longest question passed to the conversation service; longer ones get a polite request to shorten.</summary>
    public int MaxQuestionChars { get; set; } = 4000;

    /// <summary>
    /// With authentication off, Bot Builder posts replies to whatever serviceUrl an activity names. By default the host
    /// accepts only loopback service URLs then (Emulator, Agents Playground, tests), so an open port cannot be used to make
    /// the bot send requests elsewhere. Set true only on a closed network.
    /// </summary>
    public bool AllowNonLoopbackServiceUrlWithoutAuth { get; set; }

    public DirectLineOptions DirectLine { get; set; } = new();

    internal bool IsAuthenticationEnabled => !string.IsNullOrWhiteSpace(MicrosoftAppId);
}

/// <summary>The Direct Line 3.0-compatible endpoint served by the host itself (section "Bot:DirectLine").</summary>
public sealed class DirectLineOptions
{
    public bool Enabled { get; set; } = true;

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A conversation with no activity for this long is dropped (its transcript held what the citizen typed).</summary>
    public TimeSpan IdleExpiry { get; set; } = TimeSpan.FromHours(1);

    public int MaxActivitiesPerConversation { get; set; } = 500;

    public int MaxConversations { get; set; } = 10_000;

    /// <summary>Budget for all kept transcripts together; the oldest conversations are dropped beyond it.</summary>
    public long MaxTotalBytes { get; set; } = 256L * 1024 * 1024;
}

/// <summary>
/// Checks the Bot Framework credentials in section "Bot" on start: the password only from the environment
/// (Bot__MicrosoftAppPassword), a known app type, and a tenant for a single-tenant registration.
/// </summary>
internal sealed class BotHostOptionsValidator(IConfiguration configuration) : IValidateOptions<BotHostOptions>
{
    private static readonly string[] AppTypes = ["SingleTenant", "MultiTenant", "UserAssignedMSI"];

    public ValidateOptionsResult Validate(string? name, BotHostOptions options)
    {
        var failures = new List<string>();
        if (configuration is IConfigurationRoot root && root.Providers.OfType<FileConfigurationProvider>()
                .Any(p => p.TryGet("Bot:MicrosoftAppPassword", out var value) && !string.IsNullOrEmpty(value)))
        {
            failures.Add("Bot:MicrosoftAppPassword must come from the environment (Bot__MicrosoftAppPassword), not from a settings file.");
        }

        if (options.IsAuthenticationEnabled)
        {
            var type = options.MicrosoftAppType?.Trim();
            if (!string.IsNullOrEmpty(type) && !AppTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
                failures.Add($"Bot:MicrosoftAppType must be one of {string.Join(", ", AppTypes)} (SingleTenant for a city's own registration).");
            if (string.Equals(type, "SingleTenant", StringComparison.OrdinalIgnoreCase) && !Guid.TryParse(options.MicrosoftAppTenantId, out _))
                failures.Add("Bot:MicrosoftAppTenantId (the directory id of the bot's Entra tenant) is required with MicrosoftAppType=SingleTenant.");
            if (string.IsNullOrWhiteSpace(configuration[$"{BotHostOptions.SectionName}:MicrosoftAppPassword"])
                && !string.Equals(type, "UserAssignedMSI", StringComparison.OrdinalIgnoreCase))
                failures.Add("Bot:MicrosoftAppId is set but the password is missing: set Bot__MicrosoftAppPassword in the environment.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
