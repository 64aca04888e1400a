using Crm.BuildingBlocks.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Crm.Workflows.Designer;

/// <summary>
/// Serves the Elsa Studio designer (npm <c>@elsa-workflows/elsa-studio-wasm</c>, Blazor WebAssembly custom elements)
/// under <c>/designer/</c>: our own host pages from <c>designer/pages</c>, overlaid on the untouched npm package.
/// </summary>
/// <remarks>
/// Why not <c>wwwroot</c> + <c>MapStaticAssets</c>: under <c>dotnet run</c> it served the package's pre-compressed
/// files with the wrong encoding and nothing rendered (contract, "Hosting inside ASP.NET Core"). The pages set
/// <c>&lt;base href="/designer/"&gt;</c>, which must equal this mount path: Blazor and Monaco resolve their files from it.
/// </remarks>
public static class DesignerHostingExtensions
{
    public const string RequestPath = "/designer";

    /// <summary>Where the npm package sits inside a designer folder.</summary>
    public const string PackageFolder = "node_modules/@elsa-workflows/elsa-studio-wasm";

    private const string EncodingItem = "Crm.Designer.Encoding";
    private const string OriginalPathItem = "Crm.Designer.OriginalPath";

    /// <summary>Short addresses for the pages (the query string is kept: <c>/designer/editor?definitionId=…</c>).</summary>
    private static readonly Dictionary<string, string> FriendlyRoutes = new(StringComparer.OrdinalIgnoreCase)
    {
        [""] = "/index.html",
        ["/"] = "/index.html",
        ["/instances"] = "/instances.html",
        ["/instances/"] = "/instances.html",
        ["/editor"] = "/editor.html",
        ["/instance"] = "/instance.html",
    };

    /// <summary>
    /// Serves the designer, to <see cref="CrmPolicies.ProcessDesign"/> only, from the first of <paramref name="candidateFolders"/> that has a <c>pages</c> folder (each
    /// candidate is a folder holding <c>pages/</c> and <c>node_modules/</c>). Without the npm package the pages still
    /// load but stay blank; a warning says how to install it.
    /// </summary>
    public static IApplicationBuilder UseCrmDesigner(this IApplicationBuilder app, params string?[] candidateFolders)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Crm.Workflows.Designer");
        var folder = candidateFolders.FirstOrDefault(f => !string.IsNullOrWhiteSpace(f) && Directory.Exists(Path.Combine(f, "pages")));
        if (folder is null)
        {
            logger.LogWarning("The workflow designer is not served: no designer folder with pages/ among {Candidates}.", string.Join(", ", candidateFolders.Where(f => f is not null)));
            return app;
        }

        var pages = new PhysicalFileProvider(Path.GetFullPath(Path.Combine(folder, "pages")));
        var packagePath = Path.GetFullPath(Path.Combine(folder, PackageFolder));
        IFileProvider? package = Directory.Exists(Path.Combine(packagePath, "_framework")) ? new PhysicalFileProvider(packagePath) : null;
        if (package is null)
        {
            logger.LogWarning(
                "The designer package is missing at {Path}: /designer pages will stay blank. Build the host (it runs npm ci) or run `npm ci` in {Folder}.",
                packagePath, Path.GetFullPath(folder));
        }
        else
        {
            logger.LogInformation("Workflow designer at {RequestPath}/ served from {Folder}", RequestPath, Path.GetFullPath(folder));
        }

        // Our pages first: the package's own index.html uses an element name that no longer exists and must not win.
        var files = package is null ? (IFileProvider)pages : new CompositeFileProvider(pages, package);
        var contentTypes = ContentTypes();

        // Static files are not endpoints, so no route policy covers them: this gate does. It needs the user, so the
        // host calls UseCrmDesigner after authentication. Anonymous → the sign-in page; wrong role → access denied.
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(RequestPath, StringComparison.OrdinalIgnoreCase))
            {
                var authorization = context.RequestServices.GetRequiredService<IAuthorizationService>();
                if (!(await authorization.AuthorizeAsync(context.User, null, CrmPolicies.ProcessDesign)).Succeeded)
                {
                    await (context.User.Identity?.IsAuthenticated == true ? context.ForbidAsync() : context.ChallengeAsync());
                    return;
                }
            }

            await next(context);
        });

        app.Use((context, next) =>
        {
            RewriteFriendlyRoute(context);
            if (package is not null)
            {
                NegotiatePrecompressed(context, package);
            }

            return next(context);
        });

        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = RequestPath,
            FileProvider = files,
            ContentTypeProvider = contentTypes,
            OnPrepareResponse = file => PrepareResponse(file.Context, contentTypes),
        });
        return app;
    }

    /// <summary>The package's file types, including <c>.dat</c> (ICU data), which the default map lacks: without it the file is a 404.</summary>
    internal static FileExtensionContentTypeProvider ContentTypes()
    {
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".dat"] = "application/octet-stream";
        types.Mappings[".wasm"] = "application/wasm";
        types.Mappings[".webmanifest"] = "application/manifest+json";
        types.Mappings[".map"] = "application/json";
        types.Mappings[".cur"] = "image/x-icon";
        types.Mappings[".scss"] = "text/x-scss";

        // Only to let the static file middleware serve the pre-compressed siblings; the real type is set in PrepareResponse.
        types.Mappings[".br"] = "application/octet-stream";
        types.Mappings[".gz"] = "application/octet-stream";
        return types;
    }

    private static void RewriteFriendlyRoute(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(RequestPath, StringComparison.OrdinalIgnoreCase, out var rest)
            && FriendlyRoutes.TryGetValue(rest.Value ?? "", out var page))
        {
            context.Request.Path = RequestPath + page;
        }
    }

    /// <summary>
    /// The package ships <c>.br</c> and <c>.gz</c> next to most files (20 MB of WebAssembly shrink to 6 MB). The browser
    /// asks for the plain name; when it accepts brotli (else gzip) and the sibling exists, that file is served instead,
    /// with the plain file's content type and a <c>Content-Encoding</c> header.
    /// </summary>
    private static void NegotiatePrecompressed(HttpContext context, IFileProvider package)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || !request.Path.StartsWithSegments(RequestPath, StringComparison.OrdinalIgnoreCase, out var rest)
            || rest.Value is not { Length: > 1 } relative
            || relative.EndsWith(".br", StringComparison.OrdinalIgnoreCase)
            || relative.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        foreach (var (encoding, suffix) in PreferredEncodings(request))
        {
            if (package.GetFileInfo(relative + suffix).Exists)
            {
                context.Items[EncodingItem] = encoding;
                context.Items[OriginalPathItem] = relative;
                request.Path = RequestPath + relative + suffix;
                return;
            }
        }
    }

    private static IEnumerable<(string Encoding, string Suffix)> PreferredEncodings(HttpRequest request)
    {
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var accepted))
        {
            yield break;
        }

        bool Accepts(string name) => accepted.Any(a => a.Value.Equals(name, StringComparison.OrdinalIgnoreCase) && (a.Quality ?? 1) > 0);
        if (Accepts("br"))
        {
            yield return ("br", ".br");
        }

        if (Accepts("gzip"))
        {
            yield return ("gzip", ".gz");
        }
    }

    private static void PrepareResponse(HttpContext context, FileExtensionContentTypeProvider contentTypes)
    {
        var headers = context.Response.Headers;
        if (context.Items[EncodingItem] is string encoding && context.Items[OriginalPathItem] is string original)
        {
            headers.ContentType = contentTypes.TryGetContentType(original, out var type) ? type : "application/octet-stream";
            headers.ContentEncoding = encoding;
            headers.Vary = HeaderNames.AcceptEncoding;
        }

        // Revalidate every time (cheap 304s): after an upgrade of the package nobody keeps a stale runtime.
        headers.CacheControl = "no-cache";
        if (headers.ContentType.ToString().StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
        {
            // The pages may be framed by our own UI (the recommended embedding), not by other sites.
            headers.ContentSecurityPolicy = "frame-ancestors 'self'";
        }
    }
}
