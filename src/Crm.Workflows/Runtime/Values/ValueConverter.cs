using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;

namespace Crm.Workflows.Runtime.Values;

/// <summary>
/// Converts evaluated values to the CLR type an input or variable declares, following the order of Elsa's
/// non-strict ObjectConverter (docs/research/elsa-semantics.md 3.3): null stays null, assignable values pass, JSON text
/// becomes objects and collections, strings parse with the invariant culture, an empty string means "no value", and a
/// value that cannot be converted becomes the type's default instead of an error. The last rule is Elsa's, and kept on
/// purpose: workflows exported from Elsa rely on it (e.g. "1,500" into a Decimal yields 0).
/// </summary>
internal static class ValueConverter
{
    private const NumberStyles Number = NumberStyles.Float;

    public static T? ConvertTo<T>(object? value) => ConvertTo(value, typeof(T)) is T typed ? typed : default;

    public static object? ConvertTo(object? value, Type targetType)
    {
        var target = Nullable.GetUnderlyingType(targetType) ?? targetType;
        var plain = PlainValue.From(value);
        if (plain is null)
        {
            return null;
        }

        if (target == typeof(object))
        {
            return plain;
        }

        if (target.IsInstanceOfType(plain))
        {
            return plain;
        }

        try
        {
            return plain is string text ? FromString(text, target) : FromValue(plain, target);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or JsonException or NotSupportedException or ArgumentException)
        {
            return DefaultOf(target);
        }
    }

    private static object? FromString(string text, Type target)
    {
        if (target == typeof(string))
        {
            return text;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.TrimStart();
        if (IsStructured(target) && (trimmed.StartsWith('{') || trimmed.StartsWith('[')))
        {
            return FromValue(PlainValue.ParseJson(text), target);
        }

        if (target == typeof(byte[]))
        {
            return Convert.FromBase64String(text);
        }

        if (target.IsEnum)
        {
            return Enum.TryParse(target, text, ignoreCase: true, out var parsed) ? parsed : DefaultOf(target);
        }

        var parsedScalar = ParseScalar(text, target, out var handled);
        if (handled)
        {
            return parsedScalar;
        }

        // A single string into a collection becomes a one-element collection (Elsa does not split on commas).
        if (IsSequence(target))
        {
            return FromValue(new List<object?> { text }, target);
        }

        var converter = TypeDescriptor.GetConverter(target);
        if (converter.CanConvertFrom(typeof(string)) && converter.IsValid(text))
        {
            return converter.ConvertFromInvariantString(text);
        }

        return DefaultOf(target);
    }

    private static object? ParseScalar(string text, Type target, out bool handled)
    {
        handled = true;
        var invariant = CultureInfo.InvariantCulture;
        var s = text.Trim();
        switch (Type.GetTypeCode(target))
        {
            case TypeCode.Boolean:
                return bool.TryParse(s, out var b) && b;
            case TypeCode.Int16:
                return short.TryParse(s, NumberStyles.Integer, invariant, out var i16) ? i16 : (short)0;
            case TypeCode.Int32:
                return int.TryParse(s, NumberStyles.Integer, invariant, out var i32) ? i32 : 0;
            case TypeCode.Int64:
                return long.TryParse(s, NumberStyles.Integer, invariant, out var i64) ? i64 : 0L;
            case TypeCode.Byte:
                return byte.TryParse(s, NumberStyles.Integer, invariant, out var u8) ? u8 : (byte)0;
            case TypeCode.Decimal:
                return decimal.TryParse(s, Number, invariant, out var m) ? m : 0m;
            case TypeCode.Double:
                return double.TryParse(s, Number, invariant, out var d) ? d : 0d;
            case TypeCode.Single:
                return float.TryParse(s, Number, invariant, out var f) ? f : 0f;
            case TypeCode.DateTime:
                return DateTime.TryParse(s, invariant, DateTimeStyles.RoundtripKind, out var dt) ? dt : default;
        }

        if (target == typeof(DateTimeOffset))
        {
            return DateTimeOffset.TryParse(s, invariant, DateTimeStyles.AssumeUniversal, out var dto) ? dto : default;
        }

        if (target == typeof(TimeSpan))
        {
            // "00:00:05" and "1.02:03:04"; a bare "5" means five days, as with .NET's TimeSpanConverter that Elsa uses.
            return TimeSpan.TryParse(s, invariant, out var ts) ? ts : default;
        }

        if (target == typeof(Guid))
        {
            return Guid.TryParse(s, out var g) ? g : default;
        }

        if (target == typeof(DateOnly))
        {
            return DateOnly.TryParse(s, invariant, out var date) ? date : default;
        }

        if (target == typeof(TimeOnly))
        {
            return TimeOnly.TryParse(s, invariant, out var time) ? time : default;
        }

        handled = false;
        return null;
    }

    private static object? FromValue(object? plain, Type target)
    {
        if (plain is null)
        {
            return null;
        }

        if (target == typeof(object) || target.IsInstanceOfType(plain))
        {
            return plain;
        }

        if (target == typeof(string))
        {
            return plain switch
            {
                bool b => b ? "True" : "False",
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                IDictionary or IList => PlainValue.ToJson(plain),
                _ => plain.ToString(),
            };
        }

        if (target.IsEnum)
        {
            return plain is string s ? FromString(s, target) : Enum.ToObject(target, Convert.ToInt64(plain, CultureInfo.InvariantCulture));
        }

        if (plain is DateTime or DateTimeOffset or DateOnly && ConvertDate(plain, target) is { } date)
        {
            return date;
        }

        if (target == typeof(TimeSpan) || target == typeof(Guid))
        {
            return FromString(Convert.ToString(plain, CultureInfo.InvariantCulture) ?? string.Empty, target);
        }

        if (plain is IList list && IsSequence(target))
        {
            return ToSequence(list, target);
        }

        if (plain is IDictionary or IList && IsStructured(target))
        {
            // Records, POCOs and dictionaries: round-trip through JSON, camelCase and case-insensitive like Elsa's
            // Object expressions.
            return JsonSerializer.Deserialize(PlainValue.ToJson(plain), target, RuntimeJson.Options);
        }

        if (plain is IConvertible && typeof(IConvertible).IsAssignableFrom(target))
        {
            return System.Convert.ChangeType(plain, target, CultureInfo.InvariantCulture);
        }

        return DefaultOf(target);
    }

    private static object? ConvertDate(object value, Type target)
    {
        if (target == typeof(DateTime))
        {
            return value switch
            {
                DateTimeOffset dto => dto.UtcDateTime,
                DateOnly d => d.ToDateTime(TimeOnly.MinValue),
                _ => null,
            };
        }

        if (target == typeof(DateTimeOffset))
        {
            return value switch
            {
                DateTime dt => dt.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)) : new DateTimeOffset(dt),
                DateOnly d => new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                _ => null,
            };
        }

        if (target == typeof(DateOnly))
        {
            return value switch
            {
                DateTime dt => DateOnly.FromDateTime(dt),
                DateTimeOffset dto => DateOnly.FromDateTime(dto.UtcDateTime),
                _ => null,
            };
        }

        return null;
    }

    private static object ToSequence(IList items, Type target)
    {
        var elementType = ElementTypeOf(target) ?? typeof(object);
        var converted = new List<object?>(items.Count);
        foreach (var item in items)
        {
            converted.Add(ConvertTo(item, elementType));
        }

        if (target.IsArray)
        {
            var array = Array.CreateInstance(elementType, converted.Count);
            for (var i = 0; i < converted.Count; i++)
            {
                array.SetValue(converted[i], i);
            }

            return array;
        }

        var listType = typeof(List<>).MakeGenericType(elementType);
        if (target.IsAssignableFrom(listType) || target == listType)
        {
            var typedList = (IList)Activator.CreateInstance(listType)!;
            foreach (var item in converted)
            {
                typedList.Add(item);
            }

            return typedList;
        }

        var setType = typeof(HashSet<>).MakeGenericType(elementType);
        if (target.IsAssignableFrom(setType))
        {
            var set = Activator.CreateInstance(setType)!;
            var add = setType.GetMethod("Add")!;
            foreach (var item in converted)
            {
                add.Invoke(set, [item]);
            }

            return set;
        }

        throw new NotSupportedException($"Cannot build a {target.Name} from a list.");
    }

    private static Type? ElementTypeOf(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var single])
        {
            return single;
        }

        return type.GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?
            .GetGenericArguments()[0];
    }

    private static bool IsSequence(Type type) =>
        type != typeof(string) && type != typeof(byte[]) && typeof(IEnumerable).IsAssignableFrom(type) && !IsDictionary(type);

    private static bool IsDictionary(Type type) =>
        typeof(IDictionary).IsAssignableFrom(type) ||
        type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));

    private static bool IsStructured(Type type) =>
        !type.IsPrimitive && type != typeof(string) && type != typeof(decimal) && type != typeof(object) && !type.IsEnum &&
        type != typeof(DateTime) && type != typeof(DateTimeOffset) && type != typeof(TimeSpan) && type != typeof(Guid) &&
        type != typeof(DateOnly) && type != typeof(TimeOnly);

    private static object? DefaultOf(Type type) => type.IsValueType ? Activator.CreateInstance(type) : null;
}
