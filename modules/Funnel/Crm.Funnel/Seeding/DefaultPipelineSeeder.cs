using Crm.Funnel.Domain;
using Crm.Funnel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Funnel.Seeding;

/// <summary>
/// Every installation needs a pipeline before the first opportunity: an empty store gets the default one
/// (Qualification 10%, Needs analysis 25%, Proposal 50%, Negotiation 75%, Won, Lost), which administrators then adapt.
/// </summary>
internal sealed class DefaultPipelineSeeder(IServiceScopeFactory scopes, TimeProvider clock, ILogger<DefaultPipelineSeeder> logger) : IHostedService
{
    internal const string DefaultName = "Sales";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FunnelDbContext>();
        try
        {
            if (await db.Pipelines.AnyAsync(cancellationToken))
            {
                return;
            }

            db.Pipelines.Add(Pipeline.Create(DefaultName, Pipeline.DefaultStages, isDefault: true, "system", clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Created the default sales pipeline");
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
        {
            // Not migrated yet (Database:MigrateOnStartup=false) or created by another node at the same moment.
            logger.LogWarning(ex, "The default sales pipeline was not created");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
