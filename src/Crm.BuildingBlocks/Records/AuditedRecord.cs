namespace Crm.BuildingBlocks.Records;

/// <summary>
/// The bookkeeping every business record carries: who created and last changed it, when (UTC), and the
/// <see cref="Version"/> that is both its optimistic-concurrency token and its ETag (<see cref="Versioning"/>).
/// Its columns are configured once, by <see cref="AuditedRecordConfiguration.ConfigureAudited{T}"/>.
/// </summary>
public abstract class AuditedRecord
{
    public DateTime CreatedAtUtc { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public DateTime UpdatedAtUtc { get; private set; }

    public string UpdatedBy { get; private set; } = "";

    /// <summary>Optimistic-concurrency token, also sent to clients as the ETag. A new record is version 1.</summary>
    public long Version { get; private set; }

    /// <summary>Stamps a new record: created and updated by the same person at the same time, version 1.</summary>
    protected void StampCreated(string by, DateTime nowUtc)
    {
        CreatedAtUtc = nowUtc;
        CreatedBy = by;
        UpdatedAtUtc = nowUtc;
        UpdatedBy = by;
        Version = 1;
    }

    /// <summary>Every change a client could have missed bumps the version, so a stale If-Match is refused.</summary>
    protected void Touch(string by, DateTime nowUtc)
    {
        UpdatedAtUtc = nowUtc;
        UpdatedBy = by;
        Version++;
    }
}
