using System.Reflection;
using System.Threading.RateLimiting;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.CustomFields;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Messaging;
using Crm.BuildingBlocks.Modules;
using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Analytics;
using Crm.Funnel.Features.Campaigns;
using Crm.Funnel.Features.Catalogue.SearchCatalogue;
using Crm.Funnel.Features.ExchangeRates;
using Crm.Funnel.Features.FollowUps;
using Crm.Funnel.Features.Leads;
using Crm.Funnel.Features.Leads.ExportLeads;
using Crm.Funnel.Features.Opportunities;
using Crm.Funnel.Features.Opportunities.OpportunityMargins;
using Crm.Funnel.Features.Pipelines;
using Crm.Funnel.Features.Quotes;
using Crm.Funnel.Features.Quotes.QuoteMargins;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Features.WebForm;
using Crm.Funnel.Jobs;
using Crm.Funnel.Pages;
using Crm.Funnel.Pages.Pipelines;
using Crm.Funnel.Persistence;
using Crm.Funnel.PublicApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Quartz;
using Crm.Funnel.Features.Handover;
using Crm.BuildingBlocks.Ownership;

namespace Crm.Funnel;

/// <summary>
/// The sales side of the CRM: campaigns, leads (captured, distributed by the assignment workflow, followed up,
/// converted), opportunities through configurable pipelines, quotes with discount approval, funnel and forecast.
/// </summary>
public sealed class FunnelModule : IModule, IModuleUi
{
    public const string ModuleName = "Funnel";

    public string Name => ModuleName;

    public Assembly PagesAssembly => typeof(FunnelModule).Assembly;

    public IReadOnlyList<UiNavigationItem> Navigation { get; } =
    [
        new("funnel/overview", "NavFunnel", typeof(FunnelText), Icons.Material.Filled.FilterAlt, Order: 20, DescriptionKey: "NavFunnelDescription",
            Policy: CrmPolicies.FunnelRead),
        new("funnel/board", "NavBoard", typeof(FunnelText), Icons.Material.Filled.ViewWeek, Order: 21, Policy: CrmPolicies.FunnelRead),
        new("funnel/leads", "NavLeads", typeof(FunnelText), Icons.Material.Filled.PersonSearch, Order: 22, DescriptionKey: "NavLeadsDescription",
            Policy: CrmPolicies.FunnelRead),
        new("funnel/opportunities", "NavOpportunities", typeof(FunnelText), Icons.Material.Filled.Handshake, Order: 23, Policy: CrmPolicies.FunnelRead),
        new("funnel/quotes", "NavQuotes", typeof(FunnelText), Icons.Material.Filled.RequestQuote, Order: 23, Policy: CrmPolicies.FunnelRead),
        new("funnel/campaigns", "NavCampaigns", typeof(FunnelText), Icons.Material.Filled.Campaign, Order: 24, Policy: CrmPolicies.FunnelRead),
        new("funnel/pipelines", "NavPipelines", typeof(PipelineText), Icons.Material.Filled.Tune, Order: 25, Policy: CrmPolicies.FunnelSetup),
        // Everyone may read the rates (the page is Funnel.Read); the menu shows them to those who keep them.
        new("funnel/exchange-rates", "NavExchangeRates", typeof(FunnelText), Icons.Material.Filled.CurrencyExchange, Order: 26, Policy: CrmPolicies.ExchangeRates),
    ];

    public IReadOnlyList<Type> DashboardWidgets { get; } = [typeof(MyOpenLeads)];

    public IReadOnlyList<UiRecordTab> RecordTabs { get; } =
    [
        new(UiRecords.Account, "AccountTabOpportunities", typeof(FunnelText), typeof(AccountOpportunitiesTab), Order: 100, Policy: CrmPolicies.FunnelRead),
        new(UiRecords.Account, "AccountTabQuotes", typeof(FunnelText), typeof(AccountQuotesTab), Order: 110, Policy: CrmPolicies.FunnelRead),
        new(UiRecords.Account, "AccountTabLeads", typeof(FunnelText), typeof(AccountLeadsTab), Order: 120, Policy: CrmPolicies.FunnelRead),
    ];

    /// <summary>Lead conversion creates accounts and contacts through IAccountsApi.</summary>
    public IReadOnlyCollection<string> Requires => ["Accounts"];

    /// <summary>Lines pick catalogue products while Products is on; without it they are free text, as before (ADR 0112).</summary>
    public IReadOnlyCollection<string> OptionalUses => ["Products"];

    public void RegisterServices(IServiceCollection services, IConfiguration configuration)
    {
        var options = FunnelOptions.From(configuration);
        services.AddSingleton(options);
        services.AddModuleDbContext<FunnelDbContext, FunnelSqliteDbContext, FunnelSqlServerDbContext, FunnelPostgreSqlDbContext>(configuration, ModuleName);
        services.AddCustomFields<FunnelDbContext>(ModuleName, FunnelCustomFields.Lead, FunnelCustomFields.Opportunity);
        services.AddModuleMediator(typeof(FunnelModule).Assembly);
        services.AddIntegrationEventHandlers<FunnelDbContext>(typeof(FunnelModule).Assembly);
        services.AddScoped<IFunnelApi, FunnelApi>();
        services.AddScoped<LinePricer>();
        services.AddOwnershipContribution<SalesOwnershipContribution>();
        services.AddRecordCollaborators<FunnelDbContext>();
        services.AddCollaboratorKind<FunnelDbContext, Lead>("leads");
        services.AddCollaboratorKind<FunnelDbContext, Opportunity>("opportunities");
        services.AddOwnedRecordKind<Lead>(ModuleName, "leads", "/api/funnel/leads");
        services.AddOwnedRecordKind<Opportunity>(ModuleName, "opportunities", "/api/funnel/opportunities");

        // A campaign is organised for the whole sales force: every Funnel reader sees all of them, whoever runs one.
        services.AddOwnedRecordKind<Campaign>(ModuleName, "campaigns", "/api/funnel/campaigns", k => k with { Audience = OwnedRecordAudience.Company });

        // The public web form: signed form tokens and one fixed-window limit per client address (ADR 0033).
        services.AddDataProtection();
        services.AddSingleton<FormTokens>();
        services.Configure<RateLimiterOptions>(o =>
        {
            o.AddPolicy(PublicLeadFormEndpoints.SubmitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, options.WebForm.PermitLimit), Window = TimeSpan.FromSeconds(Math.Max(1, options.WebForm.WindowSeconds)), QueueLimit = 0,
                }));
            o.AddPolicy(PublicLeadFormEndpoints.TokenPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, options.WebForm.PermitLimit * 3), Window = TimeSpan.FromSeconds(Math.Max(1, options.WebForm.WindowSeconds)), QueueLimit = 0,
                }));
        });

        if (options.Reminders.Enabled)
        {
            var interval = TimeSpan.FromSeconds(Math.Max(1, options.Reminders.PollingIntervalSeconds));
            var key = new JobKey("funnel-campaign-reminders", "funnel");
            services.AddQuartz(q =>
            {
                q.AddJob<CampaignReminderJob>(j => j.WithIdentity(key).StoreDurably());
                q.AddTrigger(t => t.ForJob(key).WithIdentity("funnel-campaign-reminders-trigger", "funnel").StartAt(DateTimeOffset.UtcNow.Add(interval))
                    .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever()));
            });
        }

    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGetPipeline();
        endpoints.MapCreatePipeline();
        endpoints.MapUpdatePipeline();
        endpoints.MapListPipelines();
        endpoints.MapCreateCampaign();
        endpoints.MapUpdateCampaign();
        endpoints.MapChangeCampaignStatus();
        endpoints.MapGetCampaign();
        endpoints.MapListCampaigns();
        endpoints.MapAddCost();
        endpoints.MapRemoveCost();
        endpoints.MapSaveParticipant();
        endpoints.MapRemoveParticipant();
        endpoints.MapCaptureParticipantLead();
        endpoints.MapAddReminder();
        endpoints.MapRemoveReminder();
        endpoints.MapListLeads();
        endpoints.MapExportLeads();
        endpoints.MapCreateLead();
        endpoints.MapGetLead();
        endpoints.MapCollaborators("leads", "/leads/{id:guid}", CrmPolicies.FunnelRead, CrmPolicies.FunnelWrite);
        endpoints.MapLeadHistory();
        endpoints.MapUpdateLead();
        endpoints.MapFindLeadDuplicate();
        endpoints.MapAssignLead();
        endpoints.MapClaimLead();
        endpoints.MapQualifyLead();
        endpoints.MapDisqualifyLead();
        endpoints.MapReopenLead();
        endpoints.MapLogLeadFollowUp();
        endpoints.MapListFollowUps();
        endpoints.MapConvertLead();
        endpoints.MapImportLeads();
        endpoints.MapListOpportunities();
        endpoints.MapCreateOpportunity();
        endpoints.MapGetOpportunity();
        endpoints.MapCollaborators("opportunities", "/opportunities/{id:guid}", CrmPolicies.FunnelRead, CrmPolicies.FunnelWrite);
        endpoints.MapOpportunityMargins();
        endpoints.MapUpdateOpportunity();
        endpoints.MapSetOpportunityLines();
        endpoints.MapChangeStage();
        endpoints.MapChangeOpportunityOwner();
        endpoints.MapSetNextStep();
        endpoints.MapLogOpportunityFollowUp();
        endpoints.MapStageHistory();
        endpoints.MapCreateQuote();
        endpoints.MapUpdateQuote();
        endpoints.MapGetQuote();
        endpoints.MapQuoteMargins();
        endpoints.MapSearchCatalogue();
        endpoints.MapListQuotes();
        endpoints.MapSubmitQuote();
        endpoints.MapDecideQuote();
        endpoints.MapSendQuote();
        endpoints.MapAcceptQuote();
        endpoints.MapDeclineQuote();
        endpoints.MapReviseQuote();
        endpoints.MapPrintQuote();
        endpoints.MapBrowseQuotes();
        endpoints.MapBoard();
        endpoints.MapFunnel();
        endpoints.MapForecast();
        endpoints.MapConversion();
        endpoints.MapSalesCycle();
        endpoints.MapRebuildStatistics();
        endpoints.MapListExchangeRates();
        endpoints.MapSetExchangeRate();
    }

    public void MapPublicEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapPublicLeadForm();
}
