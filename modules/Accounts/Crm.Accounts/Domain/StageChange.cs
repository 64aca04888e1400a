namespace Crm.Accounts.Domain;

/// <summary>One move along the lifecycle, kept forever: stage counts over time are built from these.</summary>
internal sealed class StageChange
{
    private StageChange()
    {
    }

    public long Id { get; private set; }

    public Guid AccountId { get; private set; }

    public LifecycleStage? FromStage { get; private set; }

    public LifecycleStage ToStage { get; private set; }

    public string? Reason { get; private set; }

    public DateTime ChangedAtUtc { get; private set; }

    public string ChangedBy { get; private set; } = "";

    internal static StageChange Create(Guid accountId, LifecycleStage? from, LifecycleStage to, string? reason, DateTime atUtc, string by) => new()
    {
        AccountId = accountId,
        FromStage = from,
        ToStage = to,
        Reason = reason,
        ChangedAtUtc = atUtc,
        ChangedBy = by,
    };
}
