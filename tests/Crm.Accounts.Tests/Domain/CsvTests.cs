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
    [InlineData("+86 21 5555", "'+86 21 5555")]
    [InlineData("-5", "-5")]
    [InlineData("+cmd", "'+cmd")]
    [InlineData("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("-12.50", "-12.50")]
    [InlineData("+5", "+5")]
    [InlineData("-1,234.50", "\"-1,234.50\"")]
    [InlineData("-(1)", "'-(1)")]
    [InlineData("- 1", "'- 1")]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("\r=1+1", "\"'\r=1+1\"")]
    [InlineData("＝1+1", "'＝1+1")]
    [InlineData("＋86 cmd", "'＋86 cmd")]
    [InlineData("－2+3", "'－2+3")]
    [InlineData("＠SUM(A1)", "'＠SUM(A1)")]
    [InlineData("'=1+1", "''=1+1")]
    [InlineData("O'Brien", "O'Brien")]
    public void Escape_quotes_when_needed_and_defuses_formulas(string value, string expected) =>
        Assert.Equal(expected, CsvWriter.Escape(value));

    [Theory]
    [InlineData("'=1+1", "=1+1")]
    [InlineData("'+cmd", "+cmd")]
    [InlineData("O'Brien", "O'Brien")]
    [InlineData("'Tis", "'Tis")]
    [InlineData("''=1", "'=1")]
    [InlineData("'＝1", "＝1")]
    public void Unguard_reverses_the_formula_guard_only(string value, string expected) =>
        Assert.Equal(expected, CsvWriter.Unguard(value));

    [Fact]
    public async Task Written_records_read_back_identically()
    {
        var fields = new[]
        {
            "Acme, Inc", "line1\nline2", "\"quoted\"", "", "=1+1", "+86 21 5555 1234", "-12.50", "-2+3", "+1+cmd|' /C calc'!A0", "＝1+1", "'=1",
            "O'Brien", "\t=1", "-1,234.50",
        };
        var text = new StringWriter();
        await new CsvWriter(text).WriteRecordAsync(fields);

        var record = Assert.Single(ReadAll(text.ToString()));
        Assert.Equal(fields, record.Fields.Select(CsvWriter.Unguard));
    }

    /// <summary>
    /// The corpus the review used: after the guard no cell starts with anything a spreadsheet evaluates unless it is a
    /// plain number, and every value survives export and import unchanged.
    /// </summary>
    [Theory]
    [InlineData("+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3")]
    [InlineData("=cmd|' /C calc'!A0")]
    [InlineData("@SUM(1+1)*cmd|' /C calc'!A0")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    [InlineData("＝1+1")]
    [InlineData("＋1+cmd")]
    [InlineData("－2+3")]
    [InlineData("＠SUM(A1)")]
    [InlineData("+86 21 5555 1234")]
    [InlineData("-12.50")]
    [InlineData("'=1+1")]
    public async Task Every_cell_a_spreadsheet_would_evaluate_is_neutralised_and_round_trips(string value)
    {
        var text = new StringWriter();
        await new CsvWriter(text).WriteRecordAsync([value]);

        var cell = Assert.Single(Assert.Single(ReadAll(text.ToString())).Fields);
        var evaluated = cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '＝' or '＋' or '－' or '＠';
        Assert.True(!evaluated || decimal.TryParse(cell, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _),
            $"'{cell}' would be evaluated by a spreadsheet");
        Assert.Equal(value, CsvWriter.Unguard(cell));
    }
}
