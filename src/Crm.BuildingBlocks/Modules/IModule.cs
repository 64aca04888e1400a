using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.BuildingBlocks.Modules;

/// <summary>
/// A bounded context that the host can switch on or off with <c>Modules:&lt;Name&gt;:Enabled</c>.
/// A disabled module contributes nothing: no services, endpoints, jobs or pages.
/// </summary>
public interface IModule
{
    /// <summary>"Accounts": the configuration key, the database schema/file name and the route prefix.</summary>
    string Name { get; }

    /// <summary>Modules that must also be enabled because this one calls their <c>I&lt;Module&gt;Api</c>.</summary>
    IReadOnlyCollection<string> Requires => [];

    /// <summary>
    /// Modules whose <c>I&lt;Module&gt;Api</c> this one uses only while they are enabled, reached through
    /// <see cref="IOptionalModule{TApi}"/> (never injected directly), so this module keeps working, visibly reduced,
    /// when they are off (ADR 0075). A module is listed here or in <see cref="Requires"/>, never in both.
    /// </summary>
    IReadOnlyCollection<string> OptionalUses => [];

    /// <summary>Registers the module's services; called only when the module is enabled.</summary>
    void RegisterServices(IServiceCollection services, IConfiguration configuration);

    /// <summary>Maps the module's endpoints under <c>/api/&lt;name&gt;</c>; called only when enabled.</summary>
    void MapEndpoints(IEndpointRouteBuilder endpoints);

    /// <summary>
    /// Maps endpoints that anonymous callers on the internet may reach (a web form), under <c>/api/public</c>; called
    /// only when enabled. Everything there must mark itself <c>AllowAnonymous</c> and carry a rate-limiting policy;
    /// everything else stays behind sign-in, so a reverse proxy can expose <c>/api/public</c> alone (ADR 0032).
    /// </summary>
    void MapPublicEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}
