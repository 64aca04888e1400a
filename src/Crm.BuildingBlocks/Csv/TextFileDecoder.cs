using System.Text;

namespace Crm.BuildingBlocks.Csv;

/// <summary>
/// Reads an uploaded text file in the encoding it was saved in. Excel on a Chinese Windows saves "CSV" as GB18030 (code
/// page 936) without a byte-order mark, while other tools write UTF-8 with or without one; reading every file as UTF-8
/// turns Chinese names into mojibake. A byte-order mark decides first; otherwise the bytes are tried as strict UTF-8,
/// which GB18030 text (outside ASCII) almost never is, and GB18030 — a superset of GBK and GB2312 — reads the rest.
/// </summary>
public static class TextFileDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly Lazy<Encoding> Gb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    });

    /// <summary>The text of <paramref name="bytes"/> and the name of the encoding it was read with.</summary>
    public static (string Text, string Encoding) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (StrictUtf8.GetString(bytes[3..]), "UTF-8");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Encoding.Unicode.GetString(bytes[2..]), "UTF-16LE");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode.GetString(bytes[2..]), "UTF-16BE");
        }

        try
        {
            return (StrictUtf8.GetString(bytes), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            return (Gb18030.Value.GetString(bytes), "GB18030");
        }
    }

    /// <summary>Reads all of <paramref name="stream"/> and decodes it as <see cref="Decode"/> does.</summary>
    public static async Task<string> ReadAllTextAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)).Text;
    }
}
