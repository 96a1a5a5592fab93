namespace Assistant.Access;

/// <summary>What an officer-side request wants to do; each is allowed or refused by <see cref="AccessPolicy.Allows"/>.</summary>
public enum OfficerAction
{
    /// <summary>POST /api/triage: triage a dossier.</summary>
    Triage,
    /// <summary>GET /api/queue: the queue of the caller's units.</summary>
    ReadQueue,
    /// <summary>GET /api/triage/{id}: one dossier, if it belongs to the caller's units.</summary>
    OpenDossier,
    /// <summary>POST /api/triage/{id}/override: correct the procedure or the unit.</summary>
    Override,
    /// <summary>Read the audit trail.</summary>
    ReadAudit,
    /// <summary>Change reference data: priority projects, calendar, rosters.</summary>
    ManageReferenceData,
    /// <summary>Export one person's data.</summary>
    ExportPersonalData,
    /// <summary>Erase one person's data.</summary>
    ErasePersonalData,
    /// <summary>Read reference data (the priority-project registry and its history): every one-stop-shop role.</summary>
    ReadReferenceData,
}

/// <summary>
/// The one place that turns a caller's identity into what they may read and do. Every search a host runs on someone's
/// behalf takes its <see cref="AccessScope"/> from here; every officer endpoint asks <see cref="Allows"/> and takes the
/// units it may query from <see cref="DossierUnitsFor"/>, so the rules are not scattered over endpoints.
/// </summary>
public sealed class AccessPolicy
{
    public AccessScope ScopeFor(CallerIdentity caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Role switch
        {
            UserRole.Citizen => AccessScope.Public,
            // Confidential texts only for a verified caller whose clearance says so (the staff roster); the others of
            // these roles read internal texts.
            UserRole.Staff or UserRole.Officer or UserRole.Supervisor or UserRole.Admin =>
                caller.IsAuthenticated && caller.Clearance == SecurityLevel.Confidential ? AccessScope.Confidential : AccessScope.Internal,
            // A role this policy does not know gets the least, never more.
            _ => AccessScope.Public,
        };
    }

    /// <summary>
    /// True when <paramref name="caller"/> may take <paramref name="action"/>. Nothing is allowed without a verified
    /// sign-in. Officer: triage, queue, open (own units). Supervisor: the same over their scope, plus overrides, the audit
    /// trail and personal-data export/erase. Admin: reference data and the audit trail. Reading reference data: any of the three.
    /// </summary>
    public bool Allows(CallerIdentity caller, OfficerAction action)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAuthenticated) return false;
        return action switch
        {
            OfficerAction.Triage or OfficerAction.ReadQueue or OfficerAction.OpenDossier =>
                caller.Has(UserRole.Officer) || caller.Has(UserRole.Supervisor),
            OfficerAction.Override or OfficerAction.ExportPersonalData or OfficerAction.ErasePersonalData =>
                caller.Has(UserRole.Supervisor),
            OfficerAction.ReadAudit => caller.Has(UserRole.Supervisor) || caller.Has(UserRole.Admin),
            OfficerAction.ManageReferenceData => caller.Has(UserRole.Admin),
            OfficerAction.ReadReferenceData => caller.Has(UserRole.Officer) || caller.Has(UserRole.Supervisor) || caller.Has(UserRole.Admin),
            _ => false,
        };
    }

    /// <summary>
    /// The units whose internal documents (digitized archives) <paramref name="caller"/> may look up: a verified staff
    /// member's units from the roster ("*" = every unit, granted by the roster's administrator), none for anyone else.
    /// </summary>
    public UnitScope DocumentUnitsFor(CallerIdentity caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsAuthenticated && caller.Has(UserRole.Staff) ? caller.Units : UnitScope.None;
    }

    /// <summary>
    /// The units whose dossiers <paramref name="caller"/> may see: their own units for officers and supervisors (a
    /// supervisor's "*" is every unit), none for anyone else. Stores apply it in the query.
    /// </summary>
    public UnitScope DossierUnitsFor(CallerIdentity caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAuthenticated || !(caller.Has(UserRole.Officer) || caller.Has(UserRole.Supervisor))) return UnitScope.None;
        // An officer never gets every unit from a wildcard: only a supervisor's scope may be "*".
        if (caller.Units.AllUnits && !caller.Has(UserRole.Supervisor)) return UnitScope.None;
        return caller.Units;
    }
}
