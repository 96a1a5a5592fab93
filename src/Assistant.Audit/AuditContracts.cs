namespace Assistant.Audit;

/// <summary>
/// One officer action to record. Never dossier text or personal data: <see cref="Actor"/> is the pseudonymous subject
/// from the identity provider (or "anonymous"), <see cref="TargetId"/> a dossier id or similar key.
/// </summary>
/// <param name="Actor">Verified subject, or "anonymous".</param>
/// <param name="Role">The caller's main role ("officer", "supervisor", "admin", "staff", "citizen").</param>
/// <param name="Unit">The caller's units ("00004,00008", "*"), or null.</param>
/// <param name="Action">One of <see cref="AuditActions"/>.</param>
/// <param name="TargetId">What the action was on (dossier id, project code…), or null.</param>
/// <param name="ClientAddress">The client's IP address as the host saw it, or null.</param>
/// <param name="Outcome">One of <see cref="AuditOutcomes"/>.</param>
public sealed record AuditEntry(
    string Actor,
    string Role,
    string? Unit,
    string Action,
    string? TargetId,
    string? ClientAddress,
    string Outcome);

/// <summary>A stored row: the entry, its sequence number, its time, and its place in the hash chain.</summary>
public sealed record AuditRecord(
    long Seq,
    DateTimeOffset At,
    string Actor,
    string Role,
    string? Unit,
    string Action,
    string? TargetId,
    string? ClientAddress,
    string Outcome,
    string PreviousHash,
    string Hash);

/// <summary>The actions the hosts record.</summary>
public static class AuditActions
{
    public const string Triage = "triage";
    public const string Override = "override";
    public const string QueueRead = "queue.read";
    public const string DossierOpen = "dossier.open";
    public const string AuditRead = "audit.read";
    public const string PersonalDataExport = "personal-data.export";
    public const string PersonalDataErase = "personal-data.erase";
    public const string ReferenceDataChange = "reference-data.change";
    /// <summary>A refused read of reference data (reads that succeed are not recorded: nothing personal, nothing changed).</summary>
    public const string ReferenceDataRead = "reference-data.read";
    /// <summary>Priority-project registry: a project created, changed, closed (target: the project code).</summary>
    public const string PriorityProjectCreate = "priority-project.create";
    public const string PriorityProjectChange = "priority-project.change";
    public const string PriorityProjectClose = "priority-project.close";
    public const string RetentionPurge = "retention.purge";
    /// <summary>A verified staff member (the staff roster) started a conversation with the bot in Teams.</summary>
    public const string StaffSessionStart = "staff.session.start";
    /// <summary>A staff lookup over the digitized archive (target: the ids of the pages returned, or the refusal's reason; never the query).</summary>
    public const string ArchiveLookup = "archive.lookup";
    /// <summary>A page image of the archive opened through a signed link (target: the page id).</summary>
    public const string ArchivePageOpen = "archive.page.open";
    /// <summary>An operator took a backup with the CLI (actor "cli:USER", target: the backup's file or folder name).</summary>
    public const string Backup = "backup";
}

/// <summary>How an action ended.</summary>
public static class AuditOutcomes
{
    public const string Ok = "ok";
    /// <summary>Refused by the access policy (403).</summary>
    public const string Denied = "denied";
    public const string NotFound = "not-found";
    public const string Invalid = "invalid";
}

/// <summary>Filters and paging of the trail: rows with Seq &gt; <see cref="AfterSeq"/>, oldest first, at most <see cref="Limit"/>.</summary>
public sealed record AuditQuery(
    string? Actor = null,
    string? Action = null,
    string? TargetId = null,
    string? Outcome = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    long AfterSeq = 0,
    int Limit = 50);

/// <summary>One page of the trail; <see cref="NextAfterSeq"/> is the cursor of the next page, null on the last.</summary>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Items, long? NextAfterSeq);

/// <summary>Result of checking the chain: intact, or the first row whose link is broken and why.</summary>
/// <param name="Intact">Every row's hash matches its content and links to the row before.</param>
/// <param name="RowsChecked">Rows walked (up to and including the broken one).</param>
/// <param name="BrokenAtSeq">The first broken row: the edited row, or the row right after a deleted one.</param>
/// <param name="Problem">Why, in Vietnamese, for operators.</param>
public sealed record AuditVerification(bool Intact, long RowsChecked, long? BrokenAtSeq, string? Problem)
{
    /// <summary>What kind of break <see cref="BrokenAtSeq"/> is.</summary>
    public AuditBreak Break { get; init; }

    /// <summary>
    /// The last row's number (0 for an empty trail). Deleting the last rows leaves an intact, shorter chain: record the
    /// head somewhere the trail's writers cannot change, and check later that row <see cref="HeadSeq"/> still has <see cref="HeadHash"/>.
    /// </summary>
    public long HeadSeq { get; init; }

    /// <summary>The last row's hash (64 zeros for an empty trail).</summary>
    public string HeadHash { get; init; } = "";
}

/// <summary>Kinds of break <see cref="IAuditTrail.Verify"/> reports.</summary>
public enum AuditBreak
{
    None,
    /// <summary>The stored hash is not the hash of the row's content: the row was edited.</summary>
    ContentChanged,
    /// <summary>A gap in the numbering: the rows before this one were deleted.</summary>
    RowMissing,
    /// <summary>The row's prev_hash is not the previous row's hash: the previous row was replaced or its hash recomputed.</summary>
    LinkBroken,
}

/// <summary>The audit trail the hosts append to. Appends are serialized: each row carries the hash of the one before.</summary>
public interface IAuditTrail
{
    /// <summary>Appends <paramref name="entry"/>, stamped with the trail's clock, and returns the stored row.</summary>
    AuditRecord Append(AuditEntry entry);

    /// <summary>Rows matching <paramref name="query"/>.</summary>
    AuditPage Query(AuditQuery query);

    /// <summary>Walks the whole chain from the first row and reports the first broken row, and the head (last row).</summary>
    AuditVerification Verify();
}
