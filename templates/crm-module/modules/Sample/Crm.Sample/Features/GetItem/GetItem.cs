using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.Sample.Persistence;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sample.Features.GetItem;

internal sealed record GetItemQuery(Guid Id) : IRequest<ItemResponse>;

internal sealed class GetItemHandler(SampleDbContext db) : IRequestHandler<GetItemQuery, ItemResponse>
{
    public async Task<ItemResponse> Handle(GetItemQuery query, CancellationToken cancellationToken)
    {
        var item = await db.Items.AsNoTracking().FirstOrDefaultAsync(i => i.Id == query.Id, cancellationToken)
                   ?? throw new NotFoundException($"Item {query.Id} was not found.");
        return ItemResponse.From(item);
    }
}

internal static class GetItemEndpoint
{
    internal static RouteHandlerBuilder MapGetItem(this IEndpointRouteBuilder app) =>
        app.MapGet("/items/{id:guid}", async (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new GetItemQuery(id), cancellationToken)))
            .WithName("GetSampleItem")
            .WithSummary("One item")
            // Replace with the module's own read policy once it has one (CrmPolicies).
            .RequireAuthorization(CrmPolicies.SignedIn)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
