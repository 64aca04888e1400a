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
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Campaigns;

internal sealed record CampaignResponse(
    Guid Id,
    string Name,
    CampaignType Type,
    string? Topic,
    string? Content,
    DateTime StartsAt,
    DateTime EndsAt,
    decimal Budget,
    decimal ActualCost,
    CampaignStatus Status,
    Guid? OwnerId,
    Guid? BranchId,
    long Version,
    IReadOnlyList<CostResponse> Costs,
    IReadOnlyList<ParticipantResponse> Participants,
    IReadOnlyList<ReminderResponse> Reminders,
    CampaignResults? Results)
{
    public static CampaignResponse From(Campaign c, CampaignResults? results = null) => new(
        c.Id, c.Name, c.Type, c.Topic, c.Content, c.StartsAtUtc, c.EndsAtUtc, c.Budget, c.ActualCost, c.Status, c.OwnerId, c.BranchId, c.Version,
        c.Costs.OrderBy(x => x.IncurredOn).Select(x => new CostResponse(x.Id, x.Description, x.Category, x.Amount, x.IncurredOn, x.RecordedBy)).ToList(),
        c.Participants.OrderBy(p => p.Name).Select(p => new ParticipantResponse(p.Id, p.Name, p.Type, p.Phone, p.Email, p.Company, p.AccountId, p.Attended, p.LeadId)).ToList(),
        c.Reminders.OrderBy(r => r.RemindAtUtc).Select(r => new ReminderResponse(r.Id, r.MinutesBefore, r.RemindAtUtc, r.RecipientId, r.Note, r.SentAtUtc)).ToList(),
        results);
}

internal sealed record CostResponse(Guid Id, string Description, string? Category, decimal Amount, DateOnly IncurredOn, string RecordedBy);

internal sealed record ParticipantResponse(Guid Id, string Name, ParticipantType Type, string? Phone, string? Email, string? Company, Guid? AccountId, bool Attended, Guid? LeadId);

internal sealed record ReminderResponse(Guid Id, int MinutesBefore, DateTime RemindAt, Guid? RecipientId, string? Note, DateTime? SentAt);

/// <summary>What the campaign produced: leads, conversions, pipeline and won revenue against its cost.</summary>
internal sealed record CampaignResults(
    int Leads, int ConvertedLeads, int Opportunities, decimal OpenPipeline, int Won, decimal WonRevenue, decimal ActualCost, decimal? ReturnOnInvestmentPercent);

internal sealed record CampaignListItem(Guid Id, string Name, CampaignType Type, DateTime StartsAt, DateTime EndsAt, decimal Budget, decimal ActualCost, CampaignStatus Status, Guid? OwnerId);

internal interface ICampaignFields
{
    string? Name { get; }

    string? Type { get; }

    string? Topic { get; }

    string? Content { get; }

    DateTime? StartsAt { get; }

    DateTime? EndsAt { get; }

    decimal? Budget { get; }

    Guid? OwnerId { get; }

    Guid? BranchId { get; }
}

internal sealed record CreateCampaignCommand(
    string? Name, string? Type, string? Topic, string? Content, DateTime? StartsAt, DateTime? EndsAt, decimal? Budget, Guid? OwnerId, Guid? BranchId)
    : IRequest<CampaignResponse>, ICampaignFields;

internal sealed record UpdateCampaignCommand(
    string? Name, string? Type, string? Topic, string? Content, DateTime? StartsAt, DateTime? EndsAt, decimal? Budget, Guid? OwnerId, Guid? BranchId, long? Version)
    : IRequest<CampaignResponse>, ICampaignFields
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed record ChangeCampaignStatusCommand(string? Status) : IRequest<CampaignResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed record GetCampaignQuery(Guid Id) : IRequest<CampaignResponse>;

internal sealed record ListCampaignsQuery(string? Status, string? Type, DateTime? From, DateTime? To, int PageSize, string? Search = null)
    : IRequest<IReadOnlyList<CampaignListItem>>;

/// <summary>
/// The campaign list page: the same filters and order as <see cref="ListCampaignsQuery"/>, one page at a time with a
/// keyset cursor on (start, id) like the other lists (ADR 0011, 0031).
/// </summary>
internal sealed record PageCampaignsQuery(string? Status, string? Type, string? Search, int PageSize, string? Cursor) : IRequest<PagedResult<CampaignListItem>>;

internal sealed class CampaignFieldsValidator : AbstractValidator<ICampaignFields>
{
    public CampaignFieldsValidator()
    {
        RuleFor(c => c.Name).SingleLine().NotEmpty().WithMessage("Name is required.").MaximumLength(200);
        RuleFor(c => c.Type).NotEmpty().WithMessage("Type is required.")
            .Must(Fields.IsEnumOrEmpty<CampaignType>).WithMessage($"Type must be one of {Fields.Names<CampaignType>()}.");
        RuleFor(c => c.Topic).MaximumLength(300);
        RuleFor(c => c.Content).MaximumLength(4000);
        RuleFor(c => c.StartsAt).NotNull().WithMessage("Start is required.");
        RuleFor(c => c.EndsAt).NotNull().WithMessage("End is required.");
        RuleFor(c => c.EndsAt).GreaterThanOrEqualTo(c => c.StartsAt).When(c => c.StartsAt is not null && c.EndsAt is not null)
            .WithMessage("A campaign cannot end before it starts.");
        RuleFor(c => c.Budget).Money("Budget");
        RuleFor(c => c.OwnerId).NotEqual(Guid.Empty);
        RuleFor(c => c.BranchId).NotEqual(Guid.Empty);
    }
}

internal sealed class CreateCampaignValidator : AbstractValidator<CreateCampaignCommand>
{
    public CreateCampaignValidator() => Include(new CampaignFieldsValidator());
}

internal sealed class UpdateCampaignValidator : AbstractValidator<UpdateCampaignCommand>
{
    public UpdateCampaignValidator() => Include(new CampaignFieldsValidator());
}

internal sealed class ChangeCampaignStatusValidator : AbstractValidator<ChangeCampaignStatusCommand>
{
    public ChangeCampaignStatusValidator() => RuleFor(c => c.Status).NotEmpty()
        .Must(Fields.IsEnumOrEmpty<CampaignStatus>).WithMessage($"Status must be one of {Fields.Names<CampaignStatus>()}.");
}

internal sealed class ListCampaignsValidator : AbstractValidator<ListCampaignsQuery>
{
    public ListCampaignsValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200);
        RuleFor(q => q.Status).Must(Fields.IsEnumOrEmpty<CampaignStatus>).WithMessage($"Status must be one of {Fields.Names<CampaignStatus>()}.");
        RuleFor(q => q.Type).Must(Fields.IsEnumOrEmpty<CampaignType>).WithMessage($"Type must be one of {Fields.Names<CampaignType>()}.");
        RuleFor(q => q.Search).MaximumLength(100);
    }
}

internal sealed class PageCampaignsValidator : AbstractValidator<PageCampaignsQuery>
{
    public PageCampaignsValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200).WithMessage("Page size must be between 1 and 200.");
        RuleFor(q => q.Status).Must(Fields.IsEnumOrEmpty<CampaignStatus>).WithMessage($"Status must be one of {Fields.Names<CampaignStatus>()}.");
        RuleFor(q => q.Type).Must(Fields.IsEnumOrEmpty<CampaignType>).WithMessage($"Type must be one of {Fields.Names<CampaignType>()}.");
        RuleFor(q => q.Search).MaximumLength(100);
        RuleFor(q => q.Cursor).Must(c => c is null || CampaignCursor.TryDecode(c, out _)).WithMessage("The cursor is not valid; start again from the first page.");
    }
}

internal sealed class CampaignHandlers(FunnelDbContext db, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<CreateCampaignCommand, CampaignResponse>,
        IRequestHandler<UpdateCampaignCommand, CampaignResponse>,
        IRequestHandler<ChangeCampaignStatusCommand, CampaignResponse>,
        IRequestHandler<GetCampaignQuery, CampaignResponse>,
        IRequestHandler<ListCampaignsQuery, IReadOnlyList<CampaignListItem>>,
        IRequestHandler<PageCampaignsQuery, PagedResult<CampaignListItem>>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<CampaignResponse> Handle(CreateCampaignCommand command, CancellationToken cancellationToken)
    {
        var campaign = Campaign.Create(Details(command), user.Id, Now);
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(cancellationToken);
        return CampaignResponse.From(campaign);
    }

    public async Task<CampaignResponse> Handle(UpdateCampaignCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.LoadCampaignAsync(command.Id, cancellationToken);
        Versioning.EnsureCurrent("campaign", campaign.Version, command.Version);
        campaign.Update(Details(command), user.Id, Now);
        await db.SaveChangesAsync(cancellationToken);
        return CampaignResponse.From(campaign);
    }

    public async Task<CampaignResponse> Handle(ChangeCampaignStatusCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.LoadCampaignAsync(command.Id, cancellationToken);
        campaign.ChangeStatus(Enum.Parse<CampaignStatus>(command.Status!, ignoreCase: true), user.Id, Now);
        await db.SaveChangesAsync(cancellationToken);
        return CampaignResponse.From(campaign);
    }

    public async Task<CampaignResponse> Handle(GetCampaignQuery query, CancellationToken cancellationToken)
    {
        var campaign = await db.Campaigns.AsNoTracking().Include(c => c.Costs).Include(c => c.Participants).Include(c => c.Reminders).AsSplitQuery()
                           .FirstOrDefaultAsync(c => c.Id == query.Id, cancellationToken)
                       ?? throw new NotFoundException($"Campaign {query.Id} does not exist.");
        return CampaignResponse.From(campaign, await ResultsAsync(campaign, cancellationToken));
    }

    public async Task<IReadOnlyList<CampaignListItem>> Handle(ListCampaignsQuery query, CancellationToken cancellationToken)
    {
        var campaigns = Filter(query.Status, query.Type, query.Search);
        if (Fields.ToUtc(query.From) is { } from)
        {
            campaigns = campaigns.Where(c => c.EndsAtUtc >= from);
        }

        if (Fields.ToUtc(query.To) is { } to)
        {
            campaigns = campaigns.Where(c => c.StartsAtUtc <= to);
        }

        return await campaigns.OrderByDescending(c => c.StartsAtUtc).ThenBy(c => c.Id).Take(query.PageSize)
            .Select(c => new CampaignListItem(c.Id, c.Name, c.Type, c.StartsAtUtc, c.EndsAtUtc, c.Budget, c.ActualCost, c.Status, c.OwnerId))
            .ToListAsync(cancellationToken);
    }

    public async Task<PagedResult<CampaignListItem>> Handle(PageCampaignsQuery query, CancellationToken cancellationToken)
    {
        var campaigns = Filter(query.Status, query.Type, query.Search);
        if (query.Cursor is not null && CampaignCursor.TryDecode(query.Cursor, out var after))
        {
            campaigns = campaigns.Where(c => c.StartsAtUtc < after!.StartsAt || (c.StartsAtUtc == after.StartsAt && c.Id.CompareTo(after.Id) > 0));
        }

        var rows = await campaigns.OrderByDescending(c => c.StartsAtUtc).ThenBy(c => c.Id).Take(query.PageSize + 1)
            .Select(c => new CampaignListItem(c.Id, c.Name, c.Type, c.StartsAtUtc, c.EndsAtUtc, c.Budget, c.ActualCost, c.Status, c.OwnerId))
            .ToListAsync(cancellationToken);
        var hasMore = rows.Count > query.PageSize;
        var items = rows.Take(query.PageSize).ToList();
        return new PagedResult<CampaignListItem>(items, 1, query.PageSize, hasMore, hasMore ? CampaignCursor.Encode(items[^1]) : null, null);
    }

    private IQueryable<Campaign> Filter(string? statusName, string? typeName, string? search)
    {
        IQueryable<Campaign> campaigns = db.Campaigns.AsNoTracking();
        if (Fields.ParseOrNull<CampaignStatus>(statusName) is { } status)
        {
            campaigns = campaigns.Where(c => c.Status == status);
        }

        if (Fields.ParseOrNull<CampaignType>(typeName) is { } type)
        {
            campaigns = campaigns.Where(c => c.Type == type);
        }

        // Every word in the name or topic. LIKE rather than Contains: SQLite's instr() is case-sensitive. An installation
        // has hundreds of campaigns, not millions, so a scan is fine and no search column is kept.
        foreach (var term in (search ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(5))
        {
            var pattern = "%" + term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            campaigns = campaigns.Where(c => EF.Functions.Like(c.Name, pattern, "\\") || (c.Topic != null && EF.Functions.Like(c.Topic, pattern, "\\")));
        }

        return campaigns;
    }

    private async Task<CampaignResults> ResultsAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var leads = await db.Leads.AsNoTracking().Where(l => l.CampaignId == campaign.Id)
            .GroupBy(l => l.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var opportunities = await db.Opportunities.AsNoTracking().Where(o => o.CampaignId == campaign.Id)
            .GroupBy(o => o.Status).Select(g => new { Status = g.Key, Count = g.Count(), Amount = g.Sum(o => o.Amount) }).ToListAsync(cancellationToken);
        var won = opportunities.FirstOrDefault(o => o.Status == OpportunityStatus.Won);
        var wonRevenue = won?.Amount ?? 0m;
        decimal? roi = campaign.ActualCost > 0 ? decimal.Round((wonRevenue - campaign.ActualCost) * 100m / campaign.ActualCost, 1) : null;
        return new CampaignResults(
            leads.Sum(l => l.Count), leads.Where(l => l.Status == LeadStatus.Converted).Sum(l => l.Count), opportunities.Sum(o => o.Count),
            opportunities.FirstOrDefault(o => o.Status == OpportunityStatus.Open)?.Amount ?? 0m, won?.Count ?? 0, wonRevenue, campaign.ActualCost, roi);
    }

    private static CampaignDetails Details(ICampaignFields f) => new(
        f.Name!, Enum.Parse<CampaignType>(f.Type!, ignoreCase: true), f.Topic, f.Content, Fields.ToUtc(f.StartsAt!.Value), Fields.ToUtc(f.EndsAt!.Value),
        f.Budget ?? 0m, f.OwnerId, f.BranchId);
}

/// <summary>Keyset position (start descending, id ascending) of the last campaign on a page.</summary>
internal static class CampaignCursor
{
    internal sealed record Position(DateTime StartsAt, Guid Id);

    public static string Encode(CampaignListItem last) =>
        KeysetCursor.Encode(new Position(last.StartsAt, last.Id));

    public static bool TryDecode(string cursor, out Position? position) => KeysetCursor.TryDecode(cursor, out position);
}

internal static class CampaignEndpoints
{
    internal static void MapCampaigns(this IEndpointRouteBuilder app)
    {
        app.MapGet("/campaigns", async (string? status, string? type, DateTime? from, DateTime? to, string? search, int? pageSize, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListCampaignsQuery(status, type, from, to, pageSize ?? 50, search), ct)))
            .WithName("ListCampaigns")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("Campaigns, latest start first, filtered by status, type, a date range they overlap and words of the name or topic")
            .ProducesValidationProblem();

        app.MapPost("/campaigns", async (CreateCampaignCommand command, IMediator mediator, CancellationToken ct) =>
            {
                var created = await mediator.Send(command, ct);
                return TypedResults.Created($"/api/funnel/campaigns/{created.Id}", created);
            })
            .WithName("CreateCampaign")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Plan a campaign: type, topic, content, start and end, budget, owner")
            .ProducesValidationProblem();

        app.MapGet("/campaigns/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetCampaignQuery(id), ct)))
            .WithName("GetCampaign")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("A campaign with costs, participants, reminders and results (leads, conversions, pipeline, won revenue, ROI)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPut("/campaigns/{id:guid}", async (Guid id, UpdateCampaignCommand command, IMediator mediator, HttpRequest request, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct)))
            .WithName("UpdateCampaign")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Change a campaign (unsent reminders follow a moved start)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

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
