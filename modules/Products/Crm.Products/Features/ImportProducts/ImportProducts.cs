using System.Globalization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Csv;
using Crm.BuildingBlocks.Pricing;
using Crm.Products.Domain;
using Crm.Products.Features.Shared;
using Crm.Products.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Products.Features.ImportProducts;

/// <summary>
/// Imports products from CSV (the export's layout). A row whose code exists updates that product, so an exported,
/// edited file imports back. Every row is checked first; a file with a bad row imports nothing unless
/// <see cref="SkipInvalid"/> is set, and then the good rows are imported and the bad ones reported.
/// </summary>
internal sealed record ImportProductsCommand(TextReader Csv, bool SkipInvalid, bool DryRun) : IRequest<ImportReport>;

internal sealed record ImportReport(int TotalRows, int ValidRows, int Created, int Updated, int Skipped, bool DryRun, IReadOnlyList<ImportRowError> Errors) : ICsvImportReport
{
    int ICsvImportReport.ErrorCount => Errors.Count;

    /// <summary>True when nothing was imported because of errors.</summary>
    public bool Rejected => Errors.Count > 0 && Created + Updated == 0 && !DryRun;
}

/// <summary>A problem in one row; <see cref="Line"/> is the line in the file (the header is line 1).</summary>
internal sealed record ImportRowError(int Line, string? Field, string Message);

/// <summary>One CSV row as the shared product fields, so a row is checked by the same rules as the API.</summary>
internal sealed record ProductRow(
    int Line, string? Code, string? Name, string? Kind, Guid? CategoryId, string? Unit, decimal? StandardCost, string? CostCurrency, string? TaxRate,
    bool? IsActive, string? Description, IReadOnlyList<PriceInput>? Prices, IReadOnlyList<AttributeInput>? Attributes) : IProductFields;

internal sealed class ImportProductsHandler(ProductsDbContext db, ICurrentUser user, TimeProvider clock, IOptions<MoneyOptions> money)
    : IRequestHandler<ImportProductsCommand, ImportReport>
{
    internal const int MaxRows = 20_000;

    public async Task<ImportReport> Handle(ImportProductsCommand command, CancellationToken cancellationToken)
    {
        var errors = new List<ImportRowError>();
        var paths = await CategoryPaths.LoadAsync(db, cancellationToken);
        var (rows, total) = Parse(command.Csv, paths, errors);
        if (errors.Any(e => e.Line <= 1))
        {
            return new ImportReport(total, 0, 0, 0, 0, command.DryRun, errors);
        }

        var validator = new ProductFieldsValidator(money);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var valid = new List<ProductRow>();
        foreach (var row in rows)
        {
            // Every rule runs on every row, so one pass over the file reports all its mistakes.
            var failures = (await validator.ValidateAsync(row, cancellationToken)).Errors;
            errors.AddRange(failures.Select(f => new ImportRowError(row.Line, Column(f.PropertyName), f.ErrorMessage)));
            if (failures.Count > 0 || errors.Any(e => e.Line == row.Line))
            {
                continue;
            }

            if (seen.TryGetValue(Product.KeyOf(row.Code!), out var first))
            {
                errors.Add(new ImportRowError(row.Line, "code", $"The code '{row.Code}' is on line {first} of the file already."));
                continue;
            }

            seen[Product.KeyOf(row.Code!)] = row.Line;
            valid.Add(row);
        }

        var skipped = total - valid.Count;
        if (command.DryRun || (errors.Count > 0 && !command.SkipInvalid) || valid.Count == 0)
        {
            return new ImportReport(total, valid.Count, 0, 0, skipped, command.DryRun, errors);
        }

        var keys = valid.Select(r => Product.KeyOf(r.Code!)).ToList();
        var existing = new Dictionary<string, Product>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(500))
        {
            foreach (var product in await db.Products.Where(p => chunk.Contains(p.CodeKey)).ToListAsync(cancellationToken))
            {
                existing[product.CodeKey] = product;
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var created = 0;
        foreach (var row in valid)
        {
            var details = ProductFields.ToDetails(row, money.Value.CompanyCurrency);
            if (existing.TryGetValue(Product.KeyOf(row.Code!), out var product))
            {
                product.Update(details, user.Id, now);
            }
            else
            {
                db.Products.Add(Product.Create(details, user.Id, now));
                created++;
            }
        }

        // One transaction: the file is imported whole or (on a lost race for a code) not at all.
        await ProductFields.SaveAsync(db, string.Join(", ", valid.Select(r => r.Code).Take(3)), cancellationToken);
        return new ImportReport(total, valid.Count, created, valid.Count - created, skipped, false, errors);
    }

    private static string? Column(string property)
    {
        var name = property.Split('[', '.')[0];
        return ProductCsv.Columns.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase)) ?? name;
    }

    private static (List<ProductRow> Rows, int Total) Parse(TextReader csv, CategoryPaths paths, List<ImportRowError> errors)
    {
        var rows = new List<ProductRow>();
        var total = 0;
        var reader = new CsvReader(csv);
        try
        {
            var header = reader.ReadRecord();
            if (header is null)
            {
                errors.Add(new ImportRowError(1, null, "The file is empty. The first line must name the columns, e.g. code,name,unit,prices."));
                return (rows, total);
            }

            var columns = header.Value.Fields.Select(h => h.Trim().TrimStart('\uFEFF')).ToList();
            var unknown = columns.Where(c => c.Length > 0 && !ProductCsv.Columns.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
            if (unknown.Count > 0)
            {
                errors.Add(new ImportRowError(1, unknown[0], $"Unknown column(s): {string.Join(", ", unknown)}. Known columns: {string.Join(", ", ProductCsv.Columns)}."));
            }

            foreach (var required in new[] { "code", "name" }.Where(r => !columns.Contains(r, StringComparer.OrdinalIgnoreCase)))
            {
                errors.Add(new ImportRowError(1, required, $"The header has no '{required}' column."));
            }

            var twice = columns.Where(c => c.Length > 0).GroupBy(c => c, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null)
            {
                errors.Add(new ImportRowError(1, twice.Key, $"Column '{twice.Key}' appears twice."));
            }

            if (errors.Count > 0)
            {
                return (rows, total);
            }

            var index = columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.OrdinalIgnoreCase);
            while (reader.ReadRecord() is { } record)
            {
                if (record.Fields.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                total++;
                if (total > MaxRows)
                {
                    errors.Add(new ImportRowError(record.Line, null, $"The file has more than {MaxRows:N0} rows; split it."));
                    break;
                }

                if (record.Fields.Count != columns.Count)
                {
                    errors.Add(new ImportRowError(record.Line, null, $"The row has {record.Fields.Count} fields but the header has {columns.Count}."));
                    continue;
                }

                string? Cell(string name) =>
                    index.TryGetValue(name, out var i) && CsvWriter.Unguard(record.Fields[i].Trim()) is { Length: > 0 } value ? value : null;
                rows.Add(ToRow(record.Line, Cell, paths, errors));
            }
        }
        catch (CsvFormatException ex)
        {
            errors.Add(new ImportRowError(ex.Line, null, ex.Message));
        }

        return (rows, total);
    }

    private static ProductRow ToRow(int line, Func<string, string?> cell, CategoryPaths paths, List<ImportRowError> errors)
    {
        Guid? categoryId = null;
        if (cell("category") is { } category)
        {
            categoryId = paths.IdOf(category);
            if (categoryId is null)
            {
                errors.Add(new ImportRowError(line, "category", $"No category '{category}'; name it by its path, e.g. Machines/Lathes."));
            }
        }

        decimal? cost = null;
        if (cell("standardCost") is { } costText)
        {
            if (decimal.TryParse(costText, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
            {
                cost = parsed;
            }
            else
            {
                errors.Add(new ImportRowError(line, "standardCost", "Standard cost is not a number (use a point for decimals, e.g. 1200.50)."));
            }
        }

        bool? active = null;
        if (cell("isActive") is { } activeText)
        {
            if (bool.TryParse(activeText, out var parsed))
            {
                active = parsed;
            }
            else
            {
                errors.Add(new ImportRowError(line, "isActive", "isActive is true or false."));
            }
        }

        var prices = new List<PriceInput>();
        if (ProductCsv.ParsePairs(cell("prices")) is { } pricePairs)
        {
            foreach (var (currency, amount) in pricePairs)
            {
                if (decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
                {
                    prices.Add(new PriceInput(currency.ToUpperInvariant(), parsed));
                }
                else
                {
                    errors.Add(new ImportRowError(line, "prices", $"The {currency} price is not a number (use a point for decimals)."));
                }
            }
        }
        else
        {
            errors.Add(new ImportRowError(line, "prices", "Write prices as currency=amount pairs separated by semicolons, e.g. CNY=1200.00;USD=180.00."));
        }

        var attributes = ProductCsv.ParsePairs(cell("attributes"));
        if (attributes is null)
        {
            errors.Add(new ImportRowError(line, "attributes", "Write attributes as name=value pairs separated by semicolons, e.g. colour=silver;power=7.5kW."));
        }

        return new ProductRow(line, cell("code"), cell("name"), cell("kind"), categoryId, cell("unit"), cost, cell("costCurrency"), cell("taxRate"), active,
            cell("description"), prices, attributes?.Select(a => new AttributeInput(a.Key, a.Value)).ToList());
    }
}
