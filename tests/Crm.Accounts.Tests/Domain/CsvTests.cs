using Crm.BuildingBlocks.Csv;

namespace Crm.Accounts.Tests.Domain;

public sealed class CsvTests
{
    private static List<(int Line, IReadOnlyList<string> Fields)> ReadAll(string text)
    {
        var reader = new CsvReader(new StringReader(text));
        var records = new List<(int, IReadOnlyList<string>)>();
        while (reader.ReadRecord() is { } record)
        {
            records.Add(record);
        }

        return records;
    }

    [Fact]
    public void Reads_quoted_fields_with_commas_quotes_and_line_breaks()
    {
        var records = ReadAll("name,notes\r\n\"Acme, Inc\",\"said \"\"hi\"\"\nand left\"\r\nBeta,\n");

        Assert.Equal(3, records.Count);
        Assert.Equal(["Acme, Inc", "said \"hi\"\nand left"], records[1].Fields);
        Assert.Equal(2, records[1].Line);
        Assert.Equal(4, records[2].Line);
        Assert.Equal(["Beta", ""], records[2].Fields);
    }

    [Fact]
    public void An_unclosed_quote_reports_its_line()
    {
        var ex = Assert.Throws<CsvFormatException>(() => ReadAll("name\n\"Acme\nBeta"));
        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_an_error()
    {
        Assert.Throws<CsvFormatException>(() => ReadAll("name\n\"Acme\"x\n"));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"x\"", "\"say \"\"x\"\"\"")]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("+86 21 5555", "+86 21 5555")]
    [InlineData("-5", "-5")]
    [InlineData("+cmd", "'+cmd")]
    public void Escape_quotes_when_needed_and_defuses_formulas(string value, string expected) =>
        Assert.Equal(expected, CsvWriter.Escape(value));

    [Theory]
    [InlineData("'=1+1", "=1+1")]
    [InlineData("'+cmd", "+cmd")]
    [InlineData("O'Brien", "O'Brien")]
    public void Unguard_reverses_the_formula_guard_only(string value, string expected) =>
        Assert.Equal(expected, CsvWriter.Unguard(value));

    [Fact]
    public async Task Written_records_read_back_identically()
    {
        var fields = new[] { "Acme, Inc", "line1\nline2", "\"quoted\"", "", "=1+1" };
        var text = new StringWriter();
        await new CsvWriter(text).WriteRecordAsync(fields);

        var record = Assert.Single(ReadAll(text.ToString()));
        Assert.Equal(fields, record.Fields.Select(CsvWriter.Unguard));
    }
}
