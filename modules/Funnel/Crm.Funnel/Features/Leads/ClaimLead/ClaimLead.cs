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

/// <summary>The signed-in user (or <see cref="UserId"/>) takes an unowned lead from its queue.</summary>
internal sealed record ClaimLeadCommand(Guid? UserId) : IRequest<LeadResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed class ClaimLeadHandler(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock) : IRequestHandler<ClaimLeadCommand, LeadResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<LeadResponse> Handle(ClaimLeadCommand command, CancellationToken cancellationToken)
    {
        var claimant = command.UserId ?? user.UserId
                       ?? throw new BusinessRuleException("Say who takes the lead (userId), or sign in.", "userId");
        if (claimant != user.UserId && !(user.IsInRole(CrmRoles.Administrator) || user.IsInRole(CrmRoles.BranchManager)))
        {
            throw new BusinessRuleException("You can take a lead from a queue for yourself only; a branch manager assigns it to someone else.", "userId");
        }

        var lead = await db.LoadLeadAsync(command.Id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        db.LeadAssignments.Add(lead.Claim(claimant, user.Id, Now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Two people taking the same lead at once: the version lets exactly one win. The loser sent no version, so
            // this is not a stale write (412, ADR 0066) but the same answer as taking an already taken lead.
            throw new ConflictException("The lead already has an owner; someone else took it first.");
        }

        return LeadResponse.From(lead);
    }
}

internal static class ClaimLeadEndpoint
{
    internal static void MapClaimLead(this IEndpointRouteBuilder app)
    {
        app.MapPost("/leads/{id:guid}/claim", async (Guid id, ClaimLeadCommand? command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send((command ?? new ClaimLeadCommand(null)) with { Id = id }, ct)))
            .WithName("ClaimLead")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Take an unowned lead from its queue (409 when someone else took it first)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
