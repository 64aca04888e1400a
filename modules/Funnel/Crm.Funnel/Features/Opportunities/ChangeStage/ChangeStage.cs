using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.BuildingBlocks.PublicApi;
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

/// <summary>
/// Moves the opportunity (the board's drag and drop). Into Lost it needs a reason category and text; a Won deal moved back
/// to an open stage needs <see cref="ConfirmReopen"/> (the UI asks first).
/// </summary>
internal sealed record ChangeStageCommand(Guid? StageId, string? LostReasonCategory, string? LostReason, string? Competitor, long? Version, bool? ConfirmReopen = null)
    : IRequest<OpportunityResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed class ChangeStageValidator : AbstractValidator<ChangeStageCommand>
{
    public ChangeStageValidator(IDictionaries dictionaries)
    {
        RuleFor(c => c.StageId).NotNull().WithMessage("stageId is required.").NotEqual(Guid.Empty);
        RuleFor(c => c.LostReasonCategory).MaximumLength(50).InDictionary(dictionaries, DictionaryKeys.LostReason);
        RuleFor(c => c.LostReason).MaximumLength(500);
        RuleFor(c => c.Competitor).MaximumLength(200);
    }
}

internal sealed class ChangeStageHandler(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock, IDictionaries dictionaries) : IRequestHandler<ChangeStageCommand, OpportunityResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<OpportunityResponse> Handle(ChangeStageCommand command, CancellationToken cancellationToken)
    {
        var category = await dictionaries.CodeAsync(DictionaryKeys.LostReason, command.LostReasonCategory, cancellationToken) ?? LostReasonCodes.Other;
        var (o, p) = await OpportunityWriter.ChangeAsync(db, command.Id, await visibility.GetScopeAsync(cancellationToken), command.Version, (o, pipeline) =>
        {
            var loss = command.LostReason is null && command.LostReasonCategory is null
                ? null
                : new LossDetails(category, command.LostReason, command.Competitor);
            db.OpportunityStageChanges.Add(o.MoveTo(pipeline, pipeline.Stage(command.StageId!.Value), loss, user.Id, Now, command.ConfirmReopen == true));
        }, cancellationToken);
        return OpportunityResponse.From(o, p);
    }
}

internal static class ChangeStageEndpoint
{
    internal static void MapChangeStage(this IEndpointRouteBuilder app)
    {
        app.MapPost("/opportunities/{id:guid}/stage", async (Guid id, ChangeStageCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Versioning.Ok(response, await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct)))
            .WithName("ChangeOpportunityStage")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Move to another stage (the board's drag and drop); Won closes it, Lost needs lostReasonCategory and lostReason, Won back to an open stage needs confirmReopen: true (else 422)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
