namespace Assistant.Access;

/// <summary>Who is asking: decides which documents they may see and which commands they may use.</summary>
public enum UserRole { Citizen, Officer, Staff }

/// <summary>
/// Who the caller is, as the host established it. Today only a role, and the hosts derive it from the channel
/// (not a verified identity); the next issues add the verified subject, a staff member's clearance and an officer's units,
/// and <see cref="AccessPolicy"/> reads them.
/// </summary>
public sealed record CallerIdentity(UserRole Role)
{
    /// <summary>Someone the host knows nothing about: a citizen on a public channel, or a model calling a tool.</summary>
    public static CallerIdentity Anonymous { get; } = new(UserRole.Citizen);
}
