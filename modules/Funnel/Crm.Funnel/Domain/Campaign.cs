using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Auditing;
using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.PublicApi;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.PublicApi.IntegrationEvents;

namespace Crm.Funnel.Domain;

/// <summary>
/// A marketing campaign (trade show, seminar, mailing...): when, what about, what it may cost and what it did cost,
/// who took part, reminders before it starts. Leads and won revenue are attributed to it.
/// </summary>
internal sealed class Campaign : AuditedRecord, IOwnedRecord, IAuditable
{
    public const int MaxReminders = 10;

    private readonly List<CampaignCost> _costs = [];
    private readonly List<CampaignParticipant> _participants = [];
    private readonly List<CampaignReminder> _reminders = [];

    private Campaign()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public CampaignType Type { get; private set; }

    public string? Topic { get; private set; }

    public string? Content { get; private set; }

    public DateTime StartsAtUtc { get; private set; }

    public DateTime EndsAtUtc { get; private set; }

    public decimal Budget { get; private set; }

    /// <summary>ISO 4217 code of the budget and of every cost line.</summary>
    public string Currency { get; private set; } = Currencies.DefaultCompanyCurrency;

    /// <summary>Sum of the cost lines, kept with them so lists and ROI need no aggregation.</summary>
    public decimal ActualCost { get; private set; }

    public CampaignStatus Status { get; private set; }

    public Guid? OwnerId { get; private set; }

    public Guid? BranchId { get; private set; }

    public IReadOnlyList<CampaignCost> Costs => _costs;

    public IReadOnlyList<CampaignParticipant> Participants => _participants;

    public IReadOnlyList<CampaignReminder> Reminders => _reminders;

    Guid IAuditable.AuditSubjectId => Id;

    public static Campaign Create(CampaignDetails details, string by, DateTime nowUtc)
    {
        var campaign = new Campaign
        {
            Id = Guid.NewGuid(),
            Status = CampaignStatus.Planned,
        };
        campaign.StampCreated(by, nowUtc);
        campaign.Apply(details);
        return campaign;
    }

    public void Update(CampaignDetails details, string by, DateTime nowUtc)
    {
        EnsureNotClosed();
        Apply(details);
        // Reminders not sent yet follow a moved start date.
        foreach (var reminder in _reminders.Where(r => r.SentAtUtc is null))
        {
            reminder.Reschedule(StartsAtUtc);
        }

        Touch(by, nowUtc);
    }

    public void ChangeStatus(CampaignStatus status, string by, DateTime nowUtc)
    {
        if (Status == status)
        {
            return;
        }

        if (Status is CampaignStatus.Completed or CampaignStatus.Cancelled && status != CampaignStatus.Active)
        {
            throw new BusinessRuleException($"A {Status} campaign can only be reactivated.", "status");
        }

        Status = status;
        Touch(by, nowUtc);
    }

    public CampaignCost AddCost(string description, decimal amount, DateOnly incurredOn, string? category, string by, DateTime nowUtc)
    {
        var cost = CampaignCost.Create(Id, description, amount, incurredOn, category, by, nowUtc);
        _costs.Add(cost);
        ActualCost = _costs.Sum(c => c.Amount);
        Touch(by, nowUtc);
        return cost;
    }

    public void RemoveCost(Guid costId, string by, DateTime nowUtc)
    {
        _costs.Remove(_costs.FirstOrDefault(c => c.Id == costId) ?? throw new NotFoundException($"Cost line {costId} does not belong to campaign {Id}."));
        ActualCost = _costs.Sum(c => c.Amount);
        Touch(by, nowUtc);
    }

    public CampaignParticipant AddParticipant(ParticipantDetails details, string by, DateTime nowUtc)
    {
        var email = Normalize.Email(details.Email);
        if (email is not null && _participants.Any(p => Normalize.Email(p.Email) == email))
        {
            throw new ConflictException($"{details.Email} already takes part in this campaign.");
        }

        var participant = CampaignParticipant.Create(Id, details);
        _participants.Add(participant);
        Touch(by, nowUtc);
        return participant;
    }

    public void UpdateParticipant(Guid participantId, ParticipantDetails details, bool attended, string by, DateTime nowUtc)
    {
        Participant(participantId).Update(details, attended);
        Touch(by, nowUtc);
    }

    public void RemoveParticipant(Guid participantId, string by, DateTime nowUtc)
    {
        _participants.Remove(Participant(participantId));
        Touch(by, nowUtc);
    }

    public CampaignParticipant Participant(Guid participantId) =>
        _participants.FirstOrDefault(p => p.Id == participantId) ?? throw new NotFoundException($"Participant {participantId} does not belong to campaign {Id}.");

    /// <summary>A reminder <paramref name="before"/> the start, to <paramref name="recipientId"/> (null: the campaign's owner).</summary>
    public CampaignReminder AddReminder(TimeSpan before, Guid? recipientId, string? note, string by, DateTime nowUtc)
    {
        EnsureNotClosed();
        if (_reminders.Count >= MaxReminders)
        {
            throw new BusinessRuleException($"At most {MaxReminders} reminders per campaign.", "before");
        }

        var reminder = CampaignReminder.Create(Id, StartsAtUtc, before, recipientId, note);
        _reminders.Add(reminder);
        Touch(by, nowUtc);
        return reminder;
    }

    public void RemoveReminder(Guid reminderId, string by, DateTime nowUtc)
    {
        _reminders.Remove(_reminders.FirstOrDefault(r => r.Id == reminderId) ?? throw new NotFoundException($"Reminder {reminderId} does not belong to campaign {Id}."));
        Touch(by, nowUtc);
    }

    private void EnsureNotClosed()
    {
        if (Status is CampaignStatus.Completed or CampaignStatus.Cancelled)
        {
            throw new BusinessRuleException($"The campaign is {Status}; reactivate it to change it.");
        }
    }

    private void Apply(CampaignDetails details)
    {
        if (details.EndsAtUtc < details.StartsAtUtc)
        {
            throw new BusinessRuleException("A campaign cannot end before it starts.", "endsAt");
        }

        Name = details.Name.Trim();
        Type = details.Type;
        Topic = Normalize.Text(details.Topic);
        Content = Normalize.Text(details.Content);
        StartsAtUtc = details.StartsAtUtc;
        EndsAtUtc = details.EndsAtUtc;
        if (_costs.Count > 0 && details.Currency != Currency)
        {
            throw new BusinessRuleException($"The campaign's costs are recorded in {Currency}; its currency cannot change any more.", "currency");
        }

        Budget = Money.Round(details.Budget);
        Currency = details.Currency;
        OwnerId = details.OwnerId;
        BranchId = details.BranchId;
    }
}

internal sealed record CampaignDetails(
    string Name, CampaignType Type, string? Topic, string? Content, DateTime StartsAtUtc, DateTime EndsAtUtc, decimal Budget, Guid? OwnerId, Guid? BranchId, string Currency);

internal sealed record ParticipantDetails(string Name, ParticipantType Type, string? Phone, string? Email, string? Company, Guid? AccountId);

/// <summary>What the campaign really cost: one line per invoice or expense.</summary>
internal sealed class CampaignCost
{
    private CampaignCost()
    {
    }

    public Guid Id { get; private set; }

    public Guid CampaignId { get; private set; }

    public string Description { get; private set; } = "";

    public string? Category { get; private set; }

    public decimal Amount { get; private set; }

    public DateOnly IncurredOn { get; private set; }

    public string RecordedBy { get; private set; } = "";

    public DateTime RecordedAtUtc { get; private set; }

    public static CampaignCost Create(Guid campaignId, string description, decimal amount, DateOnly incurredOn, string? category, string by, DateTime nowUtc) => new()
    {
        Id = Guid.NewGuid(),
        CampaignId = campaignId,
        Description = description.Trim(),
        Category = Normalize.Text(category),
        Amount = Money.Round(amount),
        IncurredOn = incurredOn,
        RecordedBy = by,
        RecordedAtUtc = nowUtc,
    };
}

/// <summary>Someone invited to or taking part in a campaign.</summary>
internal sealed class CampaignParticipant
{
    private CampaignParticipant()
    {
    }

    public Guid Id { get; private set; }

    public Guid CampaignId { get; private set; }

    public string Name { get; private set; } = "";

    public ParticipantType Type { get; private set; }

    public string? Phone { get; private set; }

    public string? Email { get; private set; }

    public string? Company { get; private set; }

    /// <summary>The account this participant belongs to, when known.</summary>
    public Guid? AccountId { get; private set; }

    public bool Attended { get; private set; }

    /// <summary>The lead captured from this participant, if any.</summary>
    public Guid? LeadId { get; internal set; }

    public static CampaignParticipant Create(Guid campaignId, ParticipantDetails details)
    {
        var participant = new CampaignParticipant { Id = Guid.NewGuid(), CampaignId = campaignId };
        participant.Update(details, attended: false);
        return participant;
    }

    public void Update(ParticipantDetails details, bool attended)
    {
        Name = details.Name.Trim();
        Type = details.Type;
        Phone = Normalize.Text(details.Phone);
        Email = Normalize.Text(details.Email);
        Company = Normalize.Text(details.Company);
        AccountId = details.AccountId;
        Attended = attended;
    }
}

/// <summary>
/// A reminder some time before a campaign starts. When due, the reminder job raises
/// <see cref="CampaignReminderDueIntegrationEvent"/> (a workflow decides how to tell whom) and marks it sent.
/// </summary>
internal sealed class CampaignReminder : IRaisesIntegrationEvents
{
    private readonly List<IIntegrationEvent> _events = [];

    private CampaignReminder()
    {
    }

    public Guid Id { get; private set; }

    public Guid CampaignId { get; private set; }

    /// <summary>How long before the start, in minutes.</summary>
    public int MinutesBefore { get; private set; }

    public DateTime RemindAtUtc { get; private set; }

    public Guid? RecipientId { get; private set; }

    public string? Note { get; private set; }

    public DateTime? SentAtUtc { get; private set; }

    /// <summary>Optimistic-concurrency token: two reminder jobs (two nodes) cannot both send it.</summary>
    public long Version { get; private set; }

    public static CampaignReminder Create(Guid campaignId, DateTime startsAtUtc, TimeSpan before, Guid? recipientId, string? note)
    {
        if (before < TimeSpan.Zero || before > TimeSpan.FromDays(365))
        {
            throw new BusinessRuleException("A reminder comes between 0 and 365 days before the start.", "before");
        }

        var reminder = new CampaignReminder
        {
            Id = Guid.NewGuid(),
            CampaignId = campaignId,
            MinutesBefore = (int)before.TotalMinutes,
            RecipientId = recipientId,
            Note = Normalize.Text(note),
            Version = 1,
        };
        reminder.Reschedule(startsAtUtc);
        return reminder;
    }

    public void Reschedule(DateTime startsAtUtc) => RemindAtUtc = startsAtUtc.AddMinutes(-MinutesBefore);

    public void MarkSent(Campaign campaign, DateTime nowUtc)
    {
        SentAtUtc = nowUtc;
        Version++;
        _events.Add(new CampaignReminderDueIntegrationEvent(
            Guid.NewGuid(), nowUtc, CampaignId, Id, campaign.Name, campaign.StartsAtUtc, RecipientId ?? campaign.OwnerId, campaign.OwnerId, Note));
    }

    public IReadOnlyList<IIntegrationEvent> DequeueIntegrationEvents()
    {
        var events = _events.ToList();
        _events.Clear();
        return events;
    }
}
