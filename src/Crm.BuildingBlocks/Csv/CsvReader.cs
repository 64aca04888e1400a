using System.Text;

namespace Crm.BuildingBlocks.Csv;

/// <summary>
/// RFC 4180 reader: comma-separated, double-quoted fields with "" escapes, line breaks inside quotes, CRLF or LF.
/// Reports the physical line each record starts on, so import errors can point at the row a user sees.
/// </summary>
public sealed class CsvReader(TextReader reader)
{
    private int _line = 1;

    /// <summary>The next record and the 1-based line it starts on, or null at the end.</summary>
    public (int Line, IReadOnlyList<string> Fields)? ReadRecord()
    {
        if (reader.Peek() < 0)
        {
            return null;
        }

        var startLine = _line;
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var quotedField = false;
        while (true)
        {
            var next = reader.Read();
            if (next < 0)
            {
                if (inQuotes)
                {
                    throw new CsvFormatException(startLine, "A quoted field is not closed before the end of the file.");
                }

                fields.Add(field.ToString());
                return (startLine, fields);
            }

            var c = (char)next;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        _line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 && !quotedField:
                    inQuotes = true;
                    quotedField = true;
                    break;
                case '"':
                    throw new CsvFormatException(_line, "A double quote appears inside an unquoted field; quote the field and double the quote.");
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    quotedField = false;
                    break;
                case '\r':
                    if (reader.Peek() == '\n')
                    {
                        reader.Read();
                    }

                    _line++;
                    fields.Add(field.ToString());
                    return (startLine, fields);
                case '\n':
                    _line++;
                    fields.Add(field.ToString());
                    return (startLine, fields);
                default:
                    if (quotedField)
                    {
                        throw new CsvFormatException(_line, "Text follows a closing quote; a quoted field must end at a comma or line end.");
                    }

                    field.Append(c);
                    break;
            }
        }
    }
}

/// <summary>The file is not valid CSV; <see cref="Line"/> says where.</summary>
public sealed class CsvFormatException(int line, string message) : Exception($"Line {line}: {message}")
{
    public int Line { get; } = line;
}
