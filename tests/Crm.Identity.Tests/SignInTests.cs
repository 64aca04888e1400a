using System.Net;
using System.Net.Http.Json;
using Crm.BuildingBlocks.Identity;
using Crm.Identity.Authentication;
using Crm.TestKit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Identity.Tests;

/// <summary>Password sign-in (JSON and form), sign-out, the profile, lockout, inactive users and redirects vs status codes.</summary>
public sealed class SignInTests(IdentityFixture fx) : IClassFixture<IdentityFixture>
{
    [Fact]
    public async Task Json_sign_in_sets_the_cookie_and_me_returns_the_profile()
    {
        var manager = await fx.App.CreateUserAsync(IdentityFixture.UniqueName("boss"), roles: [CrmRoles.BranchManager]);
        var branch = Guid.NewGuid();
        var name = IdentityFixture.UniqueName("sam");
        var id = await fx.App.CreateUserAsync(name, roles: [CrmRoles.Sales, CrmRoles.Service], branchId: branch, managerId: manager, displayName: "Sam Sales");
        var (client, cookies) = fx.Browser();

        var login = await (await IdentityFixture.SignInAsync(client, name)).ShouldHave(HttpStatusCode.OK);
        var me = await (await client.GetAsync("/api/auth/me")).ShouldHave(HttpStatusCode.OK);

        Assert.Contains(cookies.GetAllCookies(), c => c.Name == CrmAuthenticationSchemes.CookieName && c.HttpOnly);
        foreach (var profile in new[] { await login.ReadJson(), await me.ReadJson() })
        {
            Assert.Equal(id, profile.GetProperty("userId").GetGuid());
            Assert.Equal(name, profile.GetProperty("userName").GetString());
            Assert.Equal("Sam Sales", profile.GetProperty("displayName").GetString());
            Assert.Equal([CrmRoles.Sales, CrmRoles.Service], profile.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal(branch, profile.GetProperty("branchId").GetGuid());
            Assert.Equal(manager, profile.GetProperty("managerId").GetGuid());
        }
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_answer()
    {
        var name = IdentityFixture.UniqueName("wendy");
        await fx.App.CreateUserAsync(name);
        var (client, _) = fx.Browser();

        var wrong = await (await IdentityFixture.SignInAsync(client, name, "Wrong#Pass1")).ShouldHave(HttpStatusCode.Unauthorized);
        var unknown = await (await IdentityFixture.SignInAsync(client, "nobody-" + name)).ShouldHave(HttpStatusCode.Unauthorized);

        var (a, b) = (await wrong.ReadJson(), await unknown.ReadJson());
        Assert.Equal("invalid", a.GetProperty("code").GetString());
        Assert.Equal(a.GetProperty("code").GetString(), b.GetProperty("code").GetString());
        Assert.Equal(a.GetProperty("detail").GetString(), b.GetProperty("detail").GetString());
        await (await client.GetAsync("/api/auth/me")).ShouldHave(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Missing_fields_are_field_errors()
    {
        var (client, _) = fx.Browser();

        var errors = await (await (await client.PostAsJsonAsync("/api/auth/login", new { userName = " " })).ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors();

        Assert.Contains("userName", errors.Keys);
        Assert.Contains("password", errors.Keys);
    }

    [Fact]
    public async Task Five_failures_lock_the_user_out_until_an_administrator_unlocks_it()
    {
        var name = IdentityFixture.UniqueName("lucy");
        var id = await fx.App.CreateUserAsync(name);
        var (client, _) = fx.Browser();

        for (var i = 0; i < 4; i++)
        {
            var failed = await (await IdentityFixture.SignInAsync(client, name, "Wrong#Pass1")).ShouldHave(HttpStatusCode.Unauthorized);
            Assert.Equal("invalid", (await failed.ReadJson()).GetProperty("code").GetString());
        }

        var fifth = await (await IdentityFixture.SignInAsync(client, name, "Wrong#Pass1")).ShouldHave(HttpStatusCode.Unauthorized);
        Assert.Equal("locked", (await fifth.ReadJson()).GetProperty("code").GetString());
        var rightButLocked = await (await IdentityFixture.SignInAsync(client, name)).ShouldHave(HttpStatusCode.Unauthorized);
        Assert.Equal("locked", (await rightButLocked.ReadJson()).GetProperty("code").GetString());

        using var admin = fx.App.CreateClient();
        var user = await (await admin.GetAsync($"/api/users/{id}")).ReadJson();
        Assert.True(user.GetProperty("isLockedOut").GetBoolean());
        var unlocked = await (await (await admin.PostAsync($"/api/users/{id}/unlock", null)).ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.False(unlocked.GetProperty("isLockedOut").GetBoolean());
        Assert.Equal(0, unlocked.GetProperty("accessFailedCount").GetInt32());

        await (await IdentityFixture.SignInAsync(client, name)).ShouldHave(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_deactivated_user_cannot_sign_in_and_is_told_only_that_it_failed()
    {
        var name = IdentityFixture.UniqueName("ivan");
        var id = await fx.App.CreateUserAsync(name);
        using var admin = fx.App.CreateClient();
        await (await admin.PutAsJsonAsync($"/api/users/{id}", new { userName = name, displayName = name, roles = Array.Empty<string>(), isActive = false }))
            .ShouldHave(HttpStatusCode.OK);
        var (client, _) = fx.Browser();

        var refused = await (await IdentityFixture.SignInAsync(client, name)).ShouldHave(HttpStatusCode.Unauthorized);

        Assert.Equal("invalid", (await refused.ReadJson()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var name = IdentityFixture.UniqueName("olga");
        await fx.App.CreateUserAsync(name);
        var (client, _) = fx.Browser();
        await (await IdentityFixture.SignInAsync(client, name)).ShouldHave(HttpStatusCode.OK);

        await (await client.PostAsync("/api/auth/logout", null)).ShouldHave(HttpStatusCode.NoContent);

        await (await client.GetAsync("/api/auth/me")).ShouldHave(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Remember_me_makes_the_cookie_persistent_and_a_plain_sign_in_does_not()
    {
        var name = IdentityFixture.UniqueName("rita");
        await fx.App.CreateUserAsync(name);

        var (plain, _) = fx.Browser();
        var session = await (await IdentityFixture.SignInAsync(plain, name)).ShouldHave(HttpStatusCode.OK);
        var (remembering, _) = fx.Browser();
        var persistent = await (await IdentityFixture.SignInAsync(remembering, name, rememberMe: true)).ShouldHave(HttpStatusCode.OK);

        Assert.DoesNotContain("expires=", AuthCookie(session), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("expires=", AuthCookie(persistent), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", AuthCookie(persistent), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", AuthCookie(persistent), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Users_change_their_own_password_with_the_current_one()
    {
        var name = IdentityFixture.UniqueName("paul");
        await fx.App.CreateUserAsync(name);
        var (client, _) = fx.Browser();
        await (await IdentityFixture.SignInAsync(client, name)).ShouldHave(HttpStatusCode.OK);

        var mismatch = await (await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = "Wrong#Pass1", newPassword = "New#Pass22" }))
            .ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("currentPassword", (await mismatch.ReadFieldErrors()).Keys);
        var weak = await (await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = CrmApp.TestPassword, newPassword = "short" }))
            .ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("newPassword", (await weak.ReadFieldErrors()).Keys);
        await (await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = CrmApp.TestPassword, newPassword = "New#Pass22" }))
            .ShouldHave(HttpStatusCode.NoContent);

        // This session goes on (its cookie was renewed); the old password no longer works, the new one does.
        await (await client.GetAsync("/api/auth/me")).ShouldHave(HttpStatusCode.OK);
        var (other, _) = fx.Browser();
        await (await IdentityFixture.SignInAsync(other, name)).ShouldHave(HttpStatusCode.Unauthorized);
        await (await IdentityFixture.SignInAsync(other, name, "New#Pass22")).ShouldHave(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Form_sign_in_redirects_to_a_local_return_url_only()
    {
        var name = IdentityFixture.UniqueName("fred");
        await fx.App.CreateUserAsync(name);

        var local = await PostLoginForm(name, CrmApp.TestPassword, "/designer/editor?definitionId=x");
        var foreign = await PostLoginForm(name, CrmApp.TestPassword, "https://evil.example/steal");
        var protocolRelative = await PostLoginForm(name, CrmApp.TestPassword, "//evil.example/steal");

        Assert.Equal(HttpStatusCode.Redirect, local.StatusCode);
        Assert.Equal("/designer/editor?definitionId=x", local.Headers.Location?.OriginalString);
        Assert.Equal("/", foreign.Headers.Location?.OriginalString);
        Assert.Equal("/", protocolRelative.Headers.Location?.OriginalString);
        Assert.Contains(local.Headers.GetValues("Set-Cookie"), c => c.StartsWith(CrmAuthenticationSchemes.CookieName + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Form_sign_in_failures_go_back_to_the_sign_in_page_with_an_error_code()
    {
        var name = IdentityFixture.UniqueName("gina");
        await fx.App.CreateUserAsync(name);

        var invalid = await PostLoginForm(name, "Wrong#Pass1", "/accounts");
        for (var i = 0; i < 3; i++)
        {
            await PostLoginForm(name, "Wrong#Pass1", "/");
        }

        var locked = await PostLoginForm(name, "Wrong#Pass1", "/");

        Assert.Equal("/login?error=invalid&returnUrl=%2Faccounts", invalid.Headers.Location?.OriginalString);
        Assert.Equal("/login?error=locked", locked.Headers.Location?.OriginalString);
        Assert.False(invalid.Headers.Contains("Set-Cookie") && invalid.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(CrmAuthenticationSchemes.CookieName + "=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Form_sign_in_without_the_antiforgery_token_signs_nobody_in()
    {
        var name = IdentityFixture.UniqueName("hugo");
        await fx.App.CreateUserAsync(name);
        var (client, _) = fx.Browser();

        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = name,
            ["password"] = CrmApp.TestPassword,
            ["returnUrl"] = "/accounts",
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?error=expired&returnUrl=%2Faccounts", response.Headers.Location?.OriginalString);
        await (await client.GetAsync("/api/auth/me")).ShouldHave(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Form_sign_out_needs_the_antiforgery_token_and_redirects_to_the_sign_in_page()
    {
        var name = IdentityFixture.UniqueName("ines");
        await fx.App.CreateUserAsync(name);
        var (client, cookies) = fx.Browser();
        await (await IdentityFixture.SignInAsync(client, name)).ShouldHave(HttpStatusCode.OK);

        var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        await (await client.GetAsync("/api/auth/me")).ShouldHave(HttpStatusCode.OK);

        // The token is bound to the signed-in user, as the page rendering the sign-out button would issue it.
        var token = await TokenForSignedInAsync(client, cookies);
        var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location?.OriginalString);
        await (await client.GetAsync("/api/auth/me")).ShouldHave(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Pages_redirect_to_sign_in_and_access_denied_while_APIs_answer_401_and_403()
    {
        var (anonymous, _) = fx.Browser();
        var name = IdentityFixture.UniqueName("sid");
        await fx.App.CreateUserAsync(name, roles: [CrmRoles.Sales]);
        var (sales, _) = fx.Browser();
        await (await IdentityFixture.SignInAsync(sales, name)).ShouldHave(HttpStatusCode.OK);

        var page = await anonymous.GetAsync("/designer/editor?definitionId=x");
        var denied = await sales.GetAsync("/designer/");
        var api = await anonymous.GetAsync("/api/accounts");
        var elsa = await anonymous.GetAsync("/elsa/api/workflow-definitions");
        var openApi = await anonymous.GetAsync("/openapi/v1.json");
        var forbidden = await sales.GetAsync("/api/users");
        var elsaForbidden = await sales.GetAsync("/elsa/api/workflow-definitions");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fdesigner%2Feditor%3FdefinitionId%3Dx", page.Headers.Location?.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/access-denied", denied.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, elsa.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, openApi.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, elsaForbidden.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        await (await sales.GetAsync("/api/accounts")).ShouldHave(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_session_ends_when_the_user_is_deactivated()
    {
        // Stamps are normally re-checked every minute; here on every request, so the test needs no waiting.
        using var app = new CrmApp(services: s => s.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));
        var name = IdentityFixture.UniqueName("dave");
        var id = await app.CreateUserAsync(name, roles: [CrmRoles.Sales]);
        using var client = app.CreateAnonymousClient();
        await (await IdentityFixture.SignInAsync(client, name)).ShouldHave(HttpStatusCode.OK);
        await (await client.GetAsync("/api/accounts")).ShouldHave(HttpStatusCode.OK);

        using var admin = app.CreateClient();
        await (await admin.PutAsJsonAsync($"/api/users/{id}", new { userName = name, displayName = name, roles = new[] { CrmRoles.Sales }, isActive = false }))
            .ShouldHave(HttpStatusCode.OK);

        await (await client.GetAsync("/api/accounts")).ShouldHave(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_removed_role_is_gone_from_the_running_session()
    {
        using var app = new CrmApp(services: s => s.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));
        var name = IdentityFixture.UniqueName("ron");
        var id = await app.CreateUserAsync(name, roles: [CrmRoles.Implementer]);
        using var client = app.CreateAnonymousClient();
        await (await IdentityFixture.SignInAsync(client, name)).ShouldHave(HttpStatusCode.OK);
        await (await client.GetAsync("/api/modules")).ShouldHave(HttpStatusCode.OK);

        using var admin = app.CreateClient();
        await (await admin.PutAsJsonAsync($"/api/users/{id}", new { userName = name, displayName = name, roles = new[] { CrmRoles.Sales }, isActive = true }))
            .ShouldHave(HttpStatusCode.OK);

        // The stamp changed with the roles: the old cookie is rejected, nothing lives on with the old role.
        var after = await client.GetAsync("/api/modules");
        Assert.True(after.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"got {(int)after.StatusCode}");
    }

    [Fact]
    public void The_cookie_scheme_is_Identity_application_cookie() =>
        Assert.Equal(CrmAuthenticationSchemes.Cookie, IdentityConstants.ApplicationScheme);

    private async Task<HttpResponseMessage> PostLoginForm(string userName, string password, string returnUrl)
    {
        var (client, cookies) = fx.Browser();
        var token = fx.AntiforgeryToken(cookies, client);
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = userName,
            ["password"] = password,
            ["rememberMe"] = "false",
            ["returnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = token,
        }));
    }

    private async Task<string> TokenForSignedInAsync(HttpClient client, CookieContainer cookies)
    {
        // Antiforgery tokens carry the user's identity; issue one for the principal this client's cookie stands for.
        var me = await (await client.GetAsync("/api/auth/me")).ReadJson();
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = fx.App.Services };
        context.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new(System.Security.Claims.ClaimTypes.NameIdentifier, me.GetProperty("userId").GetString()!), new(System.Security.Claims.ClaimTypes.Name, me.GetProperty("userName").GetString()!)],
            CrmAuthenticationSchemes.Cookie));
        var antiforgery = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>(fx.App.Services);
        var tokens = antiforgery.GetAndStoreTokens(context);
        var setCookie = context.Response.Headers.SetCookie.ToString();
        var pair = setCookie[..setCookie.IndexOf(';')].Split('=', 2);
        cookies.Add(client.BaseAddress!, new Cookie(pair[0], pair[1]));
        return tokens.RequestToken!;
    }

    private static string AuthCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(CrmAuthenticationSchemes.CookieName + "=", StringComparison.Ordinal));
}
