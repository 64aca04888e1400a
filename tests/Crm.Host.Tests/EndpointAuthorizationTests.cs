using Crm.Host;
using Crm.TestKit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>
/// Every route of the host (all modules and plugins switched on) carries an authorisation policy, except the few that
/// must be reachable without signing in. A new endpoint without <c>RequireAuthorization</c> (or a page without
/// <c>[Authorize]</c>) fails here; making a route anonymous means adding it to <see cref="Anonymous"/>, in review.
/// </summary>
public sealed class EndpointAuthorizationTests
{
    /// <summary>Route patterns anyone may call, and why.</summary>
    private static readonly Dictionary<string, string> Anonymous = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/health"] = "load balancers probe it; it says only Healthy/Degraded/Unhealthy",
        ["/account/login"] = "the sign-in form posts here",
        ["/account/logout"] = "signing out must work with an expired session (the form is antiforgery-checked)",
        ["/ui/culture"] = "the language switch, also on the sign-in page; it only sets the culture cookie (antiforgery-checked)",
        ["/api/auth/login"] = "sign-in for scripts",
        ["/api/auth/logout"] = "sign-out for scripts",
        ["/scalar/scalar.js"] = "the API reference's library script (Scalar marks it anonymous); no data, the page itself needs sign-in",
        ["/scalar/scalar.aspnetcore.js"] = "as above",
        ["/scalar/favicon.svg"] = "as above",
        ["/api/public/leads"] = "the Funnel's lead form on the company's web site; rate limited, honeypot, signed time token (ADR 0033)",
        ["/api/public/leads/form-token"] = "the token that form loads first; rate limited, carries no data",
        ["/login"] = "the web UI's sign-in page",
        ["/access-denied"] = "the web UI's page for a signed-in user without the needed role",
        ["/error"] = "the web UI's error page (the exception handler re-executes failed page requests here)",
        ["/not-found"] = "the web UI's not-found page (unknown addresses are re-executed here)",
        ["/_blazor"] = "the interactive pages' circuit connection; every page checks its own policy on the circuit too",
        ["/_blazor/negotiate"] = "as above",
        ["/_blazor/disconnect/"] = "as above",
        ["/_blazor/initializers/"] = "as above: the list of the UI's script initializers",
    };

    [Fact]
    public void Every_endpoint_has_a_policy_unless_it_is_on_the_anonymous_list()
    {
        using var app = new CrmApp(enabledModules: ModuleCatalog.All.Select(m => m.Name));
        app.CreateClient().Dispose();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var open = endpoints
            .Where(IsAnonymous)
            .Select(e => Describe(e))
            .Where(d => !Anonymous.ContainsKey(d.Pattern) && !IsUiFile(d.Pattern))
            .Select(d => $"{d.Methods} {d.Pattern}")
            .ToList();

        Assert.True(endpoints.Count > 30, $"Only {endpoints.Count} endpoints found: is the endpoint data source complete?");
        Assert.True(open.Count == 0, "Endpoints without an authorisation policy (add RequireAuthorization(CrmPolicies.X), or list them as anonymous with a reason):"
            + Environment.NewLine + string.Join(Environment.NewLine, open));
    }

    [Fact]
    public void The_anonymous_list_names_only_endpoints_that_exist_and_are_anonymous()
    {
        using var app = new CrmApp(enabledModules: ModuleCatalog.All.Select(m => m.Name));
        app.CreateClient().Dispose();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        foreach (var pattern in Anonymous.Keys)
        {
            var matching = endpoints.Where(e => string.Equals(Describe(e).Pattern, pattern, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(matching.Count > 0, $"{pattern} is on the anonymous list but no longer exists: remove it.");
            Assert.All(matching, e => Assert.True(IsAnonymous(e), $"{pattern} is on the anonymous list but requires sign-in: remove it."));
        }
    }

    /// <summary>
    /// Static files of the web UI (MudBlazor, Crm.Web, module pages, blazor.web.js): code and styles without data, which
    /// the sign-in page needs before anyone is signed in. There is one endpoint per file, so they go by prefix.
    /// </summary>
    private static bool IsUiFile(string pattern) =>
        pattern.StartsWith("/_content/", StringComparison.Ordinal) || pattern.StartsWith("/_framework/", StringComparison.Ordinal);

    /// <summary>Anonymous = explicitly allowed, or no authorisation metadata at all (nobody decided).</summary>
    private static bool IsAnonymous(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
        || (endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0 && endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>().Count == 0);

    private static (string Methods, string Pattern) Describe(RouteEndpoint endpoint)
    {
        var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"];
        return (string.Join(",", methods), "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/'));
    }
}
