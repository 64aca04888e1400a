using Crm.BuildingBlocks.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.BuildingBlocks.Persistence;

internal sealed class ModuleDatabase<TContext>(string moduleName, DatabaseProvider provider, IServiceScopeFactory scopes)
    : IModuleDatabase, IWarmUp
    where TContext : ModuleDbContext
{
    public string ModuleName => moduleName;

    string IWarmUp.Name => $"{moduleName} model";

    /// <summary>
    /// Builds the EF model (seconds for a large one, paid by the first request otherwise) and opens the first
    /// connection, which on SQLite also loads the native library and applies the pragmas.
    /// </summary>
    async Task IWarmUp.WarmUpAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<TContext>();
        _ = db.Model;
        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.CloseConnectionAsync();
    }

    public DatabaseProvider Provider => provider;

    public async Task<MigrationState> GetStateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        try
        {
            var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return new MigrationState(pending.Count == 0 ? MigrationState.UpToDate : MigrationState.PendingStatus, applied, pending);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new MigrationState(MigrationState.Unavailable, [], db.Database.GetMigrations().ToList(), ex.Message);
        }
    }

    public string GenerateIdempotentScript()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        return db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
    }

    public bool HasPendingModelChanges()
    {
        using var scope = scopes.CreateScope();
        return scope.ServiceProvider.GetRequiredService<TContext>().Database.HasPendingModelChanges();
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        if (provider == DatabaseProvider.Sqlite)
        {
            var connectionString = db.Database.GetConnectionString()!;
            var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
            var directory = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        await db.Database.MigrateAsync(cancellationToken);

        if (provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers work while the outbox job or an import writes; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
