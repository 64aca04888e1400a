using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Crm.BuildingBlocks.Application;

/// <summary>
/// The opaque cursor of keyset paging (ADR 0011): the last row's sort key and id, as base64url JSON. Each list owns
/// its position record; this only turns it into text and back, so a client's damaged or foreign cursor is a
/// validation error ("start again from the first page"), never an exception.
/// </summary>
public static class KeysetCursor
{
    public static string Encode<TPosition>(TPosition position) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(position));

    public static bool TryDecode<TPosition>(string cursor, [NotNullWhen(true)] out TPosition? position)
        where TPosition : class
    {
        position = null;
        try
        {
            position = JsonSerializer.Deserialize<TPosition>(Base64Url.DecodeFromChars(cursor));
            return position is not null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return false;
        }
    }
}
