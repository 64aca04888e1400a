using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Xunit;

namespace Crm.TestKit;

public static class HttpAssertions
{
    /// <summary>The JSON options the API uses (camelCase, enums as strings).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Asserts the status code, showing the body when it differs (problem details say why).</summary>
    public static async Task<HttpResponseMessage> ShouldHave(this HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"Expected {(int)expected} {expected} but got {(int)response.StatusCode} {response.StatusCode}: {body}");
        }

        return response;
    }

    public static async Task<T> Read<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Json))!;

    public static async Task<JsonElement> ReadJson(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Json);

    /// <summary>The field errors of a validation problem (keys as the API reports them).</summary>
    public static async Task<Dictionary<string, string[]>> ReadFieldErrors(this HttpResponseMessage response)
    {
        var json = await response.ReadJson();
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return json.GetProperty("errors").Deserialize<Dictionary<string, string[]>>(Json)!;
    }
}
