using System.Reflection;
using System.Text.Json.Nodes;
using Crm.Workflows.Definitions;
using Crm.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Workflows.Inbox.Templates;

/// <summary>
/// Imports the ready-made processes (discount approval, leave of absence, leaver transfer) as published, editable
/// definitions the first time the workflow server starts: each is validated like a designer's publish. An import is
/// remembered (table TemplateImports), so a template a process owner deleted or changed is left alone afterwards.
/// Off with <c>Workflows:Inbox:ImportTemplates=false</c>.
/// </summary>
internal sealed class TemplateImporter(IServiceScopeFactory scopes, TimeProvider clock, ILogger<TemplateImporter> logger) : IHostedService
{
    private const string ResourcePrefix = "Crm.Workflows.Inbox.Templates.";

    /// <summary>The embedded templates: resource name and JSON model.</summary>
    public static IReadOnlyList<(string Name, JsonObject Model)> All()
    {
        var assembly = typeof(TemplateImporter).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[ResourcePrefix.Length..^".json".Length], Read(assembly, n)))
            .ToList();
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ImportAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Templates are a convenience: a store that is not migrated yet (migrations run as a separate step) must not
            // stop the host. The next start imports them.
            logger.LogWarning(ex, "Importing the process templates failed; they will be imported at the next start");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Imports what was never imported; returns the definition ids imported now.</summary>
    public async Task<IReadOnlyList<string>> ImportAsync(CancellationToken cancellationToken)
    {
        var imported = new List<string>();
        foreach (var (name, model) in All())
        {
            var definitionId = model["definitionId"]?.GetValue<string>() ?? throw new InvalidOperationException($"Template {name} has no definitionId.");
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var importedNow = false;
            var recorded = await TemplateImportOnce.RunAsync(db, definitionId, clock.GetUtcNow().UtcDateTime, async () =>
            {
                // A definition with that id already there (imported by hand) is kept.
                if (await db.WorkflowDefinitions.AnyAsync(d => d.DefinitionId == definitionId, cancellationToken))
                {
                    return true;
                }

                try
                {
                    await scope.ServiceProvider.GetRequiredService<DefinitionStore>().SaveAsync(model, publish: true, cancellationToken);
                }
                catch (WorkflowValidationException ex)
                {
                    logger.LogError("Process template {Template} does not pass publishing: {Errors}", name, string.Join("; ", ex.Errors.SelectMany(e => e.Value)));
                    return false;
                }

                importedNow = true;
                return true;
            }, cancellationToken);

            if (recorded && importedNow)
            {
                imported.Add(definitionId);
                logger.LogInformation("Imported process template {Template} as workflow {DefinitionId}", name, definitionId);
            }
        }

        return imported;
    }

    private static JsonObject Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        return JsonNode.Parse(stream)!.AsObject();
    }
}
