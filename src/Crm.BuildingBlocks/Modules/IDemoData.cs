using Microsoft.Extensions.DependencyInjection;

namespace Crm.BuildingBlocks.Modules;

/// <summary>
/// A module's demo data, shipped in its own <c>Crm.&lt;Module&gt;.Demo</c> assembly so the module assembly production loads
/// carries no data generator (ADR 0068). The host registers it only with <c>Demo:Seed=true</c> and only for enabled
/// modules, in catalog order, after every module's services (so after their migrations).
/// </summary>
public interface IDemoData
{
    /// <summary>The <see cref="IModule.Name"/> of the module it fills.</summary>
    string Module { get; }

    void RegisterServices(IServiceCollection services);
}
