using System.Globalization;
using System.Security.Claims;
using Crm.BuildingBlocks.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Web.Composition;

/// <summary>
/// The shell's language switch posts here. The choice is kept in ASP.NET Core's culture cookie, which the request
/// localisation reads before the browser's Accept-Language: the browser decides until the person chooses; a signed-in
/// person's choice is also kept with their account and restored at their next sign-in.
/// </summary>
internal static class UiCultureEndpoint
{
    internal const string Path = "/ui/culture";

    internal static void MapUiCulture(this IEndpointRouteBuilder endpoints)
    {
        // A page navigation (a form post answered with a redirect), open to anyone: the sign-in page offers it too.
        endpoints.MapPost(Path, ChooseAsync)
            .WithName("ChooseUiLanguage")
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();
    }

    private static async Task<IResult> ChooseAsync(HttpContext context, IAntiforgery antiforgery, IOptions<CrmWebOptions> options)
    {
        if (!context.Request.HasFormContentType)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The language form is not valid.");
        }

        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The language form is not valid.",
                detail: "Reload the page and choose the language again.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var chosen = SupportedCulture(options.Value, form["culture"]);
        if (chosen is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["culture"] = [$"Choose one of {string.Join(", ", options.Value.Cultures)}."],
            });
        }

        UiLanguageCookie.Write(context.Response, chosen);

        // A signed-in person keeps the choice with their account: it follows them to another browser and is the
        // language of what is sent to them (ADR 0137).
        if (context.User.Identity?.IsAuthenticated == true && Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            && context.RequestServices.GetService<IUserLanguage>() is { } language)
        {
            await language.ChooseAsync(userId, chosen, context.RequestAborted);
        }

        // Only a path of this site: an absolute or protocol-relative address would make the form an open redirect.
        var returnUrl = form["returnUrl"].ToString();
        return TypedResults.LocalRedirect(IsLocal(returnUrl) ? returnUrl : "/");
    }

    internal static string? SupportedCulture(CrmWebOptions options, string? requested)
    {
        if (string.IsNullOrWhiteSpace(requested))
        {
            return null;
        }

        return options.Cultures
            .Select(c => CultureInfo.GetCultureInfo(c).Name)
            .FirstOrDefault(c => string.Equals(c, requested.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsLocal(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
