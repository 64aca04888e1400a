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

internal sealed record PipelineResponse(Guid Id, string Name, bool IsDefault, long Version, IReadOnlyList<StageResponse> Stages) : IVersioned
{
    public static PipelineResponse From(Pipeline p) =>
        new(p.Id, p.Name, p.IsDefault, p.Version, p.Stages.OrderBy(s => s.Order).Select(s => new StageResponse(s.Id, s.Name, s.Order, s.Probability, s.Kind)).ToList());
}

internal sealed record StageResponse(Guid Id, string Name, int Order, int Probability, StageKind Kind);

internal sealed record StageInput(Guid? Id, string? Name, int? Probability, string? Kind);

internal sealed class StageInputValidator : AbstractValidator<StageInput>
{
    public StageInputValidator()
    {
        RuleFor(s => s.Name).SingleLine().NotEmpty().WithMessage("Stage name is required.").MaximumLength(100);
        RuleFor(s => s.Probability).InclusiveBetween(0, 100).WithMessage("Probability is between 0 and 100 percent.");
        RuleFor(s => s.Kind).Must(Fields.IsEnumOrEmpty<StageKind>).WithMessage($"Kind must be one of {Fields.Names<StageKind>()}.");
    }
}
