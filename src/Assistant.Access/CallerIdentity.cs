namespace Assistant.Access;

/// <summary>
/// Who is asking: decides which documents they may see and which officer actions they may take. Citizen and Staff are
/// the chat roles; Officer, Supervisor and Admin are the one-stop-shop roles, granted only by a verified sign-in.
/// </summary>
public enum UserRole { Citizen, Officer, Staff, Supervisor, Admin }

/// <summary>
/// Who the caller is, as the host established it. <see cref="Subject"/> is null unless the host verified a sign-in (a
/// bearer token or a cookie issued after an OpenID Connect sign-in); a role a client merely asserts is never enough for
/// an officer action (<see cref="AccessPolicy.Allows"/> checks <see cref="IsAuthenticated"/>).
/// </summary>
/// <param name="Role">The main role (the highest the caller holds); <see cref="Roles"/> lists every one.</param>
public sealed record CallerIdentity(UserRole Role)
{
    // Declared before Anonymous: static initializers run in text order.
    private static readonly IReadOnlySet<UserRole> NoRoles = new HashSet<UserRole>();

    /// <summary>Someone the host knows nothing about: a citizen on a public channel, or a model calling a tool.</summary>
    public static CallerIdentity Anonymous { get; } = new(UserRole.Citizen);

    /// <summary>The verified, pseudonymous subject from the identity provider (the token's subject claim); never a name
    /// or an e-mail address, so that it can go into the audit trail as it is.</summary>
    public string? Subject { get; init; }

    // One shared empty set, so that two identities built from the same role compare equal (records compare members by reference).
    /// <summary>Every role granted by the verified sign-in (includes <see cref="Role"/>).</summary>
    public IReadOnlySet<UserRole> Roles { get; init; } = NoRoles;

    /// <summary>The administrative units (new commune codes) the caller works for.</summary>
    public UnitScope Units { get; init; } = UnitScope.None;

    /// <summary>
    /// The highest security level the caller is cleared for, when the host was told (the staff roster's internal or
    /// confidential); null = the role's default. <see cref="AccessPolicy.ScopeFor"/> honours it only for a verified caller.
    /// </summary>
    public SecurityLevel? Clearance { get; init; }

    /// <summary>True when the host verified a sign-in for this caller.</summary>
    public bool IsAuthenticated => Subject is not null;

    /// <summary>True when the caller holds <paramref name="role"/>, as main role or as one of <see cref="Roles"/>.</summary>
    public bool Has(UserRole role) => Role == role || Roles.Contains(role);
}
