using System.Text.Json.Serialization;
using Crm.Accounts.Domain;
using Crm.Accounts.Features.Shared;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Identifiers;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Accounts.Features.Contacts;

/// <summary>Adds a contact (ContactId null) or replaces one.</summary>
internal sealed record SaveContactCommand(string? Name, string? Title, string? Email, string? Phone, bool IsPrimary)
    : IRequest<AccountResponse>
{
    [JsonIgnore]
    public Guid AccountId { get; init; }

    [JsonIgnore]
    public Guid? ContactId { get; init; }
}

internal sealed record RemoveContactCommand(Guid AccountId, Guid ContactId) : IRequest<AccountResponse>;

internal sealed class SaveContactValidator : AbstractValidator<SaveContactCommand>
{
    public SaveContactValidator()
    {
        RuleFor(c => c.Name).SingleLine().NotEmpty().WithMessage("Contact name is required.").MaximumLength(200);
        RuleFor(c => c.Title).SingleLine().MaximumLength(100);
        RuleFor(c => c.Email).MaximumLength(254).EmailAddress().When(c => !string.IsNullOrWhiteSpace(c.Email))
            .WithMessage("E-mail is not a valid address.");
        RuleFor(c => c.Phone).PhoneNumber();
    }
}

internal sealed class ContactHandlers(AccountsDbContext db, IRecordVisibility visibility, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<SaveContactCommand, AccountResponse>, IRequestHandler<RemoveContactCommand, AccountResponse>
{
    public async Task<AccountResponse> Handle(SaveContactCommand command, CancellationToken cancellationToken)
    {
        var account = await db.LoadAsync(command.AccountId, visibility, cancellationToken);
        var details = new ContactDetails(command.Name!, command.Title, command.Email, command.Phone, command.IsPrimary);
        var now = clock.GetUtcNow().UtcDateTime;
        if (command.ContactId is { } contactId)
        {
            account.UpdateContact(contactId, details, user.Id, now);
        }
        else
        {
            db.Contacts.Add(account.AddContact(details, user.Id, now));
        }

        await db.SaveChangesAsync(cancellationToken);
        return AccountResponse.From(account);
    }

    public async Task<AccountResponse> Handle(RemoveContactCommand command, CancellationToken cancellationToken)
    {
        var account = await db.LoadAsync(command.AccountId, visibility, cancellationToken);
        account.RemoveContact(command.ContactId, user.Id, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return AccountResponse.From(account);
    }
}

internal static class ContactEndpoints
{
    internal static void MapContacts(this IEndpointRouteBuilder app)
    {
        app.MapPost("/{id:guid}/contacts", async (Guid id, SaveContactCommand command, IMediator mediator, CancellationToken ct) =>
            {
                var account = await mediator.Send(command with { AccountId = id }, ct);
                return TypedResults.Created($"/api/accounts/{id}", account);
            })
            .WithName("AddContact")
            .WithSummary("Add a contact person to an account")
            .RequireAuthorization(CrmPolicies.AccountsWrite)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPut("/{id:guid}/contacts/{contactId:guid}", async (Guid id, Guid contactId, SaveContactCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { AccountId = id, ContactId = contactId }, ct)))
            .WithName("UpdateContact")
            .WithSummary("Change a contact person")
            .RequireAuthorization(CrmPolicies.AccountsWrite)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapDelete("/{id:guid}/contacts/{contactId:guid}", async (Guid id, Guid contactId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RemoveContactCommand(id, contactId), ct)))
            .WithName("RemoveContact")
            .WithSummary("Remove a contact person")
            .RequireAuthorization(CrmPolicies.AccountsWrite)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
