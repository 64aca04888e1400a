using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Domain;
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

internal sealed record PipelineResponse(Guid Id, string Name, bool IsDefault, long Version, IReadOnlyList<StageResponse> Stages)
{
    public static PipelineResponse From(Pipeline p) =>
        new(p.Id, p.Name, p.IsDefault, p.Version, p.Stages.OrderBy(s => s.Order).Select(s => new StageResponse(s.Id, s.Name, s.Order, s.Probability, s.Kind)).ToList());
}

internal sealed record StageResponse(Guid Id, string Name, int Order, int Probability, StageKind Kind);

internal sealed record StageInput(Guid? Id, string? Name, int? Probability, string? Kind);

internal sealed record ListPipelinesQuery : IRequest<IReadOnlyList<PipelineResponse>>;

internal sealed record GetPipelineQuery(Guid Id) : IRequest<PipelineResponse>;

/// <summary>Creates a pipeline; without stages it gets the default ones.</summary>
internal sealed record CreatePipelineCommand(string? Name, bool IsDefault, IReadOnlyList<StageInput>? Stages) : IRequest<PipelineResponse>;

/// <summary>Renames a pipeline and replaces its stages (stages with an id keep their identity, stages without one are new).</summary>
internal sealed record UpdatePipelineCommand(string? Name, bool? IsDefault, IReadOnlyList<StageInput>? Stages, long? Version) : IRequest<PipelineResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed class StageInputValidator : AbstractValidator<StageInput>
{
    public StageInputValidator()
    {
        RuleFor(s => s.Name).SingleLine().NotEmpty().WithMessage("Stage name is required.").MaximumLength(100);
        RuleFor(s => s.Probability).InclusiveBetween(0, 100).WithMessage("Probability is between 0 and 100 percent.");
        RuleFor(s => s.Kind).Must(Fields.IsEnumOrEmpty<StageKind>).WithMessage($"Kind must be one of {Fields.Names<StageKind>()}.");
    }
}

internal sealed class CreatePipelineValidator : AbstractValidator<CreatePipelineCommand>
{
    public CreatePipelineValidator()
    {
        RuleFor(c => c.Name).SingleLine().NotEmpty().WithMessage("Name is required.").MaximumLength(100);
        RuleFor(c => c.Stages).Must(s => s is null || s.Count <= Pipeline.MaxStages).WithMessage($"At most {Pipeline.MaxStages} stages.");
        RuleForEach(c => c.Stages).SetValidator(new StageInputValidator());
    }
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

internal sealed class PipelineHandlers(FunnelDbContext db, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<ListPipelinesQuery, IReadOnlyList<PipelineResponse>>,
        IRequestHandler<GetPipelineQuery, PipelineResponse>,
        IRequestHandler<CreatePipelineCommand, PipelineResponse>,
        IRequestHandler<UpdatePipelineCommand, PipelineResponse>
{
    public async Task<IReadOnlyList<PipelineResponse>> Handle(ListPipelinesQuery query, CancellationToken cancellationToken) =>
        (await db.Pipelines.AsNoTracking().Include(p => p.Stages).OrderByDescending(p => p.IsDefault).ThenBy(p => p.Name).ToListAsync(cancellationToken))
        .Select(PipelineResponse.From).ToList();

    public async Task<PipelineResponse> Handle(GetPipelineQuery query, CancellationToken cancellationToken) =>
        PipelineResponse.From(await db.LoadPipelineAsync(query.Id, cancellationToken));

    public async Task<PipelineResponse> Handle(CreatePipelineCommand command, CancellationToken cancellationToken)
    {
        var name = command.Name!.Trim();
        if (await db.Pipelines.AnyAsync(p => p.Name == name, cancellationToken))
        {
            throw new ConflictException($"A pipeline named '{name}' already exists.");
        }

        var stages = command.Stages is { Count: > 0 } given ? Definitions(given) : Pipeline.DefaultStages;
        var pipeline = Pipeline.Create(name, stages, command.IsDefault, user.Id, clock.GetUtcNow().UtcDateTime);
        if (command.IsDefault)
        {
            await ClearDefaultAsync(cancellationToken);
        }

        db.Pipelines.Add(pipeline);
        await db.SaveChangesAsync(cancellationToken);
        return PipelineResponse.From(pipeline);
    }

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

internal static class PipelineEndpoints
{
    internal static void MapPipelines(this IEndpointRouteBuilder app)
    {
        app.MapGet("/pipelines", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListPipelinesQuery(), ct)))
            .WithName("ListPipelines")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("Sales pipelines with their stages and probabilities (the default first)");

        app.MapGet("/pipelines/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetPipelineQuery(id), ct)))
            .WithName("GetPipeline")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("One pipeline with its stages")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/pipelines", async (CreatePipelineCommand command, IMediator mediator, CancellationToken ct) =>
            {
                var created = await mediator.Send(command, ct);
                return TypedResults.Created($"/api/funnel/pipelines/{created.Id}", created);
            })
            .WithName("CreatePipeline")
            .RequireAuthorization(CrmPolicies.FunnelSetup)
            .WithSummary("Create a pipeline (without stages it gets Qualification 10%, Needs analysis 25%, Proposal 50%, Negotiation 75%, Won, Lost)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPut("/pipelines/{id:guid}", async (Guid id, UpdatePipelineCommand command, IMediator mediator, HttpRequest request, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct)))
            .WithName("UpdatePipeline")
            .RequireAuthorization(CrmPolicies.FunnelSetup)
            .WithSummary("Rename a pipeline and configure its stages: names, order, probabilities; open stages first, then one Won and one Lost")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
