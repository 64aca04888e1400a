namespace Crm.Funnel.Domain;

/// <summary>One contact with a lead or about an opportunity (call, e-mail, visit), with the next planned step.</summary>
internal sealed class FollowUp
{
    private FollowUp()
    {
    }

    public Guid Id { get; private set; }

    public FollowUpSubject Subject { get; private set; }

    public Guid SubjectId { get; private set; }

    public FollowUpChannel Channel { get; private set; }

    public string Summary { get; private set; } = "";

    public DateTime OccurredAtUtc { get; private set; }

    public DateTime? NextFollowUpAtUtc { get; private set; }

    /// <summary>The prospect contacted us (not a follow-up by us): does not end a wait for follow-up.</summary>
    public bool Inbound { get; private set; }

    public string RecordedBy { get; private set; } = "";

    public DateTime RecordedAtUtc { get; private set; }

    /// <summary>The same conversation recorded under another subject (a converted lead's log on its opportunity).</summary>
    public FollowUp CopyTo(FollowUpSubject subject, Guid subjectId) => new()
    {
        Inbound = Inbound,
        Id = Guid.NewGuid(),
        Subject = subject,
        SubjectId = subjectId,
        Channel = Channel,
        Summary = Summary,
        OccurredAtUtc = OccurredAtUtc,
        NextFollowUpAtUtc = NextFollowUpAtUtc,
        RecordedBy = RecordedBy,
        RecordedAtUtc = RecordedAtUtc,
    };

    public static FollowUp Create(
        FollowUpSubject subject, Guid subjectId, FollowUpChannel channel, string summary, DateTime occurredAtUtc, DateTime? nextFollowUpAtUtc, string by, DateTime nowUtc,
        bool inbound = false) => new()
    {
        Inbound = inbound,
        Id = Guid.NewGuid(),
        Subject = subject,
        SubjectId = subjectId,
        Channel = channel,
        Summary = summary.Trim(),
        OccurredAtUtc = occurredAtUtc,
        NextFollowUpAtUtc = nextFollowUpAtUtc,
        RecordedBy = by,
        RecordedAtUtc = nowUtc,
    };
}
