using System.Collections;
using System.Dynamic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.Workflows.Runtime.Values;

/// <summary>
/// Brings any value into the small closed set the runtime stores and hands around: null, string, bool, the CLR number
/// types, DateTime/DateTimeOffset/TimeSpan/Guid, <see cref="List{T}"/> of plain values and
/// <see cref="Dictionary{TKey,TValue}"/> of string to plain value. JSON (elements, nodes) and JavaScript results
/// (ExpandoObject, object[]) arrive in other shapes; normalising them once keeps conversion, serialisation and the
/// JavaScript bridge simple, and gives every value a stable JSON form for the persisted state.
/// </summary>
internal static class PlainValue
{
    /// <summary>
    /// Deeper values are refused: they could not be persisted (System.Text.Json stops at 64 levels for the whole
    /// state), and recursing into a script-built million-level object would overflow the stack and kill the host.
    /// </summary>
    public const int MaxDepth = 48;

    public static object? From(object? value) => From(value, 0);

    private static object? From(object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"The value is nested deeper than {MaxDepth} levels.");
        }

        return value switch
        {
            null => null,
            string or bool or int or long or decimal or double or float or short or byte or DateTime or DateTimeOffset or TimeSpan or Guid => value,
            JsonElement element => FromElement(element),
            JsonNode node => FromElement(JsonSerializer.SerializeToElement(node)),
            ExpandoObject expando => FromDictionary(expando, depth),
            IDictionary<string, object?> dictionary => FromDictionary(dictionary, depth),
            IDictionary dictionary => FromLegacyDictionary(dictionary, depth),
            Enum e => e.ToString(),
            Delegate => null,
            IEnumerable sequence => FromSequence(sequence, depth),
            _ => value,
        };
    }

    public static object? FromElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => FromNumber(element),
        JsonValueKind.Array => element.EnumerateArray().Select(FromElement).ToList(),
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => FromElement(p.Value), StringComparer.Ordinal),
        _ => null,
    };

    /// <summary>The JSON text of a plain value (objects and arrays keep their shape, strings are quoted).</summary>
    public static string ToJson(object? value) => JsonSerializer.Serialize(From(value), RuntimeJson.Options);

    /// <summary>Parses JSON text into plain values.</summary>
    public static object? ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return FromElement(document.RootElement);
    }

    // Integers stay integers (int when they fit, then long), anything else is a decimal as Elsa maps JSON numbers; a
    // number too large for decimal falls back to double rather than failing.
    private static object FromNumber(JsonElement element)
    {
        if (element.TryGetInt32(out var i))
        {
            return i;
        }

        if (element.TryGetInt64(out var l))
        {
            return l;
        }

        return element.TryGetDecimal(out var d) ? d : element.GetDouble();
    }

    private static Dictionary<string, object?> FromDictionary(IEnumerable<KeyValuePair<string, object?>> pairs, int depth)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, item) in pairs)
        {
            result[key] = From(item, depth + 1);
        }

        return result;
    }

    private static Dictionary<string, object?> FromLegacyDictionary(IDictionary dictionary, int depth)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in dictionary)
        {
            result[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = From(entry.Value, depth + 1);
        }

        return result;
    }

    private static List<object?> FromSequence(IEnumerable sequence, int depth)
    {
        var result = new List<object?>();
        foreach (var item in sequence)
        {
            result.Add(From(item, depth + 1));
        }

        return result;
    }
}

/// <summary>The JSON settings the runtime uses for values it writes or reads itself (Object expressions, state).</summary>
internal static class RuntimeJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
