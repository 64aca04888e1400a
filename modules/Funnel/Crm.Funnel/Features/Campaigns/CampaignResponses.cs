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
    string Currency,
    CampaignStatus Status,
    Guid? OwnerId,
    Guid? BranchId,
    long Version,
    IReadOnlyList<CostResponse> Costs,
    IReadOnlyList<ParticipantResponse> Participants,
    IReadOnlyList<ReminderResponse> Reminders,
    CampaignResults? Results) : IVersioned
{
    public static CampaignResponse From(Campaign c, CampaignResults? results = null) => new(
        c.Id, c.Name, c.Type, c.Topic, c.Content, c.StartsAtUtc, c.EndsAtUtc, c.Budget, c.ActualCost, c.Currency, c.Status, c.OwnerId, c.BranchId, c.Version,
        c.Costs.OrderBy(x => x.IncurredOn).Select(x => new CostResponse(x.Id, x.Description, x.Category, x.Amount, c.Currency, x.IncurredOn, x.RecordedBy)).ToList(),
        c.Participants.OrderBy(p => p.Name).Select(p => new ParticipantResponse(p.Id, p.Name, p.Type, p.Phone, p.Email, p.Company, p.AccountId, p.Attended, p.LeadId)).ToList(),
        c.Reminders.OrderBy(r => r.RemindAtUtc).Select(r => new ReminderResponse(r.Id, r.MinutesBefore, r.RemindAtUtc, r.RecipientId, r.Note, r.SentAtUtc)).ToList(),
        results);
}

internal sealed record CostResponse(Guid Id, string Description, string? Category, decimal Amount, string Currency, DateOnly IncurredOn, string RecordedBy);

internal sealed record ParticipantResponse(Guid Id, string Name, ParticipantType Type, string? Phone, string? Email, string? Company, Guid? AccountId, bool Attended, Guid? LeadId);

internal sealed record ReminderResponse(Guid Id, int MinutesBefore, DateTime RemindAt, Guid? RecipientId, string? Note, DateTime? SentAt);

/// <summary>
/// What the campaign produced: leads, conversions, pipeline and won revenue (in the company currency, <see cref="Currency"/>,
/// at each deal's rate) against its cost. The return on investment is left out when the campaign is in another currency.
/// </summary>
internal sealed record CampaignResults(
    int Leads, int ConvertedLeads, int Opportunities, decimal OpenPipeline, int Won, decimal WonRevenue, decimal ActualCost, decimal? ReturnOnInvestmentPercent,
    string Currency);

internal sealed record CampaignListItem(
    Guid Id, string Name, CampaignType Type, DateTime StartsAt, DateTime EndsAt, decimal Budget, decimal ActualCost, CampaignStatus Status, Guid? OwnerId, string Currency);

internal interface ICampaignFields
{
    string? Name { get; }

    string? Type { get; }

    string? Topic { get; }

    string? Content { get; }

    DateTime? StartsAt { get; }

    DateTime? EndsAt { get; }

    decimal? Budget { get; }

    /// <summary>ISO 4217 code of the budget and the costs; left out, the company currency (new) or the current one (edit).</summary>
    string? Currency { get; }

    Guid? OwnerId { get; }

    Guid? BranchId { get; }
}

/// <summary>Keyset position (start descending, id ascending) of the last campaign on a page.</summary>
internal static class CampaignCursor
{
    internal sealed record Position(DateTime StartsAt, Guid Id);

    public static string Encode(CampaignListItem last) =>
        KeysetCursor.Encode(new Position(last.StartsAt, last.Id));

    public static bool TryDecode(string cursor, out Position? position) => KeysetCursor.TryDecode(cursor, out position);
}

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
        RuleFor(c => c.Currency).CurrencyCode();
        RuleFor(c => c.OwnerId).NotEqual(Guid.Empty);
        RuleFor(c => c.BranchId).NotEqual(Guid.Empty);
    }
}
