using System.Reflection;
using Crm.Accounts.Domain;
using Crm.Accounts.Features.ArchiveAccount;
using Crm.Accounts.Features.AuditLog;
using Crm.Accounts.Features.ChangeOwner;
using Crm.Accounts.Features.ChangeStage;
using Crm.Accounts.Features.Contacts;
using Crm.Accounts.Features.CreateAccount;
using Crm.Accounts.Features.ExportAccounts;
using Crm.Accounts.Features.GetAccount;
using Crm.Accounts.Features.ImportAccounts;
using Crm.Accounts.Features.Interactions;
using Crm.Accounts.Features.ListAccounts;
using Crm.Accounts.Features.StageHistory;
using Crm.Accounts.Features.TransferOwners;
using Crm.Accounts.Features.UpdateAccount;
using Crm.Accounts.Pages;
using Crm.Accounts.Persistence;
using Crm.Accounts.PublicApi;
using Crm.Accounts.Features.Shared;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.CustomFields;
using Crm.BuildingBlocks.Hosting;
using Crm.BuildingBlocks.Records;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Messaging;
using Crm.BuildingBlocks.Modules;
using Crm.BuildingBlocks.Ownership;
using Crm.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Crm.Accounts;

/// <summary>Customers, contacts and partners: lifecycle, source, credit, owners and the follow-up log.</summary>
public sealed class AccountsModule : IModule, IModuleUi
{
    public const string ModuleName = "Accounts";

    public string Name => ModuleName;

    public Assembly PagesAssembly => typeof(AccountsModule).Assembly;

    public IReadOnlyList<UiNavigationItem> Navigation { get; } =
    [
        new("accounts", "NavAccounts", typeof(AccountsText), Icons.Material.Filled.Business, Order: 10, DescriptionKey: "NavAccountsDescription",
            Policy: CrmPolicies.AccountsRead),
    ];

    public IReadOnlyList<Type> DashboardWidgets { get; } = [typeof(CustomersNeedingContact)];

    public void RegisterServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<AccountsDbContext, AccountsSqliteDbContext, AccountsSqlServerDbContext, AccountsPostgreSqlDbContext>(configuration, ModuleName);
        services.AddCustomFields<AccountsDbContext>(ModuleName, AccountFields.CustomFieldEntity);
        services.AddModuleMediator(typeof(AccountsModule).Assembly);
        services.AddIntegrationEventHandlers<AccountsDbContext>(typeof(AccountsModule).Assembly);
        services.AddScoped<IAccountsApi, AccountsApi>();
        services.AddOwnershipContribution<AccountsOwnershipContribution>();
        services.AddRecordCollaborators<AccountsDbContext>();
        services.AddCollaboratorKind<AccountsDbContext, Account>("accounts");
        services.AddOwnedRecordKind<Account>(ModuleName, "accounts", "/api/accounts", k => k with { ExportPath = "/api/accounts/export" });
        services.AddSingleton<IWarmUp, ListAccountsWarmUp>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapListAccounts();
        endpoints.MapCreateAccount();
        endpoints.MapGetAccount();
        endpoints.MapCollaborators("accounts", "/{id:guid}", CrmPolicies.AccountsRead, CrmPolicies.AccountsWrite);
        endpoints.MapUpdateAccount();
        endpoints.MapChangeStage();
        endpoints.MapChangeOwner();
        endpoints.MapTransferOwners();
        endpoints.MapArchiveAccount();
        endpoints.MapRestoreAccount();
        endpoints.MapContacts();
        endpoints.MapInteractions();
        endpoints.MapStageHistory();
        endpoints.MapAccountAudit();
        endpoints.MapImportAccounts();
        endpoints.MapExportAccounts();
    }
}
