using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Host;
using Crm.TestKit;
using Xunit;
using Xunit.Abstractions;

namespace Crm.Host.Tests;

/// <summary>
/// Walks every POST, PUT and PATCH operation of the OpenAPI document with extreme values in every body field (years 0001
/// and 9999, huge and negative numbers, very long texts, control characters) and expects an answer, never a 5xx. Path
/// ids point at real records where the test could create one, so the corpus reaches the handlers behind the 404s.
/// </summary>
public sealed class BadInputCorpusTests(ITestOutputHelper output)
{
    private static readonly string[] Corpora = ["min-date", "max-date", "huge-number", "negative-number", "long-text", "control-characters"];

    [Fact]
    public async Task No_write_operation_answers_5xx_to_extreme_values()
    {
        using var app = new CrmApp(enabledModules: ModuleCatalog.All.Select(m => m.Name));
        using var client = app.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var ids = await CreateRecordsAsync(client);

        var failures = new List<string>();
        var operations = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is not ("post" or "put" or "patch"))
                {
                    continue;
                }

                operations++;
                var url = FillPath(path, ids);
                var schema = operation!["requestBody"]?["content"]?["application/json"]?["schema"];
                foreach (var corpus in Corpora)
                {
                    var body = schema is null ? new JsonObject() : Build(schema, document, corpus, 0) ?? new JsonObject();
                    using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url)
                    {
                        Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
                    };
                    using var response = await client.SendAsync(request);
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{method.ToUpperInvariant()} {url} ({corpus}): {(int)response.StatusCode} {Truncate(await response.Content.ReadAsStringAsync())}");
                    }
                }
            }
        }

        output.WriteLine($"{operations} write operations, {operations * Corpora.Length} requests");
        Assert.True(operations > 40, $"Only {operations} write operations found: is the OpenAPI document complete?");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task The_shared_bounds_refuse_year_1_and_9999_and_control_characters_with_field_errors()
    {
        using var app = new CrmApp(enabledModules: ModuleCatalog.All.Select(m => m.Name));
        using var client = app.CreateClient();

        var campaign = await client.PostAsJsonAsync("/api/funnel/campaigns",
            new { name = "Old", type = "Seminar", startsAt = "0001-01-01T00:00:00Z", endsAt = "9999-12-31T00:00:00Z" });
        await campaign.ShouldHave(HttpStatusCode.BadRequest);
        var errors = await campaign.ReadFieldErrors();
        Assert.Contains("startsAt", errors.Keys);
        Assert.Contains("endsAt", errors.Keys);

        var account = await client.PostAsJsonAsync("/api/accounts", new { name = "Nul\0Co", phone = "021\u00076000 1234" });
        await account.ShouldHave(HttpStatusCode.BadRequest);
        errors = await account.ReadFieldErrors();
        Assert.Contains("name", errors.Keys);
        Assert.Contains("phone", errors.Keys);

        var key = await client.PostAsJsonAsync($"/api/users/{TestAuthentication.AdministratorId}/api-keys", new { name = "Forever", expiresAt = "9999-12-31T23:59:59Z" });
        Assert.Equal(HttpStatusCode.BadRequest, key.StatusCode);
    }

    /// <summary>One valid record per kind, so that {id} routes under it reach their handler.</summary>
    [Fact]
    public async Task Unreadable_values_answer_the_field_in_error_in_the_readers_language_without_internal_type_names()
    {
        using var app = new CrmApp(enabledModules: ModuleCatalog.All.Select(m => m.Name));
        using var client = app.CreateClient();

        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? body, string language)
        {
            using var request = new HttpRequestMessage(method, url);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            request.Headers.TryAddWithoutValidation("Accept-Language", language);
            return await client.SendAsync(request);
        }

        // A number sent as text: the field, and what it must be, in Chinese.
        var wrongNumber = await SendAsync(HttpMethod.Post, "/api/accounts", """{"name":"上海测试","creditLimit":"很多"}""", "zh-CN");
        await wrongNumber.ShouldHave(HttpStatusCode.BadRequest);
        var body = await wrongNumber.Content.ReadAsStringAsync();
        Assert.DoesNotContain("System.", body);
        var errors = await wrongNumber.ReadFieldErrors();
        Assert.Equal(["此项必须是数字。"], errors["creditLimit"]);

        // The same in English, for a nested field and a date.
        var wrongDate = await SendAsync(HttpMethod.Post, "/api/funnel/campaigns", """{"name":"Expo","type":"Seminar","startsAt":"next week"}""", "en");
        await wrongDate.ShouldHave(HttpStatusCode.BadRequest);
        Assert.Equal(["This value must be a date (for example 2026-12-31)."], (await wrongDate.ReadFieldErrors())["startsAt"]);

        // Malformed JSON has no field: a general message, still translated.
        var malformed = await SendAsync(HttpMethod.Post, "/api/accounts", """{"name": "x",""", "zh-CN");
        await malformed.ShouldHave(HttpStatusCode.BadRequest);
        var problem = JsonNode.Parse(await malformed.Content.ReadAsStringAsync())!;
        Assert.Equal("请求内容不是有效的 JSON。", (string?)problem["detail"]);
        Assert.Equal("无法读取该请求。", (string?)problem["title"]);

        // A query value that cannot be bound names the parameter, not the framework's "Failed to bind parameter".
        var wrongPage = await SendAsync(HttpMethod.Get, $"/api/accounts/{Guid.NewGuid()}/audit?page=abc", null, "zh-CN");
        await wrongPage.ShouldHave(HttpStatusCode.BadRequest);
        Assert.DoesNotContain("Failed to bind", await wrongPage.Content.ReadAsStringAsync());
        Assert.Equal(["此项必须是数字。"], (await wrongPage.ReadFieldErrors())["page"]);
    }

    private static async Task<Dictionary<string, Guid>> CreateRecordsAsync(HttpClient client)
    {
        var ids = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase);

        async Task Create(string key, string url, object body)
        {
            var response = await client.PostAsJsonAsync(url, body);
            if (response.IsSuccessStatusCode)
            {
                ids[key] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            }
        }

        var start = DateTime.UtcNow.AddDays(30);
        await Create("accounts", "/api/accounts", new { name = "Corpus Co", phone = "021 6000 1234" });
        await Create("campaigns", "/api/funnel/campaigns", new { name = "Corpus", type = "Seminar", startsAt = start, endsAt = start.AddDays(1), budget = 100m });
        await Create("leads", "/api/funnel/leads", new { name = "Corpus Lead", company = "Corpus Lead Co", phone = "021 6000 4321" });
        if (ids.TryGetValue("accounts", out var account))
        {
            await Create("opportunities", "/api/funnel/opportunities", new { name = "Corpus deal", accountId = account, amount = 1000m });
        }

        return ids;
    }

    /// <summary>Replaces each {param} with the id of the record kind named by the segment before it, or a fresh id.</summary>
    private static string FillPath(string path, Dictionary<string, Guid> ids)
    {
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].StartsWith('{'))
            {
                var kind = i > 0 ? segments[i - 1] : "";
                segments[i] = (ids.TryGetValue(kind, out var id) ? id : Guid.NewGuid()).ToString();
            }
        }

        return string.Join('/', segments);
    }

    private static JsonNode? Build(JsonNode schema, JsonNode document, string corpus, int depth)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            schema = document["components"]!["schemas"]![reference.Split('/')[^1]]!;
        }

        if (depth > 4)
        {
            return null;
        }

        foreach (var composite in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema[composite] is JsonArray options)
            {
                var first = options.FirstOrDefault(o => Types(o!).All(t => t != "null"));
                return first is null ? null : Build(first, document, corpus, depth);
            }
        }

        var types = Types(schema);
        var format = schema["format"]?.GetValue<string>();
        if (types.Contains("object") || schema["properties"] is not null)
        {
            var result = new JsonObject();
            foreach (var (name, property) in schema["properties"]?.AsObject() ?? new JsonObject())
            {
                result[name] = Build(property!, document, corpus, depth + 1);
            }

            return result;
        }

        if (types.Contains("array"))
        {
            return schema["items"] is { } items ? new JsonArray(Build(items, document, corpus, depth + 1)) : new JsonArray();
        }

        if (types.Contains("integer") || types.Contains("number"))
        {
            return corpus switch
            {
                "huge-number" => types.Contains("integer") ? JsonValue.Create(format == "int64" ? long.MaxValue : int.MaxValue) : JsonValue.Create(79228162514264337593543950335m),
                "negative-number" => types.Contains("integer") ? JsonValue.Create(format == "int64" ? long.MinValue : int.MinValue) : JsonValue.Create(-79228162514264337593543950335m),
                _ => JsonValue.Create(1),
            };
        }

        if (types.Contains("boolean"))
        {
            return JsonValue.Create(true);
        }

        if (format is "date-time" or "date")
        {
            var text = corpus switch
            {
                "min-date" => format == "date" ? "0001-01-01" : "0001-01-01T00:00:00Z",
                "max-date" => format == "date" ? "9999-12-31" : "9999-12-31T23:59:59.9999999Z",
                _ => format == "date" ? "2030-01-01" : "2030-01-01T09:00:00Z",
            };
            return JsonValue.Create(text);
        }

        if (format == "uuid")
        {
            return JsonValue.Create(Guid.NewGuid());
        }

        if (schema["enum"] is JsonArray values && values.Count > 0)
        {
            return values[0]?.DeepClone();
        }

        return corpus switch
        {
            "long-text" => JsonValue.Create(new string('长', 100_000)),
            "control-characters" => JsonValue.Create("a\0b\u0007c\u001b[31m\u007f"),
            _ => JsonValue.Create("Corpus"),
        };
    }

    private static List<string> Types(JsonNode schema) => schema["type"] switch
    {
        JsonArray array => array.Select(t => t!.GetValue<string>()).ToList(),
        JsonValue value => [value.GetValue<string>()],
        _ => [],
    };

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300];
}
