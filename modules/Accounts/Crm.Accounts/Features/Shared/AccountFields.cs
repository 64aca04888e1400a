using Crm.Accounts.Domain;
using Crm.BuildingBlocks.Identifiers;
using Crm.BuildingBlocks.Records;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Pricing;
using FluentValidation;

namespace Crm.Accounts.Features.Shared;

/// <summary>The editable fields of an account as they arrive from JSON or a CSV row: text, validated before parsing.</summary>
internal interface IAccountFields
{
    string? Name { get; }

    string? Kind { get; }

    string? Type { get; }

    string? PartnerType { get; }

    string? Source { get; }

    string? Industry { get; }

    string? TaxId { get; }

    string? Email { get; }

    string? Phone { get; }

    string? Website { get; }

    string? City { get; }

    string? Address { get; }

    string? Notes { get; }

    Guid? BranchId { get; }

    decimal? CreditLimit { get; }

    /// <summary>ISO 4217 code of the credit limit; empty keeps the current one (the company currency for a new account).</summary>
    string? Currency { get; }

    string? CreditStatus { get; }

    IReadOnlyList<string>? Tags { get; }
}

internal static class AccountFields
{
    public const int MaxTags = 20;

    /// <summary>The entity type of accounts in the custom-field kit (definitions, values, <c>/api/custom-fields/account</c>).</summary>
    public const string CustomFieldEntity = "account";

    /// <summary>Parses validated fields; defaults: Company, Customer, OwnDevelopment, credit 0 / Normal.</summary>
    public static AccountDetails ToDetails(IAccountFields f, string currency) => new(
        f.Name!.Trim(),
        ParseOr(f.Kind, AccountKind.Company),
        ParseOr(f.Type, AccountType.Customer),
        string.IsNullOrWhiteSpace(f.PartnerType) ? null : Enum.Parse<PartnerType>(f.PartnerType, ignoreCase: true),
        ParseOr(f.Source, AccountSource.OwnDevelopment),
        f.Industry,
        f.TaxId,
        f.Email,
        f.Phone,
        f.Website,
        f.City,
        f.Address,
        f.Notes,
        f.BranchId,
        f.CreditLimit ?? 0m,
        ParseOr(f.CreditStatus, Domain.CreditStatus.Normal),
        f.Tags ?? [],
        f.Currency ?? currency);

    /// <summary>An absolute http(s) address with a host: what the account page can safely render as a link.</summary>
    public static bool IsWebAddressOrEmpty(string? text) =>
        string.IsNullOrWhiteSpace(text)
        || (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0);

    public static TEnum ParseOr<TEnum>(string? text, TEnum fallback)
        where TEnum : struct, Enum =>
        string.IsNullOrWhiteSpace(text) ? fallback : Enum.Parse<TEnum>(text.Trim(), ignoreCase: true);

    public static bool IsPerson(string? kind) => string.Equals(kind?.Trim(), nameof(AccountKind.Person), StringComparison.OrdinalIgnoreCase);

    public static bool IsEnumOrEmpty<TEnum>(string? text)
        where TEnum : struct, Enum =>
        string.IsNullOrWhiteSpace(text) || (Enum.TryParse<TEnum>(text.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _));

    public static string Names<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Enum.GetNames<TEnum>());
}

/// <summary>The rules every way of creating or editing an account shares (API, CSV import).</summary>
internal sealed class AccountFieldsValidator : AbstractValidator<IAccountFields>
{
    public AccountFieldsValidator()
    {
        RuleFor(f => f.Name).SingleLine().NotEmpty().WithMessage("Name is required.").MaximumLength(200);
        RuleFor(f => f.Kind).Must(AccountFields.IsEnumOrEmpty<AccountKind>)
            .WithMessage($"Kind must be one of {AccountFields.Names<AccountKind>()}.");
        RuleFor(f => f.Type).Must(AccountFields.IsEnumOrEmpty<AccountType>)
            .WithMessage($"Type must be one of {AccountFields.Names<AccountType>()}.");
        RuleFor(f => f.PartnerType).Must(AccountFields.IsEnumOrEmpty<PartnerType>)
            .WithMessage($"Partner type must be one of {AccountFields.Names<PartnerType>()}.");
        RuleFor(f => f.PartnerType).NotEmpty()
            .When(f => string.Equals(f.Type?.Trim(), nameof(AccountType.Partner), StringComparison.OrdinalIgnoreCase))
            .WithMessage($"A partner needs a partner type ({AccountFields.Names<PartnerType>()}).");
        RuleFor(f => f.Source).Must(AccountFields.IsEnumOrEmpty<AccountSource>)
            .WithMessage($"Source must be one of {AccountFields.Names<AccountSource>()}.");
        RuleFor(f => f.CreditStatus).Must(AccountFields.IsEnumOrEmpty<CreditStatus>)
            .WithMessage($"Credit status must be one of {AccountFields.Names<CreditStatus>()}.");
        RuleFor(f => f.Industry).SingleLine().MaximumLength(100);
        RuleFor(f => f.TaxId).SingleLine().MaximumLength(50);
        // A company's tax number is its unified social credit code; a person's is their resident identity number.
        RuleFor(f => f.TaxId).CreditCodeWhenShaped().When(f => !AccountFields.IsPerson(f.Kind));
        RuleFor(f => f.TaxId).ResidentIdWhenShaped().When(f => AccountFields.IsPerson(f.Kind));
        RuleFor(f => f.Email).MaximumLength(254).EmailAddress().When(f => !string.IsNullOrWhiteSpace(f.Email))
            .WithMessage("E-mail is not a valid address.");
        RuleFor(f => f.Phone).PhoneNumber();
        RuleFor(f => f.Website).SingleLine().MaximumLength(300)
            .Must(AccountFields.IsWebAddressOrEmpty).WithMessage("Website must be a web address starting with http:// or https://.");
        RuleFor(f => f.City).SingleLine().MaximumLength(100);
        RuleFor(f => f.Address).MaximumLength(500);
        RuleFor(f => f.Notes).MaximumLength(4000);
        RuleFor(f => f.CreditLimit).GreaterThanOrEqualTo(0).WithMessage("Credit limit cannot be negative.")
            .LessThan(100_000_000_000m).WithMessage("Credit limit is too large.")
            .Must(v => v is null || decimal.Round(v.Value, 2) == v.Value).WithMessage("Credit limit has at most 2 decimals.");
        RuleFor(f => f.Currency).CurrencyCode();
        RuleFor(f => f.Tags).Must(t => t is null || t.Count <= AccountFields.MaxTags)
            .WithMessage($"At most {AccountFields.MaxTags} tags.");
        RuleForEach(f => f.Tags).NotEmpty().MaximumLength(40).WithMessage("Tags are 1 to 40 characters.");
        RuleFor(f => f.BranchId).NotEqual(Guid.Empty).WithMessage("Branch id cannot be the empty id.");
    }
}
