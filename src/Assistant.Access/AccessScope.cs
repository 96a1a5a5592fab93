using System.Text.Json.Serialization;

namespace Assistant.Access;

/// <summary>Who may see a document. Ordered: a user cleared for a level sees that level and those below it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SecurityLevel>))]
public enum SecurityLevel { Public = 0, Internal = 1, Confidential = 2 }

/// <summary>
/// What a caller is cleared to see. Required by every query so that no search path can forget it:
/// a store applies it inside its query, never as a post-filter left to the caller.
/// </summary>
public sealed record AccessScope(SecurityLevel MaxLevel)
{
    public static AccessScope Public { get; } = new(SecurityLevel.Public);
    public static AccessScope Internal { get; } = new(SecurityLevel.Internal);
    public static AccessScope Confidential { get; } = new(SecurityLevel.Confidential);
    public IEnumerable<SecurityLevel> Allowed => Enum.GetValues<SecurityLevel>().Where(l => l <= MaxLevel);
}
