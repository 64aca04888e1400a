using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Crm.TestKit;

namespace Crm.Accounts.Tests.Features;

[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class ImportExportTests(AccountsFixture fx) : IClassFixture<AccountsFixture>
{
    private Task<HttpResponseMessage> Import(string csv, string query = "") =>
        fx.Client.PostAsync("/api/accounts/import" + query, new StringContent(csv, Encoding.UTF8, "text/csv"));

    private async Task<int> CountFor(Guid owner) =>
        (await (await fx.Client.GetAsync($"/api/accounts?ownerId={owner}&includeTotal=true&pageSize=1")).ReadJson()).GetProperty("total").GetInt32();

    [Fact]
    public async Task A_valid_file_imports_every_row()
    {
        var owner = Guid.NewGuid();
        var n = AccountsFixture.Next();
        var csv = $"""
            name,email,phone,stage,source,ownerId,creditLimit,tags,kind
            "Ningbo Ports, Ltd",a{n}@x.test,+86 574 1{n:000000},Potential,Event,{owner},15000.50,key-account;export,Company
            李娜,b{n}@x.test,,,,{owner},,,Person
            """;

        var response = await Import(csv);

        await response.ShouldHave(HttpStatusCode.OK);
        var report = await response.ReadJson();
        Assert.Equal(2, report.GetProperty("imported").GetInt32());
        Assert.Equal(0, report.GetProperty("errors").GetArrayLength());
        Assert.Equal(2, await CountFor(owner));
        var page = await (await fx.Client.GetAsync($"/api/accounts?ownerId={owner}&search=ningbo")).ReadJson();
        var ningbo = page.GetProperty("items")[0];
        Assert.Equal("Potential", ningbo.GetProperty("stage").GetString());
        Assert.Equal(15000.50m, ningbo.GetProperty("creditLimit").GetDecimal());
    }

    [Fact]
    public async Task A_file_with_bad_rows_imports_nothing_and_reports_each_row()
    {
        var owner = Guid.NewGuid();
        var n = AccountsFixture.Next();
        var csv = $"""
            name,email,stage,ownerId,creditLimit
            Good One,g{n}@x.test,,{owner},
            ,bad-email,Golden,{owner},lots
            Same Mail,g{n}@x.test,,{owner},
            """;

        var response = await Import(csv);

        await response.ShouldHave(HttpStatusCode.UnprocessableEntity);
        var report = (await response.ReadJson()).GetProperty("report");
        Assert.Equal(0, report.GetProperty("imported").GetInt32());
        Assert.Equal(3, report.GetProperty("totalRows").GetInt32());
        var errors = report.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Contains((3, "name"), errors);
        Assert.Contains((3, "email"), errors);
        Assert.Contains((3, "stage"), errors);
        Assert.Contains((3, "creditLimit"), errors);
        Assert.Contains((4, "email"), errors);
        Assert.DoesNotContain(errors, e => e.Item1 == 2);
        Assert.Equal(0, await CountFor(owner));
    }

    [Fact]
    public async Task SkipInvalid_imports_the_good_rows_and_reports_the_bad()
    {
        var owner = Guid.NewGuid();
        var n = AccountsFixture.Next();
        var existing = await fx.CreateAsync(AccountsFixture.NewAccount());
        var csv = $"""
            name,email,ownerId
            Fine,f{n}@x.test,{owner}
            Clash,{existing.GetProperty("email").GetString()},{owner}
            ,nameless{n}@x.test,{owner}
            """;

        var response = await Import(csv, "?skipInvalid=true");

        await response.ShouldHave(HttpStatusCode.OK);
        var report = await response.ReadJson();
        Assert.Equal(1, report.GetProperty("imported").GetInt32());
        Assert.Equal(2, report.GetProperty("skipped").GetInt32());
        Assert.Contains("already exists", report.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal(1, await CountFor(owner));
    }

    [Fact]
    public async Task DryRun_validates_without_importing()
    {
        var owner = Guid.NewGuid();
        var response = await Import($"name,ownerId\nDry Co,{owner}\n", "?dryRun=true");

        await response.ShouldHave(HttpStatusCode.OK);
        var report = await response.ReadJson();
        Assert.Equal(1, report.GetProperty("validRows").GetInt32());
        Assert.Equal(0, report.GetProperty("imported").GetInt32());
        Assert.Equal(0, await CountFor(owner));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("email,phone\nx@y.test,123456\n", "name")]
    [InlineData("name,colour\nAcme,red\n", "colour")]
    [InlineData("name\n\"Acme\n", "not closed")]
    [InlineData("name,email\nAcme\n", "fields")]
    public async Task Broken_files_are_explained(string csv, string expectedInMessage)
    {
        var response = await Import(csv);

        await response.ShouldHave(HttpStatusCode.UnprocessableEntity);
        var errors = (await response.ReadJson()).GetProperty("report").GetProperty("errors");
        Assert.Contains(errors.EnumerateArray(), e => e.GetProperty("message").GetString()!.Contains(expectedInMessage, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_multipart_upload_is_accepted()
    {
        var owner = Guid.NewGuid();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes($"name,ownerId\r\nUploaded Co,{owner}\r\n")).ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "accounts.csv");

        var response = await fx.Client.PostAsync("/api/accounts/import", form);

        await response.ShouldHave(HttpStatusCode.OK);
        Assert.Equal(1, await CountFor(owner));
    }

    [Theory]
    [InlineData("GB18030")]
    [InlineData("UTF-8")]
    [InlineData("UTF-8 with BOM")]
    public async Task A_file_saved_by_Chinese_Excel_keeps_its_Chinese_names(string encoding)
    {
        // Excel on a Chinese Windows saves "CSV" as GB18030 without a byte-order mark; read as UTF-8 it was mojibake.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var owner = Guid.NewGuid();
        var n = AccountsFixture.Next();
        var text = $"name,city,ownerId\r\n上海精密仪器有限公司{n},上海,{owner}\r\n深圳华强电子{n},深圳,{owner}\r\n";
        var bytes = encoding switch
        {
            "GB18030" => Encoding.GetEncoding("GB18030").GetBytes(text),
            "UTF-8" => Encoding.UTF8.GetBytes(text),
            _ => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
        };
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "客户.csv");

        var response = await fx.Client.PostAsync("/api/accounts/import", form);

        await response.ShouldHave(HttpStatusCode.OK);
        var page = await (await fx.Client.GetAsync($"/api/accounts?ownerId={owner}")).ReadJson();
        var names = page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("name").GetString()).Order().ToList();
        Assert.Equal(new[] { $"上海精密仪器有限公司{n}", $"深圳华强电子{n}" }.Order(), names);
        Assert.Contains(page.GetProperty("items").EnumerateArray(), a => a.GetProperty("city").GetString() == "深圳");
    }

    [Fact]
    public async Task An_export_imports_again_into_an_empty_installation()
    {
        var owner = Guid.NewGuid();
        await fx.CreateAsync(new { name = "=Formula Corp", email = $"f{AccountsFixture.Next()}@x.test", ownerId = owner, tags = new[] { "a", "b" }, notes = "line1\nline2, with comma" });
        await fx.CreateAsync(AccountsFixture.NewAccount(name: "Plain, Quoted \"Co\"", ownerId: owner, stage: "User"));

        var export = await fx.Client.GetAsync($"/api/accounts/export?ownerId={owner}");
        await export.ShouldHave(HttpStatusCode.OK);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.GetPreamble()), "Excel needs the BOM to read UTF-8");
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("'=Formula Corp", text);

        using var other = new CrmApp();
        using var client = other.CreateClient();
        var response = await client.PostAsync("/api/accounts/import", new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } });
        await response.ShouldHave(HttpStatusCode.OK);
        Assert.Equal(2, (await response.ReadJson()).GetProperty("imported").GetInt32());

        var page = await (await client.GetAsync($"/api/accounts?ownerId={owner}")).ReadJson();
        var names = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();
        Assert.Equal(["=Formula Corp", "Plain, Quoted \"Co\""], names);
        Assert.Equal("User", page.GetProperty("items")[1].GetProperty("stage").GetString());
    }

    [Fact]
    public async Task Export_validates_its_filters()
    {
        var response = await fx.Client.GetAsync("/api/accounts/export?stage=Golden");
        await response.ShouldHave(HttpStatusCode.BadRequest);
    }
}
