using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Assistant.Access;
using Assistant.Bot.Hosting;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.Options;

namespace Assistant.Bot.Staff;

/// <summary>
/// Who is asking in a turn: a staff member only when every one of these holds, else a citizen.
/// (1) The activity came through Teams; (2) its Bot Connector token was verified for this bot (the adapter's claims name
/// our app id as audience; with authentication off there are none, except under <see cref="StaffOptions.AllowUnverifiedInDevelopment"/>);
/// (3) its tenant (channelData.tenant.id) is one of <see cref="StaffOptions.TenantIds"/>; (4) its user (from.aadObjectId,
/// or a user principal name the channel gives) is on the <see cref="StaffRoster"/>, which gives the units and the clearance.
/// The token proves that Teams sent the activity; Teams, not the client, fills in the tenant and the user.
/// </summary>
public sealed class StaffIdentityResolver(StaffRoster roster, IOptions<StaffOptions> staff, IOptions<BotHostOptions> bot)
{
    private readonly StaffOptions _staff = staff.Value;
    private readonly BotHostOptions _bot = bot.Value;

    public CallerIdentity Resolve(ITurnContext turnContext)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        if (activity is null || !string.Equals(activity.ChannelId, Channels.Msteams, StringComparison.OrdinalIgnoreCase))
            return CallerIdentity.Anonymous;
        if (!IsVerified(turnContext.TurnState.Get<ClaimsIdentity>(BotAdapter.BotIdentityKey)))
            return CallerIdentity.Anonymous;

        var tenant = TenantOf(activity);
        if (tenant is null || !_staff.TenantIds.Any(t => string.Equals(t.Trim(), tenant, StringComparison.OrdinalIgnoreCase)))
            return CallerIdentity.Anonymous;

        var objectId = activity.From?.AadObjectId;
        var upn = activity.From?.Properties?["userPrincipalName"]?.ToString();
        var member = roster.Find(objectId) ?? roster.Find(upn);
        if (member is null)
            return CallerIdentity.Anonymous;

        return new CallerIdentity(UserRole.Staff)
        {
            Subject = SubjectOf(objectId, upn),
            Roles = new HashSet<UserRole> { UserRole.Staff },
            Units = member.Units,
            Clearance = member.Clearance,
        };
    }

    /// <summary>
    /// True when the adapter verified a channel token issued for this bot: its claims name our app id as audience. With
    /// authentication off the adapter's identity is anonymous, which counts only under the development switch.
    /// </summary>
    private bool IsVerified(ClaimsIdentity? identity)
    {
        if (!_bot.IsAuthenticationEnabled) return _staff.AllowUnverifiedInDevelopment;
        if (identity is null || identity.AuthenticationType == AuthenticationConstants.AnonymousAuthType) return false;
        return identity.Claims.Any(c => c.Type == AuthenticationConstants.AudienceClaim
                                        && string.Equals(c.Value, _bot.MicrosoftAppId, StringComparison.Ordinal));
    }

    private static string? TenantOf(Activity activity)
    {
        try
        {
            return activity.GetChannelData<TeamsChannelData>()?.Tenant?.Id?.Trim();
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The audit subject: the object id (pseudonymous), or a hash of the user principal name, never the name itself.</summary>
    private static string SubjectOf(string? objectId, string? upn) =>
        !string.IsNullOrWhiteSpace(objectId)
            ? objectId.Trim().ToLowerInvariant()
            : "upn-sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(upn!.Trim().ToLowerInvariant())))[..32];
}
