namespace Crm.BuildingBlocks.Modules;

/// <summary>
/// Another module's API that this module uses only while that module is enabled (listed in
/// <see cref="IModule.OptionalUses"/>, not in <see cref="IModule.Requires"/>). Inject it instead of the API itself and
/// branch on <see cref="IsEnabled"/>: when the other module is off the consumer shows that the feature is unavailable
/// (a note on the page, a 409 problem, an empty list marked as such), never a half-done result (ADR 0075).
/// </summary>
/// <typeparam name="TApi">The other module's <c>I&lt;Module&gt;Api</c> from its <c>Crm.&lt;Module&gt;.PublicApi</c> assembly.</typeparam>
public interface IOptionalModule<out TApi>
    where TApi : class
{
    /// <summary>The providing module's name ("Accounts"), for messages such as "the Accounts module is switched off".</summary>
    string ModuleName { get; }

    /// <summary>Whether the providing module is enabled in this host.</summary>
    bool IsEnabled { get; }

    /// <summary>The API when <see cref="IsEnabled"/>; null otherwise.</summary>
    TApi? Api { get; }
}

/// <summary>
/// Resolves <typeparamref name="TApi"/> only when its module is enabled. The module is named by the API's assembly
/// (<c>Crm.&lt;Module&gt;.PublicApi</c>, style guide 3.5), so the consumer needs no registration of its own.
/// </summary>
internal sealed class OptionalModule<TApi>(ModuleSelection selection, IServiceProvider services) : IOptionalModule<TApi>
    where TApi : class
{
    private const string Prefix = "Crm.";
    private const string Suffix = ".PublicApi";

    public string ModuleName { get; } = ModuleNameOf(typeof(TApi));

    public bool IsEnabled => selection.IsEnabled(ModuleName);

    // An enabled module that does not register its own API is a programming error; fail loudly rather than degrade.
    public TApi? Api => !IsEnabled
        ? null
        : services.GetService(typeof(TApi)) as TApi ?? throw new InvalidOperationException($"Module '{ModuleName}' is enabled but registers no {typeof(TApi).Name}.");

    internal static string ModuleNameOf(Type api)
    {
        var assembly = api.Assembly.GetName().Name ?? "";
        if (!assembly.StartsWith(Prefix, StringComparison.Ordinal) || !assembly.EndsWith(Suffix, StringComparison.Ordinal) || assembly.Length <= Prefix.Length + Suffix.Length)
        {
            throw new InvalidOperationException($"{api.FullName} is not a module API: it must live in a Crm.<Module>.PublicApi assembly.");
        }

        return assembly[Prefix.Length..^Suffix.Length];
    }
}
