using System.Net;
using System.Net.Http.Json;
using Crm.TestKit;

namespace Crm.Products.Tests;

[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class CategoryTests : IDisposable
{
    private readonly CrmApp _app = new(enabledModules: ["Products"]);

    internal static async Task<Guid> CreateCategoryAsync(HttpClient client, string name, Guid? parentId) =>
        (await (await (await client.PostAsJsonAsync("/api/products/categories", new { name, parentId })).ShouldHave(HttpStatusCode.Created)).ReadJson())
        .GetProperty("id").GetGuid();

    [Fact]
    public async Task Categories_form_a_tree_that_moves_whole_and_never_into_itself()
    {
        using var client = _app.CreateClient();
        var machines = await CreateCategoryAsync(client, "机床", null);
        var lathes = await CreateCategoryAsync(client, "数控车床", machines);
        var small = await CreateCategoryAsync(client, "小型", lathes);
        var tools = await CreateCategoryAsync(client, "刀具", null);

        await (await client.PostAsJsonAsync("/api/products/categories", new { name = "数控车床", parentId = machines })).ShouldHave(HttpStatusCode.Conflict);
        var intoItself = await client.PutAsJsonAsync($"/api/products/categories/{machines}", new { name = "机床", parentId = small, version = 1 });
        await intoItself.ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("parentId", (await intoItself.ReadFieldErrors()).Keys);

        await (await client.PutAsJsonAsync($"/api/products/categories/{lathes}", new { name = "车床", parentId = tools, version = 1 })).ShouldHave(HttpStatusCode.OK);

        var tree = (await (await client.GetAsync("/api/products/categories")).ReadJson()).EnumerateArray()
            .Select(c => $"{c.GetProperty("depth").GetInt32()}:{c.GetProperty("name").GetString()}").ToList();
        Assert.Equal(["0:刀具", "1:车床", "2:小型", "0:机床"], tree);
        await (await client.PostAsJsonAsync("/api/products", ProductApiTests.Lathe("SMALL-1", small))).ShouldHave(HttpStatusCode.Created);
        var underTools = await (await client.GetAsync($"/api/products?categoryId={tools}")).ReadJson();
        Assert.Equal("SMALL-1", underTools.GetProperty("items").EnumerateArray().Single().GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_category_without_a_name_is_refused_with_a_field_error()
    {
        using var client = _app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/products/categories", new { name = " " });

        await response.ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("name", (await response.ReadFieldErrors()).Keys);
    }

    public void Dispose() => _app.Dispose();
}
