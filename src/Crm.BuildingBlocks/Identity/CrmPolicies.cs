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
    };

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
