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

internal sealed record DisqualifyLeadCommand(string? Reason) : IRequest<LeadResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed class DisqualifyLeadValidator : AbstractValidator<DisqualifyLeadCommand>
{
    public DisqualifyLeadValidator() =>
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Say why the lead is disqualified.").MaximumLength(500);
}

internal sealed class DisqualifyLeadHandler(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock) : IRequestHandler<DisqualifyLeadCommand, LeadResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<LeadResponse> Handle(DisqualifyLeadCommand command, CancellationToken cancellationToken)
    {
        var lead = await db.LoadLeadAsync(command.Id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        lead.Disqualify(command.Reason!, user.Id, Now);
        await db.SaveChangesAsync(cancellationToken);
        return LeadResponse.From(lead);
    }
}

internal static class DisqualifyLeadEndpoint
{
    internal static void MapDisqualifyLead(this IEndpointRouteBuilder app)
    {
        app.MapPost("/leads/{id:guid}/disqualify", async (Guid id, DisqualifyLeadCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { Id = id }, ct)))
            .WithName("DisqualifyLead")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Close a lead as not worth pursuing, with the reason")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
