namespace Crm.BuildingBlocks.Auditing;

/// <summary>
/// Caps a string before it is audited or logged. Whatever a caller sends (a 5 MB user name, a header, an exception
/// message quoting input) is stored or written at most <see cref="DefaultLength"/> characters long plus a note of how
/// much was cut, so nobody can fill the disk through the audit log or the logs without even signing in.
/// </summary>
public static class TextCap
{
    /// <summary>The cap of a single audited or logged string unless a caller asks for less.</summary>
    public const int DefaultLength = 256;

    public static string? Cap(string? value, int maxLength = DefaultLength)
    {
        if (value is null || value.Length <= maxLength)
        {
            return value;
        }

        // Never cut a surrogate pair in two (a CJK extension character or an emoji would become invalid UTF-16).
        var keep = char.IsHighSurrogate(value[maxLength - 1]) ? maxLength - 1 : maxLength;
        return string.Concat(value.AsSpan(0, keep), $"… (+{value.Length - keep} characters)");
    }
}
