using System.Net;
using System.Net.Http.Json;
using Crm.TestKit;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>
/// A production installation starts with no users: the first administrator comes from the <c>create-admin</c> verb or
/// from <c>Identity:Bootstrap</c>; neither ever changes an existing user.
/// </summary>
public sealed class FirstAdministratorTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "crm-tests", "admin-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task The_create_admin_verb_creates_an_administrator_once_and_checks_the_password_rules()
    {
        var (created, log) = await ScriptVerbTests.RunHostAsync("create-admin", "--user", "root", "--password", "Root#Pass1", "--name", "Root Admin", "--Database:DataDirectory", _data);
        var (again, againLog) = await ScriptVerbTests.RunHostAsync("create-admin", "--user", "root", "--password", "Other#Pass2", "--Database:DataDirectory", _data);
        var (weak, weakLog) = await ScriptVerbTests.RunHostAsync("create-admin", "--user", "second", "--password", "weak", "--Database:DataDirectory", _data);
        var (usage, usageLog) = await ScriptVerbTests.RunHostAsync("create-admin", "--user", "third", "--Database:DataDirectory", _data);

        Assert.True(created == 0, log);
        Assert.Contains("Administrator 'root' created.", log, StringComparison.Ordinal);
        Assert.True(again == 1, againLog);
        Assert.Contains("already exists", againLog, StringComparison.Ordinal);
        Assert.True(weak == 1, weakLog);
        Assert.Contains("not created", weakLog, StringComparison.Ordinal);
        Assert.True(usage == 2, usageLog);

        using var app = new CrmApp(settings: new Dictionary<string, string?> { ["Database:DataDirectory"] = _data });
        using var client = app.CreateAnonymousClient();
        var me = await (await (await client.PostAsJsonAsync("/api/auth/login", new { userName = "root", password = "Root#Pass1" })).ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.Equal(["Administrator"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("Root Admin", me.GetProperty("displayName").GetString());
        await (await client.GetAsync("/api/users")).ShouldHave(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Identity_Bootstrap_creates_the_first_administrator_and_never_resets_it()
    {
        using (var first = Bootstrap("Boot#Pass1"))
        {
            using var client = first.CreateAnonymousClient();
            await (await client.PostAsJsonAsync("/api/auth/login", new { userName = "bootstrap", password = "Boot#Pass1" })).ShouldHave(HttpStatusCode.OK);
            await (await client.GetAsync("/api/users")).ShouldHave(HttpStatusCode.OK);
        }

        using var second = Bootstrap("Changed#Pass2");
        using var again = second.CreateAnonymousClient();
        await (await again.PostAsJsonAsync("/api/auth/login", new { userName = "bootstrap", password = "Changed#Pass2" })).ShouldHave(HttpStatusCode.Unauthorized);
        await (await again.PostAsJsonAsync("/api/auth/login", new { userName = "bootstrap", password = "Boot#Pass1" })).ShouldHave(HttpStatusCode.OK);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private CrmApp Bootstrap(string password) => new(settings: new Dictionary<string, string?>
    {
        ["Database:DataDirectory"] = _data,
        ["Identity:Bootstrap:UserName"] = "bootstrap",
        ["Identity:Bootstrap:Password"] = password,
    });
}
