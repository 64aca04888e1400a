using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.BuildingBlocks.Identity;
using Crm.TestKit;

namespace Crm.Products.Tests;

/// <summary>The catalogue's API in the real host: validation, If-Match, unique codes under concurrency, and who sees costs.</summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class ProductApiTests : IDisposable
{
    private readonly CrmApp _app = new(enabledModules: ["Products"]);

    internal static object Lathe(string code = "CNC-6140", Guid? categoryId = null) => new
    {
        code,
        name = "数控车床 CK6140",
        kind = "Product",
        categoryId,
        unit = "台",
        standardCost = 82000.00m,
        taxRate = "13",
        prices = new[] { new { currency = "CNY", amount = 128000.00m }, new { currency = "USD", amount = 18500.00m } },
        attributes = new[] { new { key = "功率", value = "7.5kW" }, new { key = "颜色", value = "银灰" } },
    };

    [Fact]
    public async Task A_product_is_created_read_back_and_changed_only_with_the_version_it_was_read_at()
    {
        using var client = _app.CreateClient();
        var created = await (await (await client.PostAsJsonAsync("/api/products", Lathe())).ShouldHave(HttpStatusCode.Created)).ReadJson();
        var id = created.GetProperty("id").GetGuid();

        var read = await (await client.GetAsync($"/api/products/{id}")).ShouldHave(HttpStatusCode.OK);
        var product = await read.ReadJson();
        Assert.Equal("CNC-6140", product.GetProperty("code").GetString());
        Assert.Equal("台", product.GetProperty("unit").GetString());
        Assert.Equal("13", product.GetProperty("taxRate").GetString());
        Assert.Equal(82000.00m, product.GetProperty("standardCost").GetDecimal());
        Assert.Equal("CNY", product.GetProperty("costCurrency").GetString());
        Assert.True(product.GetProperty("isActive").GetBoolean());
        Assert.Equal(["CNY:128000.00", "USD:18500.00"], product.GetProperty("prices").EnumerateArray()
            .Select(p => $"{p.GetProperty("currency").GetString()}:{p.GetProperty("amount").GetDecimal():0.00}"));
        Assert.Equal(["功率=7.5kW", "颜色=银灰"], product.GetProperty("attributes").EnumerateArray()
            .Select(a => $"{a.GetProperty("key").GetString()}={a.GetProperty("value").GetString()}"));
        var etag = read.Headers.ETag!.Tag;

        using var update = new HttpRequestMessage(HttpMethod.Put, $"/api/products/{id}")
        {
            Content = JsonContent.Create(new { code = "CNC-6140", name = "数控车床 CK6140A", unit = "台", isActive = false, prices = new[] { new { currency = "CNY", amount = 126000m } } }),
        };
        update.Headers.IfMatch.ParseAdd(etag);
        var changed = await (await (await client.SendAsync(update)).ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.Equal("数控车床 CK6140A", changed.GetProperty("name").GetString());
        Assert.False(changed.GetProperty("isActive").GetBoolean());
        Assert.Single(changed.GetProperty("prices").EnumerateArray());

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/products/{id}") { Content = JsonContent.Create(new { code = "CNC-6140", name = "Lost update" }) };
        stale.Headers.IfMatch.ParseAdd(etag);
        await (await client.SendAsync(stale)).ShouldHave(HttpStatusCode.PreconditionFailed);
        Assert.Equal("数控车床 CK6140A", (await (await client.GetAsync($"/api/products/{id}")).ReadJson()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Bad_input_is_refused_with_field_errors_and_nothing_is_written()
    {
        using var client = _app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/products", new
        {
            code = "", name = "", kind = "Gadget", standardCost = -1m, costCurrency = "RMB", taxRate = "17",
            prices = new[] { new { currency = "CNY", amount = 1.005m }, new { currency = "CNY", amount = 2m } },
            attributes = new[] { new { key = "", value = "x" } },
        });

        await response.ShouldHave(HttpStatusCode.BadRequest);
        var errors = await response.ReadFieldErrors();
        foreach (var field in new[] { "code", "name", "kind", "standardCost", "costCurrency", "taxRate", "prices", "prices[0].amount", "attributes[0].key" })
        {
            Assert.True(errors.ContainsKey(field), $"No error for {field}: {string.Join(", ", errors.Keys)}");
        }

        // An empty code is only "required", not also "letters, digits …".
        Assert.Equal(["Code is required."], errors["code"]);

        var unknownCategory = await client.PostAsJsonAsync("/api/products", Lathe(categoryId: Guid.NewGuid()));
        await unknownCategory.ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("categoryId", (await unknownCategory.ReadFieldErrors()).Keys);

        var list = await (await client.GetAsync("/api/products")).ReadJson();
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_code_is_unique_whatever_its_case()
    {
        using var client = _app.CreateClient();
        await (await client.PostAsJsonAsync("/api/products", Lathe("cnc-6140"))).ShouldHave(HttpStatusCode.Created);

        await (await client.PostAsJsonAsync("/api/products", Lathe("CNC-6140"))).ShouldHave(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Two_people_saving_the_same_code_at_the_same_moment_get_one_product_and_one_conflict()
    {
        // Each request passes the "is the code free" check before either saves; only the unique index can stop the
        // second, and its refusal must still answer 409, never 500.
        for (var round = 0; round < 3; round++)
        {
            var code = $"RACE-{round}";
            var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
            {
                using var client = _app.CreateClient();
                return await client.PostAsJsonAsync("/api/products", Lathe(code));
            }));

            Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
            Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        }

        using var reader = _app.CreateClient();
        var list = await (await reader.GetAsync("/api/products?search=RACE")).ReadJson();
        Assert.Equal(3, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_salesperson_reads_the_catalogue_without_costs_and_cannot_change_it_while_a_manager_sees_costs()
    {
        using var admin = _app.CreateClient();
        var id = (await (await (await admin.PostAsJsonAsync("/api/products", Lathe())).ShouldHave(HttpStatusCode.Created)).ReadJson()).GetProperty("id").GetGuid();
        using var sales = _app.CreateClientAs(Guid.NewGuid(), CrmRoles.Sales);
        using var manager = _app.CreateClientAs(Guid.NewGuid(), CrmRoles.BranchManager);

        var seenBySales = await (await (await sales.GetAsync($"/api/products/{id}")).ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.Equal(JsonValueKind.Null, seenBySales.GetProperty("standardCost").ValueKind);
        var listedForSales = await (await sales.GetAsync("/api/products")).ReadJson();
        Assert.Equal(JsonValueKind.Null, listedForSales.GetProperty("items")[0].GetProperty("standardCost").ValueKind);
        Assert.DoesNotContain("82000", await (await sales.GetAsync("/api/products/export")).Content.ReadAsStringAsync());
        await (await sales.PostAsJsonAsync("/api/products", Lathe("SALES-1"))).ShouldHave(HttpStatusCode.Forbidden);

        var seenByManager = await (await (await manager.GetAsync($"/api/products/{id}")).ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.Equal(82000.00m, seenByManager.GetProperty("standardCost").GetDecimal());
        await (await manager.PostAsJsonAsync("/api/products", Lathe("MGR-1"))).ShouldHave(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_list_pages_by_code_and_filters_by_words_category_subtree_and_active_flag()
    {
        using var client = _app.CreateClient();
        var machines = await CategoryTests.CreateCategoryAsync(client, "机床", null);
        var lathes = await CategoryTests.CreateCategoryAsync(client, "数控车床", machines);
        var services = await CategoryTests.CreateCategoryAsync(client, "服务", null);
        for (var i = 1; i <= 5; i++)
        {
            await (await client.PostAsJsonAsync("/api/products", Lathe($"L-{i}", lathes))).ShouldHave(HttpStatusCode.Created);
        }

        await (await client.PostAsJsonAsync("/api/products", new { code = "SVC-1", name = "上门安装调试", kind = "Service", categoryId = services, unit = "次", isActive = false }))
            .ShouldHave(HttpStatusCode.Created);

        var codes = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await (await client.GetAsync($"/api/products?categoryId={machines}&pageSize=2" + (cursor is null ? "" : $"&cursor={cursor}")))
                .ShouldHave(HttpStatusCode.OK)).ReadJson();
            codes.AddRange(page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("code").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(["L-1", "L-2", "L-3", "L-4", "L-5"], codes);
        var installed = await (await client.GetAsync("/api/products?search=安装&active=false")).ReadJson();
        Assert.Equal("SVC-1", installed.GetProperty("items").EnumerateArray().Single().GetProperty("code").GetString());
        Assert.Empty((await (await client.GetAsync("/api/products?search=安装&active=true")).ReadJson()).GetProperty("items").EnumerateArray());
        await (await client.GetAsync("/api/products?pageSize=0&cursor=nonsense")).ShouldHave(HttpStatusCode.BadRequest);
    }

    public void Dispose() => _app.Dispose();
}
