using System.Net;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Branches.Tests.Permissions;

/// <summary>
/// Issue 14.7: every registered owned record kind × every endpoint kind it exposes × every permission level, through
/// <see cref="PermissionSweep"/>. A module that registers its records and forgets the rule on one endpoint fails here
/// (proved on <see cref="ForgetfulModule"/>); a module that does not register an owned entity fails the coverage test.
/// </summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class GeneratedPermissionTests
{
    /// <summary>The level of manager.sh (BranchManager of SH, above SH-T1 where sales.sh works); chosen units: Beijing.</summary>
    [Theory]
    [InlineData("Own", new[] { "mine" })]
    [InlineData("OwnAndReports", new[] { "mine", "seller" })]
    [InlineData("Unit", new[] { "mine", "unowned" })]
    [InlineData("UnitSubtree", new[] { "mine", "seller", "unowned" })]
    [InlineData("ChosenUnits", new[] { "beijing", "mine" })]
    [InlineData("All", new[] { "beijing", "mine", "seller", "unowned" })]
    public async Task Every_owned_record_kind_shows_exactly_the_levels_records_on_every_endpoint(string level, string[] visible)
    {
        using var org = await BuildAsync(level);

        var failures = await PermissionSweep.RunAsync(org, visible);

        Assert.Empty(failures);
        Assert.Superset(new HashSet<string> { "accounts", "leads", "opportunities", "campaigns" }, PermissionSweep.Kinds(org).Select(k => k.Kind).ToHashSet());
    }

    [Fact]
    public async Task The_sweep_reports_a_module_whose_list_forgets_the_rule()
    {
        using var org = await BuildAsync("UnitSubtree", new ForgetfulModule());

        var failures = await PermissionSweep.RunAsync(org, ["mine", "seller", "unowned"], k => k.Module == "Forgetful");

        var failure = Assert.Single(failures);
        Assert.StartsWith("Forgetful/gadgets list: shows [beijing, mine, seller, unowned]", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_owned_entity_in_every_module_database_is_registered_as_a_kind()
    {
        IServiceCollection? registered = null;
        using var org = await TestOrganisation.BuildAsync(services: s => registered = s);
        var kinds = PermissionSweep.Kinds(org).Select(k => k.EntityType).ToHashSet();

        using var scope = org.App.Services.CreateScope();
        var owned = registered!
            .Where(d => typeof(DbContext).IsAssignableFrom(d.ServiceType) && !d.ServiceType.IsAbstract)
            .Select(d => scope.ServiceProvider.GetService(d.ServiceType))
            .OfType<DbContext>()
            .SelectMany(db => db.Model.GetEntityTypes())
            .Select(e => e.ClrType)
            .Where(t => typeof(IOwnedRecord).IsAssignableFrom(t))
            .ToHashSet();

        Assert.NotEmpty(owned);
        Assert.Empty(owned.Except(kinds).Select(t => t.FullName));
    }

    [Fact]
    public async Task The_roles_page_shows_each_roles_level_and_the_chosen_units_by_name()
    {
        using var org = await BuildAsync("ChosenUnits");
        using var admin = org.App.CreateClient(new() { AllowAutoRedirect = false });

        var html = await (await (await admin.GetAsync("/roles")).ShouldHave(HttpStatusCode.OK)).Content.ReadAsStringAsync();

        Assert.Matches("data-testid=\"role-data-BranchManager\"[^>]*>\\s*Chosen units: BJ\\s*<", html);
        Assert.Matches("data-testid=\"role-data-Sales\"[^>]*>\\s*Own\\s*<", html);
        Assert.DoesNotContain(org.Units["BJ"].ToString(), html, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The chosen units are the ids of units the organisation creates after the host starts, so the options take a list
    /// that is filled once they exist (options are read per request, and the list is the same object).
    /// </summary>
    private static async Task<TestOrganisation> BuildAsync(string level, params Crm.BuildingBlocks.Modules.IModule[] extra)
    {
        var chosen = new List<Guid>();
        var org = await TestOrganisation.BuildAsync(
            new Dictionary<string, string?> { [$"DataPermission:Levels:{CrmRoles.BranchManager}"] = level },
            extra,
            s => s.PostConfigure<DataPermissionOptions>(o => o.ChosenUnits[CrmRoles.BranchManager] = chosen));
        chosen.Add(org.Units["BJ"]);
        return org;
    }
}
