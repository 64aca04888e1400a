namespace Crm.Workflows.Descriptors;

/// <summary>
/// The activity types available in this host: the runtime's core activities plus the SDK activities of enabled
/// modules and plugins. Built once at start-up; a disabled module's assembly is never scanned, so its activities
/// are absent from the toolbox and from execution.
/// </summary>
internal sealed class ActivityRegistry
{
    private readonly Dictionary<string, ActivityDescriptor> _byType;

    public ActivityRegistry(IEnumerable<ActivityDescriptor> descriptors)
    {
        _byType = new Dictionary<string, ActivityDescriptor>(StringComparer.Ordinal);
        foreach (var descriptor in descriptors)
        {
            if (!_byType.TryAdd(descriptor.TypeName, descriptor))
            {
                throw new InvalidOperationException(
                    $"Two activities use the type name '{descriptor.TypeName}' ({_byType[descriptor.TypeName].Source} and {descriptor.Source}).");
            }
        }
    }

    public IReadOnlyCollection<ActivityDescriptor> All => _byType.Values;

    public ActivityDescriptor? Find(string typeName) => _byType.GetValueOrDefault(typeName);
}
