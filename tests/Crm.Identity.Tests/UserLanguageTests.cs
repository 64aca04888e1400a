using System.Net;
using System.Net.Http.Json;
using Crm.BuildingBlocks.Identity;
using Crm.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Identity.Tests;

/// <summary>A person's language is kept with their account and comes back at their next sign-in (ADR 0137).</summary>
public sealed class UserLanguageTests
{
    [Fact]
    public async Task A_chosen_language_is_kept_per_person_and_restored_by_signing_in_in_another_browser()
    {
        using var app = new CrmApp();
        var li = await app.CreateUserAsync("lang.li", roles: [CrmRoles.Sales], displayName: "Li Na");
        var tom = await app.CreateUserAsync("lang.tom", roles: [CrmRoles.Sales], displayName: "Tom");
        using (var scope = app.Services.CreateScope())
        {
            var language = scope.ServiceProvider.GetRequiredService<IUserLanguage>();
            Assert.Null(await language.ChosenAsync(li));
            await language.ChooseAsync(li, "zh-Hans");
            await language.ChooseAsync(li, "zh-Hans");
            Assert.Equal("zh-Hans", await language.ChosenAsync(li));
            Assert.Equal("zh-Hans", (await language.CultureOfAsync(li)).Name);
            // Who never chose reads the installation's default (the first UI culture).
            Assert.Null(await language.ChosenAsync(tom));
            Assert.Equal("en", (await language.CultureOfAsync(tom)).Name);
        }

        // A fresh browser: signing in sets the culture cookie from the account, so the pages open in Chinese.
        using var browser = app.CreateAnonymousClient();
        var signIn = await browser.PostAsJsonAsync("/api/auth/login", new { userName = "lang.li", password = CrmApp.TestPassword });
        await signIn.ShouldHave(HttpStatusCode.OK);
        var cookies = signIn.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal) && c.Contains("zh-Hans", StringComparison.Ordinal));

        using var other = app.CreateAnonymousClient();
        var tomSignIn = await other.PostAsJsonAsync("/api/auth/login", new { userName = "lang.tom", password = CrmApp.TestPassword });
        await tomSignIn.ShouldHave(HttpStatusCode.OK);
        Assert.DoesNotContain(tomSignIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
    }
}
