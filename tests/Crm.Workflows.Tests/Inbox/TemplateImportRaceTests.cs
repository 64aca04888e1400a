using Crm.TestKit;
using Crm.Workflows.Inbox.Templates;
using Crm.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Crm.Workflows.Tests.Inbox;

/// <summary>
/// Several hosts starting together on one empty database import each shipped template once (ADR 0082): three imports
/// running at once, each with its own connection as three host processes have, leave one definition and one marker per
/// template. Before the marker was written first in the import's transaction, all three saw "not imported yet" and
/// each imported, and the losers' saves failed on the definition's unique version.
/// </summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class TemplateImportRaceTests : IDisposable
{
    private static readonly string[] Templates = ["crm-discount-approval", "crm-leave-of-absence", "crm-leaver-transfer"];

    private readonly InboxApp _fx = new(enabledModules: ["Accounts"], importTemplates: true);

    [Fact]
    public async Task Three_imports_racing_on_an_empty_store_import_each_template_once()
    {
        await using (var scope = _fx.App.Services.CreateAsyncScope())
        {
            // Back to the state of a database no host has started on yet.
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            await db.TemplateImports.ExecuteDeleteAsync();
            await db.WorkflowDefinitions.Where(d => Templates.Contains(d.DefinitionId)).ExecuteDeleteAsync();
        }

        var importer = _fx.App.Services.GetServices<IHostedService>().OfType<TemplateImporter>().Single();
        using var go = new ManualResetEventSlim();
        var racers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            go.Wait();
            return await importer.ImportAsync(CancellationToken.None);
        })).ToList();
        go.Set();
        var imported = await Task.WhenAll(racers);

        Assert.Equal(Templates, imported.SelectMany(i => i).Order(StringComparer.Ordinal));
        await using (var scope = _fx.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var versions = await db.WorkflowDefinitions.Where(d => Templates.Contains(d.DefinitionId)).Select(d => d.DefinitionId).ToListAsync();
            Assert.Equal(Templates, versions.Order(StringComparer.Ordinal));
            Assert.Equal(Templates, (await db.TemplateImports.Select(t => t.DefinitionId).ToListAsync()).Order(StringComparer.Ordinal));
        }
    }

    public void Dispose() => _fx.Dispose();
}
