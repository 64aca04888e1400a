using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.Sample.Domain;
using Crm.Sample.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Sample.Features.CreateItem;

/// <summary>One use case, one folder (ADR 0067): the request, its validator, its handler and its endpoint.</summary>
internal sealed record CreateItemCommand(string? Name) : IRequest<ItemResponse>;

internal sealed class CreateItemValidator : AbstractValidator<CreateItemCommand>
{
    public CreateItemValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
    }
}

internal sealed class CreateItemHandler(SampleDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<CreateItemCommand, ItemResponse>
{
    public async Task<ItemResponse> Handle(CreateItemCommand command, CancellationToken cancellationToken)
    {
        var item = Item.Create(command.Name!, user.Id, clock.GetUtcNow().UtcDateTime);
        db.Items.Add(item);
        // The item and its ItemCreatedIntegrationEvent (outbox) are written in one transaction.
        await db.SaveChangesAsync(cancellationToken);
        return ItemResponse.From(item);
    }
}

internal static class CreateItemEndpoint
{
    internal static RouteHandlerBuilder MapCreateItem(this IEndpointRouteBuilder app) =>
        app.MapPost("/items", async (CreateItemCommand command, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var created = await mediator.Send(command, cancellationToken);
                return TypedResults.Created($"/api/sample/items/{created.Id}", created);
            })
            .WithName("CreateSampleItem")
            .WithSummary("Create an item")
            // Replace with the module's own write policy once it has one (CrmPolicies).
            .RequireAuthorization(CrmPolicies.SignedIn)
            .ProducesValidationProblem();
}
