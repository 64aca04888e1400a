using System.Reflection;

namespace Crm.Host;

/// <summary>Where the workflow designer's files (designer/pages and designer/node_modules) are, in order of preference.</summary>
internal static class DesignerFolder
{
    public static string?[] Candidates(WebApplication app) =>
    [
        // An explicit location, e.g. a shared read-only copy on a server.
        app.Configuration["Workflows:Designer:Path"],

        // `dotnet run` (content root = src/Crm.Host) and a published host started from its folder.
        Path.Combine(app.Environment.ContentRootPath, "designer"),

        // A published host started from elsewhere: the files sit next to Crm.Host.dll.
        Path.Combine(AppContext.BaseDirectory, "designer"),

        // A development build started elsewhere (tests): the source folder recorded at build time.
        typeof(DesignerFolder).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "CrmDesignerSourceDirectory")?.Value,
    ];
}
