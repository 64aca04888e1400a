namespace Crm.BuildingBlocks.Modules;

/// <summary>
/// An optional extension (extra workflow activities, integrations) living in <c>plugins/</c>. Unlike modules, a
/// plugin the host references is on unless <c>Plugins:&lt;Name&gt;:Enabled=false</c>; it is found by type, not
/// listed in the module catalog, so adding one is a project reference and nothing else.
/// </summary>
public interface IPlugin : IModule;
