using System.Text.Json.Serialization;
using Assistant.Land.Calendar;

namespace Assistant.Land.Priority;

/// <summary>Whether a project's dossiers are prioritised now (active) or no longer (closed).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PriorityProjectStatus>))]
public enum PriorityProjectStatus
{
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("closed")] Closed,
}

/// <summary>The instrument a project rests on: its number and title ("Nghị quyết 56/2022/QH15") and its date, when known.</summary>
public sealed record PriorityLegalBasis(string Instrument, DateOnly? Date);

/// <summary>
/// A new (post-1/7/2025) commune that took over land of the project's old units, computed from the merger mapping.
/// <paramref name="MergeType"/> is "partial" when at least one of those old units went only partly into it (so the
/// project may or may not reach it), "full" otherwise.
/// </summary>
public sealed record PriorityNewUnit(string Code, string Name, string MergeType, IReadOnlyList<string> FromOldUnits);

/// <summary>
/// A Hanoi priority ("trọng điểm") project as the registry holds it. <see cref="OldUnits"/> are districts or communes as
/// they were before 1 July 2025 ("Huyện Đông Anh", "Phường Tứ Liên, Quận Tây Hồ"); <see cref="NewUnits"/> are derived
/// from them (<see cref="PriorityProjectUnits"/>), never typed by hand.
/// </summary>
public sealed record PriorityProject(string Code, string Name, IReadOnlyList<string> Aliases, IReadOnlyList<string> OldUnits, string Source)
{
    public IReadOnlyList<PriorityNewUnit> NewUnits { get; init; } = [];
    public PriorityLegalBasis? LegalBasis { get; init; }

    /// <summary>First day the project's dossiers are prioritised (Hanoi date), or null: since always.</summary>
    public DateOnly? EffectiveFrom { get; init; }

    /// <summary>Last day the project's dossiers are prioritised, or null: open-ended.</summary>
    public DateOnly? EffectiveTo { get; init; }

    public PriorityProjectStatus Status { get; init; } = PriorityProjectStatus.Active;

    /// <summary>True when the legal basis and the affected units were checked against the instrument or an official source.</summary>
    public bool Verified { get; init; }

    public string? Note { get; init; }

    /// <summary>True when a dossier received on <paramref name="day"/> (Hanoi date) is prioritised by this project.</summary>
    public bool InForceOn(DateOnly day) =>
        Status == PriorityProjectStatus.Active && (EffectiveFrom is not { } from || day >= from) && (EffectiveTo is not { } to || day <= to);

    /// <summary>True when a dossier received at <paramref name="receivedAt"/> is prioritised by this project.</summary>
    public bool InForceAt(DateTimeOffset receivedAt) => InForceOn(WorkingCalendar.VietnamDate(receivedAt));
}

/// <summary>
/// Where triage asks whether a dossier is a priority: the registry as it stood when the dossier was received (the JSON
/// file alone, or the versioned store officers keep).
/// </summary>
public interface IPriorityProjectSource
{
    /// <summary>The priority decision for a dossier received at <paramref name="receivedAt"/>.</summary>
    PriorityInfo Detect(string? projectCode, string description, DateTimeOffset receivedAt);
}
