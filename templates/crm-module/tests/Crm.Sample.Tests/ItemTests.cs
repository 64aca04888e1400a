using System.Net;
using System.Net.Http.Json;
using Crm.BuildingBlocks.Identity;
using Crm.TestKit;

namespace Crm.Sample.Tests;

/// <summary>The module in the real host (registered for the test, migrated at start-up) through its HTTP API.</summary>
public sealed class ItemTests : IDisposable
{
    private readonly CrmApp _app = new(enabledModules: [], extraModules: [new SampleModule()]);

    [Fact]
    public async Task An_item_is_created_and_read_back()
    {
        using var client = _app.CreateClient();

        var created = await (await client.PostAsJsonAsync("/api/sample/items", new { name = "First item" })).ShouldHave(HttpStatusCode.Created);
        var item = await created.ReadJson();
        var read = await (await client.GetAsync($"/api/sample/items/{item.GetProperty("id").GetGuid()}")).ShouldHave(HttpStatusCode.OK);

        Assert.Equal("First item", (await read.ReadJson()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_item_without_a_name_is_refused_with_a_field_error()
    {
        using var client = _app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/sample/items", new { name = "" });

        await response.ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("name", (await response.ReadFieldErrors()).Keys);
    }

    [Fact]
    public async Task Only_signed_in_people_reach_the_module()
    {
        using var anonymous = _app.CreateAnonymousClient();

        var response = await anonymous.GetAsync($"/api/sample/items/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public void Dispose() => _app.Dispose();
}
