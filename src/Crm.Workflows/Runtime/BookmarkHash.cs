using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crm.Workflows.Runtime.Values;

namespace Crm.Workflows.Runtime;

/// <summary>
/// The lookup key of a bookmark: a SHA-256 over its name and payload in a canonical JSON form (keys sorted), so a
/// resumer that knows the stimulus (e.g. event "OrderShipped", or task id 42 of "HumanTask") finds the bookmark with
/// one indexed equality instead of matching payloads. Both sides must compute it with this class.
/// </summary>
internal static class BookmarkHash
{
    public const string EventBookmarkName = "Elsa.Event";

    public static string ForEvent(string eventName) =>
        Compute(EventBookmarkName, new Dictionary<string, object?> { ["eventName"] = eventName });

    public static string Compute(string name, IReadOnlyDictionary<string, object?>? payload)
    {
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json))
        {
            WriteCanonical(writer, PlainValue.From(payload ?? new Dictionary<string, object?>()));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(name));
        hash.AppendData("|"u8);
        hash.AppendData(json.WrittenSpan);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void WriteCanonical(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case Dictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteCanonical(writer, item);
                }

                writer.WriteEndObject();
                break;
            case List<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case IFormattable formattable and (int or long or short or byte or decimal or double or float):
                // Numbers hash by their invariant text, so 42 (int) and 42 (decimal, after a JSON round trip) agree.
                writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
