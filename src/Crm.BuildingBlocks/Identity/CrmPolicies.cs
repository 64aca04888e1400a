using Microsoft.AspNetCore.Authorization;

namespace Crm.BuildingBlocks.Identity;

/// <summary>
/// The authorisation policies of the whole product, by name. Endpoints use them with
/// <c>.RequireAuthorization(CrmPolicies.X)</c> and Blazor pages with <c>[Authorize(Policy = CrmPolicies.X)]</c>; the
/// role sets live here only, so "who may do what" is read in one place (docs/security.md has the matrix).
/// </summary>
public static class CrmPolicies
{
    /// <summary>Any signed-in person or API key, whatever its roles (own profile, own notifications, API reference).</summary>
    public const string SignedIn = "SignedIn";

    /// <summary>Users, roles, API keys and the identity audit log: Administrator.</summary>
    public const string Administration = "Administration";

    /// <summary>Installation set-up (modules and their migration state): Administrator, Implementer.</summary>
    public const string SystemSetup = "SystemSetup";

    /// <summary>The workflow designer (/designer) and its API (/elsa/api): Administrator, ProcessOwner.</summary>
    public const string ProcessDesign = "ProcessDesign";

    /// <summary>Read accounts (which ones: record visibility, see <see cref="RecordScope"/>): every CRM role.</summary>
    public const string AccountsRead = "Accounts.Read";

    /// <summary>Create and edit accounts, contacts, follow-ups, stages, archive: Administrator, Sales, Service, BranchManager.</summary>
    public const string AccountsWrite = "Accounts.Write";

    /// <summary>Change owners and transfer a leaver's accounts: Administrator, BranchManager.</summary>
    public const string AccountsAssign = "Accounts.Assign";

    /// <summary>Bulk CSV import: Administrator, Implementer (data migration).</summary>
    public const string AccountsImport = "Accounts.Import";

    /// <summary>Read the sales side (leads, opportunities, quotes, campaigns, funnel views; which records: record visibility): every CRM role.</summary>
    public const string FunnelRead = "Funnel.Read";

    /// <summary>Capture and work leads, opportunities, quotes and campaigns: Administrator, Sales, Service, BranchManager.</summary>
    public const string FunnelWrite = "Funnel.Write";

    /// <summary>Assign leads and opportunities to someone else by hand: Administrator, BranchManager.</summary>
    public const string FunnelAssign = "Funnel.Assign";

    /// <summary>Approve or reject a quote's discount: Administrator, BranchManager, Executive.</summary>
    public const string FunnelApprove = "Funnel.Approve";

    /// <summary>Bulk lead import (trade-show and purchased lists): Administrator, Implementer, BranchManager.</summary>
    public const string FunnelImport = "Funnel.Import";

    /// <summary>Configure pipelines and rebuild the funnel statistics: Administrator, Implementer.</summary>
    public const string FunnelSetup = "Funnel.Setup";

    /// <summary>
    /// Hand a leaver's work (tasks and the records every module contributes) to a successor: Administrator,
    /// BranchManager. An Executive reads everything but reassigns nothing (docs/security.md).
    /// </summary>
    public const string WorkTransfer = "Work.Transfer";

    /// <summary>Read the organisation: units, who belongs where, who reports to whom (Branches module): every CRM role.</summary>
    public const string OrganisationRead = "Organisation.Read";

    /// <summary>Build and change the unit tree, set managers, move people between units: Administrator.</summary>
    public const string OrganisationManage = "Organisation.Manage";

    /// <summary>
    /// Record and correct exchange rates to the company currency: Administrator, Executive. There is no finance role;
    /// management signs off money and the administrator keeps the installation's settings (docs/adr/0090). Everyone
    /// who reads the funnel reads the rates.
    /// </summary>
    public const string ExchangeRates = "Money.Rates";

    /// <summary>Read the product catalogue (Products module) and pick products on lines: every CRM role.</summary>
    public const string ProductsRead = "Products.Read";

    /// <summary>Keep the catalogue (products, categories, prices, CSV import): Administrator, Implementer.</summary>
    public const string ProductsManage = "Products.Manage";

    /// <summary>
    /// See standard costs and the margin of opportunity and quote lines: Administrator, Implementer (who keep the
    /// catalogue), BranchManager, Executive. Salespeople negotiate on price and never see cost (ADR 0112).
    /// </summary>
    public const string Margins = "Sales.Margins";

    /// <summary>The roles each role-based policy admits; <see cref="SignedIn"/> is not listed (any authenticated user).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Roles { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Administration] = [CrmRoles.Administrator],
        [SystemSetup] = [CrmRoles.Administrator, CrmRoles.Implementer],
        [ProcessDesign] = [CrmRoles.Administrator, CrmRoles.ProcessOwner],
        [AccountsRead] = CrmRoles.All,
        [AccountsWrite] = [CrmRoles.Administrator, CrmRoles.Sales, CrmRoles.Service, CrmRoles.BranchManager],
        [AccountsAssign] = [CrmRoles.Administrator, CrmRoles.BranchManager],
        [AccountsImport] = [CrmRoles.Administrator, CrmRoles.Implementer],
        [FunnelRead] = CrmRoles.All,
        [FunnelWrite] = [CrmRoles.Administrator, CrmRoles.Sales, CrmRoles.Service, CrmRoles.BranchManager],
        [FunnelAssign] = [CrmRoles.Administrator, CrmRoles.BranchManager],
        [FunnelApprove] = [CrmRoles.Administrator, CrmRoles.BranchManager, CrmRoles.Executive],
        [FunnelImport] = [CrmRoles.Administrator, CrmRoles.Implementer, CrmRoles.BranchManager],
        [FunnelSetup] = [CrmRoles.Administrator, CrmRoles.Implementer],
        [WorkTransfer] = [CrmRoles.Administrator, CrmRoles.BranchManager],
        [OrganisationRead] = CrmRoles.All,
        [OrganisationManage] = [CrmRoles.Administrator],
        [ExchangeRates] = [CrmRoles.Administrator, CrmRoles.Executive],
        [ProductsRead] = CrmRoles.All,
        [ProductsManage] = [CrmRoles.Administrator, CrmRoles.Implementer],
        [Margins] = [CrmRoles.Administrator, CrmRoles.Implementer, CrmRoles.BranchManager, CrmRoles.Executive],
    };

    /// <summary>Whether <paramref name="user"/> holds one of the roles <paramref name="policy"/> admits, for answers that only hide a part (a cost column).</summary>
    public static bool Allows(this Application.ICurrentUser user, string policy) =>
        user.IsAuthenticated && Roles[policy].Any(user.IsInRole);

    /// <summary>Registers every policy above (called once by the host's identity set-up).</summary>
    public static AuthorizationOptions AddCrmPolicies(this AuthorizationOptions options)
    {
        options.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser());
        foreach (var (name, roles) in Roles)
        {
            options.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(roles));
        }

        return options;
    }
}
