using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.CustomFields;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.BuildingBlocks.PublicApi;
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

namespace Crm.Funnel.Features.Leads;

/// <summary>Captures a lead by hand (or from a campaign). Without an owner the assignment workflow distributes it.</summary>
internal sealed record CreateLeadCommand(
    string? Name,
    string? Company,
    string? JobTitle,
    string? Email,
    string? Phone,
    string? Industry,
    string? Territory,
    string? City,
    string? Notes,
    Guid? BranchId,
    string? Source,
    Guid? CampaignId,
    Guid? OwnerId) : IRequest<LeadResponse>, ILeadFields
{
    /// <summary>Set from the query string: the user saw the duplicate warning and creates the lead anyway.</summary>
    public bool AllowDuplicate { get; init; }

    [JsonIgnore]
    public LeadCapture CapturedVia { get; init; } = LeadCapture.Manual;

    /// <summary>Custom-field values by key (ADR 0121).</summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? CustomFields { get; init; }
}

internal sealed class CreateLeadValidator : AbstractValidator<CreateLeadCommand>
{
    public CreateLeadValidator(IDictionaries dictionaries)
    {
        Include(new LeadFieldsValidator());
        RuleFor(c => c.Source).MaximumLength(50).InDictionary(dictionaries, DictionaryKeys.SourceChannel);
        RuleFor(c => c.OwnerId).NotEqual(Guid.Empty).WithMessage("Owner id cannot be the empty id.");
        RuleFor(c => c.CampaignId).NotEqual(Guid.Empty).WithMessage("Campaign id cannot be the empty id.");
    }
}

internal sealed class CreateLeadHandler(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock, CustomFieldValues customFields, IDictionaries dictionaries)
    : IRequestHandler<CreateLeadCommand, LeadResponse>
{
    public async Task<LeadResponse> Handle(CreateLeadCommand command, CancellationToken cancellationToken)
    {
        if (command.CampaignId is { } campaignId && !await db.Campaigns.AnyAsync(c => c.Id == campaignId, cancellationToken))
        {
            throw new BusinessRuleException($"Campaign {campaignId} does not exist.", "campaignId");
        }

        var scope = await visibility.GetScopeAsync(cancellationToken);
        if (!command.AllowDuplicate && await LeadIntake.FindDuplicateAsync(db, command.Email, command.Phone, null, cancellationToken) is { } duplicate)
        {
            throw LeadIntake.Conflict(duplicate, scope,
                $"An open lead with the same {duplicate.MatchedOn} already exists: '{duplicate.Name}'. Open it, or create anyway with ?allowDuplicate=true.");
        }

        // A lead entered without an owner goes to the assignment workflow; without a branch, a branch manager's lands in its branch.
        var details = LeadFields.ToDetails(command);
        if (details.BranchId is null && scope.BranchId is { } branch)
        {
            details = details with { BranchId = branch };
        }

        var source = await dictionaries.CodeAsync(DictionaryKeys.SourceChannel, command.Source, cancellationToken)
                     ?? (command.CampaignId is null ? SourceChannelCodes.OwnDevelopment : SourceChannelCodes.Event);
        var lead = Lead.Create(details, source, command.CapturedVia, command.CampaignId, command.OwnerId, user.Id, clock.GetUtcNow().UtcDateTime);
        db.Leads.Add(lead);
        await customFields.SetAsync(db, FunnelCustomFields.Lead, lead.Id, command.CustomFields, creating: true, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return LeadResponse.From(lead) with { CustomFields = await customFields.ReadAsync(db, FunnelCustomFields.Lead, lead.Id, cancellationToken) };
    }
}

internal static class CreateLeadEndpoint
{
    internal static RouteHandlerBuilder MapCreateLead(this IEndpointRouteBuilder app) =>
        app.MapPost("/leads", Handle)
            .WithName("CreateLead")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Capture a lead by hand (409 with the existing lead when its e-mail or phone is already an open lead)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Created<LeadResponse>> Handle(
        CreateLeadCommand command, bool? allowDuplicate, IMediator mediator, HttpResponse response, CancellationToken cancellationToken)
    {
        var created = await mediator.Send(command with { AllowDuplicate = allowDuplicate ?? false, CapturedVia = command.CampaignId is null ? LeadCapture.Manual : LeadCapture.Campaign }, cancellationToken);
        return Versioning.Created(response, $"/api/funnel/leads/{created.Id}", created);
    }
}
