using System.Net;
using System.Text.Json;
using Crm.Branches.Demo;
using Crm.BuildingBlocks.Identity;
using Crm.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Branches.Tests.Features;

/// <summary>
/// The demo organisation (Demo:Seed with Branches on): headquarters in Shanghai, three branches with a sales and a
/// service team each, and every demo user placed inside the branch their profile (and so their demo customers) names.
/// </summary>
public sealed class DemoOrganisationTests : IDisposable
{
    private readonly CrmApp _app = new(["Branches"], new Dictionary<string, string?> { ["Demo:Seed"] = "true" });

    [Fact]
    public async Task The_demo_company_is_hq_three_branches_and_their_sales_and_service_teams()
    {
        using var admin = _app.CreateClient();

        var units = (await (await (await admin.GetAsync("/api/branches/units")).ShouldHave(HttpStatusCode.OK)).ReadJson()).EnumerateArray().ToList();

        Assert.Equal(
            ["BJ", "BJ-SALES", "BJ-SERVICE", "HQ", "SH", "SH-SALES", "SH-SERVICE", "SZ", "SZ-SALES", "SZ-SERVICE"],
            units.Select(u => u.GetProperty("code").GetString()!).Order(StringComparer.Ordinal).ToList());
        var hq = units.Single(u => u.GetProperty("code").GetString() == "HQ");
        Assert.Equal("总部（上海）", hq.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, hq.GetProperty("parentId").ValueKind);
        foreach (var branch in BranchesDemoSeeder.Branches)
        {
            var unit = units.Single(u => u.GetProperty("id").GetGuid() == branch.Id);
            Assert.Equal(hq.GetProperty("id").GetGuid(), unit.GetProperty("parentId").GetGuid());
            Assert.Equal(2, units.Count(u => u.TryGetProperty("parentId", out var p) && p.ValueKind == JsonValueKind.String && p.GetGuid() == branch.Id));
        }
    }

    [Fact]
    public async Task Every_demo_user_sits_inside_the_branch_of_their_profile_and_reports_up_their_branch()
    {
        using var admin = _app.CreateClient();
        var units = (await (await admin.GetAsync("/api/branches/units")).ReadJson()).EnumerateArray()
            .ToDictionary(u => u.GetProperty("id").GetGuid(), u => u.TryGetProperty("parentId", out var p) && p.ValueKind == JsonValueKind.String ? p.GetGuid() : (Guid?)null);
        IReadOnlyList<StaffMember> staff;
        using (var scope = _app.Services.CreateScope())
        {
            staff = await scope.ServiceProvider.GetRequiredService<IStaffDirectory>().ListAsync();
        }

        var demo = staff.Where(s => BranchesDemoSeeder.Placements.Any(p => p.Person == s.UserId)).ToList();
        Assert.Equal(BranchesDemoSeeder.Placements.Count, demo.Count);
        foreach (var person in demo)
        {
            var where = await (await (await admin.GetAsync($"/api/branches/people/{person.UserId}")).ShouldHave(HttpStatusCode.OK)).ReadJson();
            var unit = where.GetProperty("unitId").GetGuid();
            // Up from the person's unit to the top: their profile's branch (or, without one, headquarters) is on the way.
            var line = new List<Guid>();
            for (Guid? next = unit; next is { } u; next = units[u])
            {
                line.Add(u);
            }

            Assert.Contains(person.BranchId ?? BranchesDemoSeeder.Headquarters, line);
            var chain = where.GetProperty("managerChain").EnumerateArray().Select(e => e.GetGuid()).ToList();
            if (person.ManagerId is { } manager)
            {
                Assert.Equal(manager, chain.FirstOrDefault());
            }
        }
    }

    public void Dispose() => _app.Dispose();
}
