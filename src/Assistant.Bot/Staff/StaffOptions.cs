using Assistant.Bot.Hosting;
using Microsoft.Extensions.Options;

namespace Assistant.Bot.Staff;

/// <summary>
/// Section "Staff": who is a staff member in Teams. Only a Teams activity whose Bot Connector token the host verified,
/// from one of <see cref="TenantIds"/>, whose user is on the roster (<see cref="RosterPath"/>) gets a staff identity;
/// everyone else is a citizen. Without a roster or a tenant nobody is staff.
/// </summary>
public sealed class StaffOptions
{
    public const string SectionName = "Staff";

    /// <summary>The Microsoft Entra tenants (directory ids) whose users may be staff: the city's own tenant, as Teams
    /// sends it in channelData.tenant.id.</summary>
    public List<string> TenantIds { get; set; } = [];

    /// <summary>The staff roster (CSV user,units,clearance; see data/staff/roster.sample.csv), relative to the content
    /// root. Empty: nobody is staff.</summary>
    public string? RosterPath { get; set; }

    /// <summary>
    /// Development only: accept Teams activities without a verified token (the Agents Playground and the Emulator send
    /// none), still from an allowed tenant and a roster user. Refused at start when the environment is Production.
    /// </summary>
    public bool AllowUnverifiedInDevelopment { get; set; }
}

/// <summary>Checks section "Staff" on start: the development switch never in Production, tenants well-formed.</summary>
internal sealed class StaffOptionsValidator(IHostEnvironment environment, IOptions<BotHostOptions> bot) : IValidateOptions<StaffOptions>
{
    public ValidateOptionsResult Validate(string? name, StaffOptions options)
    {
        var failures = new List<string>();
        if (options.AllowUnverifiedInDevelopment && environment.IsProduction())
        {
            failures.Add("Staff:AllowUnverifiedInDevelopment=true is refused in Production: anyone could then pass for a staff member "
                + "by writing a tenant and a user id into an activity. Turn it off and configure Bot Connector authentication "
                + "(Bot:MicrosoftAppId, Bot:MicrosoftAppTenantId, Bot__MicrosoftAppPassword).");
        }

        if (options.AllowUnverifiedInDevelopment && bot.Value.IsAuthenticationEnabled)
        {
            failures.Add("Staff:AllowUnverifiedInDevelopment is for a bot without authentication (Agents Playground, Emulator); "
                + "with Bot:MicrosoftAppId set, staff come from verified Teams tokens only. Turn the switch off.");
        }

        if (options.TenantIds.Any(t => !StaffRoster.IsObjectId(t?.Trim())))
        {
            failures.Add("Staff:TenantIds must be Microsoft Entra tenant ids (GUIDs), as Teams sends them in channelData.tenant.id.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
