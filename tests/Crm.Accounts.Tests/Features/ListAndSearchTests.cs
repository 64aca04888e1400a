using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.TestKit;

namespace Crm.Accounts.Tests.Features;

[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class ListAndSearchTests(AccountsFixture fx) : IClassFixture<AccountsFixture>
{
    private static List<string> Names(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();

    private async Task<JsonElement> List(string query)
    {
        var response = await fx.Client.GetAsync("/api/accounts?" + query);
        await response.ShouldHave(HttpStatusCode.OK);
        return await response.ReadJson();
    }

    [Fact]
    public async Task Pages_are_sorted_by_name_and_keyset_cursors_continue_without_gaps_or_repeats()
    {
        var owner = Guid.NewGuid();
        var names = new[] { "Delta", "alpha", "Charlie", "Bravo", "Echo", "Alpha" };
        foreach (var name in names)
        {
            await fx.CreateAsync(AccountsFixture.NewAccount(name: name, ownerId: owner));
        }

        var first = await List($"ownerId={owner}&pageSize=4&includeTotal=true");
        Assert.Equal(["Alpha", "Bravo", "Charlie", "Delta"], Names(first));
        Assert.True(first.GetProperty("hasMore").GetBoolean());
        Assert.Equal(6, first.GetProperty("total").GetInt64());

        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await List($"ownerId={owner}&pageSize=4&cursor={cursor}");
        Assert.Equal(["Echo", "alpha"], Names(second));
        Assert.False(second.GetProperty("hasMore").GetBoolean());

        var offset = await List($"ownerId={owner}&pageSize=4&page=2");
        Assert.Equal(Names(second), Names(offset));

        var descending = await List($"ownerId={owner}&pageSize=3&direction=desc");
        Assert.Equal(["alpha", "Echo", "Delta"], Names(descending));
        var rest = await List($"ownerId={owner}&pageSize=3&direction=desc&cursor={descending.GetProperty("nextCursor").GetString()}");
        Assert.Equal(["Charlie", "Bravo", "Alpha"], Names(rest));
    }

    [Fact]
    public async Task Created_at_cursor_pages_through_everything_once()
    {
        var owner = Guid.NewGuid();
        for (var i = 0; i < 5; i++)
        {
            await fx.CreateAsync(AccountsFixture.NewAccount(name: $"Seq {i}", ownerId: owner));
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await List($"ownerId={owner}&pageSize=2&sort=createdAt" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(Names(page));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.String ? page.GetProperty("nextCursor").GetString() : null;
        }
        while (cursor is not null);

        Assert.Equal(["Seq 0", "Seq 1", "Seq 2", "Seq 3", "Seq 4"], seen);
    }

    [Fact]
    public async Task Filters_narrow_the_list()
    {
        var owner = Guid.NewGuid();
        var branch = Guid.NewGuid();
        await fx.CreateAsync(AccountsFixture.NewAccount(name: "F1", ownerId: owner, stage: "Potential", branchId: branch, source: "Referral", industry: "utilities", tags: ["vip"]));
        await fx.CreateAsync(AccountsFixture.NewAccount(name: "F2", ownerId: owner, stage: "Opportunity", source: "Website", industry: "wholesale-retail"));
        var contacted = (await fx.CreateAsync(AccountsFixture.NewAccount(name: "F3", ownerId: owner, stage: "Potential"))).GetProperty("id").GetGuid();
        await fx.Client.PostAsJsonAsync($"/api/accounts/{contacted}/interactions", new { channel = "Telephone", summary = "Call" });

        Assert.Equal(["F1", "F3"], Names(await List($"ownerId={owner}&stage=potential")));
        Assert.Equal(["F1"], Names(await List($"branchId={branch}")));
        Assert.Equal(["F1"], Names(await List($"ownerId={owner}&source=Referral")));
        Assert.Equal(["F1"], Names(await List($"ownerId={owner}&industry=utilities")));
        Assert.Equal(["F1"], Names(await List($"ownerId={owner}&tag=vip")));
        Assert.Equal(["F1", "F2"], Names(await List($"ownerId={owner}&notContactedForDays=30")));
    }

    [Fact]
    public async Task Search_finds_name_fragments_contacts_phones_emails_and_chinese_names()
    {
        var owner = Guid.NewGuid();
        var n = AccountsFixture.Next();
        var target = await fx.CreateAsync(new
        {
            name = $"Hangzhou Silkworks {n}",
            email = $"orders{n}@silkworks.test",
            phone = $"+86 571 8{n:0000000}",
            ownerId = owner,
            contacts = new[] { new { name = "欧阳娜娜", email = $"ouyang{n}@silkworks.test" } },
        });
        await fx.CreateAsync(AccountsFixture.NewAccount(name: "Unrelated Steel", ownerId: owner));
        var id = target.GetProperty("id").GetGuid();

        foreach (var term in new[] { "silkw", "SILKWORKS", $"orders{n}@", $"8{n:0000000}", "欧阳娜", "欧阳", "hangzhou silk" })
        {
            var page = await List($"ownerId={owner}&search={Uri.EscapeDataString(term)}");
            Assert.True(page.GetProperty("items").GetArrayLength() == 1, $"search '{term}' found {Names(page).Count} accounts");
            Assert.Equal(id, page.GetProperty("items")[0].GetProperty("id").GetGuid());
        }

        Assert.Empty(Names(await List($"ownerId={owner}&search=silkworks%20steel")));
        Assert.Empty(Names(await List($"ownerId={owner}&search=%25")));
    }

    [Fact]
    public async Task Search_follows_renames_and_contact_changes()
    {
        var owner = Guid.NewGuid();
        var created = await fx.CreateAsync(AccountsFixture.NewAccount(name: "Oldname Trading", ownerId: owner));
        var id = created.GetProperty("id").GetGuid();
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/accounts/{id}") { Content = JsonContent.Create(new { name = "Brandnew Trading" }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await (await fx.Client.SendAsync(request)).ShouldHave(HttpStatusCode.OK);

        Assert.Empty(Names(await List($"ownerId={owner}&search=oldname")));
        Assert.Single(Names(await List($"ownerId={owner}&search=brandnew")));
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=500", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("sort=colour", "sort")]
    [InlineData("stage=Golden", "stage")]
    [InlineData("source=Pigeon", "source")]
    [InlineData("customerLevel=emperor", "customerLevel")]
    [InlineData("notContactedForDays=-1", "notContactedForDays")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task Bad_list_parameters_are_field_errors(string query, string field)
    {
        var response = await fx.Client.GetAsync("/api/accounts?" + query);
        await response.ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains(field, (await response.ReadFieldErrors()).Keys);
    }

    [Fact]
    public async Task A_cursor_of_another_sort_order_is_refused()
    {
        var owner = Guid.NewGuid();
        await fx.CreateAsync(AccountsFixture.NewAccount(ownerId: owner));
        await fx.CreateAsync(AccountsFixture.NewAccount(ownerId: owner));
        var page = await List($"ownerId={owner}&pageSize=1");
        var response = await fx.Client.GetAsync($"/api/accounts?ownerId={owner}&pageSize=1&sort=createdAt&cursor={page.GetProperty("nextCursor").GetString()}");
        await response.ShouldHave(HttpStatusCode.BadRequest);
    }
}
