using Crm.Identity.Domain;
using Crm.Identity.Features.SignIn;

namespace Crm.Identity.Tests;

/// <summary>Small rules that need no host: the API key format and where a sign-in may redirect to.</summary>
public sealed class UnitTests
{
    [Fact]
    public void An_issued_key_matches_itself_only_and_its_prefix_finds_it()
    {
        var now = new DateTime(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);
        var (key, secret) = ApiKey.Issue(Guid.NewGuid(), " ERP ", now.AddDays(1), "admin", now);
        var (_, other) = ApiKey.Issue(Guid.NewGuid(), "Other", null, "admin", now);

        Assert.Equal(key.Prefix, ApiKey.PrefixOf(secret));
        Assert.True(key.Matches(secret));
        Assert.False(key.Matches(other));
        Assert.False(key.Matches(secret + "x"));
        Assert.DoesNotContain(secret, key.SecretHash, StringComparison.Ordinal);
        Assert.Equal("ERP", key.Name);
        Assert.True(key.IsUsable(now));
        Assert.False(key.IsUsable(now.AddDays(2)));
        Assert.True(key.Revoke("admin", now));
        Assert.False(key.Revoke("someone else", now.AddHours(1)));
        Assert.Equal("admin", key.RevokedBy);
        Assert.False(key.IsUsable(now));
    }

    [Theory]
    [InlineData("crm_0123456789ab_secret", "0123456789ab")]
    [InlineData("crm_0123456789ab", null)]
    [InlineData("crm_0123456789abX_secret", null)]
    [InlineData("crm_zz23456789ab_secret", null)]
    [InlineData("xyz_0123456789ab_secret", null)]
    [InlineData("", null)]
    public void Only_keys_in_our_format_have_a_prefix(string presented, string? prefix) =>
        Assert.Equal(prefix, ApiKey.PrefixOf(presented));

    [Theory]
    [InlineData("/", true)]
    [InlineData("/accounts?x=1", true)]
    [InlineData("/designer/editor?definitionId=a", true)]
    [InlineData("//evil.example", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("evil", false)]
    [InlineData("/a\r\nLocation: x", false)]
    [InlineData(null, false)]
    [InlineData("", false)]
    public void Only_paths_of_this_site_are_return_urls(string? url, bool local)
    {
        Assert.Equal(local, LocalUrl.IsLocal(url));
        Assert.Equal(local ? url : "/", LocalUrl.OrRoot(url));
    }
}
