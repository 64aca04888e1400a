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

internal sealed record UpdateCampaignCommand(
    string? Name, string? Type, string? Topic, string? Content, DateTime? StartsAt, DateTime? EndsAt, decimal? Budget, Guid? OwnerId, Guid? BranchId, long? Version)
    : IRequest<CampaignResponse>, ICampaignFields
{
    [JsonIgnore]
    public Guid Id { get; init; }

    public string? Currency { get; init; }
}

internal sealed class UpdateCampaignValidator : AbstractValidator<UpdateCampaignCommand>
{
    public UpdateCampaignValidator() => Include(new CampaignFieldsValidator());
}

internal sealed class UpdateCampaignHandler(FunnelDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<UpdateCampaignCommand, CampaignResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<CampaignResponse> Handle(UpdateCampaignCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.LoadCampaignAsync(command.Id, cancellationToken);
        Versioning.EnsureCurrent("campaign", campaign.Version, command.Version);
        campaign.Update(Details(command, campaign.Currency), user.Id, Now);
        await db.SaveChangesAsync(cancellationToken);
        return CampaignResponse.From(campaign);
    }
    private static CampaignDetails Details(ICampaignFields f, string currency) => new(
        f.Name!, Enum.Parse<CampaignType>(f.Type!, ignoreCase: true), f.Topic, f.Content, Fields.ToUtc(f.StartsAt!.Value), Fields.ToUtc(f.EndsAt!.Value),
        f.Budget ?? 0m, f.OwnerId, f.BranchId, f.Currency ?? currency);
}

internal static class UpdateCampaignEndpoint
{
    internal static void MapUpdateCampaign(this IEndpointRouteBuilder app)
    {
        app.MapPut("/campaigns/{id:guid}", async (Guid id, UpdateCampaignCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Versioning.Ok(response, await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct)))
            .WithName("UpdateCampaign")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Change a campaign (unsent reminders follow a moved start)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
