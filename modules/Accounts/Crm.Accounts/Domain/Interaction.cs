namespace Crm.Accounts.Domain;

/// <summary>A follow-up with the customer (call, visit, e-mail…): the account's contact history.</summary>
internal sealed class Interaction
{
    private Interaction()
    {
    }

    public Guid Id { get; private set; }

    public Guid AccountId { get; private set; }

    public Guid? ContactId { get; private set; }

    public InteractionChannel Channel { get; private set; }

    public string Summary { get; private set; } = "";

    public DateTime OccurredAtUtc { get; private set; }

    public DateTime? NextFollowUpAtUtc { get; private set; }

    public string RecordedBy { get; private set; } = "";

    public DateTime RecordedAtUtc { get; private set; }

    internal static Interaction Create(
        Guid accountId, Guid? contactId, InteractionChannel channel, string summary, DateTime occurredAtUtc, DateTime? nextFollowUpAtUtc, string by, DateTime nowUtc) => new()
    {
        Id = Guid.NewGuid(),
        AccountId = accountId,
        ContactId = contactId,
        Channel = channel,
        Summary = summary.Trim(),
        OccurredAtUtc = occurredAtUtc,
        NextFollowUpAtUtc = nextFollowUpAtUtc,
        RecordedBy = by,
        RecordedAtUtc = nowUtc,
    };
}
