using System.Globalization;
using Crm.Products.Domain;

namespace Crm.Products.Features.Shared;

/// <summary>
/// The CSV layout import and export share, so an exported file imports again unchanged. A category is written as
/// the names along its path ("机床/数控车床"); prices and attributes sit in one cell each as <c>key=value</c> pairs
/// separated by semicolons ("CNY=1200.00;USD=180.00").
/// </summary>
internal static class ProductCsv
{
    public static readonly string[] Columns =
    [
        "code", "name", "kind", "category", "unit", "taxRate", "standardCost", "costCurrency", "isActive", "prices", "attributes", "description",
    ];

    public const char PairSeparator = ';';
    public const char CategorySeparator = '/';

    public static string Pairs(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join(PairSeparator, pairs.Select(p => $"{p.Key}={p.Value}"));

    public static string Prices(Product p) =>
        Pairs(p.Prices.OrderBy(x => x.Currency, StringComparer.Ordinal)
            .Select(x => KeyValuePair.Create(x.Currency, x.Amount.ToString("0.00", CultureInfo.InvariantCulture))));

    public static string Attributes(Product p) =>
        Pairs(p.Attributes.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => KeyValuePair.Create(x.Key, x.Value)));

    /// <summary>"a=1;b=2" as pairs; null when a part has no '=' (the caller reports the cell).</summary>
    public static List<KeyValuePair<string, string>>? ParsePairs(string? cell)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in (cell ?? "").Split(PairSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return null;
            }

            pairs.Add(KeyValuePair.Create(part[..equals].Trim(), part[(equals + 1)..].Trim()));
        }

        return pairs;
    }
}
