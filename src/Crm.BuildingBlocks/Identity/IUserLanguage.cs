using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;

namespace Crm.BuildingBlocks.Identity;

/// <summary>
/// The language each person reads the product in (ADR 0137): chosen in the shell and kept with their account, so it
/// follows them to another browser and is the language of what is sent to them (notifications, e-mails).
/// </summary>
public interface IUserLanguage
{
    /// <summary>The language <paramref name="userId"/> chose, or null when they never chose one.</summary>
    Task<string?> ChosenAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>Keeps <paramref name="culture"/> (a supported UI culture name) as <paramref name="userId"/>'s language.</summary>
    Task ChooseAsync(Guid userId, string culture, CancellationToken cancellationToken = default);

    /// <summary>The culture to write to <paramref name="userId"/> in: their choice, else the installation's default.</summary>
    Task<CultureInfo> CultureOfAsync(Guid userId, CancellationToken cancellationToken = default);
}

/// <summary>The request-localisation cookie that carries a person's language choice in their browser, written in one place.</summary>
public static class UiLanguageCookie
{
    public static void Write(HttpResponse response, string culture) =>
        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true, Path = "/" });
}
