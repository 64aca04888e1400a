using System.Globalization;
using FluentValidation;
using FluentValidation.Resources;

namespace Crm.BuildingBlocks.Localization;

/// <summary>
/// FluentValidation's own messages ("must be 200 characters or fewer") in the reader's language. Its Chinese texts are
/// filed under zh-CN, while our UI culture is zh-Hans (the parent of zh-CN, so its parent-culture fallback never finds
/// them); property names in those messages come from the message catalogues as "Field: Name".
/// </summary>
internal sealed class ValidatorLanguage : LanguageManager
{
    private static readonly CultureInfo SimplifiedChinese = CultureInfo.GetCultureInfo("zh-CN");

    public override string GetString(string key, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentUICulture;
        return base.GetString(key, IsSimplifiedChinese(culture) ? SimplifiedChinese : culture);
    }

    private static bool IsSimplifiedChinese(CultureInfo culture) =>
        culture.Name is "zh-Hans" or "zh" or "zh-CN" or "zh-SG" || culture.Name.StartsWith("zh-Hans", StringComparison.Ordinal);

    private static int _installed;

    /// <summary>Installs the language manager and the property-name translation once per process.</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1)
        {
            return;
        }

        ValidatorOptions.Global.LanguageManager = new ValidatorLanguage();
        var defaultResolver = ValidatorOptions.Global.DisplayNameResolver;
        // Null leaves FluentValidation's own naming (the property name split at capitals) to English readers.
        ValidatorOptions.Global.DisplayNameResolver = (type, member, expression) =>
            defaultResolver(type, member, expression) ?? (member is null ? null : ServerText.Find("Field: " + member.Name));
    }
}
