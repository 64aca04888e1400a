using System.Reflection;
using System.Text.Json.Nodes;
using Crm.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Workflows.Definitions;

/// <summary>The assemblies (enabled modules and plugins) whose embedded <c>*.workflow.json</c> templates are installed.</summary>
internal sealed record WorkflowTemplateSources(IReadOnlyList<Assembly> Assemblies);

/// <summary>
/// Installs the workflows modules ship as defaults (e.g. the Funnel's lead assignment): an embedded resource whose name
/// ends with <c>.workflow.json</c>, in Elsa's export format with a fixed <c>definitionId</c>. At start-up each template
/// that was never installed is imported and published (left as a draft, with a warning, when it does not validate here,
/// e.g. because a plugin it uses is switched off) and recorded in <c>TemplateImports</c>, the table the inbox's own
/// templates use (ADR 0023): a template a process owner redrew or deleted is left alone afterwards, and a definition that
/// already exists under the template's id is kept as it is.
/// </summary>
internal sealed class WorkflowTemplateInstaller(
    WorkflowTemplateSources sources, IServiceScopeFactory scopes, TimeProvider clock, ILogger<WorkflowTemplateInstaller> logger) : IHostedService
{
    public const string Suffix = ".workflow.json";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var assembly in sources.Assemblies)
        {
            foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
            {
                try
                {
                    await InstallAsync(assembly, resource, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A template must never stop the host (e.g. storage not migrated yet with Database:MigrateOnStartup=false).
                    logger.LogWarning(ex, "Workflow template {Resource} of {Assembly} was not installed", resource, assembly.GetName().Name);
                }
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task InstallAsync(Assembly assembly, string resource, CancellationToken cancellationToken)
    {
        await using var stream = assembly.GetManifestResourceStream(resource)!;
        var model = (await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken))?.AsObject()
                    ?? throw new InvalidOperationException($"{resource} is not a JSON object.");
        var definitionId = model["definitionId"]?.GetValue<string>() ?? throw new InvalidOperationException($"{resource} has no definitionId.");

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        await TemplateImportOnce.RunAsync(db, definitionId, clock.GetUtcNow().UtcDateTime, async () =>
        {
            // A definition that already exists under the template's id (imported by hand) is kept as it is.
            if (await db.WorkflowDefinitions.AnyAsync(d => d.DefinitionId == definitionId, cancellationToken))
            {
                return true;
            }

            var store = scope.ServiceProvider.GetRequiredService<DefinitionStore>();
            await store.ImportAsync(model, cancellationToken);
            try
            {
                await store.PublishLatestAsync(definitionId, cancellationToken);
                logger.LogInformation("Installed and published workflow template {DefinitionId} from {Assembly}", definitionId, assembly.GetName().Name);
            }
            catch (WorkflowValidationException ex)
            {
                logger.LogWarning("Installed workflow template {DefinitionId} as a draft; it does not validate here: {Reason}", definitionId, ex.Message);
            }

            return true;
        }, cancellationToken);
    }
}
