using Microsoft.AspNetCore.Http;
using System.Globalization;
using Crm.Workflows.Definitions;
using Microsoft.Extensions.Primitives;

namespace Crm.Workflows.Api;

/// <summary>
/// Reads Studio's query strings: names arrive in PascalCase (<c>Page</c>, <c>DefinitionIds</c>) except
/// <c>versionOptions</c>, booleans as <c>True</c>/<c>False</c>, collections as repeated names. The request's
/// <see cref="HttpRequest.Query"/> already matches names case-insensitively (a test pins that); this type adds the
/// value parsing with a 400 that names the parameter instead of a silent default.
/// </summary>
internal readonly struct QueryReader(IQueryCollection query)
{
    public string? String(string name)
    {
        var value = Values(name).LastOrDefault(v => !string.IsNullOrWhiteSpace(v));
        return value?.Trim();
    }

    /// <summary>Repeated (<c>Ids=a&amp;Ids=b</c>) or comma-separated values, empty ones dropped.</summary>
    public IReadOnlyList<string> Strings(string name) =>
        Values(name)
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    public int? Int(string name, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Invalid(name, $"'{text}' is not a whole number between {min} and {max}.");
    }

    public bool? Bool(string name)
    {
        var text = String(name);
        return text is null ? null : bool.TryParse(text, out var value) ? value : throw Invalid(name, $"'{text}' is not True or False.");
    }

    public TEnum? Enum<TEnum>(string name)
        where TEnum : struct, Enum
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        return !char.IsDigit(text[0]) && System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value)
            ? value
            : throw Invalid(name, $"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}.");
    }

    public VersionOptions? VersionOptions(string name = "versionOptions")
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        return Definitions.VersionOptions.TryParse(text, out var options)
            ? options
            : throw Invalid(name, $"'{text}' is not Latest, Published, LatestOrPublished, LatestAndPublished, Draft, AllVersions or a version number.");
    }

    /// <summary>
    /// The request's own query collection is case-insensitive, but an <see cref="IQueryCollection"/> built from a plain
    /// dictionary is not; falling back to a scan keeps this reader correct for either.
    /// </summary>
    private StringValues Values(string name)
    {
        if (query.TryGetValue(name, out var values))
        {
            return values;
        }

        var key = query.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        return key is null ? StringValues.Empty : query[key];
    }

    private static WorkflowValidationException Invalid(string name, string message) =>
        WorkflowValidationException.Single("A query parameter is not valid.", name, message);
}
