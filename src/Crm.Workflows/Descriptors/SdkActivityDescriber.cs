using System.Reflection;
using Crm.Workflows.Abstractions;

namespace Crm.Workflows.Descriptors;

/// <summary>Builds descriptors from SDK activity classes: [Activity] on the class, [Input]/[Output] on properties, [Outcome]s.</summary>
internal static class SdkActivityDescriber
{
    public static IEnumerable<ActivityDescriptor> DescribeAll(Assembly assembly, string source) =>
        assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IActivity).IsAssignableFrom(t) && t.GetCustomAttribute<ActivityAttribute>() is not null)
            .Select(t => Describe(t, source));

    public static ActivityDescriptor Describe(Type type, string source)
    {
        var meta = type.GetCustomAttribute<ActivityAttribute>()
                   ?? throw new InvalidOperationException($"{type.FullName} has no [Activity] attribute.");
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var inputs = properties
            .Select(p => (Property: p, Input: p.GetCustomAttribute<InputAttribute>()))
            .Where(x => x.Input is not null)
            .Select(x => DescribeInput(x.Property, x.Input!))
            .OrderBy(i => i.Order).ThenBy(i => i.Name, StringComparer.Ordinal)
            .ToList();
        var outputs = properties
            .Select(p => (Property: p, Output: p.GetCustomAttribute<OutputAttribute>()))
            .Where(x => x.Output is not null)
            .Select(x => new OutputDescriptor(CamelCase(x.Property.Name), TypeNames.Of(x.Property.PropertyType),
                x.Output!.DisplayName ?? Humanize(x.Property.Name), x.Output.Description, x.Property))
            .ToList();
        var ports = type.GetCustomAttributes<OutcomeAttribute>()
            .Select(o => new PortDescriptor(o.Name, o.DisplayName ?? o.Name))
            .ToList();

        return new ActivityDescriptor
        {
            TypeName = meta.TypeName,
            Namespace = meta.Namespace,
            Name = meta.Name,
            Version = meta.Version,
            Category = meta.Category,
            DisplayName = meta.DisplayName ?? Humanize(meta.Name),
            Description = meta.Description,
            Kind = meta.Kind.ToString(),
            // Elsa marks only Elsa.Start as IsStart (Studio then hides the incoming port); a trigger can still be reached by a flow.
            Inputs = inputs,
            Outputs = outputs,
            Ports = ports,
            ActivityType = type,
            Source = source,
        };
    }

    private static InputDescriptor DescribeInput(PropertyInfo property, InputAttribute input)
    {
        var clrType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var options = input.Options?.Select(o => o.Split('|', 2) is [var text, var value] ? (text, value) : (o, o)).ToList();
        if (options is null && clrType.IsEnum)
        {
            options = Enum.GetNames(clrType).Select(n => (Humanize(n), n)).ToList();
        }

        var hint = input.UIHint
                   ?? (options is not null ? UIHints.Dropdown
                       : clrType == typeof(bool) ? UIHints.CheckBox
                       : clrType == typeof(DateTime) || clrType == typeof(DateTimeOffset) ? UIHints.DateTime
                       : clrType == typeof(string[]) ? UIHints.MultiText
                       : clrType == typeof(object) ? UIHints.Json
                       : UIHints.SingleLine);
        return new InputDescriptor
        {
            Name = CamelCase(property.Name),
            TypeName = TypeNames.Of(clrType),
            ClrType = clrType,
            DisplayName = input.DisplayName ?? Humanize(property.Name),
            Description = input.Description,
            UIHint = hint,
            Options = options,
            DefaultValue = input.DefaultValue,
            Category = input.Category,
            Order = input.Order,
            IsRequired = input.IsRequired,
            Property = property,
        };
    }

    internal static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>"DueInHours" → "Due in hours".</summary>
    internal static string Humanize(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c) && !char.IsUpper(name[i - 1]))
            {
                builder.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

/// <summary>Elsa's type names for CLR types (the "typeName" of inputs, outputs and variables).</summary>
internal static class TypeNames
{
    private static readonly Dictionary<Type, string> Names = new()
    {
        [typeof(string)] = "String",
        [typeof(bool)] = "Boolean",
        [typeof(int)] = "Int32",
        [typeof(long)] = "Int64",
        [typeof(decimal)] = "Decimal",
        [typeof(double)] = "Double",
        [typeof(float)] = "Single",
        [typeof(DateTime)] = "DateTime",
        [typeof(DateTimeOffset)] = "DateTimeOffset",
        [typeof(TimeSpan)] = "TimeSpan",
        [typeof(Guid)] = "Guid",
        [typeof(object)] = "Object",
        [typeof(string[])] = "String[]",
    };

    public static string Of(Type type)
    {
        var clr = Nullable.GetUnderlyingType(type) ?? type;
        return Names.TryGetValue(clr, out var name) ? name : clr.IsEnum ? "String" : "Object";
    }

    public static Type? ClrType(string? typeName) =>
        typeName is null ? null : Names.FirstOrDefault(kv => string.Equals(kv.Value, typeName, StringComparison.OrdinalIgnoreCase)).Key;
}
