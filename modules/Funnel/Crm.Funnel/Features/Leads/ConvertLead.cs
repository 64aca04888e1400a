using System.Text.Json.Serialization;
using Crm.Accounts.PublicApi;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Pricing;
using Crm.BuildingBlocks.Records;
using Crm.BuildingBlocks.PublicApi;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.ExchangeRates;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Funnel.Features.Leads;

/// <summary>
/// Turns an open lead into a customer: an account (created through the Accounts module, or the existing duplicate it
/// matches, or the one given in <see cref="AccountId"/>), the lead's person as its contact, and, unless
/// <see cref="CreateOpportunity"/> is false, an opportunity in the first stage of the pipeline.
/// </summary>
internal sealed record ConvertLeadCommand(
    Guid? AccountId,
    string? AccountName,
    bool? CreateOpportunity,
    string? OpportunityName,
    decimal? Amount,
    DateOnly? ExpectedCloseDate,
    Guid? PipelineId,
    long? Version) : IRequest<ConversionResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }

    /// <summary>ISO 4217 code of the new opportunity's amount; the company currency when left out.</summary>
    public string? Currency { get; init; }
}

internal sealed record ConversionResponse(Guid LeadId, Guid AccountId, bool AccountCreated, string? DuplicateMatchedOn, Guid? ContactId, Guid? OpportunityId);

internal sealed class ConvertLeadValidator : AbstractValidator<ConvertLeadCommand>
{
    public ConvertLeadValidator()
    {
        RuleFor(c => c.AccountId).NotEqual(Guid.Empty).WithMessage("Account id cannot be the empty id.");
        RuleFor(c => c.AccountName).MaximumLength(200);
        RuleFor(c => c.OpportunityName).MaximumLength(200);
        RuleFor(c => c.Amount).Money("Amount");
        RuleFor(c => c.Currency).CurrencyCode();
    }
}

internal sealed class ConvertLeadHandler(
    FunnelDbContext db, IAccountsApi accounts, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock, IOptions<MoneyOptions> money,
    IDictionaries dictionaries)
    : IRequestHandler<ConvertLeadCommand, ConversionResponse>
{
    public async Task<ConversionResponse> Handle(ConvertLeadCommand command, CancellationToken cancellationToken)
    {
        var lead = await db.LoadLeadAsync(command.Id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        Versioning.EnsureCurrent("lead", lead.Version, command.Version);
        lead.EnsureOpen();
        var createOpportunity = command.CreateOpportunity ?? true;
        var pipeline = createOpportunity ? await db.LoadPipelineOrDefaultAsync(command.PipelineId, cancellationToken) : null;
        var person = lead.Company is null
            ? null
            : new NewContact(lead.Name, lead.JobTitle, lead.Email, lead.Phone, IsPrimary: true);

        // The account lives in the Accounts module and is saved by it first. If this conversion then fails, the account
        // stays; converting again finds it as a duplicate (same e-mail or phone) and links to it instead of creating a second.
        Guid accountId;
        var created = false;
        string? matchedOn = null;
        Guid? contactId = null;
        if (command.AccountId is { } existingId)
        {
            if (await accounts.GetSummaryAsync(existingId, cancellationToken) is null)
            {
                throw new BusinessRuleException($"Account {existingId} does not exist.", "accountId");
            }

            accountId = existingId;
            contactId = person is null ? null : (await accounts.AddContactAsync(accountId, person, cancellationToken)).ContactId;
        }
        else
        {
            var creation = await accounts.CreateAccountAsync(
                new NewAccount(
                    Normalize.Text(command.AccountName) ?? lead.Company ?? lead.Name,
                    lead.Company is null ? "Person" : "Company",
                    lead.Source,
                    await IndustryCodeAsync(lead.Industry, cancellationToken),
                    Email: lead.Email,
                    Phone: lead.Phone,
                    City: lead.City,
                    Notes: lead.Notes,
                    OwnerId: lead.OwnerId,
                    BranchId: lead.BranchId,
                    Stage: createOpportunity ? "Opportunity" : "Potential",
                    Contacts: person is null ? [] : [person]),
                cancellationToken);
            accountId = creation.AccountId;
            created = creation.Created;
            matchedOn = creation.DuplicateMatchedOn;
            contactId = creation.ContactIds.Count > 0 ? creation.ContactIds[0]
                : person is null ? (Guid?)null : (await accounts.AddContactAsync(accountId, person, cancellationToken)).ContactId;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        Opportunity? opportunity = null;
        var delta = StatisticsDelta.Combine([]);
        if (pipeline is not null)
        {
            var stage = pipeline.FirstOpenStage;
            var company = money.Value.CompanyCurrency;
            var currency = await DocumentCurrencies.CaptureAsync(db, command.Currency ?? company, company, DateOnly.FromDateTime(now), cancellationToken);
            opportunity = Opportunity.Create(
                new OpportunityDetails(
                    Normalize.Text(command.OpportunityName) ?? $"{lead.Company ?? lead.Name} ({await SourceLabelAsync(lead.Source, cancellationToken)})",
                    command.Amount ?? 0m,
                    command.ExpectedCloseDate ?? DateOnly.FromDateTime(now).AddDays(90),
                    contactId,
                    lead.BranchId,
                    lead.Notes),
                accountId, pipeline, stage, lead.OwnerId, lead.CampaignId, lead.Id, null, currency, user.Id, now);
            db.Opportunities.Add(opportunity);
            db.OpportunityStageChanges.Add(opportunity.InitialStageChange(stage));

            // The conversation so far belongs to the deal now: whoever works it reads the lead's follow-ups there too.
            var history = await db.FollowUps.AsNoTracking().Where(f => f.Subject == FollowUpSubject.Lead && f.SubjectId == lead.Id).ToListAsync(cancellationToken);
            db.FollowUps.AddRange(history.Select(f => f.CopyTo(FollowUpSubject.Opportunity, opportunity.Id)));
            delta = Contribution.Diff(Contribution.None, Contribution.Of(opportunity, pipeline));
        }

        lead.MarkConverted(accountId, created, contactId, opportunity?.Id, user.Id, now);
        await StatisticsStore.SaveAsync(db, delta, cancellationToken);
        return new ConversionResponse(lead.Id, accountId, created, matchedOn, contactId, opportunity?.Id);
    }

    /// <summary>
    /// A lead's industry is what the prospect typed (the web form takes free text); the account takes it only when it
    /// names an entry of the industry dictionary, by code or by either label, and otherwise it stays on the lead (ADR 0125).
    /// </summary>
    private async Task<string?> IndustryCodeAsync(string? text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var typed = text.Trim();
        var entries = await dictionaries.EntriesAsync(DictionaryKeys.Industry, includeRetired: true, cancellationToken);
        return entries.FirstOrDefault(e => string.Equals(e.Code, typed, StringComparison.OrdinalIgnoreCase)
                                           || string.Equals(e.LabelEnglish, typed, StringComparison.OrdinalIgnoreCase)
                                           || string.Equals(e.LabelChinese, typed, StringComparison.Ordinal))?.Code;
    }

    private async Task<string> SourceLabelAsync(string source, CancellationToken cancellationToken) =>
        (await dictionaries.FindAsync(DictionaryKeys.SourceChannel, source, cancellationToken))?.LabelFor(System.Globalization.CultureInfo.CurrentUICulture) ?? source;
}

internal static class ConvertLeadEndpoint
{
    internal static RouteHandlerBuilder MapConvertLead(this IEndpointRouteBuilder app) =>
        app.MapPost("/leads/{id:guid}/convert", async (Guid id, ConvertLeadCommand command, IMediator mediator, HttpRequest request, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct)))
            .WithName("ConvertLead")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Convert a lead into an account (or link the existing duplicate), a contact and an opportunity")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
