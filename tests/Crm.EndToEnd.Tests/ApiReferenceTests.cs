namespace Crm.EndToEnd.Tests;

public sealed class ApiReferenceTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_api_reference_renders_the_accounts_operations_in_a_browser()
    {
        var page = await fx.NewPageAsync();
        var external = new List<string>();
        page.Request += (_, r) =>
        {
            if (!r.Url.StartsWith(fx.BaseUrl, StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                external.Add(r.Url);
            }
        };

        await page.GotoAsync(fx.BaseUrl + "/scalar/v1");
        await page.GetByText("Crm.Modular API").First.WaitForAsync();
        await page.GetByText("Accounts", new() { Exact = true }).First.ClickAsync();
        await page.GetByText("Create a customer or partner", new() { Exact = false }).First.WaitForAsync();

        Assert.Contains("Crm.Modular API", await page.TitleAsync());
        Assert.Empty(external);
    }
}
