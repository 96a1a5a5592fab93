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
