using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Pricing;
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
using Microsoft.Extensions.Options;

namespace Crm.Funnel.Features.Campaigns;

internal sealed record CreateCampaignCommand(
    string? Name, string? Type, string? Topic, string? Content, DateTime? StartsAt, DateTime? EndsAt, decimal? Budget, Guid? OwnerId, Guid? BranchId)
    : IRequest<CampaignResponse>, ICampaignFields
{
    public string? Currency { get; init; }
}

internal sealed class CreateCampaignValidator : AbstractValidator<CreateCampaignCommand>
{
    public CreateCampaignValidator() => Include(new CampaignFieldsValidator());
}

internal sealed class CreateCampaignHandler(FunnelDbContext db, ICurrentUser user, TimeProvider clock, IOptions<MoneyOptions> money)
    : IRequestHandler<CreateCampaignCommand, CampaignResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<CampaignResponse> Handle(CreateCampaignCommand command, CancellationToken cancellationToken)
    {
        var campaign = Campaign.Create(Details(command, money.Value.CompanyCurrency), user.Id, Now);
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(cancellationToken);
        return CampaignResponse.From(campaign);
    }
    private static CampaignDetails Details(ICampaignFields f, string currency) => new(
        f.Name!, Enum.Parse<CampaignType>(f.Type!, ignoreCase: true), f.Topic, f.Content, Fields.ToUtc(f.StartsAt!.Value), Fields.ToUtc(f.EndsAt!.Value),
        f.Budget ?? 0m, f.OwnerId, f.BranchId, f.Currency ?? currency);
}

internal static class CreateCampaignEndpoint
{
    internal static void MapCreateCampaign(this IEndpointRouteBuilder app)
    {
        app.MapPost("/campaigns", async (CreateCampaignCommand command, IMediator mediator, CancellationToken ct) =>
            {
                var created = await mediator.Send(command, ct);
                return TypedResults.Created($"/api/funnel/campaigns/{created.Id}", created);
            })
            .WithName("CreateCampaign")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Plan a campaign: type, topic, content, start and end, budget, owner")
            .ProducesValidationProblem();
    }
}
