namespace Assistant.Access;

/// <summary>
/// The one place that turns a caller's identity into what they may read. Every search a host runs on someone's behalf
/// takes its <see cref="AccessScope"/> from here, so "what a citizen may see" is decided in one method.
/// </summary>
public sealed class AccessPolicy
{
    public AccessScope ScopeFor(CallerIdentity caller) => caller.Role switch
    {
        UserRole.Citizen => AccessScope.Public,
        UserRole.Staff or UserRole.Officer => AccessScope.Internal,
        // A role this policy does not know gets the least, never more.
        _ => AccessScope.Public,
    };
}
