using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.TestKit;

namespace Crm.Accounts.Tests.Features;

public sealed class LifecycleTests(AccountsFixture fx) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task Stage_changes_are_kept_in_the_history_with_dates()
    {
        var id = (await fx.CreateAsync(AccountsFixture.NewAccount(stage: "Potential"))).GetProperty("id").GetGuid();

        await (await fx.Client.PostAsJsonAsync($"/api/accounts/{id}/stage", new { stage = "Opportunity" })).ShouldHave(HttpStatusCode.OK);
        var lost = await fx.Client.PostAsJsonAsync($"/api/accounts/{id}/stage", new { stage = "Lost", reason = "Chose a competitor" });
        await lost.ShouldHave(HttpStatusCode.OK);
        Assert.Equal("Lost", (await lost.ReadJson()).GetProperty("stage").GetString());

        var history = await (await fx.Client.GetAsync($"/api/accounts/{id}/stage-history")).ReadJson();
        var entries = history.EnumerateArray().ToList();
        Assert.Equal(3, entries.Count);
        Assert.Equal(JsonValueKind.Null, entries[0].GetProperty("fromStage").ValueKind);
        Assert.Equal("Potential", entries[0].GetProperty("toStage").GetString());
        Assert.Equal("Opportunity", entries[1].GetProperty("toStage").GetString());
        Assert.Equal("Chose a competitor", entries[2].GetProperty("reason").GetString());
        Assert.True(entries[2].GetProperty("changedAt").GetDateTime() >= entries[1].GetProperty("changedAt").GetDateTime());
    }

    [Fact]
    public async Task Lost_without_a_reason_is_422_with_the_field_and_changes_nothing()
    {
        var id = (await fx.CreateAsync(AccountsFixture.NewAccount())).GetProperty("id").GetGuid();

        var response = await fx.Client.PostAsJsonAsync($"/api/accounts/{id}/stage", new { stage = "Lost" });

        await response.ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("reason", (await response.ReadFieldErrors()).Keys);
        var account = await (await fx.Client.GetAsync($"/api/accounts/{id}")).ReadJson();
        Assert.Equal("ToIdentify", account.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task An_unknown_stage_is_a_validation_error()
    {
        var id = (await fx.CreateAsync(AccountsFixture.NewAccount())).GetProperty("id").GetGuid();
        var response = await fx.Client.PostAsJsonAsync($"/api/accounts/{id}/stage", new { stage = "Golden" });
        await response.ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("stage", (await response.ReadFieldErrors()).Keys);
    }

    [Fact]
    public async Task Owner_change_is_stored()
    {
        var id = (await fx.CreateAsync(AccountsFixture.NewAccount(ownerId: Guid.NewGuid()))).GetProperty("id").GetGuid();
        var next = Guid.NewGuid();

        var response = await fx.Client.PostAsJsonAsync($"/api/accounts/{id}/owner", new { ownerId = next, reason = "Territory change" });

        await response.ShouldHave(HttpStatusCode.OK);
        Assert.Equal(next, (await response.ReadJson()).GetProperty("ownerId").GetGuid());
    }

    [Fact]
    public async Task Bulk_transfer_moves_every_active_account_of_the_leaver()
    {
        var leaver = Guid.NewGuid();
        var successor = Guid.NewGuid();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await fx.CreateAsync(AccountsFixture.NewAccount(ownerId: leaver))).GetProperty("id").GetGuid());
        }

        await (await fx.Client.PostAsync($"/api/accounts/{ids[2]}/archive", null)).ShouldHave(HttpStatusCode.OK);

        var response = await fx.Client.PostAsJsonAsync("/api/accounts/owner-transfers", new { fromOwnerId = leaver, toOwnerId = successor, reason = "Leaver" });

        await response.ShouldHave(HttpStatusCode.OK);
        Assert.Equal(2, (await response.ReadJson()).GetProperty("transferred").GetInt32());
        var successorList = await (await fx.Client.GetAsync($"/api/accounts?ownerId={successor}")).ReadJson();
        Assert.Equal(2, successorList.GetProperty("items").GetArrayLength());
        var leaverList = await (await fx.Client.GetAsync($"/api/accounts?ownerId={leaver}&includeArchived=true")).ReadJson();
        Assert.Equal(ids[2], Assert.Single(leaverList.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Transfer_of_a_list_with_a_foreign_account_transfers_nothing()
    {
        var owner = Guid.NewGuid();
        var mine = (await fx.CreateAsync(AccountsFixture.NewAccount(ownerId: owner))).GetProperty("id").GetGuid();
        var foreign = (await fx.CreateAsync(AccountsFixture.NewAccount(ownerId: Guid.NewGuid()))).GetProperty("id").GetGuid();

        var response = await fx.Client.PostAsJsonAsync("/api/accounts/owner-transfers",
            new { fromOwnerId = owner, toOwnerId = Guid.NewGuid(), accountIds = new[] { mine, foreign } });

        await response.ShouldHave(HttpStatusCode.UnprocessableEntity);
        var account = await (await fx.Client.GetAsync($"/api/accounts/{mine}")).ReadJson();
        Assert.Equal(owner, account.GetProperty("ownerId").GetGuid());
    }

    [Fact]
    public async Task Transfer_to_the_same_owner_is_a_validation_error()
    {
        var owner = Guid.NewGuid();
        var response = await fx.Client.PostAsJsonAsync("/api/accounts/owner-transfers", new { fromOwnerId = owner, toOwnerId = owner });
        await response.ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("toOwnerId", (await response.ReadFieldErrors()).Keys);
    }

    [Fact]
    public async Task Archived_accounts_leave_the_list_refuse_edits_and_come_back_on_restore()
    {
        var owner = Guid.NewGuid();
        var id = (await fx.CreateAsync(AccountsFixture.NewAccount(ownerId: owner))).GetProperty("id").GetGuid();

        await (await fx.Client.PostAsync($"/api/accounts/{id}/archive", null)).ShouldHave(HttpStatusCode.OK);
        Assert.Equal(0, (await (await fx.Client.GetAsync($"/api/accounts?ownerId={owner}")).ReadJson()).GetProperty("items").GetArrayLength());
        Assert.Equal(1, (await (await fx.Client.GetAsync($"/api/accounts?ownerId={owner}&includeArchived=true")).ReadJson()).GetProperty("items").GetArrayLength());
        await (await fx.Client.PostAsJsonAsync($"/api/accounts/{id}/stage", new { stage = "User" })).ShouldHave(HttpStatusCode.UnprocessableEntity);
        await (await fx.Client.PostAsync($"/api/accounts/{id}/archive", null)).ShouldHave(HttpStatusCode.UnprocessableEntity);

        await (await fx.Client.PostAsync($"/api/accounts/{id}/restore", null)).ShouldHave(HttpStatusCode.OK);
        Assert.Equal(1, (await (await fx.Client.GetAsync($"/api/accounts?ownerId={owner}")).ReadJson()).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Contacts_can_be_added_changed_and_removed()
    {
        var id = (await fx.CreateAsync(AccountsFixture.NewAccount())).GetProperty("id").GetGuid();

        var added = await (await fx.Client.PostAsJsonAsync($"/api/accounts/{id}/contacts", new { name = "Zhang San", email = "zs@x.test", isPrimary = true }))
            .ShouldHave(HttpStatusCode.Created);
        var contactId = (await added.ReadJson()).GetProperty("contacts")[0].GetProperty("id").GetGuid();

        var changed = await (await fx.Client.PutAsJsonAsync($"/api/accounts/{id}/contacts/{contactId}", new { name = "Zhang San", title = "CFO" }))
            .ShouldHave(HttpStatusCode.OK);
        Assert.Equal("CFO", (await changed.ReadJson()).GetProperty("contacts")[0].GetProperty("title").GetString());

        var bad = await fx.Client.PostAsJsonAsync($"/api/accounts/{id}/contacts", new { name = "", email = "nope" });
        await bad.ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("name", (await bad.ReadFieldErrors()).Keys);

        await (await fx.Client.DeleteAsync($"/api/accounts/{id}/contacts/{contactId}")).ShouldHave(HttpStatusCode.OK);
        await (await fx.Client.DeleteAsync($"/api/accounts/{id}/contacts/{contactId}")).ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Logging_an_interaction_updates_last_contact_and_lists_newest_first()
    {
        var id = (await fx.CreateAsync(AccountsFixture.NewAccount())).GetProperty("id").GetGuid();
        var older = DateTime.UtcNow.AddDays(-3);
        var newer = DateTime.UtcNow.AddDays(-1);

        await (await fx.Client.PostAsJsonAsync($"/api/accounts/{id}/interactions", new { channel = "Visit", summary = "Site visit", occurredAt = newer }))
            .ShouldHave(HttpStatusCode.Created);
        await (await fx.Client.PostAsJsonAsync($"/api/accounts/{id}/interactions", new { channel = "Telephone", summary = "Call", occurredAt = older }))
            .ShouldHave(HttpStatusCode.Created);

        var account = await (await fx.Client.GetAsync($"/api/accounts/{id}")).ReadJson();
        Assert.Equal(newer, account.GetProperty("lastContactAt").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        var log = await (await fx.Client.GetAsync($"/api/accounts/{id}/interactions?pageSize=1")).ReadJson();
        Assert.Equal("Visit", log.GetProperty("items")[0].GetProperty("channel").GetString());
        Assert.True(log.GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task Interactions_reject_bad_input()
    {
        var id = (await fx.CreateAsync(AccountsFixture.NewAccount())).GetProperty("id").GetGuid();

        var bad = await fx.Client.PostAsJsonAsync($"/api/accounts/{id}/interactions", new { channel = "Pigeon", summary = "" });
        await bad.ShouldHave(HttpStatusCode.BadRequest);
        var errors = await bad.ReadFieldErrors();
        Assert.Contains("channel", errors.Keys);
        Assert.Contains("summary", errors.Keys);

        var future = await fx.Client.PostAsJsonAsync($"/api/accounts/{id}/interactions", new { channel = "Email", summary = "x", occurredAt = DateTime.UtcNow.AddDays(2) });
        await future.ShouldHave(HttpStatusCode.UnprocessableEntity);

        await (await fx.Client.GetAsync($"/api/accounts/{Guid.NewGuid()}/interactions")).ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_audit_log_shows_who_changed_what_before_and_after()
    {
        var id = (await fx.CreateAsync(AccountsFixture.NewAccount(name: "Audited Co"))).GetProperty("id").GetGuid();
        var update = new HttpRequestMessage(HttpMethod.Put, $"/api/accounts/{id}") { Content = JsonContent.Create(new { name = "Audited Group", creditLimit = 77m }) };
        update.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await (await fx.Client.SendAsync(update)).ShouldHave(HttpStatusCode.OK);
        await (await fx.Client.PostAsJsonAsync($"/api/accounts/{id}/contacts", new { name = "Audit Contact" })).ShouldHave(HttpStatusCode.Created);

        var log = await (await fx.Client.GetAsync($"/api/accounts/{id}/audit")).ShouldHave(HttpStatusCode.OK);
        var entries = (await log.ReadJson()).GetProperty("items").EnumerateArray().ToList();

        var contactCreated = entries.Single(e => e.GetProperty("entity").GetString() == "Contact");
        Assert.Equal("Created", contactCreated.GetProperty("action").GetString());
        var renamed = entries.First(e => e.GetProperty("action").GetString() == "Updated" && e.GetProperty("changes").TryGetProperty("Name", out _));
        Assert.Equal(["Audited Co", "Audited Group"], renamed.GetProperty("changes").GetProperty("Name").EnumerateArray().Select(v => v.GetString()));
        Assert.False(renamed.GetProperty("changes").TryGetProperty("SearchText", out _), "derived columns stay out of the audit log");
        Assert.Equal("Created", entries[^1].GetProperty("action").GetString());
        Assert.Equal(TestAuthentication.AdministratorId.ToString(), entries[^1].GetProperty("by").GetString());

        await (await fx.Client.GetAsync($"/api/accounts/{Guid.NewGuid()}/audit")).ShouldHave(HttpStatusCode.NotFound);
    }
}
