using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.BuildingBlocks.Web;

/// <summary>
/// Behind a reverse proxy the socket address is the proxy's, so every per-address limit (sign-in, the public web
/// form) would put all visitors in one bucket. <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are honoured only
/// when the request comes from an address listed in <c>ForwardedHeaders:KnownProxies</c> (IP addresses) or
/// <c>ForwardedHeaders:KnownNetworks</c> (CIDR, e.g. <c>10.0.0.0/8</c>); from anyone else they are ignored, since
/// anyone can send them. Nothing configured: nothing is honoured, not even from the loopback address (ADR 0048).
/// </summary>
public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddCrmForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        // Fail at start-up on a mistyped address, not at the first request.
        _ = Trusted(configuration);

        // Read again from the host's final configuration: settings added after Program read the builder's (a test
        // host's, an environment overlay) must count too.
        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((o, final) =>
        {
            var (proxies, networks) = Trusted(final);
            // The framework trusts loopback by default; only what the operator lists is trusted here.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            if (proxies.Count == 0 && networks.Count == 0)
            {
                // With both lists empty the middleware would trust everyone: switch it off instead.
                o.ForwardedHeaders = ForwardedHeaders.None;
                return;
            }

            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Walk back through every known proxy (a CDN in front of nginx); the first unknown address stops it.
            o.ForwardLimit = null;
            proxies.ForEach(o.KnownProxies.Add);
            networks.ForEach(o.KnownIPNetworks.Add);
        });
        return services;
    }

    private static (List<IPAddress> Proxies, List<System.Net.IPNetwork> Networks) Trusted(IConfiguration configuration)
    {
        var section = configuration.GetSection("ForwardedHeaders");
        var proxies = Values(section.GetSection("KnownProxies"))
            .Select(p => IPAddress.TryParse(p, out var address) ? address : throw Invalid("KnownProxies", p, "an IP address"))
            .ToList();
        var networks = Values(section.GetSection("KnownNetworks"))
            .Select(n => System.Net.IPNetwork.TryParse(n, out var network) ? network : throw Invalid("KnownNetworks", n, "a network in CIDR notation such as 10.0.0.0/8"))
            .ToList();
        return (proxies, networks);
    }

    /// <summary>Must come first, so logging, rate limits and the audit see the client's address.</summary>
    public static IApplicationBuilder UseCrmForwardedHeaders(this IApplicationBuilder app) => app.UseForwardedHeaders();

    // A list in JSON (["10.0.0.1"]), or one comma-separated value from an environment variable. A section that has
    // children may still report an empty Value (host settings do), so only a non-empty value counts as the list.
    private static IEnumerable<string> Values(IConfigurationSection section) =>
        (section.Value is { Length: > 0 } single ? single.Split(',') : section.GetChildren().Select(c => c.Value ?? ""))
        .Select(v => v.Trim()).Where(v => v.Length > 0);

    private static InvalidOperationException Invalid(string key, string value, string expected) =>
        new($"ForwardedHeaders:{key}: '{value}' is not {expected}.");
}
