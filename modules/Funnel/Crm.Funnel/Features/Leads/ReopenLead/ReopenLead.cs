using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.FollowUps;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Leads;

internal sealed record ReopenLeadCommand(Guid Id) : IRequest<LeadResponse>;

internal sealed class ReopenLeadHandler(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock) : IRequestHandler<ReopenLeadCommand, LeadResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<LeadResponse> Handle(ReopenLeadCommand command, CancellationToken cancellationToken)
    {
        var lead = await db.LoadLeadAsync(command.Id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        lead.Reopen(user.Id, Now);
        await db.SaveChangesAsync(cancellationToken);
        return LeadResponse.From(lead);
    }
}

internal static class ReopenLeadEndpoint
{
    internal static void MapReopenLead(this IEndpointRouteBuilder app)
    {
        app.MapPost("/leads/{id:guid}/reopen", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ReopenLeadCommand(id), ct)))
            .WithName("ReopenLead")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Bring a disqualified lead back to work")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
