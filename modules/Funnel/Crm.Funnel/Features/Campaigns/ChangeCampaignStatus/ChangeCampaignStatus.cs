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

namespace Crm.Funnel.Features.Campaigns;

internal sealed record ChangeCampaignStatusCommand(string? Status) : IRequest<CampaignResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed class ChangeCampaignStatusValidator : AbstractValidator<ChangeCampaignStatusCommand>
{
    public ChangeCampaignStatusValidator() => RuleFor(c => c.Status).NotEmpty()
        .Must(Fields.IsEnumOrEmpty<CampaignStatus>).WithMessage($"Status must be one of {Fields.Names<CampaignStatus>()}.");
}

internal sealed class ChangeCampaignStatusHandler(FunnelDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<ChangeCampaignStatusCommand, CampaignResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<CampaignResponse> Handle(ChangeCampaignStatusCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.LoadCampaignAsync(command.Id, cancellationToken);
        campaign.ChangeStatus(Enum.Parse<CampaignStatus>(command.Status!, ignoreCase: true), user.Id, Now);
        await db.SaveChangesAsync(cancellationToken);
        return CampaignResponse.From(campaign);
    }
}

internal static class ChangeCampaignStatusEndpoint
{
    internal static void MapChangeCampaignStatus(this IEndpointRouteBuilder app)
    {
        app.MapPost("/campaigns/{id:guid}/status", async (Guid id, ChangeCampaignStatusCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { Id = id }, ct)))
            .WithName("ChangeCampaignStatus")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Planned, Active, Completed or Cancelled")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
