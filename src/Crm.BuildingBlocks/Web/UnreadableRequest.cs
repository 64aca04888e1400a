using System.Text.Json;
using System.Text.RegularExpressions;
using Crm.BuildingBlocks.Localization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.BuildingBlocks.Web;

/// <summary>
/// A request the framework could not bind (a number sent as text, malformed JSON, a route id that is not an id) answers
/// like a validation failure: the field in error, a message in the reader's language, and never the serializer's English
/// text with our internal type names in it. The framework only tells us through its exception message, so the field and
/// the expected kind are read from there; anything unrecognised gets the general message.
/// </summary>
internal static partial class UnreadableRequest
{
    public static ProblemDetails Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var field = FieldOf(json.Path);
            if (field is null)
            {
                return General(bad.StatusCode, "The body is not valid JSON.");
            }

            // The serializer names the record being built, not the property's type, in its own message; the inner
            // message names what the value should have been ("… for a Decimal", "… as a boolean").
            return Field(bad.StatusCode, field, json.InnerException is { } inner ? ExpectedKind(inner.Message) : "This value is not one of the allowed values.");
        }

        if (BindFailure().Match(bad.Message) is { Success: true } bind)
        {
            return Field(bad.StatusCode, bind.Groups["name"].Value, ExpectedKind(bind.Groups["type"].Value));
        }

        if (MissingParameter().Match(bad.Message) is { Success: true } missing)
        {
            return Field(bad.StatusCode, missing.Groups["name"].Value, "This value is required.");
        }

        return General(bad.StatusCode, "The request body is missing or could not be read.");
    }

    /// <summary>"$.contacts[0].email" → "contacts[0].email"; null for the document itself.</summary>
    private static string? FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length == 0 ? null : field;
    }

    private static string ExpectedKind(string text) => text switch
    {
        _ when text.Contains("as a number", StringComparison.Ordinal)
            || Names(text, "Decimal", "Int16", "Int32", "Int64", "UInt16", "UInt32", "UInt64", "Double", "Single", "Byte", "int", "long", "decimal", "double") => "This value must be a number.",
        _ when Names(text, "DateTime", "DateTimeOffset", "DateOnly") => "This value must be a date (for example 2026-12-31).",
        _ when Names(text, "TimeOnly", "TimeSpan") => "This value must be a time (for example 09:30).",
        _ when text.Contains("as a boolean", StringComparison.Ordinal) || Names(text, "Boolean", "bool") => "This value must be true or false.",
        _ when Names(text, "Guid") => "This value must be an id.",
        _ => "This value could not be read.",
    };

    private static bool Names(string text, params string[] types) =>
        types.Any(t => Regex.IsMatch(text, $@"(^|[^A-Za-z]){t}([^A-Za-z]|$)"));

    private static HttpValidationProblemDetails Field(int status, string field, string english) =>
        new(new Dictionary<string, string[]> { [field] = [ServerText.Translate(english)] })
        {
            Status = status,
            Title = ServerText.Translate("One or more fields are invalid."),
        };

    private static ProblemDetails General(int status, string english) => new()
    {
        Status = status,
        Title = ServerText.Translate("The request could not be read."),
        Detail = ServerText.Translate(english),
    };

    // Failed to bind parameter "Guid id" from "abc".
    [GeneratedRegex("""Failed to bind parameter "(?<type>[^ "]+) (?<name>[^"]+)" from""")]
    private static partial Regex BindFailure();

    // Required parameter "int page" was not provided from query string.
    [GeneratedRegex("""Required parameter "(?<type>[^ "]+) (?<name>[^"]+)" was not provided""")]
    private static partial Regex MissingParameter();
}
