using Crm.Accounts.PublicApi.IntegrationEvents;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Auditing;
using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.PublicApi;
using Crm.BuildingBlocks.Records;

namespace Crm.Accounts.Domain;

/// <summary>A customer or partner: the company asset the source documents want kept whole (the 360° record).</summary>
internal sealed class Account : AuditedRecord, IOwnedRecord, IRaisesIntegrationEvents, IAuditable
{
    private readonly List<Contact> _contacts = [];
    private readonly List<IIntegrationEvent> _events = [];

    private Account()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public AccountKind Kind { get; private set; }

    public AccountType Type { get; private set; }

    public PartnerType? PartnerType { get; private set; }

    public LifecycleStage Stage { get; private set; }

    public DateTime StageChangedAtUtc { get; private set; }

    /// <summary>A code of the <c>source-channel</c> dictionary (ADR 0125).</summary>
    public string Source { get; private set; } = AccountSources.Default;

    /// <summary>
    /// A code of the <c>industry</c> dictionary; accounts saved before the dictionary may hold free text, which is kept
    /// and shown as it is (ADR 0125).
    /// </summary>
    public string? Industry { get; private set; }

    /// <summary>A code of the <c>customer-level</c> dictionary (客户等级), or none.</summary>
    public string? CustomerLevel { get; private set; }

    public string? TaxId { get; private set; }

    public string? Email { get; private set; }

    public string? Phone { get; private set; }

    public string? Website { get; private set; }

    public string? City { get; private set; }

    public string? Address { get; private set; }

    public string? Notes { get; private set; }

    public Guid? OwnerId { get; private set; }

    public Guid? BranchId { get; private set; }

    public decimal CreditLimit { get; private set; }

    /// <summary>ISO 4217 code of the credit limit.</summary>
    public string Currency { get; private set; } = Currencies.DefaultCompanyCurrency;

    public CreditStatus CreditStatus { get; private set; }

    public List<string> Tags { get; private set; } = [];

    public DateTime? LastContactAtUtc { get; private set; }

    public DateTime? ArchivedAtUtc { get; private set; }

    public bool IsArchived => ArchivedAtUtc is not null;

    // Canonical forms for duplicate detection and search; derived, but stored so they can be indexed.
    public string? TaxIdNormalized { get; private set; }

    public string? EmailNormalized { get; private set; }

    public string? PhoneNormalized { get; private set; }

    public string SearchText { get; private set; } = "";

    public IReadOnlyList<Contact> Contacts => _contacts;

    Guid IAuditable.AuditSubjectId => Id;

    public static Account Create(
        AccountDetails details, LifecycleStage stage, Guid? ownerId, string by, DateTime nowUtc, IEnumerable<ContactDetails>? contacts = null)
    {
        var account = new Account
        {
            Id = Guid.NewGuid(),
            Stage = stage,
            StageChangedAtUtc = nowUtc,
            OwnerId = ownerId,
        };
        account.StampCreated(by, nowUtc);
        foreach (var contact in contacts ?? [])
        {
            // Part of the new record, so no version bump per contact: a new account is always version 1.
            account.KeepOnePrimary(account.AddContactWithoutTouch(contact));
        }

        account.Apply(details);
        account._events.Add(new AccountCreatedIntegrationEvent(
            Guid.NewGuid(), nowUtc, account.Id, account.Name, account.Kind.ToString(), account.Type.ToString(),
            stage.ToString(), account.Source, ownerId, account.BranchId, by));
        return account;
    }

    /// <summary>The first history entry; kept apart from <see cref="Create"/> because history rows are their own table.</summary>
    public StageChange InitialStageChange() => StageChange.Create(Id, null, Stage, null, CreatedAtUtc, CreatedBy);

    public void UpdateDetails(AccountDetails details, string by, DateTime nowUtc)
    {
        EnsureActive();
        Apply(details);
        Touch(by, nowUtc);
    }

    public StageChange ChangeStage(LifecycleStage to, string? reason, string by, DateTime nowUtc)
    {
        EnsureActive();
        if (to == Stage)
        {
            throw new BusinessRuleException($"The account is already in stage {to}.", "stage");
        }

        reason = Normalize.Text(reason);
        if (to == LifecycleStage.Lost && reason is null)
        {
            throw new BusinessRuleException("Say why the customer was lost: a reason is required for the Lost stage.", "reason");
        }

        // A lost customer is won back from the start of the funnel, not straight into ordering.
        if (Stage == LifecycleStage.Lost && to is not (LifecycleStage.ToIdentify or LifecycleStage.Potential))
        {
            throw new BusinessRuleException("A lost account can only be reactivated as ToIdentify or Potential.", "stage");
        }

        var from = Stage;
        Stage = to;
        StageChangedAtUtc = nowUtc;
        Touch(by, nowUtc);
        _events.Add(new AccountStageChangedIntegrationEvent(Guid.NewGuid(), nowUtc, Id, from.ToString(), to.ToString(), reason, by));
        return StageChange.Create(Id, from, to, reason, nowUtc, by);
    }

    /// <summary>Returns false (and changes nothing) when the owner is already <paramref name="newOwnerId"/>.</summary>
    public bool ChangeOwner(Guid? newOwnerId, string? reason, string by, DateTime nowUtc)
    {
        EnsureActive();
        if (OwnerId == newOwnerId)
        {
            return false;
        }

        var from = OwnerId;
        OwnerId = newOwnerId;
        Touch(by, nowUtc);
        _events.Add(new AccountOwnerChangedIntegrationEvent(Guid.NewGuid(), nowUtc, Id, from, newOwnerId, Normalize.Text(reason), by));
        return true;
    }

    public void Archive(string by, DateTime nowUtc)
    {
        if (IsArchived)
        {
            throw new BusinessRuleException("The account is already archived.");
        }

        ArchivedAtUtc = nowUtc;
        Touch(by, nowUtc);
    }

    public void Restore(string by, DateTime nowUtc)
    {
        if (!IsArchived)
        {
            throw new BusinessRuleException("The account is not archived.");
        }

        ArchivedAtUtc = null;
        Touch(by, nowUtc);
    }

    public Contact AddContact(ContactDetails details, string by, DateTime nowUtc)
    {
        EnsureActive();
        var contact = AddContactWithoutTouch(details);
        KeepOnePrimary(contact);
        RefreshSearchText();
        Touch(by, nowUtc);
        return contact;
    }

    public void UpdateContact(Guid contactId, ContactDetails details, string by, DateTime nowUtc)
    {
        EnsureActive();
        var contact = FindContact(contactId);
        contact.Update(details);
        KeepOnePrimary(contact);
        RefreshSearchText();
        Touch(by, nowUtc);
    }

    public void RemoveContact(Guid contactId, string by, DateTime nowUtc)
    {
        EnsureActive();
        _contacts.Remove(FindContact(contactId));
        RefreshSearchText();
        Touch(by, nowUtc);
    }

    public Interaction LogInteraction(
        Guid? contactId, InteractionChannel channel, string summary, DateTime occurredAtUtc, DateTime? nextFollowUpAtUtc, string by, DateTime nowUtc)
    {
        EnsureActive();
        if (contactId is { } cid)
        {
            FindContact(cid);
        }

        if (occurredAtUtc > nowUtc.AddMinutes(5))
        {
            throw new BusinessRuleException("An interaction cannot be logged in the future.", "occurredAt");
        }

        if (LastContactAtUtc is null || occurredAtUtc > LastContactAtUtc)
        {
            LastContactAtUtc = occurredAtUtc;
        }

        Touch(by, nowUtc);
        return Interaction.Create(Id, contactId, channel, summary, occurredAtUtc, nextFollowUpAtUtc, by, nowUtc);
    }

    public IReadOnlyList<IIntegrationEvent> DequeueIntegrationEvents()
    {
        var events = _events.ToList();
        _events.Clear();
        return events;
    }

    private void Apply(AccountDetails details)
    {
        if (details.Type == AccountType.Partner && details.PartnerType is null)
        {
            throw new BusinessRuleException("A partner needs a partner type (Distributor, Agent or Reseller).", "partnerType");
        }

        Name = details.Name.Trim();
        Kind = details.Kind;
        Type = details.Type;
        PartnerType = details.Type == AccountType.Partner ? details.PartnerType : null;
        Source = details.Source;
        Industry = Normalize.Text(details.Industry);
        CustomerLevel = Normalize.Text(details.CustomerLevel);
        TaxId = Normalize.Text(details.TaxId);
        Email = Normalize.Text(details.Email);
        Phone = Normalize.Text(details.Phone);
        Website = Normalize.Text(details.Website);
        City = Normalize.Text(details.City);
        Address = Normalize.Text(details.Address);
        Notes = Normalize.Text(details.Notes);
        BranchId = details.BranchId;
        CreditLimit = details.CreditLimit;
        Currency = details.Currency;
        CreditStatus = details.CreditStatus;
        Tags = details.Tags
            .Select(t => t.Trim())
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
        TaxIdNormalized = Normalize.TaxId(details.TaxId);
        EmailNormalized = Normalize.Email(details.Email);
        PhoneNormalized = Normalize.Phone(details.Phone);
        RefreshSearchText();
    }

    private Contact AddContactWithoutTouch(ContactDetails details)
    {
        var contact = Contact.Create(Id, details);
        _contacts.Add(contact);
        return contact;
    }

    private void RefreshSearchText()
    {
        var parts = new List<string?> { Name, Email, Phone, PhoneNormalized, TaxId, City };
        foreach (var contact in _contacts)
        {
            parts.Add(contact.Name);
            parts.Add(contact.Email);
            parts.Add(contact.Phone);
            parts.Add(Normalize.Phone(contact.Phone));
        }

        SearchText = string.Join(' ', parts.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct()).ToLowerInvariant();
    }

    private void KeepOnePrimary(Contact changed)
    {
        if (!changed.IsPrimary)
        {
            return;
        }

        foreach (var other in _contacts.Where(c => c.Id != changed.Id))
        {
            other.IsPrimary = false;
        }
    }

    private Contact FindContact(Guid contactId) =>
        _contacts.FirstOrDefault(c => c.Id == contactId)
        ?? throw new NotFoundException($"Contact {contactId} does not belong to account {Id}.");

    private void EnsureActive()
    {
        if (IsArchived)
        {
            throw new BusinessRuleException("The account is archived. Restore it before changing it.");
        }
    }
}

/// <summary>The editable data of an account (everything but lifecycle, owner and contacts).</summary>
internal sealed record AccountDetails(
    string Name,
    AccountKind Kind,
    AccountType Type,
    PartnerType? PartnerType,
    string Source,
    string? Industry,
    string? TaxId,
    string? Email,
    string? Phone,
    string? Website,
    string? City,
    string? Address,
    string? Notes,
    Guid? BranchId,
    decimal CreditLimit,
    CreditStatus CreditStatus,
    IReadOnlyList<string> Tags,
    string Currency)
{
    /// <summary>A code of the <c>customer-level</c> dictionary; an init property so the callers that build details positionally need not change.</summary>
    public string? CustomerLevel { get; init; }
}
