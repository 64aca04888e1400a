using System.Net;
using System.Text;
using Crm.BuildingBlocks.Identity;
using Crm.TestKit;

namespace Crm.Identity.Tests;

/// <summary>
/// Role × route: anonymous callers get 401 (APIs) or the sign-in page (pages), roles outside a route's policy 403, and
/// the roles inside it get through (2xx, or a 4xx that is about the request, never 401/403). The expectations are
/// written out here, not read from <see cref="CrmPolicies"/>, so a policy change that opens a route fails this test.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.App fx) : IClassFixture<AuthorizationMatrixTests.App>
{
    private const string NoRole = "(no role)";

    private static readonly string[] Everyone = [.. CrmRoles.All, NoRole];

    public sealed record Route(string Method, string Path, string? Body, string ContentType, string[] Allowed, bool IsPage = false)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    private static readonly Route[] Routes =
    [
        new("GET", "/api/accounts", null, "", [.. CrmRoles.All]),
        new("GET", "/api/accounts/export", null, "", [.. CrmRoles.All]),
        new("POST", "/api/accounts", """{"name":"Matrix Co"}""", "application/json",
            [CrmRoles.Administrator, CrmRoles.Sales, CrmRoles.Service, CrmRoles.BranchManager]),
        new("POST", "/api/accounts/owner-transfers", $$"""{"fromOwnerId":"{{Guid.NewGuid()}}","toOwnerId":"{{Guid.NewGuid()}}"}""", "application/json",
            [CrmRoles.Administrator, CrmRoles.BranchManager]),
        new("POST", "/api/accounts/import?dryRun=true", "name\nMatrix Import Co\n", "text/csv", [CrmRoles.Administrator, CrmRoles.Implementer]),
        new("GET", "/api/modules", null, "", [CrmRoles.Administrator, CrmRoles.Implementer]),
        new("GET", "/api/notifications", null, "", Everyone),
        new("GET", "/api/notifications/unread-count", null, "", Everyone),
        new("GET", "/api/auth/me", null, "", Everyone),
        new("GET", "/elsa/api/workflow-definitions", null, "", [CrmRoles.Administrator, CrmRoles.ProcessOwner]),
        new("GET", "/elsa/api/descriptors/activities", null, "", [CrmRoles.Administrator, CrmRoles.ProcessOwner]),
        new("GET", "/designer/", null, "", [CrmRoles.Administrator, CrmRoles.ProcessOwner], IsPage: true),
        new("GET", "/designer/crm-designer.js", null, "", [CrmRoles.Administrator, CrmRoles.ProcessOwner], IsPage: true),
        new("GET", "/api/users", null, "", [CrmRoles.Administrator]),
        new("POST", "/api/users", """{"userName":"","displayName":""}""", "application/json", [CrmRoles.Administrator]),
        new("GET", "/api/roles", null, "", [CrmRoles.Administrator]),
        new("GET", "/api/identity/audit", null, "", [CrmRoles.Administrator]),
        new("GET", "/openapi/v1.json", null, "", Everyone),
        new("GET", "/scalar/v1", null, "", Everyone, IsPage: true),
    ];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in Routes)
        {
            foreach (var role in Everyone.Append("(anonymous)"))
            {
                data.Add(route.ToString(), role);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Route_answers_by_role(string routeName, string role)
    {
        var route = Routes.Single(r => r.ToString() == routeName);
        using var client = role switch
        {
            "(anonymous)" => fx.Host.CreateAnonymousClient(new() { AllowAutoRedirect = false }),
            NoRole => fx.Host.CreateClient(new() { AllowAutoRedirect = false }).ActAs(Guid.NewGuid()),
            _ => fx.Host.CreateClient(new() { AllowAutoRedirect = false }).ActAs(Guid.NewGuid(), role),
        };
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path);
        if (route.Body is not null)
        {
            request.Content = new StringContent(route.Body, Encoding.UTF8, route.ContentType);
        }

        var response = await client.SendAsync(request);
        var status = response.StatusCode;
        var why = $"{route} as {role}: {(int)status} {await response.Content.ReadAsStringAsync()}";

        if (role == "(anonymous)")
        {
            if (route.IsPage)
            {
                Assert.True(status == HttpStatusCode.Redirect, why);
                Assert.StartsWith("/login?returnUrl=", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(status == HttpStatusCode.Unauthorized, why);
            }
        }
        else if (route.Allowed.Contains(role))
        {
            Assert.True(status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)status < 500, why);
            Assert.True(status is not HttpStatusCode.Redirect, why);
        }
        else
        {
            Assert.True(status == HttpStatusCode.Forbidden, why);
        }
    }

    [Fact]
    public async Task Health_stays_anonymous()
    {
        using var client = fx.Host.CreateAnonymousClient();

        await (await client.GetAsync("/health")).ShouldHave(HttpStatusCode.OK);
    }

    public sealed class App : IDisposable
    {
        public CrmApp Host { get; } = new();

        public void Dispose() => Host.Dispose();
    }
}
