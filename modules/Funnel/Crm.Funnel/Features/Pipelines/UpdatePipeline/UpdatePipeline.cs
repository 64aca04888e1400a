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

namespace Crm.Funnel.Features.Pipelines;

/// <summary>Renames a pipeline and replaces its stages (stages with an id keep their identity, stages without one are new).</summary>
internal sealed record UpdatePipelineCommand(string? Name, bool? IsDefault, IReadOnlyList<StageInput>? Stages, long? Version) : IRequest<PipelineResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed class UpdatePipelineValidator : AbstractValidator<UpdatePipelineCommand>
{
    public UpdatePipelineValidator()
    {
        RuleFor(c => c.Name).SingleLine().MaximumLength(100).NotEmpty().When(c => c.Name is not null).WithMessage("Name cannot be empty.");
        RuleFor(c => c.Stages).Must(s => s is null || s.Count <= Pipeline.MaxStages).WithMessage($"At most {Pipeline.MaxStages} stages.");
        RuleForEach(c => c.Stages).SetValidator(new StageInputValidator());
    }
}

internal sealed class UpdatePipelineHandler(FunnelDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<UpdatePipelineCommand, PipelineResponse>
{
    public async Task<PipelineResponse> Handle(UpdatePipelineCommand command, CancellationToken cancellationToken)
    {
        var pipeline = await db.LoadPipelineAsync(command.Id, cancellationToken);
        Versioning.EnsureCurrent("pipeline", pipeline.Version, command.Version);
        var now = clock.GetUtcNow().UtcDateTime;
        if (command.Name is { } name && name.Trim() != pipeline.Name)
        {
            if (await db.Pipelines.AnyAsync(p => p.Name == name.Trim() && p.Id != pipeline.Id, cancellationToken))
            {
                throw new ConflictException($"A pipeline named '{name.Trim()}' already exists.");
            }

            pipeline.Rename(name, user.Id, now);
        }

        if (command.IsDefault == true && !pipeline.IsDefault)
        {
            await ClearDefaultAsync(cancellationToken);
            pipeline.MakeDefault(true);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rebuild = false;
        if (command.Stages is { Count: > 0 } stages)
        {
            var (removed, orderChanged) = pipeline.ReplaceStages(Definitions(stages), user.Id, now);
            if (removed.Count > 0 && await db.Opportunities.AnyAsync(o => removed.Contains(o.StageId) || removed.Contains(o.FurthestStageId), cancellationToken))
            {
                throw new BusinessRuleException("A stage that opportunities are in (or have reached) cannot be removed; move them first.", "stages");
            }

            // A new, removed or reordered stage changes what "reached" means: the conversion statistics are rebuilt.
            rebuild = removed.Count > 0 || orderChanged;
        }

        await db.SaveChangesAsync(cancellationToken);
        if (rebuild)
        {
            await StatisticsStore.RebuildAsync(db, pipeline.Id, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return PipelineResponse.From(pipeline);
    }
    private async Task ClearDefaultAsync(CancellationToken cancellationToken)
    {
        foreach (var other in await db.Pipelines.Where(p => p.IsDefault).ToListAsync(cancellationToken))
        {
            other.MakeDefault(false);
        }
    }
    private static List<StageDefinition> Definitions(IReadOnlyList<StageInput> stages) =>
        stages.Select(s => new StageDefinition(s.Id, s.Name!, s.Probability ?? 0, Fields.ParseOr(s.Kind, StageKind.Open))).ToList();
}

internal static class UpdatePipelineEndpoint
{
    internal static void MapUpdatePipeline(this IEndpointRouteBuilder app)
    {
        app.MapPut("/pipelines/{id:guid}", async (Guid id, UpdatePipelineCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Versioning.Ok(response, await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct)))
            .WithName("UpdatePipeline")
            .RequireAuthorization(CrmPolicies.FunnelSetup)
            .WithSummary("Rename a pipeline and configure its stages: names, order, probabilities; open stages first, then one Won and one Lost")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
