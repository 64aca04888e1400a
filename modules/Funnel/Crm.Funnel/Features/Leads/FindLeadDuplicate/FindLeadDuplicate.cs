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
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Leads;

/// <summary>Asks whether an e-mail or phone already belongs to an open lead (the form checks before saving).</summary>
internal sealed record FindLeadDuplicateQuery(string? Email, string? Phone) : IRequest<LeadDuplicate?>;

internal sealed class FindLeadDuplicateHandler(FunnelDbContext db, IRecordVisibility visibility) : IRequestHandler<FindLeadDuplicateQuery, LeadDuplicate?>
{
    public async Task<LeadDuplicate?> Handle(FindLeadDuplicateQuery query, CancellationToken cancellationToken)
    {
        var duplicate = await LeadIntake.FindDuplicateAsync(db, query.Email, query.Phone, null, cancellationToken);
        var scope = await visibility.GetScopeAsync(cancellationToken);
        // Someone else's lead is reported without its details: that it exists is what the user needs to know.
        return duplicate is null || LeadIntake.Visible(duplicate, scope) ? duplicate : duplicate with { Name = "(a colleague's lead)", Email = null, Phone = null, Company = null };
    }
}

internal static class FindLeadDuplicateEndpoint
{
    internal static void MapFindLeadDuplicate(this IEndpointRouteBuilder app)
    {
        app.MapGet("/leads/duplicates", async (string? email, string? phone, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new FindLeadDuplicateQuery(email, phone), ct) is { } duplicate ? Results.Ok(duplicate) : Results.NoContent())
            .WithName("FindLeadDuplicate")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("The open lead with this e-mail or phone (200), or 204 when there is none")
            .Produces<LeadDuplicate>()
            .Produces(StatusCodes.Status204NoContent);
    }
}
