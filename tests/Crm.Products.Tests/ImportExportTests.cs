using System.Net;
using System.Net.Http.Json;
using System.Text;
using Crm.TestKit;

namespace Crm.Products.Tests;

[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class ImportExportTests : IDisposable
{
    private readonly CrmApp _app = new(enabledModules: ["Products"]);

    static ImportExportTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static ByteArrayContent Csv(string text, Encoding encoding) =>
        new(encoding.GetBytes(text)) { Headers = { ContentType = new("text/csv") } };

    [Fact]
    public async Task An_exported_catalogue_imports_again_unchanged_into_another_installation()
    {
        using var client = _app.CreateClient();
        var machines = await CategoryTests.CreateCategoryAsync(client, "机床", null);
        var lathes = await CategoryTests.CreateCategoryAsync(client, "数控车床", machines);
        await (await client.PostAsJsonAsync("/api/products", ProductApiTests.Lathe("CNC-6140", lathes))).ShouldHave(HttpStatusCode.Created);
        await (await client.PostAsJsonAsync("/api/products", new
        {
            code = "SVC-INST", name = "上门安装, 调试 \"含培训\"", kind = "Service", unit = "次", taxRate = "6", isActive = false,
            prices = new[] { new { currency = "CNY", amount = 3000m } },
        })).ShouldHave(HttpStatusCode.Created);
        var exported = await (await (await client.GetAsync("/api/products/export")).ShouldHave(HttpStatusCode.OK)).Content.ReadAsByteArrayAsync();

        using var other = new CrmApp(enabledModules: ["Products"]);
        using var target = other.CreateClient();
        var otherMachines = await CategoryTests.CreateCategoryAsync(target, "机床", null);
        await CategoryTests.CreateCategoryAsync(target, "数控车床", otherMachines);
        var report = await (await (await target.PostAsync("/api/products/import", new ByteArrayContent(exported) { Headers = { ContentType = new("text/csv") } }))
            .ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.Equal(2, report.GetProperty("created").GetInt32());

        var again = await (await target.GetAsync("/api/products/export")).Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetString(exported), Encoding.UTF8.GetString(again));
        Assert.Contains("CNC-6140,数控车床 CK6140,Product,机床/数控车床,台,13,82000.00,CNY,true,CNY=128000.00;USD=18500.00,功率=7.5kW;颜色=银灰,", Encoding.UTF8.GetString(again));

        // Imported again, a known code updates its product instead of failing or doubling it.
        var update = await (await (await target.PostAsync("/api/products/import", new ByteArrayContent(exported) { Headers = { ContentType = new("text/csv") } }))
            .ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.Equal(0, update.GetProperty("created").GetInt32());
        Assert.Equal(2, update.GetProperty("updated").GetInt32());
    }

    [Fact]
    public async Task A_file_saved_by_Chinese_Excel_in_GB18030_keeps_its_Chinese_names()
    {
        using var client = _app.CreateClient();
        const string csv = "code,name,unit,prices,attributes\r\nYB-100,液压泵 YB-100,台,CNY=4500.00,材质=铸铁\r\n";

        await (await client.PostAsync("/api/products/import", Csv(csv, Encoding.GetEncoding("GB18030")))).ShouldHave(HttpStatusCode.OK);

        var product = (await (await client.GetAsync("/api/products?search=YB-100")).ReadJson()).GetProperty("items")[0];
        Assert.Equal("液压泵 YB-100", product.GetProperty("name").GetString());
        Assert.Equal("台", product.GetProperty("unit").GetString());
        Assert.Equal("铸铁", product.GetProperty("attributes")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_file_with_a_bad_row_imports_nothing_unless_the_valid_rows_are_asked_for()
    {
        using var client = _app.CreateClient();
        const string csv = "code,name,category,prices,taxRate\nOK-1,好产品,,CNY=10.00,13\nBAD-1,,,CNY=abc,17\nBAD-2,缺分类,不存在,,\nOK-1,重复,,,\n";

        var refused = await client.PostAsync("/api/products/import", Csv(csv, Encoding.UTF8));
        await refused.ShouldHave(HttpStatusCode.UnprocessableEntity);
        var body = await refused.ReadJson();
        var errors = body.GetProperty("report").GetProperty("errors").EnumerateArray()
            .Select(e => $"{e.GetProperty("line").GetInt32()}:{e.GetProperty("field").GetString()}").ToList();
        Assert.Contains("3:prices", errors);
        Assert.Contains("3:name", errors);
        Assert.Contains("3:taxRate", errors);
        Assert.Contains("4:category", errors);
        Assert.Contains("5:code", errors);
        Assert.Empty((await (await client.GetAsync("/api/products")).ReadJson()).GetProperty("items").EnumerateArray());

        var partial = await (await (await client.PostAsync("/api/products/import?skipInvalid=true", Csv(csv, Encoding.UTF8))).ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.Equal(1, partial.GetProperty("created").GetInt32());
        Assert.Equal("OK-1", (await (await client.GetAsync("/api/products")).ReadJson()).GetProperty("items").EnumerateArray().Single().GetProperty("code").GetString());
    }

    public void Dispose() => _app.Dispose();
}
