using System.Text.Json.Serialization;
using Crm.Accounts.Features.Shared;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.CustomFields;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.PublicApi;
using Crm.BuildingBlocks.Records;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Accounts.Features.UpdateAccount;

/// <summary>Replaces the editable fields. Lifecycle stage, owner and contacts have their own endpoints and events.</summary>
internal sealed record UpdateAccountCommand(
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
    long? Version) : IRequest<AccountResponse>, IAccountFields
{
    [JsonIgnore]
    public Guid Id { get; init; }

    [JsonIgnore]
    public bool AllowDuplicate { get; init; }

    public string? Currency { get; init; }

    public string? CustomerLevel { get; init; }

    /// <summary>Custom-field values to change, by key; keys left out keep their values (ADR 0121).</summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? CustomFields { get; init; }
}

internal sealed class UpdateAccountValidator : AbstractValidator<UpdateAccountCommand>
{
    public UpdateAccountValidator()
    {
        Include(new AccountFieldsValidator());
        RuleFor(c => c.Version).NotNull()
            .WithMessage("Send the version you edited, as the If-Match header (the ETag) or a 'version' field, so a concurrent change is not overwritten.");
    }
}

internal sealed class UpdateAccountHandler(AccountsDbContext db, IRecordVisibility visibility, ICurrentUser user, TimeProvider clock, CustomFieldValues customFields, IDictionaries dictionaries)
    : IRequestHandler<UpdateAccountCommand, AccountResponse>
{
    public async Task<AccountResponse> Handle(UpdateAccountCommand command, CancellationToken cancellationToken)
    {
        var account = await db.LoadAsync(command.Id, visibility, cancellationToken);
        Versioning.EnsureCurrent("account", account.Version, command.Version);
        await dictionaries.EnsureDictionaryValuesAsync(command, account, cancellationToken);
        var details = await AccountFields.ToDetails(command, account.Currency).WithDictionaryCodesAsync(dictionaries, cancellationToken);
        if (!command.AllowDuplicate && await DuplicateFinder.FindAsync(db, details, account.Id, cancellationToken) is { } duplicate)
        {
            throw DuplicateFinder.Conflict(duplicate, await visibility.GetScopeAsync(cancellationToken),
                $"Another account already uses this {duplicate.MatchedOn}: '{duplicate.Name}'. Save anyway with ?allowDuplicate=true.");
        }

        account.UpdateDetails(details, user.Id, clock.GetUtcNow().UtcDateTime);
        await customFields.SetAsync(db, AccountFields.CustomFieldEntity, account.Id, command.CustomFields, creating: false, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return AccountResponse.From(account) with
        {
            CustomFields = await customFields.ReadAsync(db, AccountFields.CustomFieldEntity, account.Id, cancellationToken),
        };
    }
}

internal static class UpdateAccountEndpoint
{
    internal static RouteHandlerBuilder MapUpdateAccount(this IEndpointRouteBuilder app) =>
        app.MapPut("/{id:guid}", async Task<Ok<AccountResponse>> (Guid id, UpdateAccountCommand command, bool? allowDuplicate, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken cancellationToken) =>
        {
            var updated = await mediator.Send(
                command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version), AllowDuplicate = allowDuplicate ?? false },
                cancellationToken);
            return Versioning.Ok(response, updated);
        })
            .WithName("UpdateAccount")
            .WithSummary("Update an account; send If-Match with the ETag (or 'version'); 412 when someone else saved first")
            .RequireAuthorization(CrmPolicies.AccountsWrite)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
