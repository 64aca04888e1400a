using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Crm.BuildingBlocks.Localization;

/// <summary>
/// A server message kept as a composite format and its arguments, so it can be shown in the reader's language later
/// (ADR 0110). An interpolated string passed where a <see cref="CrmText"/> is expected is captured by the compiler as
/// "Quote {0} is not a draft." plus the quote's number; that format is the key looked up in the message catalogues.
/// </summary>
[InterpolatedStringHandler]
public readonly struct CrmText
{
    private readonly StringBuilder? _format;
    private readonly List<object?>? _args;
    private readonly string? _literal;

    public CrmText(int literalLength, int formattedCount)
    {
        _format = new StringBuilder(literalLength + formattedCount * 4);
        _args = new List<object?>(formattedCount);
        _literal = null;
    }

    private CrmText(string literal)
    {
        _format = null;
        _args = null;
        _literal = literal;
    }

    public static implicit operator CrmText(string? literal) => new(literal ?? "");

    /// <summary>The composite format: the catalogue key.</summary>
    public string Format => _literal ?? _format?.ToString() ?? "";

    public IReadOnlyList<object?> Args => _args ?? (IReadOnlyList<object?>)[];

    public void AppendLiteral(string value) =>
        // Braces in literal text must survive string.Format.
        _format!.Append(value.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));

    public void AppendFormatted<T>(T value) => AppendFormatted(value, 0, null);

    public void AppendFormatted<T>(T value, string? format) => AppendFormatted(value, 0, format);

    public void AppendFormatted<T>(T value, int alignment) => AppendFormatted(value, alignment, null);

    public void AppendFormatted<T>(T value, int alignment, string? format)
    {
        _format!.Append('{').Append(_args!.Count.ToString(CultureInfo.InvariantCulture));
        if (alignment != 0)
        {
            _format.Append(',').Append(alignment.ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(format))
        {
            _format.Append(':').Append(format);
        }

        _format.Append('}');
        _args.Add(value);
    }

    /// <summary>The message in <paramref name="culture"/> with <paramref name="format"/> (a translation of <see cref="Format"/>).</summary>
    public string Render(IFormatProvider culture, string? format = null, Func<object?, object?>? translateArgument = null)
    {
        if (_literal is not null && format is null)
        {
            return _literal;
        }

        var pattern = format ?? Format;
        if (_args is null || _args.Count == 0)
        {
            // A literal has no placeholders, but a translation written for one might contain braces: show it as written.
            return _literal is not null ? pattern : string.Format(culture, pattern);
        }

        var args = translateArgument is null ? _args.ToArray() : _args.Select(translateArgument).ToArray();
        try
        {
            return string.Format(culture, pattern, args);
        }
        catch (FormatException)
        {
            // A translation with a broken placeholder must never turn a 4xx into a 500: fall back to the English.
            return string.Format(CultureInfo.InvariantCulture, Format, _args.ToArray());
        }
    }

    public override string ToString() => Render(CultureInfo.InvariantCulture);
}
