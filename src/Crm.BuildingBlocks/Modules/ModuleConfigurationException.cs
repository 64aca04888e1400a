namespace Crm.BuildingBlocks.Modules;

/// <summary>The module configuration cannot start: the message says what to enable or fix.</summary>
public sealed class ModuleConfigurationException(string message) : Exception(message);
