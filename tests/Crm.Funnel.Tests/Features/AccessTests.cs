using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;
using Staff = Crm.Funnel.Tests.Support.InMemoryStaffDirectory;

namespace Crm.Funnel.Tests.Features;

/// <summary>
/// Who may do what (route policies, ADR 0026) and who sees which sales records (record visibility, ADR 0025): a
/// salesperson works their own leads and opportunities and sees unowned queue leads, a branch manager the branch's,
/// head office everything; a record outside one's scope is a 404.
/// </summary>
public sealed class AccessTests(AccessTests.Fixture fixture) : IClassFixture<AccessTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public FunnelApp App { get; } = new();

        public void Dispose() => App.Dispose();
    }

    private FunnelApp App => fixture.App;

    private HttpClient As(Guid user, string role) => App.App.CreateClientAs(user, role);

    [Fact]
    public async Task A_salesperson_sees_own_and_unowned_leads_but_not_a_colleagues()
    {
        var own = await App.CreateLeadAsync(FunnelApp.NewLead(ownerId: Staff.User1));
        var colleagues = await App.CreateLeadAsync(FunnelApp.NewLead(ownerId: Staff.User2));
        var queued = await App.CreateLeadAsync();
        using var user1 = As(Staff.User1, CrmRoles.Sales);

        await (await user1.GetAsync($"/api/funnel/leads/{own}")).ShouldHave(HttpStatusCode.OK);
        await (await user1.GetAsync($"/api/funnel/leads/{queued}")).ShouldHave(HttpStatusCode.OK);
        await (await user1.GetAsync($"/api/funnel/leads/{colleagues}")).ShouldHave(HttpStatusCode.NotFound);
        await (await user1.PostAsJsonAsync($"/api/funnel/leads/{colleagues}/follow-ups", new { channel = "Email", summary = "Hi" })).ShouldHave(HttpStatusCode.NotFound);
        var list = await (await user1.GetAsync("/api/funnel/leads?pageSize=200")).ShouldHave(HttpStatusCode.OK).ContinueWith(t => t.Result.ReadJson()).Unwrap();
        var ids = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(own, ids);
        Assert.Contains(queued, ids);
        Assert.DoesNotContain(colleagues, ids);
    }

    [Fact]
    public async Task A_branch_manager_sees_the_leads_and_opportunities_of_the_branch()
    {
        var lead = await App.CreateLeadAsync(FunnelApp.NewLead(ownerId: Staff.User2, branchId: Staff.Branch));
        // A record lands in its owner's unit (issue 14): typed into another branch, a branch member's lead is still theirs.
        var typedElsewhere = await App.CreateLeadAsync(FunnelApp.NewLead(ownerId: Staff.User2, branchId: Guid.NewGuid()));
        var elsewhere = await App.CreateLeadAsync(FunnelApp.NewLead(ownerId: Guid.NewGuid(), branchId: Guid.NewGuid()));
        using var manager = As(Staff.Manager, CrmRoles.BranchManager);

        await (await manager.GetAsync($"/api/funnel/leads/{lead}")).ShouldHave(HttpStatusCode.OK);
        await (await manager.GetAsync($"/api/funnel/leads/{typedElsewhere}")).ShouldHave(HttpStatusCode.OK);
        await (await manager.GetAsync($"/api/funnel/leads/{elsewhere}")).ShouldHave(HttpStatusCode.NotFound);
        // Reassigning within the branch is the manager's job.
        var moved = await (await manager.PostAsJsonAsync($"/api/funnel/leads/{lead}/assign", new { ownerId = Staff.User3 })).ShouldHave(HttpStatusCode.OK);
        Assert.Equal(Staff.User3, (await moved.ReadJson()).GetProperty("ownerId").GetGuid());
    }

    [Fact]
    public async Task Opportunities_their_quotes_and_the_funnel_follow_the_owner()
    {
        var account = await App.CreateAccountAsync();
        var mine = (await App.CreateOpportunityAsync(account, 1000m, new DateOnly(2027, 1, 1), Staff.User1)).GetProperty("id").GetGuid();
        var theirs = (await App.CreateOpportunityAsync(account, 5000m, new DateOnly(2027, 1, 1), Staff.User2)).GetProperty("id").GetGuid();
        var quote = await App.PostAsync($"/api/funnel/opportunities/{theirs}/quotes",
            new { lines = new[] { new { description = "X", quantity = 1, unitPrice = 10m } } }, HttpStatusCode.Created);
        using var user1 = As(Staff.User1, CrmRoles.Sales);

        await (await user1.GetAsync($"/api/funnel/opportunities/{mine}")).ShouldHave(HttpStatusCode.OK);
        await (await user1.GetAsync($"/api/funnel/opportunities/{theirs}")).ShouldHave(HttpStatusCode.NotFound);
        await (await user1.GetAsync($"/api/funnel/quotes/{quote.GetProperty("id").GetGuid()}")).ShouldHave(HttpStatusCode.NotFound);
        await (await user1.PostAsJsonAsync($"/api/funnel/opportunities/{theirs}/stage", new { stageId = await App.StageIdAsync("Won") })).ShouldHave(HttpStatusCode.NotFound);
        var funnel = await (await user1.GetAsync("/api/funnel/analytics/funnel")).ShouldHave(HttpStatusCode.OK).ContinueWith(t => t.Result.ReadJson()).Unwrap();
        var everyone = await App.GetAsync("/api/funnel/analytics/funnel");
        Assert.True(funnel.GetProperty("openAmount").GetDecimal() < everyone.GetProperty("openAmount").GetDecimal());
        var board = await (await user1.GetAsync("/api/funnel/board")).ShouldHave(HttpStatusCode.OK).ContinueWith(t => t.Result.ReadJson()).Unwrap();
        var cards = board.GetProperty("columns").EnumerateArray().SelectMany(c => c.GetProperty("cards").EnumerateArray()).Select(c => c.GetProperty("ownerId").GetGuid()).Distinct();
        Assert.Equal([Staff.User1], cards);
    }

    [Fact]
    public async Task A_salespersons_new_opportunity_without_an_owner_is_their_own()
    {
        var account = await App.CreateAccountAsync(ownerId: Staff.User2);
        using var user1 = As(Staff.User1, CrmRoles.Sales);

        var created = await (await user1.PostAsJsonAsync("/api/funnel/opportunities", new { name = "Mine", accountId = account, expectedCloseDate = "2027-01-31" }))
            .ShouldHave(HttpStatusCode.Created);

        Assert.Equal(Staff.User1, (await created.ReadJson()).GetProperty("ownerId").GetGuid());
    }

    [Fact]
    public async Task A_salesperson_takes_queue_leads_for_themself_only()
    {
        var queued = await App.CreateLeadAsync();
        await App.PostAsync($"/api/funnel/leads/{queued}/assign", new { queue = "Inside sales" });
        using var user1 = As(Staff.User1, CrmRoles.Sales);

        await (await user1.PostAsJsonAsync($"/api/funnel/leads/{queued}/claim", new { userId = Staff.User2 })).ShouldHave(HttpStatusCode.UnprocessableEntity);
        var taken = await (await user1.PostAsJsonAsync($"/api/funnel/leads/{queued}/claim", new { })).ShouldHave(HttpStatusCode.OK);

        Assert.Equal(Staff.User1, (await taken.ReadJson()).GetProperty("ownerId").GetGuid());
    }

    public static TheoryData<string, string, string, string> Forbidden => new()
    {
        { "POST", "/api/funnel/leads", """{"name":"X","email":"x@y.test"}""", CrmRoles.Executive },
        { "POST", "/api/funnel/leads/import?dryRun=true", "name,email\nX,x@y.test\n", CrmRoles.Sales },
        { "POST", "/api/funnel/pipelines", """{"name":"Other"}""", CrmRoles.Sales },
        { "POST", "/api/funnel/analytics/rebuild", "{}", CrmRoles.BranchManager },
        { "POST", $"/api/funnel/leads/{Guid.NewGuid()}/assign", """{"queue":"Q"}""", CrmRoles.Sales },
        { "POST", $"/api/funnel/quotes/{Guid.NewGuid()}/approval", """{"approved":true}""", CrmRoles.Sales },
        { "POST", "/api/funnel/campaigns", """{"name":"C","type":"Seminar"}""", CrmRoles.ProcessOwner },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public async Task A_role_outside_the_routes_policy_gets_403(string method, string path, string body, string role)
    {
        using var client = As(Guid.NewGuid(), role);
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, body.StartsWith('{') ? "application/json" : "text/csv"),
        };

        await (await client.SendAsync(request)).ShouldHave(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Executives_read_everything_and_decide_discounts_but_change_nothing_else()
    {
        using var executive = As(Guid.NewGuid(), CrmRoles.Executive);
        var lead = await App.CreateLeadAsync(FunnelApp.NewLead(ownerId: Staff.User2));

        await (await executive.GetAsync($"/api/funnel/leads/{lead}")).ShouldHave(HttpStatusCode.OK);
        await (await executive.GetAsync("/api/funnel/analytics/forecast")).ShouldHave(HttpStatusCode.OK);
        await (await executive.PostAsJsonAsync($"/api/funnel/quotes/{Guid.NewGuid()}/approval", new { approved = true })).ShouldHave(HttpStatusCode.NotFound);
        await (await executive.PostAsJsonAsync($"/api/funnel/leads/{lead}/qualify", new { })).ShouldHave(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Staff_routes_need_a_sign_in_but_the_web_form_does_not()
    {
        using var anonymous = App.App.CreateAnonymousClient();

        await (await anonymous.GetAsync("/api/funnel/leads")).ShouldHave(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync("/api/public/leads/form-token")).ShouldHave(HttpStatusCode.OK);
    }
}
