using System.Net;
using System.Net.Http.Json;
using Crm.BuildingBlocks.Identity;
using Crm.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Identity.Tests;

/// <summary>The staff directory the inbox and the modules use: users with manager, branch and roles.</summary>
public sealed class StaffDirectoryTests
{
    [Fact]
    public async Task Staff_are_found_by_id_and_listed_by_role_and_branch()
    {
        using var app = new CrmApp();
        var branch = Guid.NewGuid();
        var boss = await app.CreateUserAsync("dir.boss", roles: [CrmRoles.BranchManager], branchId: branch, displayName: "B Boss");
        var ann = await app.CreateUserAsync("dir.ann", roles: [CrmRoles.Sales, CrmRoles.Service], branchId: branch, managerId: boss, displayName: "A Ann");
        var gone = await app.CreateUserAsync("dir.gone", roles: [CrmRoles.Sales], branchId: branch, displayName: "C Gone");
        await app.CreateUserAsync("dir.elsewhere", roles: [CrmRoles.Sales], branchId: Guid.NewGuid(), displayName: "D Elsewhere");
        using (var admin = app.CreateClient())
        {
            await (await admin.PutAsJsonAsync($"/api/users/{gone}", new { userName = "dir.gone", displayName = "C Gone", roles = new[] { CrmRoles.Sales }, branchId = branch, isActive = false }))
                .ShouldHave(HttpStatusCode.OK);
        }

        using var scope = app.Services.CreateScope();
        var staff = scope.ServiceProvider.GetRequiredService<IStaffDirectory>();

        var found = await staff.FindAsync(ann);
        Assert.NotNull(found);
        Assert.Equal(new StaffMember(ann, "dir.ann", "A Ann", null, boss, branch, [CrmRoles.Sales, CrmRoles.Service], true) with { Roles = found.Roles }, found);
        Assert.Equal([CrmRoles.Sales, CrmRoles.Service], found.Roles);
        Assert.Null(await staff.FindAsync(Guid.NewGuid()));
        Assert.Equal(["A Ann", "C Gone"], (await staff.FindManyAsync([gone, ann, Guid.NewGuid()])).Select(s => s.DisplayName));
        Assert.False((await staff.FindAsync(gone))!.IsActive);

        // Lists hold active staff only, by display name.
        Assert.Equal(["A Ann", "B Boss"], (await staff.ListAsync(branchId: branch)).Select(s => s.DisplayName));
        Assert.Equal(["A Ann"], (await staff.ListAsync(CrmRoles.Sales, branch)).Select(s => s.DisplayName));
        Assert.Contains("D Elsewhere", (await staff.ListAsync(CrmRoles.Sales)).Select(s => s.DisplayName));
    }
}
