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

/// <summary>Creates a pipeline; without stages it gets the default ones.</summary>
internal sealed record CreatePipelineCommand(string? Name, bool IsDefault, IReadOnlyList<StageInput>? Stages) : IRequest<PipelineResponse>;

internal sealed class CreatePipelineValidator : AbstractValidator<CreatePipelineCommand>
{
    public CreatePipelineValidator()
    {
        RuleFor(c => c.Name).SingleLine().NotEmpty().WithMessage("Name is required.").MaximumLength(100);
        RuleFor(c => c.Stages).Must(s => s is null || s.Count <= Pipeline.MaxStages).WithMessage($"At most {Pipeline.MaxStages} stages.");
        RuleForEach(c => c.Stages).SetValidator(new StageInputValidator());
    }
}

internal sealed class CreatePipelineHandler(FunnelDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<CreatePipelineCommand, PipelineResponse>
{
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

internal static class CreatePipelineEndpoint
{
    internal static void MapCreatePipeline(this IEndpointRouteBuilder app)
    {
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
    }
}
