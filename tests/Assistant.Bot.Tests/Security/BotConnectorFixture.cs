using Assistant.Bot.Tests.Infrastructure;

namespace Assistant.Bot.Tests.Security;

/// <summary>
/// One <see cref="BotConnectorTokenServiceDouble"/> and one bot process with Bot Connector authentication on, configured
/// as a city registers its bot: a single-tenant app (MicrosoftAppType SingleTenant + MicrosoftAppTenantId), the password
/// from the environment; staff from the sample roster in <see cref="StaffTenant"/>.
/// </summary>
public sealed class BotConnectorFixture : IAsyncLifetime
{
    /// <summary>The bot's app registration (made-up ids).</summary>
    public const string AppId = "3f6c2a9e-1d4b-4e8a-9c71-5a2b3c4d5e6f";

    /// <summary>The city's tenant, where the bot is registered and its staff sign in (made-up).</summary>
    public const string StaffTenant = "8a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    /// <summary>The Teams service URL the activities name and the tokens carry.</summary>
    public const string ServiceUrl = "https://smba.trafficmanager.net/apac/";

    /// <summary>Sample roster users (data/staff/roster.sample.csv).</summary>
    public const string RosterUserInternal = "5b0f3c1e-8a4d-4c2e-9f61-0a1b2c3d4e01";
    public const string RosterUserConfidential = "5b0f3c1e-8a4d-4c2e-9f61-0a1b2c3d4e02";

    public BotConnectorTokenServiceDouble TokenService { get; private set; } = null!;

    public BotProcess Bot { get; private set; } = null!;

    public static string RosterPath => Path.Combine(RepoPaths.Root, "data", "staff", "roster.sample.csv");

    /// <summary>The environment of a bot that validates tokens against <paramref name="tokenService"/>.</summary>
    public static Dictionary<string, string> AuthenticatedBotEnvironment(BotConnectorTokenServiceDouble tokenService) => new()
    {
        ["SSL_CERT_FILE"] = tokenService.CaBundlePath,
        ["Bot__MicrosoftAppId"] = AppId,
        ["Bot__MicrosoftAppPassword"] = "test-secret-" + Guid.NewGuid().ToString("N"),
        ["Bot__MicrosoftAppType"] = "SingleTenant",
        ["Bot__MicrosoftAppTenantId"] = StaffTenant,
        // Any channel service other than the public and government clouds makes Bot Builder take every endpoint below
        // from configuration instead of Microsoft's.
        ["Bot__ChannelService"] = "https://botframework.test",
        ["Bot__ToBotFromChannelTokenIssuer"] = BotConnectorTokenServiceDouble.Issuer,
        ["Bot__ToBotFromChannelOpenIdMetadataUrl"] = tokenService.MetadataUrl,
        ["Bot__ToBotFromEmulatorOpenIdMetadataUrl"] = tokenService.MetadataUrl,
        // Never called with expectReplies, but Bot Builder needs them to build its connector after a valid token.
        ["Bot__ToChannelFromBotLoginUrl"] = new Uri(tokenService.BaseAddress, "login").ToString(),
        ["Bot__ToChannelFromBotOAuthScope"] = "https://api.botframework.test",
        ["Bot__OAuthUrl"] = new Uri(tokenService.BaseAddress, "oauth").ToString(),
        ["Bot__ValidateAuthority"] = "false",
        ["Staff__TenantIds__0"] = StaffTenant,
        ["Staff__RosterPath"] = RosterPath,
    };

    public async Task InitializeAsync()
    {
        TokenService = await BotConnectorTokenServiceDouble.StartAsync();
        Bot = await BotProcess.StartAsync(AuthenticatedBotEnvironment(TokenService));
    }

    public async Task DisposeAsync()
    {
        if (Bot is not null) await Bot.DisposeAsync();
        if (TokenService is not null) await TokenService.DisposeAsync();
    }
}
