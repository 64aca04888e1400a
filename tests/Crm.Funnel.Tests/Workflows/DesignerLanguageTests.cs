using System.Text.Json;
using Crm.Funnel.Tests.Support;

namespace Crm.Funnel.Tests.Workflows;

/// <summary>
/// A process owner who reads Chinese finds the designer's toolbox in Chinese: every name, category, description, input
/// label, outcome and option text of every activity (the CRM's and the core ones) comes back translated, while type
/// names, input names and outcome names — identifiers that definitions store — stay as they are (ADR 0110).
/// </summary>
public sealed class DesignerLanguageTests
{
    /// <summary>Texts that read the same in a Chinese designer (names of technologies and of codes).</summary>
    private static readonly HashSet<string> SameInBothLanguages = ["JavaScript", "Liquid", "JSON", "ID", "URL", "Email", "SMS", "CRM"];

    [Fact]
    public async Task Every_activity_text_has_its_Chinese_and_every_identifier_stays()
    {
        using var app = new FunnelApp();

        var english = await Descriptors(app, "en");
        var chinese = await Descriptors(app, "zh-CN");

        var untranslated = new List<string>();
        foreach (var (type, englishActivity) in english)
        {
            var chineseActivity = chinese[type];
            Assert.Equal(englishActivity.GetProperty("name").GetString(), chineseActivity.GetProperty("name").GetString());
            Compare(type, englishActivity, chineseActivity, untranslated);
        }

        Assert.True(english.Count > 30, $"Only {english.Count} activities: the toolbox is not the whole product's.");
        Assert.True(untranslated.Count == 0, "Texts without their Chinese:\n  " + string.Join("\n  ", untranslated.Distinct()));
    }

    private static void Compare(string type, JsonElement english, JsonElement chinese, List<string> untranslated)
    {
        foreach (var field in new[] { "category", "displayName", "description" })
        {
            Check($"{type} {field}", Text(english, field), Text(chinese, field), untranslated);
        }

        var englishInputs = english.GetProperty("inputs").EnumerateArray().ToList();
        var chineseInputs = chinese.GetProperty("inputs").EnumerateArray().ToList();
        Assert.Equal(englishInputs.Select(i => i.GetProperty("name").GetString()), chineseInputs.Select(i => i.GetProperty("name").GetString()));
        foreach (var (e, c) in englishInputs.Zip(chineseInputs))
        {
            var input = $"{type}.{e.GetProperty("name").GetString()}";
            Check($"{input} displayName", Text(e, "displayName"), Text(c, "displayName"), untranslated);
            Check($"{input} description", Text(e, "description"), Text(c, "description"), untranslated);
            Check($"{input} category", Text(e, "category"), Text(c, "category"), untranslated);
            if (e.GetProperty("uiSpecifications") is { ValueKind: JsonValueKind.Object } spec && spec.TryGetProperty("dropdown", out var dropdown))
            {
                var englishItems = dropdown.GetProperty("selectList").GetProperty("items").EnumerateArray().ToList();
                var chineseItems = c.GetProperty("uiSpecifications").GetProperty("dropdown").GetProperty("selectList").GetProperty("items").EnumerateArray().ToList();
                Assert.Equal(englishItems.Select(i => i.GetProperty("value").GetString()), chineseItems.Select(i => i.GetProperty("value").GetString()));
                foreach (var (ei, ci) in englishItems.Zip(chineseItems))
                {
                    Check($"{input} option", Text(ei, "text"), Text(ci, "text"), untranslated);
                }
            }
        }

        var englishPorts = english.GetProperty("ports").EnumerateArray().ToList();
        var chinesePorts = chinese.GetProperty("ports").EnumerateArray().ToList();
        Assert.Equal(englishPorts.Select(p => p.GetProperty("name").GetString()), chinesePorts.Select(p => p.GetProperty("name").GetString()));
        foreach (var (e, c) in englishPorts.Zip(chinesePorts))
        {
            Check($"{type} outcome", Text(e, "displayName"), Text(c, "displayName"), untranslated);
        }
    }

    private static void Check(string where, string? english, string? chinese, List<string> untranslated)
    {
        if (!string.IsNullOrEmpty(english) && english == chinese && !SameInBothLanguages.Contains(english))
        {
            untranslated.Add($"{english}\t({where})");
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static async Task<Dictionary<string, JsonElement>> Descriptors(FunnelApp app, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/elsa/api/descriptors/activities");
        request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await app.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return list.GetProperty("items").EnumerateArray().ToDictionary(a => a.GetProperty("typeName").GetString()!, a => a.Clone());
    }
}
