namespace Crm.Workflows.Runtime.Values;

/// <summary>
/// Resolves the type aliases Elsa writes into "typeName" (variables, inputs, outputs) to CLR types. Never loads a type
/// by name: definitions are user content, and an arbitrary assembly-qualified name must not make us load assemblies.
/// Anything unknown is treated as Object, which keeps the value as it came.
/// </summary>
internal static class ElsaTypeNames
{
    private static readonly Dictionary<string, Type> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Object"] = typeof(object),
        ["String"] = typeof(string),
        ["Boolean"] = typeof(bool),
        ["Bool"] = typeof(bool),
        ["Int16"] = typeof(short),
        ["Int32"] = typeof(int),
        ["Int"] = typeof(int),
        ["Int64"] = typeof(long),
        ["Long"] = typeof(long),
        ["Single"] = typeof(float),
        ["Double"] = typeof(double),
        ["Decimal"] = typeof(decimal),
        ["Guid"] = typeof(Guid),
        ["DateTime"] = typeof(DateTime),
        ["DateTimeOffset"] = typeof(DateTimeOffset),
        ["TimeSpan"] = typeof(TimeSpan),
        ["DateOnly"] = typeof(DateOnly),
        ["TimeOnly"] = typeof(TimeOnly),
        ["ByteArray"] = typeof(byte[]),
        ["StringDictionary"] = typeof(Dictionary<string, string>),
        ["StringMap"] = typeof(Dictionary<string, string>),
        ["ObjectDictionary"] = typeof(Dictionary<string, object?>),
        ["ObjectMap"] = typeof(Dictionary<string, object?>),
    };

    /// <summary>The CLR type for an alias such as "Int32", "Int32?", "String[]" or "System.String, System.Private.CoreLib".</summary>
    public static Type Resolve(string? typeName, bool isArray = false)
    {
        var element = ResolveElement(typeName);
        return isArray ? element.MakeArrayType() : element;
    }

    private static Type ResolveElement(string? typeName)
    {
        if (string.IsNullOrWhiteSpace(typeName))
        {
            return typeof(object);
        }

        var name = typeName.Trim();
        var comma = name.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0 && !name.Contains('[', StringComparison.Ordinal))
        {
            name = name[..comma].Trim();
        }

        if (name.EndsWith("[]", StringComparison.Ordinal))
        {
            var inner = ResolveElement(name[..^2]);
            return inner.MakeArrayType();
        }

        if (name.EndsWith('?'))
        {
            return ResolveElement(name[..^1]);
        }

        if (name.StartsWith("System.", StringComparison.Ordinal))
        {
            name = name["System.".Length..];
        }

        return Aliases.GetValueOrDefault(name) ?? typeof(object);
    }
}
