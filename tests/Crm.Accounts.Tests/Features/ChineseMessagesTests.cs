using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.TestKit;
using Xunit;

namespace Crm.Accounts.Tests.Features;

/// <summary>
/// A reader whose browser asks for Chinese gets the server's refusals in Chinese: field errors, the problem's title and
/// a business rule's detail with its values in place (ADR 0110). English stays the default.
/// </summary>
public sealed class ChineseMessagesTests(AccountsFixture fx) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task Field_errors_and_the_title_follow_the_readers_language()
    {
        var body = new { name = "", phone = "12", website = "ftp:/x", creditLimit = -1m, industry = new string('x', 101) };

        using var chinese = new HttpRequestMessage(HttpMethod.Post, "/api/accounts") { Content = JsonContent.Create(body) };
        chinese.Headers.AcceptLanguage.ParseAdd("zh-CN,zh;q=0.9");
        var response = await fx.Client.SendAsync(chinese);

        await response.ShouldHave(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("有字段填写不正确。", problem.GetProperty("title").GetString());
        var errors = problem.GetProperty("errors");
        Assert.Equal("请填写名称。", errors.GetProperty("name")[0].GetString());
        Assert.Equal("电话号码至少包含 5 位数字。", errors.GetProperty("phone")[0].GetString());
        Assert.Equal("信用额度不能为负数。", errors.GetProperty("creditLimit")[0].GetString());
        // FluentValidation's own message (a length limit) in Chinese too, with the field's name.
        Assert.Contains("行业", errors.GetProperty("industry")[0].GetString());
        Assert.Matches("[\u4e00-\u9fff]{2}", errors.GetProperty("industry")[0].GetString()!.Replace("行业", ""));

        var english = await fx.Client.PostAsJsonAsync("/api/accounts", body);
        Assert.Equal("Name is required.", (await english.ReadFieldErrors())["name"][0]);
    }

    [Fact]
    public async Task A_refused_import_file_is_explained_in_Chinese()
    {
        var csv = "name,email\n,not-an-email\n";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/accounts/import") { Content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv") };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var response = await fx.Client.SendAsync(request);

        await response.ShouldHave(HttpStatusCode.UnprocessableEntity);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("文件有错误，未导入任何数据。", problem.GetProperty("title").GetString());
        Assert.StartsWith("1 行中有 1 行出错", problem.GetProperty("detail").GetString());

        using var empty = new HttpRequestMessage(HttpMethod.Post, "/api/accounts/import") { Content = new MultipartFormDataContent() };
        empty.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var noFile = await fx.Client.SendAsync(empty);
        await noFile.ShouldHave(HttpStatusCode.BadRequest);
        Assert.Equal("请在表单字段“file”中附上 CSV 或 Excel 文件。", (await noFile.ReadFieldErrors())["file"][0]);
    }

    [Fact]
    public async Task A_business_refusal_keeps_its_values_in_the_Chinese_text()
    {
        var missing = Guid.NewGuid();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/accounts/{missing}");
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var response = await fx.Client.SendAsync(request);

        await response.ShouldHave(HttpStatusCode.NotFound);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("未找到", problem.GetProperty("title").GetString());
        Assert.Equal($"客户 {missing} 不存在。", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_mistyped_credit_code_is_explained_in_Chinese_with_the_characters()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/accounts")
        {
            Content = JsonContent.Create(new { name = $"杭州 {AccountsFixture.Next()}", taxId = "91330100799655058C" }),
        };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var response = await fx.Client.SendAsync(request);

        await response.ShouldHave(HttpStatusCode.BadRequest);
        Assert.Equal("统一社会信用代码的校验位（第 18 位）应为“B”而不是“C”：有字符输错了。", (await response.ReadFieldErrors())["taxId"][0]);
    }

    [Fact]
    public async Task A_mistyped_credit_code_or_phone_is_refused_with_the_character_named()
    {
        var n = AccountsFixture.Next();
        var bad = await fx.Client.PostAsJsonAsync("/api/accounts", new { name = $"杭州阿里 {n}", taxId = "91330100799655058C", phone = "555-0100 x12" });

        await bad.ShouldHave(HttpStatusCode.BadRequest);
        var errors = await bad.ReadFieldErrors();
        Assert.Contains("should be 'B', not 'C'", errors["taxId"][0]);
        Assert.Contains("mobile (11 digits", errors["phone"][0]);

        // A person's tax number is their identity number; a foreign company's other shape is kept as given.
        var person = await fx.Client.PostAsJsonAsync("/api/accounts", new { name = $"李娜 {n}", kind = "Person", taxId = "110105194912310021" });
        Assert.Contains("should be 'X', not '1'", (await person.ReadFieldErrors())["taxId"][0]);

        var good = await fx.Client.PostAsJsonAsync("/api/accounts", new { name = $"杭州阿里 {n}", taxId = "91330100799655058B", phone = "0571-8502 2088 转 8001" });
        await good.ShouldHave(HttpStatusCode.Created);
        var foreign = await fx.Client.PostAsJsonAsync("/api/accounts", new { name = $"Müller GmbH {n}", taxId = "DE129273398", phone = "+49 30 1234567" });
        await foreign.ShouldHave(HttpStatusCode.Created);
    }
}
