using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Tests;

/// <summary>
/// The language switch in the shell: a person who reads only Chinese switches once and finds the menus, pages and
/// form messages in Chinese; the choice is kept for the next page and the next visit of this browser.
/// </summary>
public sealed partial class UiTests
{
    [UiFact]
    public async Task Switching_to_Chinese_shows_Chinese_menus_pages_and_form_messages()
    {
        var ui = await fx.OpenAsync("/", user: "sales.sh");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
        await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "Accounts" })).ToBeVisibleAsync();

        await page.GetByTestId("language-zh-Hans").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "首页", Level = 1 })).ToBeVisibleAsync();
        var chineseNavigation = page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" });
        await Expect(chineseNavigation.GetByRole(AriaRole.Link, new() { Name = "客户" })).ToBeVisibleAsync();
        await Expect(chineseNavigation.GetByRole(AriaRole.Link, new() { Name = "待办" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("language-zh-Hans")).ToBeDisabledAsync();

        // The next page, opened by address, is still Chinese: the choice is a cookie, not the state of one page.
        await page.GotoAsync(fx.BaseUrl + "/accounts/new");
        await ui.WaitInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "新建客户", Level = 1 })).ToBeVisibleAsync();
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId("form-errors")).ToContainTextAsync(new Regex("标出的 \\d+ 个字段"));
        await ui.ScreenshotAsync("ui-language-zh-hans");

        await page.GetByTestId("language-en").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New account", Level = 1 })).ToBeVisibleAsync();
        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task The_sign_in_page_offers_the_languages_before_signing_in()
    {
        var ui = await fx.OpenAsync("/login", user: null);
        var page = ui.Page;

        await page.GetByTestId("language-zh-Hans").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登录" })).ToBeVisibleAsync();
        await Expect(page.GetByText("用户名")).ToBeVisibleAsync();
        ui.AssertNoErrors();
    }
}
