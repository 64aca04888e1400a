using System.Text.Json;
using Crm.BuildingBlocks.CustomFields;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Components.CustomFields;

/// <summary>
/// The form side of custom fields for every module's pages: the definitions of a record type, the values as the texts
/// the inputs edit (the same texts a CSV cell holds), and what to send back — on create the filled fields, on update
/// only the ones the user changed, so a field made required later does not block editing an older record.
/// </summary>
public static class CustomFieldForm
{
    public static Task<IReadOnlyList<CustomFieldResponse>> DefinitionsAsync(UiMediator ui, string entityType, bool includeRetired = false) =>
        ui.RunAsync(sp => sp.GetRequiredService<CustomFieldAdministration>().ListAsync(entityType, includeRetired, CancellationToken.None));

    public static Dictionary<string, string?> ToTexts(IReadOnlyDictionary<string, object?>? values) =>
        (values ?? new Dictionary<string, object?>()).ToDictionary(v => v.Key, v => (string?)CustomFieldValues.ToCell(v.Value));

    public static IReadOnlyDictionary<string, JsonElement> ToInput(
        IReadOnlyList<CustomFieldResponse> fields, IReadOnlyDictionary<string, string?> texts, IReadOnlyDictionary<string, string?>? original = null)
    {
        var input = new Dictionary<string, JsonElement>();
        foreach (var field in fields.Where(f => !f.Retired))
        {
            var text = texts.GetValueOrDefault(field.Key)?.Trim() ?? "";
            var before = original?.GetValueOrDefault(field.Key)?.Trim() ?? "";
            if (original is null ? text.Length > 0 : text != before)
            {
                input[field.Key] = JsonSerializer.SerializeToElement(text);
            }
        }

        return input;
    }
}
