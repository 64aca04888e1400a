using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.CustomFields;
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
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Leads;

internal sealed record GetLeadQuery(Guid Id) : IRequest<LeadResponse>;

internal sealed class GetLeadHandler(FunnelDbContext db, IRecordVisibility visibility, CustomFieldValues customFields) : IRequestHandler<GetLeadQuery, LeadResponse>
{
    public async Task<LeadResponse> Handle(GetLeadQuery query, CancellationToken cancellationToken)
    {
        var lead = await db.Leads.AsNoTracking().VisibleTo(await visibility.GetScopeAsync(cancellationToken)).FirstOrDefaultAsync(l => l.Id == query.Id, cancellationToken)
                   ?? throw new NotFoundException($"Lead {query.Id} does not exist.");
        return LeadResponse.From(lead) with { CustomFields = await customFields.ReadAsync(db, FunnelCustomFields.Lead, lead.Id, cancellationToken) };
    }
}

internal static class GetLeadEndpoint
{
    internal static void MapGetLead(this IEndpointRouteBuilder app)
    {
        app.MapGet("/leads/{id:guid}", async (Guid id, IMediator mediator, HttpResponse response, CancellationToken ct) =>
            {
                var lead = await mediator.Send(new GetLeadQuery(id), ct);
                return Versioning.Ok(response, lead);
            })
            .WithName("GetLead")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("One lead")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
