using System.Net;
using System.Net.Http.Json;
using Crm.BuildingBlocks.Identity;
using Crm.TestKit;

namespace Crm.Branches.Tests.Calendars;

/// <summary>The business-calendar page as the server renders it: the missing-year warning, filed dates, a unit's hours and where they come from, forms for administrators only, in English and Chinese.</summary>
public sealed class CalendarPageTests : IDisposable
{
    private readonly CrmApp _app = new(["Branches"]);

    [Fact]
    public async Task An_administrator_sees_the_warning_the_dates_and_the_forms_in_Chinese()
    {
        using var admin = _app.CreateClient(new() { AllowAutoRedirect = false });
        var hq = await (await (await admin.PostAsJsonAsync("/api/branches/units", new { name = "总部", code = "HQ", timeZone = "Asia/Shanghai" }))
            .ShouldHave(HttpStatusCode.Created)).ReadJson();
        var nextYear = DateTime.UtcNow.Year + 1;
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/branches/calendars/years/{nextYear}")
        {
            Content = JsonContent.Create(new { text = $"{nextYear}-01-01 休 元旦" }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
        await (await admin.SendAsync(request)).ShouldHave(HttpStatusCode.OK);

        var html = await PageAsync(admin, "/organisation/calendars", "zh-CN,zh;q=0.9");

        Assert.Contains("<title>工作日历 · Crm.Modular</title>", html, StringComparison.Ordinal);
        Assert.Contains($"{DateTime.UtcNow.Year} 年的法定节假日和调休", html, StringComparison.Ordinal); // this year is still missing
        Assert.Contains("元旦", html, StringComparison.Ordinal);
        Assert.Contains("休（放假）", html, StringComparison.Ordinal);
        Assert.Contains("沿用公司日历", html, StringComparison.Ordinal);
        Assert.Contains("Asia/Shanghai", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"year-form\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"save-hours\"", html, StringComparison.Ordinal);
        Assert.NotEqual(default, hq.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_salesperson_reads_the_calendars_in_English_but_gets_no_forms()
    {
        using var sales = _app.CreateClientAs(Guid.NewGuid(), CrmRoles.Sales);

        var html = await PageAsync(sales, "/organisation/calendars", "en");

        Assert.Contains("<title>Business calendars · Crm.Modular</title>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"missing-years\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"year-form\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"save-hours\"", html, StringComparison.Ordinal);
    }

    public void Dispose() => _app.Dispose();

    private static async Task<string> PageAsync(HttpClient client, string path, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Language", language);
        var response = await client.SendAsync(request);
        await response.ShouldHave(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }
}
