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
        var errors = await response.ReadFieldErrors();
        Assert.Equal("请填写名称。", errors["name"][0]);
        Assert.Equal("电话号码至少包含 5 位数字。", errors["phone"][0]);
        Assert.Equal("信用额度不能为负数。", errors["creditLimit"][0]);
        // FluentValidation's own message (a length limit) in Chinese too, with the field's name.
        Assert.Matches("[\u4e00-\u9fff]", errors["industry"][0]);

        var english = await fx.Client.PostAsJsonAsync("/api/accounts", body);
        Assert.Equal("Name is required.", (await english.ReadFieldErrors())["name"][0]);
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
}
