namespace Assistant.Audit;

/// <summary>The audit trail in one SQLite file, hash-chained. (Placeholder: the audit helper implements it.)</summary>
public sealed class SqliteAuditTrail : IAuditTrail
{
    public SqliteAuditTrail(string path, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(time);
    }

    public AuditRecord Append(AuditEntry entry) => throw new NotImplementedException();

    public AuditPage Query(AuditQuery query) => throw new NotImplementedException();

    public AuditVerification Verify() => throw new NotImplementedException();
}
