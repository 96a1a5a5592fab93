using Assistant.Access;
using Microsoft.Extensions.Options;

namespace Assistant.Bot.Officers;

/// <summary>
/// Section "Auth": officer sign-in with any OpenID Connect provider (Entra ID, Keycloak, the city's SSO). Empty
/// <see cref="Authority"/> = sign-in not configured: every officer endpoint answers 401 (fail closed). The client
/// secret comes only from the environment (Auth__ClientSecret).
/// </summary>
public sealed class OfficerAuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>The provider's issuer URL, e.g. https://login.microsoftonline.com/{tenant}/v2.0 or https://sso.example/realms/hanoi.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience officer API tokens must carry (e.g. api://tro-ly-dat-dai).</summary>
    public string? Audience { get; set; }

    /// <summary>More accepted audiences (e.g. the application id as well as its api:// URI on Entra ID).</summary>
    public List<string> Audiences { get; set; } = [];

    /// <summary>The officer page's client id at the provider (code + PKCE). Empty: the page cannot sign in, the APIs still take bearer tokens.</summary>
    public string? ClientId { get; set; }

    /// <summary>The officer page's client secret: from the environment only (Auth__ClientSecret); empty for a public client.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Scopes the officer page asks for at sign-in.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>The claim carrying the caller's roles ("roles" on Entra ID app roles and on the test provider).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim carrying the caller's unit codes (one claim per code, or codes separated by commas or spaces).</summary>
    public string UnitClaim { get; set; } = "units";

    /// <summary>The claim with the caller's stable, pseudonymous id ("sub"; "oid" on Entra ID if you prefer the object id).</summary>
    public string SubjectClaim { get; set; } = "sub";

    /// <summary>Which role claim values mean which role (case-insensitive); add the names your provider uses.</summary>
    public Dictionary<string, UserRole> RoleValues { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["officer"] = UserRole.Officer,
        ["supervisor"] = UserRole.Supervisor,
        ["admin"] = UserRole.Admin,
    };

    /// <summary>Metadata (and the authority) must be https. Only a local test provider turns this off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Tolerated clock difference with the provider when checking token lifetimes.</summary>
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>How long an officer page sign-in lasts (the cookie), in minutes.</summary>
    public int SessionMinutes { get; set; } = 480;

    /// <summary>
    /// Optional roster file (CSV: subject,units with units separated by ';'; see data/officers/roster.sample.csv) that
    /// gives unit codes to subjects when the provider cannot carry them in a claim. Relative to the content root.
    /// </summary>
    public string? RosterPath { get; set; }

    /// <summary>True when an authority is set: officer sign-in is on.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>True when the officer page can sign in (an authority and a client id).</summary>
    public bool PageSignInConfigured => IsConfigured && !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>Every accepted audience.</summary>
    public IReadOnlyList<string> AllAudiences =>
        new[] { Audience }.Concat(Audiences).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!.Trim()).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>Checks section "Auth" on start (only when an authority is set: without one, sign-in is simply off).</summary>
internal sealed class OfficerAuthOptionsValidator(IConfiguration configuration) : IValidateOptions<OfficerAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, OfficerAuthOptions options)
    {
        var failures = new List<string>();
        if (SecretFromSettingsFile(configuration))
            failures.Add("Auth:ClientSecret must come from the environment (Auth__ClientSecret), not from a settings file.");
        if (!options.IsConfigured) return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
            failures.Add("Auth:Authority must be an absolute http(s) URL (the provider's issuer).");
        else if (options.RequireHttpsMetadata && authority.Scheme != "https")
            failures.Add("Auth:Authority must be https (Auth:RequireHttpsMetadata=false is for a local test provider only).");
        if (options.AllAudiences.Count == 0)
            failures.Add("Auth:Audience (or Auth:Audiences) is required: the audience officer API tokens are issued for.");
        if (string.IsNullOrWhiteSpace(options.RoleClaim)) failures.Add("Auth:RoleClaim must not be empty.");
        if (string.IsNullOrWhiteSpace(options.UnitClaim)) failures.Add("Auth:UnitClaim must not be empty.");
        if (string.IsNullOrWhiteSpace(options.SubjectClaim)) failures.Add("Auth:SubjectClaim must not be empty.");
        if (options.ClockSkewSeconds is < 0 or > 300) failures.Add("Auth:ClockSkewSeconds must be between 0 and 300.");
        if (options.SessionMinutes is < 5 or > 1440) failures.Add("Auth:SessionMinutes must be between 5 and 1440.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>True when a settings file (appsettings*.json and the like) holds a non-empty Auth:ClientSecret.</summary>
    private static bool SecretFromSettingsFile(IConfiguration configuration) =>
        configuration is IConfigurationRoot root && root.Providers.OfType<FileConfigurationProvider>()
            .Any(p => p.TryGet("Auth:ClientSecret", out var value) && !string.IsNullOrEmpty(value));
}
