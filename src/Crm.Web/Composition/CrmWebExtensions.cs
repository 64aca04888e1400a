using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Crm.BuildingBlocks.Application;
using Crm.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using MudBlazor.Services;

namespace Crm.Web.Composition;

public static class CrmWebExtensions
{
    /// <summary>Paths that are never pages: error and not-found responses there stay problem details or plain statuses.</summary>
    private static readonly string[] NonPagePrefixes = ["/api", "/elsa", "/designer", "/openapi", "/scalar", "/health", "/_blazor", "/_framework", "/_content", "/account"];

    /// <summary>
    /// Registers the shell (Razor components, Interactive Server, MudBlazor, localisation). Call after
    /// <c>AddCrmModules</c>: the shell composes the enabled modules' <c>IModuleUi</c> and replaces
    /// <see cref="ICurrentUser"/> with one that also knows the user of an interactive circuit.
    /// </summary>
    public static IServiceCollection AddCrmWeb(this IServiceCollection services, IConfiguration configuration, Action<CrmWebOptions>? configure = null)
    {
        // Run from a build (not a publish), MapStaticAssets also maps a catch-all GET fallback "{**path:file}" that
        // picks up files added after start-up. Every unknown route then has a GET candidate, and POST /api/nothing
        // answers 405 instead of 404. The UI's files do not change at run time; whoever wants it sets the key to true.
        configuration["ReloadStaticAssetsAtRuntime"] ??= "false";

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddLocalization();
        // The default encoder writes every non-Latin character as an entity (&#x5BA2;…): Chinese pages would be several
        // times larger and unreadable in the page source. Markup characters are still encoded.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddCascadingAuthenticationState();
        services.AddAuthorizationCore();

        services.AddOptions<CrmWebOptions>().Configure(o =>
        {
            var cultures = configuration.GetSection("Ui:Cultures").Get<string[]>();
            if (cultures is { Length: > 0 })
            {
                o.Cultures.Clear();
                foreach (var culture in cultures)
                {
                    o.Cultures.Add(culture);
                }
            }

            o.ApiReferencePath = configuration["Ui:ApiReferencePath"] ?? o.ApiReferencePath;
            configure?.Invoke(o);
        });

        services.AddExceptionHandler<ApiExceptionFallback>();
        services.AddSingleton<UiComposition>();
        services.AddSingleton<UiSecurity>();
        services.AddScoped<UiPrincipal>();
        services.AddScoped<UiMediator>();
        services.AddScoped<Components.People.PersonNames>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, UiPrincipalCircuitHandler>());
        services.Replace(ServiceDescriptor.Scoped<ICurrentUser, UiCurrentUser>());
        return services;
    }

    /// <summary>
    /// Page requests get the friendly error (<c>/error</c>) and not-found (<c>/not-found</c>) pages, in the UI language.
    /// API and static-file requests keep their problem details. Call after the host's own exception handler.
    /// </summary>
    public static IApplicationBuilder UseCrmWeb(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<CrmWebOptions>>().Value;
        var cultures = options.Cultures.Select(c => CultureInfo.GetCultureInfo(c).Name).ToArray();
        app.UseRequestLocalization(o => o.SetDefaultCulture(cultures[0]).AddSupportedCultures(cultures).AddSupportedUICultures(cultures));

        // Both re-execute inside the host's problem-details handlers. They must be global: re-executing from a
        // UseWhen branch did not find the page endpoint. API requests are let through instead: their unknown
        // exceptions are written as problem details by ApiExceptionFallback, their bare status codes by the host's
        // UseStatusCodePages once this one is switched off for them.
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error", CreateScopeForErrors = true });
        app.UseStatusCodePagesWithReExecute("/not-found", "?status={0}", createScopeForStatusCodePages: true);
        app.Use((context, next) =>
        {
            if (!IsPageRequest(context) && context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
            {
                statusCodePages.Enabled = false;
            }

            return next(context);
        });
        return app;
    }

    /// <summary>Maps the shell and the pages of enabled modules (plus the static assets of the UI libraries).</summary>
    public static RazorComponentsEndpointConventionBuilder MapCrmWeb(this IEndpointRouteBuilder endpoints)
    {
        var composition = endpoints.ServiceProvider.GetRequiredService<UiComposition>();
        endpoints.MapStaticAssets();
        endpoints.MapUiCulture();
        return endpoints.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .AddAdditionalAssemblies([.. composition.PageAssemblies]);
    }

    /// <summary>A browser asking for a page (not an API call, a script or the designer's files).</summary>
    internal static bool IsPageRequest(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }

        if (NonPagePrefixes.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        return request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
    }
}
