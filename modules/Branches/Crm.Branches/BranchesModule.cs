using Crm.Branches.Features.Calendars.GetCalendars;
using Crm.Branches.Features.Calendars.GetHolidayYear;
using Crm.Branches.Features.Calendars.GetUnitCalendar;
using Crm.Branches.Features.Calendars.SetHolidayYear;
using Crm.Branches.Features.Calendars.SetUnitHours;
using Crm.Branches.Features.CreateUnit;
using Crm.Branches.Features.GetPerson;
using Crm.Branches.Features.GetUnit;
using Crm.Branches.Features.ListMembers;
using Crm.Branches.Features.ListUnits;
using Crm.Branches.Features.MovePerson;
using Crm.Branches.Features.SetReportsTo;
using Crm.Branches.Features.UpdateUnit;
using System.Reflection;
using Crm.Branches.Pages.Calendars;
using Crm.Branches.Pages;
using Crm.Branches.Persistence;
using Crm.Branches.PublicApi;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Messaging;
using Crm.BuildingBlocks.Modules;
using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.PublicApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;

namespace Crm.Branches;

/// <summary>
/// The organisation as data: units in a tree (HQ → region → branch → team) with managers and time zones, people's
/// memberships with effective dates, and reporting lines. While it is on, the platform's <see cref="IOrganisation"/> (record
/// visibility, the unit a new record lands in) answers from this tree (ADR 0100).
/// </summary>
public sealed class BranchesModule : IModule, IModuleUi
{
    public const string ModuleName = "Branches";

    public string Name => ModuleName;

    public Assembly PagesAssembly => typeof(BranchesModule).Assembly;

    public IReadOnlyList<UiNavigationItem> Navigation { get; } =
    [
        new("organisation", "NavOrganisation", typeof(BranchesText), Icons.Material.Filled.AccountTree, Order: 800, DescriptionKey: "NavOrganisationDescription",
            Policy: CrmPolicies.OrganisationRead),
        new("organisation/calendars", "NavCalendars", typeof(CalendarText), Icons.Material.Filled.EventAvailable, Order: 810, DescriptionKey: "NavCalendarsDescription",
            Policy: CrmPolicies.OrganisationRead),
    ];

    public void RegisterServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<BranchesDbContext, BranchesSqliteDbContext, BranchesSqlServerDbContext, BranchesPostgreSqlDbContext>(configuration, ModuleName);
        services.AddModuleMediator(typeof(BranchesModule).Assembly);
        services.AddIntegrationEventHandlers<BranchesDbContext>(typeof(BranchesModule).Assembly);
        services.AddScoped<IBranchesApi, BranchesApi>();
        // Replaces the building blocks' staff-profile organisation for the whole platform.
        services.RemoveAll<IOrganisation>();
        services.AddScoped<IOrganisation>(sp => sp.GetRequiredService<IBranchesApi>());
        // Unit calendars (hours inherited down the tree, yearly 休/班 dates) replace the company calendar (ADR 0102).
        services.AddScoped<BranchesBusinessCalendar>();
        services.RemoveAll<IBusinessCalendar>();
        services.AddScoped<IBusinessCalendar>(sp => sp.GetRequiredService<BranchesBusinessCalendar>());
        services.AddHealthChecks().AddCheck<Calendars.BusinessCalendarHealthCheck>("business-calendar");
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapListUnits();
        endpoints.MapGetUnit();
        endpoints.MapCreateUnit();
        endpoints.MapUpdateUnit();
        endpoints.MapMovePerson();
        endpoints.MapGetPerson();
        endpoints.MapListMembers();
        endpoints.MapSetReportsTo();
        endpoints.MapGetCalendars();
        endpoints.MapGetUnitCalendar();
        endpoints.MapSetUnitHours();
        endpoints.MapGetHolidayYear();
        endpoints.MapSetHolidayYear();
    }
}
