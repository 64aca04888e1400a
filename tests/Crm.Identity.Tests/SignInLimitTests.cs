using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.BuildingBlocks.Auditing;
using Crm.TestKit;

namespace Crm.Identity.Tests;

/// <summary>
/// Sign-in is anonymous, so it is where a stranger can push the most (issue 12.3): the request body is small, every
/// audited string is capped, and attempts are limited per address and per user name (429 with Retry-After).
/// </summary>
public sealed class SignInLimitTests
{
    [Fact]
    public async Task A_five_megabyte_user_name_is_refused_and_the_audit_log_stays_small()
    {
        using var fx = new IdentityFixture();
        using var anonymous = fx.App.CreateAnonymousClient();
        using var admin = fx.App.CreateClient();
        var huge = new string('x', 5 * 1024 * 1024);

        var tooLarge = await (await anonymous.PostAsJsonAsync("/api/auth/login", new { userName = huge, password = "whatever" })).ShouldHave(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);
        var errors = await (await (await anonymous.PostAsJsonAsync("/api/auth/login", new { userName = new string('y', 5000), password = "whatever" }))
            .ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors();
        Assert.Contains("userName", errors.Keys);

        // The form is read by the handler itself: a long (but not too large) name is an ordinary failed sign-in,
        // audited with the name capped.
        var (browser, cookies) = fx.Browser();
        var token = fx.AntiforgeryToken(cookies, browser);
        var failed = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = new string('z', 10_000),
            ["password"] = "whatever",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Contains("error=invalid", failed.Headers.Location?.ToString(), StringComparison.Ordinal);

        var page = await (await (await admin.GetAsync("/api/identity/audit?entity=SignIn&pageSize=200")).ShouldHave(HttpStatusCode.OK)).ReadJson();
        var entries = page.GetProperty("items").EnumerateArray().ToList();
        Assert.DoesNotContain(entries, e => e.GetProperty("changes").GetRawText().Length > 2 * 1024);
        Assert.DoesNotContain(entries, e => e.GetProperty("changes").GetProperty("userName").GetString()!.StartsWith("xxxx", StringComparison.Ordinal));
        var capped = Assert.Single(entries, e => e.GetProperty("changes").GetProperty("userName").GetString()!.StartsWith("zzzz", StringComparison.Ordinal));
        Assert.Equal(new string('z', TextCap.DefaultLength) + "… (+9744 characters)", capped.GetProperty("changes").GetProperty("userName").GetString());
    }

    [Fact]
    public async Task The_attempt_after_the_limit_per_address_gets_429_with_Retry_After()
    {
        using var app = new CrmApp(settings: new Dictionary<string, string?>
        {
            ["Identity:SignIn:PerAddressPermitLimit"] = "3",
            ["Identity:SignIn:WindowSeconds"] = "3600",
        });
        using var client = app.CreateAnonymousClient();

        for (var i = 0; i < 3; i++)
        {
            await (await Login(client, $"stranger{i}")).ShouldHave(HttpStatusCode.Unauthorized);
        }

        var limited = await (await Login(client, "stranger3")).ShouldHave(HttpStatusCode.TooManyRequests);

        Assert.True(int.Parse(limited.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_attempt_after_the_limit_per_user_name_gets_429_while_other_names_go_on()
    {
        using var app = new CrmApp(settings: new Dictionary<string, string?>
        {
            ["Identity:SignIn:PerUserNamePermitLimit"] = "2",
            ["Identity:SignIn:WindowSeconds"] = "3600",
        });
        using var client = app.CreateAnonymousClient();
        await app.CreateUserAsync("target.user");

        await (await Login(client, "target.user", "Wrong#Pass1")).ShouldHave(HttpStatusCode.Unauthorized);
        await (await Login(client, "TARGET.USER ", "Wrong#Pass1")).ShouldHave(HttpStatusCode.Unauthorized);
        var limited = await (await Login(client, "target.user", CrmApp.TestPassword)).ShouldHave(HttpStatusCode.TooManyRequests);

        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal("throttled", (await limited.ReadJson()).GetProperty("code").GetString());
        await (await Login(client, "someone.else")).ShouldHave(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("short", "short")]
    public void Short_strings_are_kept_as_they_are(string? value, string? expected) => Assert.Equal(expected, TextCap.Cap(value));

    [Fact]
    public void Long_strings_are_capped_with_a_note_and_never_split_a_surrogate_pair()
    {
        var capped = TextCap.Cap(new string('a', 1000))!;
        Assert.StartsWith(new string('a', TextCap.DefaultLength) + "…", capped, StringComparison.Ordinal);
        Assert.EndsWith("(+744 characters)", capped, StringComparison.Ordinal);

        var emoji = TextCap.Cap(new string('b', 9) + "😀😀", 10)!;
        Assert.StartsWith(new string('b', 9) + "…", emoji, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> Login(HttpClient client, string userName, string password = "Wrong#Pass1") =>
        client.PostAsJsonAsync("/api/auth/login", new { userName, password }, JsonSerializerOptions.Web);
}
