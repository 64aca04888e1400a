using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.FollowUps;
using Crm.Funnel.Features.Leads;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Opportunities;

internal sealed record ChangeOpportunityOwnerCommand(Guid? OwnerId, long? Version) : IRequest<OpportunityResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed class ChangeOpportunityOwnerValidator : AbstractValidator<ChangeOpportunityOwnerCommand>
{
    public ChangeOpportunityOwnerValidator() => RuleFor(c => c.OwnerId).NotEqual(Guid.Empty).WithMessage("Owner id cannot be the empty id; send null to unassign.");
}

internal sealed class ChangeOpportunityOwnerHandler(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock) : IRequestHandler<ChangeOpportunityOwnerCommand, OpportunityResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<OpportunityResponse> Handle(ChangeOpportunityOwnerCommand command, CancellationToken cancellationToken)
    {
        var (o, p) = await OpportunityWriter.ChangeAsync(db, command.Id, await visibility.GetScopeAsync(cancellationToken), command.Version, (o, _) => o.ChangeOwner(command.OwnerId, user.Id, Now), cancellationToken);
        return OpportunityResponse.From(o, p);
    }
}

internal static class ChangeOpportunityOwnerEndpoint
{
    internal static void MapChangeOpportunityOwner(this IEndpointRouteBuilder app)
    {
        app.MapPost("/opportunities/{id:guid}/owner", async (Guid id, ChangeOpportunityOwnerCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Versioning.Ok(response, await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct)))
            .WithName("ChangeOpportunityOwner")
            .RequireAuthorization(CrmPolicies.FunnelAssign)
            .WithSummary("Give the opportunity to another owner")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }
}
