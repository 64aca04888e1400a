using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Tests;

/// <summary>
/// Each demo role signs in through the real sign-in form and sees exactly the menu its policies allow; the pages it may
/// not use answer "Access denied" when opened by address (a full page load) and when reached inside the running app,
/// and the matching API routes answer 403. Part of <see cref="UiTests"/> so all roles share its host and browser.
/// </summary>
public sealed partial class UiTests
{
    /// <summary>The pages whose access differs between roles, with the heading each shows when it opens.</summary>
    private static readonly Dictionary<string, string> RoleDependentPages = new(StringComparer.Ordinal)
    {
        ["/users"] = "Users",
        ["/roles"] = "Roles",
        ["/audit"] = "Audit log",
        ["/modules"] = "Modules",
        ["/settings/custom-fields"] = "Custom fields",
        ["/accounts/new"] = "New account",
        ["/accounts/import"] = "Import accounts",
        ["/workflows"] = "Workflow designer",
        ["/inbox/transfer"] = "Leaver transfer",
    };

    private const string Everyone = "Home|Inbox|Accounts";

    [UiTheory]
    [InlineData("admin", "Zhou Min", "Home|Inbox|My team|Accounts|Workflow designer|Users|Roles|Audit log|Dictionaries|Modules|Custom fields|API reference", "")]
    [InlineData("process.owner", "Chen Jing", Everyone + "|Workflow designer|API reference", "/users|/roles|/audit|/modules|/settings/custom-fields|/accounts/new|/accounts/import|/inbox/transfer")]
    [InlineData("implementer", "Liu Yang", Everyone + "|Dictionaries|Modules|Custom fields|API reference", "/users|/roles|/audit|/accounts/new|/workflows|/inbox/transfer")]
    [InlineData("sales.sh", "Li Wei", Everyone + "|API reference", "/users|/roles|/audit|/modules|/settings/custom-fields|/accounts/import|/workflows|/inbox/transfer")]
    [InlineData("service.sh", "Xu Ting", Everyone + "|API reference", "/users|/roles|/audit|/modules|/settings/custom-fields|/accounts/import|/workflows|/inbox/transfer")]
    [InlineData("manager.sh", "Wang Fang", "Home|Inbox|My team|Accounts|API reference", "/users|/roles|/audit|/modules|/settings/custom-fields|/accounts/import|/workflows")]
    [InlineData("executive", "Huang Lei", Everyone + "|API reference", "/users|/roles|/audit|/modules|/settings/custom-fields|/accounts/new|/accounts/import|/workflows|/inbox/transfer")]
    public async Task Each_demo_role_sees_its_menu_and_is_refused_the_rest(string user, string displayName, string menu, string refused)
    {
        var refusedPages = refused.Split('|', StringSplitOptions.RemoveEmptyEntries);
        var ui = await fx.OpenAsync("/login", user: null);
        var page = ui.Page;

        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(UiFixture.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        await ui.WaitInteractiveAsync();
        await page.GetByTestId("user-menu").ClickAsync();
        await Expect(page.GetByTestId("user-menu-name")).ToHaveTextAsync(displayName);
        await page.Keyboard.PressAsync("Escape");

        var links = page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link);
        await Expect(links).ToHaveTextAsync(menu.Split('|'));
        await ui.ScreenshotAsync("ui-role-" + user);

        // Inside the running app (no page load): the router shows "Access denied" in place of the page.
        if (refusedPages.Length > 0)
        {
            await page.EvaluateAsync("path => Blazor.navigateTo(path)", refusedPages[0]);
            await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(refusedPages[0]) + "$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Access denied");
        }

        // By address: every refused page is answered with the access-denied page; the others open.
        foreach (var (path, heading) in RoleDependentPages)
        {
            if (refusedPages.Contains(path))
            {
                await page.GotoAsync(fx.BaseUrl + path);
                await Expect(page).ToHaveURLAsync(new Regex("/access-denied"));
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Access denied");
            }
            else if (path != "/workflows")
            {
                // The designer page is left out: it would load the whole studio; its menu entry is checked above.
                await page.GotoAsync(fx.BaseUrl + path);
                await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"));
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
            }
        }

        // The API behind the refused pages refuses too (same cookie).
        var api = page.Context.APIRequest;
        Assert.Equal(refusedPages.Contains("/users") ? 403 : 200, (await api.GetAsync(fx.BaseUrl + "/api/users?pageSize=1")).Status);
        Assert.Equal(refusedPages.Contains("/audit") ? 403 : 200, (await api.GetAsync(fx.BaseUrl + "/api/identity/audit?pageSize=1")).Status);
        Assert.Equal(refusedPages.Contains("/workflows") ? 403 : 200, (await api.GetAsync(fx.BaseUrl + "/elsa/api/workflow-definitions")).Status);
        Assert.Equal(200, (await api.GetAsync(fx.BaseUrl + "/api/accounts?pageSize=1")).Status);
        Assert.DoesNotContain(ui.Errors, e => !e.Contains("/access-denied", StringComparison.Ordinal));
    }
}
