using Microsoft.AspNetCore.Http;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Workflows.Api;

/// <summary>
/// The JSON of the Elsa API, kept apart from the host's own options so a change there cannot break Studio: camelCase
/// names, enums as strings, <see cref="DateTimeOffset"/> with its offset (ISO 8601), case-insensitive reading. Studio's
/// client reads names case-sensitively, so camelCase is not optional.
/// </summary>
internal static class ElsaJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static IResult Ok<T>(T value) => TypedResults.Json(value, Options);
}
