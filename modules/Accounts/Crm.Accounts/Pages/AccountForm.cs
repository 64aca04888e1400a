using Crm.Accounts.Domain;
using Crm.Accounts.Features.CreateAccount;
using Crm.Accounts.Features.Shared;
using Crm.Accounts.Features.UpdateAccount;

namespace Crm.Accounts.Pages;

/// <summary>What the create/edit form binds to; turned into the module's own commands, whose validators check it.</summary>
internal sealed class AccountForm
{
    public string? Name { get; set; }

    public string Kind { get; set; } = nameof(AccountKind.Company);

    public string Type { get; set; } = nameof(AccountType.Customer);

    public string? PartnerType { get; set; }

    public string? Source { get; set; } = AccountSources.Default;

    public string? Industry { get; set; }

    public string? CustomerLevel { get; set; }

    public string? TaxId { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Website { get; set; }

    public string? City { get; set; }

    public string? Address { get; set; }

    public string? Notes { get; set; }

    public decimal? CreditLimit { get; set; }

    /// <summary>ISO 4217 code of the credit limit; empty: the company currency (new) or the current one (edit).</summary>
    public string? Currency { get; set; }

    public string CreditStatus { get; set; } = nameof(Domain.CreditStatus.Normal);

    /// <summary>Comma-separated, as typed.</summary>
    public string? Tags { get; set; }

    /// <summary>Only when creating; later changes go through the stage history.</summary>
    public string Stage { get; set; } = nameof(LifecycleStage.ToIdentify);

    public string? ContactName { get; set; }

    public string? ContactTitle { get; set; }

    public string? ContactEmail { get; set; }

    public string? ContactPhone { get; set; }

    public bool IsPartner => string.Equals(Type, nameof(AccountType.Partner), StringComparison.Ordinal);

    public static AccountForm From(AccountResponse account) => new()
    {
        Name = account.Name,
        Kind = account.Kind.ToString(),
        Type = account.Type.ToString(),
        PartnerType = account.PartnerType?.ToString(),
        Source = account.Source,
        Industry = account.Industry,
        CustomerLevel = account.CustomerLevel,
        TaxId = account.TaxId,
        Email = account.Email,
        Phone = account.Phone,
        Website = account.Website,
        City = account.City,
        Address = account.Address,
        Notes = account.Notes,
        CreditLimit = account.CreditLimit,
        Currency = account.Currency,
        CreditStatus = account.CreditStatus.ToString(),
        Tags = string.Join(", ", account.Tags),
    };

    public CreateAccountCommand ToCreate(Guid? ownerId, bool allowDuplicate)
    {
        IReadOnlyList<CreateContact>? contacts = string.IsNullOrWhiteSpace(ContactName) && string.IsNullOrWhiteSpace(ContactEmail) && string.IsNullOrWhiteSpace(ContactPhone)
            ? null
            : [new CreateContact(Trim(ContactName), Trim(ContactTitle), Trim(ContactEmail), Trim(ContactPhone), IsPrimary: true)];
        return new CreateAccountCommand(
            Trim(Name), Kind, Type, IsPartner ? PartnerType : null, Source, Trim(Industry), Trim(TaxId), Trim(Email), Trim(Phone), Trim(Website),
            Trim(City), Trim(Address), Trim(Notes), null, CreditLimit, CreditStatus, TagList(), Stage, ownerId, contacts)
        {
            AllowDuplicate = allowDuplicate,
            Currency = Trim(Currency)?.ToUpperInvariant(),
            CustomerLevel = Trim(CustomerLevel),
        };
    }

    public UpdateAccountCommand ToUpdate(Guid id, AccountResponse current, long version, bool allowDuplicate) =>
        new(Trim(Name), Kind, Type, IsPartner ? PartnerType : null, Source, Trim(Industry), Trim(TaxId), Trim(Email), Trim(Phone), Trim(Website),
            Trim(City), Trim(Address), Trim(Notes), current.BranchId, CreditLimit, CreditStatus, TagList(), version)
        {
            Id = id,
            AllowDuplicate = allowDuplicate,
            Currency = Trim(Currency)?.ToUpperInvariant(),
            CustomerLevel = Trim(CustomerLevel),
        };

    private List<string> TagList() =>
        (Tags ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static string? Trim(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
