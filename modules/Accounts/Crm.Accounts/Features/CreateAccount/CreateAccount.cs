using System.Text.Json.Serialization;
using Crm.Accounts.Domain;
using Crm.Accounts.Features.Shared;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Identifiers;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.CustomFields;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Pricing;
using Crm.BuildingBlocks.PublicApi;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Options;

namespace Crm.Accounts.Features.CreateAccount;

internal sealed record CreateAccountCommand(
    string? Name,
    string? Kind,
    string? Type,
    string? PartnerType,
    string? Source,
    string? Industry,
    string? TaxId,
    string? Email,
    string? Phone,
    string? Website,
    string? City,
    string? Address,
    string? Notes,
    Guid? BranchId,
    decimal? CreditLimit,
    string? CreditStatus,
    IReadOnlyList<string>? Tags,
    string? Stage,
    Guid? OwnerId,
    IReadOnlyList<CreateContact>? Contacts) : IRequest<AccountResponse>, IAccountFields
{
    /// <summary>Custom-field values by key (ADR 0121).</summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? CustomFields { get; init; }

    /// <summary>Set from the query string: the user saw the duplicate warning and creates the record anyway.</summary>
    public bool AllowDuplicate { get; init; }

    public string? Currency { get; init; }

    public string? CustomerLevel { get; init; }

    /// <summary>Set by <see cref="PublicApi.AccountsApi"/>: the codes come from another record (a converted lead), so a retired entry is kept.</summary>
    [JsonIgnore]
    public bool CarriesOverCodes { get; init; }
}

internal sealed record CreateContact(string? Name, string? Title, string? Email, string? Phone, bool IsPrimary);

internal sealed class CreateAccountValidator : AbstractValidator<CreateAccountCommand>
{
    public CreateAccountValidator(IDictionaries dictionaries)
    {
        Include(new AccountFieldsValidator(dictionaries));
        RuleFor(c => c.Stage).Must(AccountFields.IsEnumOrEmpty<LifecycleStage>)
            .WithMessage($"Stage must be one of {AccountFields.Names<LifecycleStage>()}.");
        RuleFor(c => c.Stage).Must(s => !string.Equals(s?.Trim(), nameof(LifecycleStage.Lost), StringComparison.OrdinalIgnoreCase))
            .WithMessage("A new account cannot start as Lost.");
        RuleFor(c => c.OwnerId).NotEqual(Guid.Empty).WithMessage("Owner id cannot be the empty id.");
        RuleFor(c => c.Contacts).Must(c => c is null || c.Count <= 50).WithMessage("At most 50 contacts at once.");
        RuleForEach(c => c.Contacts).SetValidator(new CreateContactValidator());
    }
}

internal sealed class CreateContactValidator : AbstractValidator<CreateContact>
{
    public CreateContactValidator()
    {
        RuleFor(c => c.Name).SingleLine().NotEmpty().WithMessage("Contact name is required.").MaximumLength(200);
        RuleFor(c => c.Title).SingleLine().MaximumLength(100);
        RuleFor(c => c.Email).MaximumLength(254).EmailAddress().When(c => !string.IsNullOrWhiteSpace(c.Email))
            .WithMessage("E-mail is not a valid address.");
        RuleFor(c => c.Phone).PhoneNumber();
    }
}

internal sealed class CreateAccountHandler(
    AccountsDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock, IOptions<MoneyOptions> money, CustomFieldValues customFields, IDictionaries dictionaries)
    : IRequestHandler<CreateAccountCommand, AccountResponse>
{
    public async Task<AccountResponse> Handle(CreateAccountCommand command, CancellationToken cancellationToken)
    {
        var scope = await visibility.GetScopeAsync(cancellationToken);

        // Without an owner, a sales or service person's new account is theirs, and a branch manager's lands in its branch
        // (unassigned): either way the creator can still see it.
        var ownerId = command.OwnerId ?? (!scope.IsAll && scope.BranchId is null ? scope.OwnerId : null);
        var details = await AccountFields.ToDetails(command, money.Value.CompanyCurrency).WithDictionaryCodesAsync(dictionaries, cancellationToken);
        if (details.BranchId is null && scope.BranchId is { } branch)
        {
            details = details with { BranchId = branch };
        }

        if (!command.AllowDuplicate && await DuplicateFinder.FindAsync(db, details, null, cancellationToken) is { } duplicate)
        {
            throw DuplicateFinder.Conflict(duplicate, scope,
                $"An account with the same {duplicate.MatchedOn} already exists: '{duplicate.Name}'. Open it, or create anyway with ?allowDuplicate=true.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var stage = AccountFields.ParseOr(command.Stage, LifecycleStage.ToIdentify);
        var contacts = (command.Contacts ?? []).Select(c => new ContactDetails(c.Name!, c.Title, c.Email, c.Phone, c.IsPrimary));
        var account = Account.Create(details, stage, ownerId, user.Id, now, contacts);

        db.Accounts.Add(account);
        db.StageChanges.Add(account.InitialStageChange());
        await customFields.SetAsync(db, AccountFields.CustomFieldEntity, account.Id, command.CustomFields, creating: true, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return AccountResponse.From(account) with
        {
            CustomFields = await customFields.ReadAsync(db, AccountFields.CustomFieldEntity, account.Id, cancellationToken),
        };
    }
}
