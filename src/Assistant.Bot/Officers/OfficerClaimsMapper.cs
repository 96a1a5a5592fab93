using System.Security.Claims;
using Assistant.Access;
using Microsoft.Extensions.Options;

namespace Assistant.Bot.Officers;

/// <summary>
/// The one place that turns a verified sign-in (bearer token or officer page cookie) into a <see cref="CallerIdentity"/>:
/// subject from Auth:SubjectClaim, roles from Auth:RoleClaim through Auth:RoleValues, units from Auth:UnitClaim plus
/// the roster (Auth:RosterPath). What the caller may then do is <see cref="AccessPolicy"/>'s decision, not this one's.
/// </summary>
public sealed class OfficerClaimsMapper(IOptions<OfficerAuthOptions> options, OfficerRoster roster)
{
    private static readonly char[] UnitSeparators = [',', ';', ' '];

    // Highest first: the main role of a caller who holds several.
    private static readonly UserRole[] Precedence = [UserRole.Admin, UserRole.Supervisor, UserRole.Officer, UserRole.Staff];

    private readonly OfficerAuthOptions _options = options.Value;

    /// <summary>
    /// The identity of a verified principal; <see cref="CallerIdentity.Anonymous"/> when it has no subject. A role value
    /// that Auth:RoleValues does not list grants nothing.
    /// </summary>
    public CallerIdentity Map(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var subject = principal.FindFirst(_options.SubjectClaim)?.Value;
        if (string.IsNullOrWhiteSpace(subject) || principal.Identity?.IsAuthenticated != true) return CallerIdentity.Anonymous;

        var roles = new HashSet<UserRole>();
        foreach (var claim in principal.FindAll(_options.RoleClaim))
        {
            foreach (var value in claim.Value.Split(UnitSeparators, StringSplitOptions.RemoveEmptyEntries))
            {
                if (_options.RoleValues.TryGetValue(value, out var role)) roles.Add(role);
            }
        }

        var units = principal.FindAll(_options.UnitClaim)
            .SelectMany(c => c.Value.Split(UnitSeparators, StringSplitOptions.RemoveEmptyEntries))
            .Concat(roster.UnitsOf(subject));
        var main = Precedence.FirstOrDefault(roles.Contains, UserRole.Citizen);
        return new CallerIdentity(main) { Subject = subject, Roles = roles, Units = UnitScope.Of(units) };
    }
}
