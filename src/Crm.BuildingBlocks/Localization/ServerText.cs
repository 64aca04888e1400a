using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Resources;
using Crm.BuildingBlocks.Application;

namespace Crm.BuildingBlocks.Localization;

/// <summary>
/// The message catalogues of the server: each assembly that registers a mediator may carry a <c>Messages.resx</c>
/// (with <c>Messages.zh-Hans.resx</c>) whose keys are the English messages its validators and business rules write.
/// Validation errors and problem details are translated here, once, into the current UI culture (ADR 0110). A
/// message without a translation is shown in English rather than failing; a test keeps the catalogues complete.
/// </summary>
public static class ServerText
{
    private const string CatalogueName = "Messages";

    private static readonly ConcurrentDictionary<Assembly, ResourceManager?> Catalogues = new();

    static ServerText() => Register(typeof(ServerText).Assembly);

    /// <summary>Adds the catalogue of <paramref name="assembly"/> (if it carries one) to the lookup.</summary>
    public static void Register(Assembly assembly) =>
        Catalogues.GetOrAdd(assembly, a =>
        {
            var baseName = $"{a.GetName().Name}.{CatalogueName}";
            return a.GetManifestResourceNames().Contains(baseName + ".resources") ? new ResourceManager(baseName, a) : null;
        });

    /// <summary>The translation of the English <paramref name="english"/> into <paramref name="culture"/>, or null.</summary>
    public static string? Find(string english, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentUICulture;
        if (string.IsNullOrEmpty(english) || culture.TwoLetterISOLanguageName == "en" || culture.Equals(CultureInfo.InvariantCulture))
        {
            return null;
        }

        foreach (var catalogue in Catalogues.Values)
        {
            if (catalogue is null)
            {
                continue;
            }

            // The neutral catalogue holds each English key as its own value: only a different value is a translation.
            var value = catalogue.GetString(english, culture);
            if (!string.IsNullOrEmpty(value) && !string.Equals(value, english, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The English text in the current UI culture (unchanged when no translation exists).</summary>
    public static string Translate(string english, CultureInfo? culture = null) => Find(english, culture) ?? english;

    /// <summary>A <see cref="CrmText"/> rendered in the current UI culture.</summary>
    public static string Translate(CrmText text, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentUICulture;
        return text.Render(culture, Find(text.Format, culture), argument => argument switch
        {
            // A record kind ("quote") or a status ("QuoteStatus.Draft") inside a message reads in the same language.
            string word => Find(word, culture) ?? word,
            Enum value => Find($"{value.GetType().Name}.{value}", culture) ?? (object)value,
            _ => argument,
        });
    }

    /// <summary>A business outcome's message in the current UI culture.</summary>
    public static string Message(CrmException exception, CultureInfo? culture = null) => Translate(exception.Text, culture);

    /// <summary>A business outcome's title in the current UI culture.</summary>
    public static string Title(CrmException exception, CultureInfo? culture = null) => Translate(exception.Title, culture);
}
