using Assistant.Land.Calendar;
using Assistant.Land.Priority;

namespace Assistant.Triage.Model;

/// <summary>Where the dossier came in.</summary>
public enum DossierChannel { Online, Counter, Post }

/// <summary>Who files it.</summary>
public enum ApplicantType { Individual, Organization }

/// <summary>The land parcel as written on the dossier; old units are those before 1 July 2025.</summary>
public sealed record ParcelInfo(string? OldCommune, string? OldDistrict, string? NewUnit, string? Address);

/// <summary>A dossier as received by the one-stop shop (body of POST /api/triage, validated).</summary>
public sealed record DossierRequest(
    string Id,
    DateTimeOffset ReceivedAt,
    bool ReceivedAtAssumed,
    DossierChannel? Channel,
    ApplicantType? Applicant,
    string Description,
    IReadOnlyList<string> Documents,
    ParcelInfo Parcel,
    string? ProjectCode,
    IReadOnlyList<DossierPause> Pauses);

public sealed record ProcedureAlternative(string ProcedureCode, double Confidence);

public sealed record UnitCandidate(string UnitCode, string UnitName, string MergeType);

public sealed record RouteInfo(
    IReadOnlyList<UnitCandidate> Candidates,
    string? Office,
    string? OldCommune,
    string? OldDistrict,
    IReadOnlyList<string> Agency);

/// <summary>The triage of one dossier (response of POST /api/triage).</summary>
/// <param name="Notes">Information that does not need an officer's decision (calendar data not yet confirmed, receipt time assumed).</param>
/// <param name="DueDate">Due date (yyyy-MM-dd). For a range limit it is the LATEST date (upper bound of the range) and
/// <paramref name="DueDateIsRangeMax"/> is true, with <paramref name="DueDateEarliest"/> the lower bound; never collapsed silently.</param>
/// <param name="CalendarDays">The limit when it counts calendar days (e.g. 30 days of Land Law 2024 Art. 235); then WorkingDays is null.</param>
/// <param name="TimeLimitBasis">The legal basis of the limit used (instrument, article, window), from data/procedures/time-limits.tsv.</param>
public sealed record TriageResult(
    string Id,
    string? ProcedureCode,
    string? ProcedureName,
    double Confidence,
    IReadOnlyList<ProcedureAlternative> Alternatives,
    bool Complete,
    IReadOnlyList<string> MissingDocuments,
    IReadOnlyList<string> ExtraDocuments,
    int? WorkingDays,
    int[]? WorkingDaysRange,
    string? DueDate,
    string? DueDateEarliest,
    bool DueDateIsRangeMax,
    IReadOnlyList<string> ProcessingTime,
    RouteInfo RouteTo,
    PriorityInfo Priority,
    bool NeedsReview,
    IReadOnlyList<string> ReviewReasons,
    IReadOnlyList<string> Notes,
    string ModelVersion,
    string ReceivedAt,
    int? CalendarDays = null,
    string? TimeLimitBasis = null);
