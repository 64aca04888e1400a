using Crm.Accounts.Domain;
using Crm.Accounts.Features.CreateAccount;
using Crm.BuildingBlocks.Identifiers;
using Crm.BuildingBlocks.Records;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Pricing;
using Crm.BuildingBlocks.PublicApi;
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

    /// <summary>A code of the <c>customer-level</c> dictionary (客户等级).</summary>
    string? CustomerLevel { get; }

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

    /// <summary>Parses validated fields; defaults: Company, Customer, OwnDevelopment, credit 0 / Normal. Codes as sent: see <see cref="WithDictionaryCodesAsync"/>.</summary>
    public static AccountDetails ToDetails(IAccountFields f, string currency) => new(
        f.Name!.Trim(),
        ParseOr(f.Kind, AccountKind.Company),
        ParseOr(f.Type, AccountType.Customer),
        string.IsNullOrWhiteSpace(f.PartnerType) ? null : Enum.Parse<PartnerType>(f.PartnerType, ignoreCase: true),
        string.IsNullOrWhiteSpace(f.Source) ? AccountSources.Default : f.Source.Trim(),
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
        f.Currency ?? currency)
    {
        CustomerLevel = f.CustomerLevel,
    };

    /// <summary>The dictionary fields as their dictionaries spell the codes (<c>website</c> is stored as <c>Website</c>), so filters find them.</summary>
    public static async Task<AccountDetails> WithDictionaryCodesAsync(this AccountDetails details, IDictionaries dictionaries, CancellationToken cancellationToken) =>
        details with
        {
            Source = await dictionaries.CodeAsync(DictionaryKeys.SourceChannel, details.Source, cancellationToken) ?? AccountSources.Default,
            Industry = await dictionaries.CodeAsync(DictionaryKeys.Industry, details.Industry, cancellationToken),
            CustomerLevel = await dictionaries.CodeAsync(DictionaryKeys.CustomerLevel, details.CustomerLevel, cancellationToken),
        };

    /// <summary>
    /// An edit keeps a value the account already holds even when its entry has retired (or, for industry, when it is
    /// text typed before the dictionary); a changed value must be a current entry (ADR 0125).
    /// </summary>
    public static async Task EnsureDictionaryValuesAsync(this IDictionaries dictionaries, IAccountFields f, Account current, CancellationToken cancellationToken)
    {
        await dictionaries.EnsureAllowedAsync(DictionaryKeys.SourceChannel, f.Source, current.Source, "source", cancellationToken);
        await dictionaries.EnsureAllowedAsync(DictionaryKeys.Industry, f.Industry, current.Industry, "industry", cancellationToken);
        await dictionaries.EnsureAllowedAsync(DictionaryKeys.CustomerLevel, f.CustomerLevel, current.CustomerLevel, "customerLevel", cancellationToken);
    }

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
    /// <param name="newValuesFrom">
    /// For a new account: its source, industry and customer level must be current entries of their dictionaries. An
    /// edit checks them in its handler instead, against the values the account already holds.
    /// </param>
    public AccountFieldsValidator(IDictionaries? newValuesFrom = null)
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
        RuleFor(f => f.Source).SingleLine().MaximumLength(50);
        RuleFor(f => f.CustomerLevel).SingleLine().MaximumLength(50);
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

        if (newValuesFrom is not null)
        {
            // A converted lead's codes carry over even when their entries have retired since the lead came in.
            static bool CarriedOver(IAccountFields f) => f is CreateAccountCommand { CarriesOverCodes: true };
            RuleFor(f => f.Source).InDictionary(newValuesFrom, DictionaryKeys.SourceChannel, CarriedOver);
            RuleFor(f => f.Industry).InDictionary(newValuesFrom, DictionaryKeys.Industry, CarriedOver);
            RuleFor(f => f.CustomerLevel).InDictionary(newValuesFrom, DictionaryKeys.CustomerLevel, CarriedOver);
        }
    }
}
