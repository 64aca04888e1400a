using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Auditing;
using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.PublicApi;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.PublicApi.IntegrationEvents;

namespace Crm.Funnel.Domain;

/// <summary>
/// A possible customer who showed interest but is not qualified yet. Leads are distributed centrally (the
/// assignment workflow), followed up within a time limit, then converted into an account, contact and
/// opportunity, or disqualified with a reason.
/// </summary>
internal sealed class Lead : AuditedRecord, IOwnedRecord, IRaisesIntegrationEvents, IAuditable
{
    private readonly List<IIntegrationEvent> _events = [];

    private Lead()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The person's name.</summary>
    public string Name { get; private set; } = "";

    public string? Company { get; private set; }

    public string? JobTitle { get; private set; }

    public string? Email { get; private set; }

    public string? Phone { get; private set; }

    public string? Industry { get; private set; }

    /// <summary>Sales territory or region, used by rule-based assignment.</summary>
    public string? Territory { get; private set; }

    public string? City { get; private set; }

    public string? Notes { get; private set; }

    public Guid? BranchId { get; private set; }

    /// <summary>A code of the <c>source-channel</c> dictionary, the same list accounts use (ADR 0125).</summary>
    public string Source { get; private set; } = SourceChannelCodes.OwnDevelopment;

    public LeadCapture CapturedVia { get; private set; }

    public Guid? CampaignId { get; private set; }

    public LeadStatus Status { get; private set; }

    public Guid? OwnerId { get; private set; }

    /// <summary>A named queue the lead waits in when no person owns it yet (strategy Queue).</summary>
    public string? Queue { get; private set; }

    public DateTime? AssignedAtUtc { get; private set; }

    public DateTime? LastFollowUpAtUtc { get; private set; }

    public int FollowUpCount { get; private set; }

    /// <summary>How often the follow-up time limit passed without a follow-up.</summary>
    public int EscalationCount { get; private set; }

    public DateTime? LastEscalatedAtUtc { get; private set; }

    /// <summary>Which workflow step recorded the last escalation, so a step run again after a crash does not count twice.</summary>
    public string? LastEscalationKey { get; private set; }

    public string? DisqualifiedReason { get; private set; }

    public Guid? ConvertedAccountId { get; private set; }

    public Guid? ConvertedContactId { get; private set; }

    public Guid? ConvertedOpportunityId { get; private set; }

    public DateTime? ClosedAtUtc { get; private set; }

    public string? EmailNormalized { get; private set; }

    public string? PhoneNormalized { get; private set; }

    public string SearchText { get; private set; } = "";

    public bool IsOpen => Status is LeadStatus.New or LeadStatus.Working or LeadStatus.Qualified;

    /// <summary>A lead waiting in a queue has no owner yet; the queue's members must see it to take it.</summary>
    static bool IOwnedRecord.UnownedVisibleToAll => true;

    Guid IAuditable.AuditSubjectId => Id;

    public static Lead Create(LeadDetails details, string source, LeadCapture capturedVia, Guid? campaignId, Guid? ownerId, string by, DateTime nowUtc)
    {
        var lead = new Lead
        {
            Id = Guid.NewGuid(),
            Source = source,
            CapturedVia = capturedVia,
            CampaignId = campaignId,
            Status = LeadStatus.New,
            OwnerId = ownerId,
            AssignedAtUtc = ownerId is null ? null : nowUtc,
        };
        lead.StampCreated(by, nowUtc);
        lead.Apply(details);
        lead._events.Add(new LeadCreatedIntegrationEvent(
            Guid.NewGuid(), nowUtc, lead.Id, lead.Name, lead.Company, lead.Email, lead.Phone, source, capturedVia.ToString(),
            lead.Industry, lead.Territory, lead.BranchId, campaignId, ownerId, by));
        return lead;
    }

    public void UpdateDetails(LeadDetails details, string by, DateTime nowUtc)
    {
        EnsureOpen();
        Apply(details);
        Touch(by, nowUtc);
    }

    /// <summary>
    /// Gives the lead to <paramref name="ownerId"/>, or puts it in <paramref name="queue"/> with no owner. Returns the
    /// history entry, or null when nothing changes (same owner and queue).
    /// </summary>
    public LeadAssignment? Assign(Guid? ownerId, string? queue, AssignmentStrategy strategy, string? reason, string? idempotencyKey, string by, DateTime nowUtc)
    {
        EnsureOpen();
        queue = ownerId is null ? Normalize.Text(queue) : null;
        if (ownerId is null && queue is null)
        {
            throw new BusinessRuleException("Assign the lead to a person or a queue.", "ownerId");
        }

        if (OwnerId == ownerId && Queue == queue)
        {
            return null;
        }

        var from = OwnerId;
        OwnerId = ownerId;
        Queue = queue;
        AssignedAtUtc = nowUtc;
        Touch(by, nowUtc);
        _events.Add(new LeadAssignedIntegrationEvent(Guid.NewGuid(), nowUtc, Id, from, ownerId, queue, strategy.ToString(), Normalize.Text(reason), by));
        return LeadAssignment.Create(Id, from, ownerId, queue, strategy, reason, idempotencyKey, by, nowUtc);
    }

    /// <summary>A member of the lead's queue takes it.</summary>
    public LeadAssignment Claim(Guid userId, string by, DateTime nowUtc)
    {
        EnsureOpen();
        if (OwnerId is not null)
        {
            throw new ConflictException("The lead already has an owner; someone else took it first.");
        }

        return Assign(userId, null, AssignmentStrategy.Queue, $"Taken from queue {Queue}", null, by, nowUtc)!;
    }

    public FollowUp FollowUp(FollowUpChannel channel, string summary, DateTime occurredAtUtc, DateTime? nextFollowUpAtUtc, string by, DateTime nowUtc)
    {
        EnsureOpen();
        if (occurredAtUtc > nowUtc.AddMinutes(5))
        {
            throw new BusinessRuleException("A follow-up cannot be logged in the future.", "occurredAt");
        }

        var entry = Domain.FollowUp.Create(FollowUpSubject.Lead, Id, channel, summary, occurredAtUtc, nextFollowUpAtUtc, by, nowUtc).Announce(Name, OwnerId);
        if (LastFollowUpAtUtc is null || occurredAtUtc > LastFollowUpAtUtc)
        {
            LastFollowUpAtUtc = occurredAtUtc;
        }

        FollowUpCount++;
        if (Status == LeadStatus.New)
        {
            Status = LeadStatus.Working;
        }

        Touch(by, nowUtc);
        _events.Add(new LeadFollowedUpIntegrationEvent(Guid.NewGuid(), nowUtc, Id, entry.Id, channel.ToString(), occurredAtUtc, OwnerId, by));
        return entry;
    }

    /// <summary>
    /// The prospect got in touch again (e.g. sent the web form a second time): logged on the lead for its owner to see,
    /// but not a follow-up by us, so status and the follow-up clock are untouched.
    /// </summary>
    public FollowUp RecordInbound(string summary, string by, DateTime nowUtc)
    {
        EnsureOpen();
        Touch(by, nowUtc);
        return Domain.FollowUp.Create(FollowUpSubject.Lead, Id, FollowUpChannel.Message, summary, nowUtc, null, by, nowUtc, inbound: true);
    }

    public void Qualify(string by, DateTime nowUtc)
    {
        EnsureOpen();
        if (Status == LeadStatus.Qualified)
        {
            throw new BusinessRuleException("The lead is already qualified.");
        }

        Status = LeadStatus.Qualified;
        Touch(by, nowUtc);
    }

    public void Disqualify(string reason, string by, DateTime nowUtc)
    {
        EnsureOpen();
        DisqualifiedReason = Normalize.Text(reason) ?? throw new BusinessRuleException("Say why the lead is disqualified.", "reason");
        Status = LeadStatus.Disqualified;
        ClosedAtUtc = nowUtc;
        Touch(by, nowUtc);
        _events.Add(new LeadDisqualifiedIntegrationEvent(Guid.NewGuid(), nowUtc, Id, DisqualifiedReason, OwnerId, by));
    }

    /// <summary>A disqualified lead that shows interest again goes back to work.</summary>
    public void Reopen(string by, DateTime nowUtc)
    {
        if (Status != LeadStatus.Disqualified)
        {
            throw new BusinessRuleException("Only a disqualified lead can be reopened.");
        }

        Status = LeadStatus.Working;
        DisqualifiedReason = null;
        ClosedAtUtc = null;
        Touch(by, nowUtc);
    }

    public void MarkConverted(Guid accountId, bool accountCreated, Guid? contactId, Guid? opportunityId, string by, DateTime nowUtc)
    {
        EnsureOpen();
        Status = LeadStatus.Converted;
        ConvertedAccountId = accountId;
        ConvertedContactId = contactId;
        ConvertedOpportunityId = opportunityId;
        ClosedAtUtc = nowUtc;
        Touch(by, nowUtc);
        _events.Add(new LeadConvertedIntegrationEvent(Guid.NewGuid(), nowUtc, Id, accountId, accountCreated, contactId, opportunityId, CampaignId, OwnerId, by));
    }

    /// <summary>The follow-up time limit passed: counted, so reports show which leads waited too long.</summary>
    public bool RecordEscalation(string? key, string by, DateTime nowUtc)
    {
        if (key is not null && key == LastEscalationKey)
        {
            return false;
        }

        LastEscalationKey = key;
        EscalationCount++;
        LastEscalatedAtUtc = nowUtc;
        Touch(by, nowUtc);
        return true;
    }

    public IReadOnlyList<IIntegrationEvent> DequeueIntegrationEvents()
    {
        var events = _events.ToList();
        _events.Clear();
        return events;
    }

    public void EnsureOpen()
    {
        if (!IsOpen)
        {
            throw new BusinessRuleException($"The lead is {Status}; only an open lead can change.");
        }
    }

    private void Apply(LeadDetails details)
    {
        Name = details.Name.Trim();
        Company = Normalize.Text(details.Company);
        JobTitle = Normalize.Text(details.JobTitle);
        Email = Normalize.Text(details.Email);
        Phone = Normalize.Text(details.Phone);
        Industry = Normalize.Text(details.Industry);
        Territory = Normalize.Text(details.Territory);
        City = Normalize.Text(details.City);
        Notes = Normalize.Text(details.Notes);
        BranchId = details.BranchId;
        EmailNormalized = Normalize.Email(details.Email);
        PhoneNormalized = Normalize.Phone(details.Phone);
        SearchText = string.Join(' ', new[] { Name, Company, Email, Phone, PhoneNormalized, City }.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct())
            .ToLowerInvariant();
    }
}

/// <summary>The editable data of a lead.</summary>
internal sealed record LeadDetails(
    string Name,
    string? Company,
    string? JobTitle,
    string? Email,
    string? Phone,
    string? Industry,
    string? Territory,
    string? City,
    string? Notes,
    Guid? BranchId);

/// <summary>
/// One change of a lead's owner or queue. <see cref="IdempotencyKey"/> is set when a workflow activity assigned it, so
/// the same activity execution run twice finds its earlier assignment instead of assigning twice.
/// </summary>
internal sealed class LeadAssignment
{
    private LeadAssignment()
    {
    }

    public Guid Id { get; private set; }

    public Guid LeadId { get; private set; }

    public Guid? FromOwnerId { get; private set; }

    public Guid? ToOwnerId { get; private set; }

    public string? Queue { get; private set; }

    public AssignmentStrategy Strategy { get; private set; }

    public string? Reason { get; private set; }

    public string? IdempotencyKey { get; private set; }

    public string AssignedBy { get; private set; } = "";

    public DateTime AssignedAtUtc { get; private set; }

    public static LeadAssignment Create(
        Guid leadId, Guid? from, Guid? to, string? queue, AssignmentStrategy strategy, string? reason, string? idempotencyKey, string by, DateTime nowUtc) => new()
    {
        Id = Guid.NewGuid(),
        LeadId = leadId,
        FromOwnerId = from,
        ToOwnerId = to,
        Queue = queue,
        Strategy = strategy,
        Reason = Normalize.Text(reason),
        IdempotencyKey = idempotencyKey,
        AssignedBy = by,
        AssignedAtUtc = nowUtc,
    };
}
