using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.PublicApi;
using Crm.Funnel.PublicApi.IntegrationEvents;

namespace Crm.Funnel.Domain;

/// <summary>One contact with a lead or about an opportunity (call, e-mail, visit), with the next planned step.</summary>
internal sealed class FollowUp : IRaisesIntegrationEvents
{
    private readonly List<IIntegrationEvent> _events = [];

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

    /// <summary>
    /// Tells other modules and workflows that it was logged on <paramref name="subjectName"/> (owned by
    /// <paramref name="ownerId"/>): a next follow-up date becomes the owner's inbox task, and this one ends the task of
    /// an earlier date. Copies made on conversion are not announced: the conversation happened once.
    /// </summary>
    public FollowUp Announce(string subjectName, Guid? ownerId)
    {
        var link = Subject == FollowUpSubject.Lead ? $"/funnel/leads/{SubjectId}" : $"/funnel/opportunities/{SubjectId}";
        _events.Add(new FollowUpLoggedIntegrationEvent(
            Guid.NewGuid(), RecordedAtUtc, Id, Subject.ToString(), SubjectId, subjectName, ownerId, NextFollowUpAtUtc, Inbound, link));
        return this;
    }

    public IReadOnlyList<IIntegrationEvent> DequeueIntegrationEvents()
    {
        var events = _events.ToList();
        _events.Clear();
        return events;
    }
}
