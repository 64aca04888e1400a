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

internal sealed record QualifyLeadCommand(Guid Id) : IRequest<LeadResponse>;

internal sealed class QualifyLeadHandler(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock) : IRequestHandler<QualifyLeadCommand, LeadResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<LeadResponse> Handle(QualifyLeadCommand command, CancellationToken cancellationToken)
    {
        var lead = await db.LoadLeadAsync(command.Id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        lead.Qualify(user.Id, Now);
        await db.SaveChangesAsync(cancellationToken);
        return LeadResponse.From(lead);
    }
}

internal static class QualifyLeadEndpoint
{
    internal static void MapQualifyLead(this IEndpointRouteBuilder app)
    {
        app.MapPost("/leads/{id:guid}/qualify", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new QualifyLeadCommand(id), ct)))
            .WithName("QualifyLead")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Mark a lead as qualified (ready to convert)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
