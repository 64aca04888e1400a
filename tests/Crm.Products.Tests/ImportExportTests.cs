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

    [Fact]
    public async Task An_xlsx_export_imports_again_unchanged_and_keeps_codes_as_text()
    {
        using var client = _app.CreateClient();
        var machines = await CategoryTests.CreateCategoryAsync(client, "机床", null);
        await (await client.PostAsJsonAsync("/api/products", ProductApiTests.Lathe("CNC-6140", machines))).ShouldHave(HttpStatusCode.Created);
        // A code with a leading zero, and a name a spreadsheet would take for a formula.
        await (await client.PostAsJsonAsync("/api/products", new
        {
            code = "0086", name = "=配件 -2+3", kind = "Product", unit = "个", taxRate = "13",
            prices = new[] { new { currency = "CNY", amount = 12.5m } },
        })).ShouldHave(HttpStatusCode.Created);

        var response = await (await client.GetAsync("/api/products/export?format=xlsx")).ShouldHave(HttpStatusCode.OK);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".xlsx\"", response.Content.Headers.ContentDisposition?.ToString() ?? "");
        var workbook = await response.Content.ReadAsByteArrayAsync();

        // Read as a spreadsheet program would: the header, then the cells as text (no formula, no lost zero).
        var sheet = MiniExcelLibs.MiniExcel.Query(new MemoryStream(workbook), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var part = sheet.Single(r => (string?)r["code"] == "0086");
        Assert.Equal("=配件 -2+3", part["name"]);
        Assert.Equal("CNY=12.50", part["prices"]);

        using var other = new CrmApp(enabledModules: ["Products"]);
        using var target = other.CreateClient();
        await CategoryTests.CreateCategoryAsync(target, "机床", null);
        var report = await (await (await target.PostAsync("/api/products/import", Xlsx(workbook))).ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.Equal(2, report.GetProperty("created").GetInt32());
        var csvHere = await (await client.GetAsync("/api/products/export")).Content.ReadAsStringAsync();
        var csvThere = await (await target.GetAsync("/api/products/export")).Content.ReadAsStringAsync();
        Assert.Equal(csvHere, csvThere);
    }

    [Fact]
    public async Task A_workbook_typed_by_hand_reports_bad_rows_by_their_Excel_row_number_and_can_import_only_the_valid_rows()
    {
        using var client = _app.CreateClient();
        var rows = new List<Dictionary<string, object?>>
        {
            new() { ["code"] = "YB-100", ["name"] = "液压泵", ["taxRate"] = 13, ["prices"] = "CNY=4500.00" },
            new() { ["code"] = null, ["name"] = null, ["taxRate"] = null, ["prices"] = null },
            new() { ["code"] = "YB-200", ["name"] = "", ["taxRate"] = 17, ["prices"] = "CNY=abc" },
            new() { ["code"] = "YB-300", ["name"] = "齿轮泵", ["taxRate"] = 9, ["prices"] = null },
        };
        using var file = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(file, rows);

        var refused = await client.PostAsync("/api/products/import", Xlsx(file.ToArray()));
        await refused.ShouldHave(HttpStatusCode.UnprocessableEntity);
        var errors = (await refused.ReadJson()).GetProperty("report").GetProperty("errors").EnumerateArray()
            .Select(e => $"{e.GetProperty("line").GetInt32()}:{e.GetProperty("field").GetString()}").ToList();
        // Header in row 1, a blank row 3: the bad product is in Excel's row 4.
        Assert.Contains("4:name", errors);
        Assert.Contains("4:prices", errors);
        Assert.Contains("4:taxRate", errors);
        Assert.All(errors, e => Assert.StartsWith("4:", e));

        var partial = await (await (await client.PostAsync("/api/products/import?skipInvalid=true", Xlsx(file.ToArray()))).ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.Equal(2, partial.GetProperty("created").GetInt32());
        var pump = (await (await client.GetAsync("/api/products?search=YB-100")).ReadJson()).GetProperty("items")[0];
        Assert.Equal("液压泵", pump.GetProperty("name").GetString());
        Assert.Equal("13", pump.GetProperty("taxRate").GetString());
    }

    [Fact]
    public async Task An_old_xls_workbook_a_broken_one_and_an_unknown_export_format_are_refused_with_a_clear_message()
    {
        using var client = _app.CreateClient();
        byte[] legacy = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
        var old = await client.PostAsync("/api/products/import", Xlsx(legacy));
        await old.ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains(".xls", (await old.ReadFieldErrors())["file"][0]);

        byte[] broken = [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5];
        var bad = await client.PostAsync("/api/products/import", Xlsx(broken));
        await bad.ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("file", (await bad.ReadFieldErrors()).Keys);

        var format = await client.GetAsync("/api/products/export?format=pdf");
        await format.ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("format", (await format.ReadFieldErrors()).Keys);
    }

    private static ByteArrayContent Xlsx(byte[] bytes) =>
        new(bytes) { Headers = { ContentType = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") } };

    public void Dispose() => _app.Dispose();
}
