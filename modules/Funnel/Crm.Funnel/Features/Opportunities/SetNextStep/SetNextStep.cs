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

internal sealed record SetNextStepCommand(string? NextStep, DateTime? DueAt, long? Version) : IRequest<OpportunityResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed class SetNextStepValidator : AbstractValidator<SetNextStepCommand>
{
    public SetNextStepValidator() => RuleFor(c => c.NextStep).MaximumLength(500);
}

internal sealed class SetNextStepHandler(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock) : IRequestHandler<SetNextStepCommand, OpportunityResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<OpportunityResponse> Handle(SetNextStepCommand command, CancellationToken cancellationToken)
    {
        var (o, p) = await OpportunityWriter.ChangeAsync(db, command.Id, await visibility.GetScopeAsync(cancellationToken), command.Version, (o, _) => o.SetNextStep(command.NextStep, Fields.ToUtc(command.DueAt), user.Id, Now), cancellationToken);
        return OpportunityResponse.From(o, p);
    }
}

internal static class SetNextStepEndpoint
{
    internal static void MapSetNextStep(this IEndpointRouteBuilder app)
    {
        app.MapPut("/opportunities/{id:guid}/next-step", async (Guid id, SetNextStepCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Versioning.Ok(response, await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct)))
            .WithName("SetOpportunityNextStep")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Set the next step and when it is due")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
