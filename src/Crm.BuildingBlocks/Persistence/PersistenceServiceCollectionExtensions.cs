using Crm.BuildingBlocks.Auditing;
using Crm.BuildingBlocks.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Crm.BuildingBlocks.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers a module's DbContext for the configured provider: <typeparamref name="TSqlite"/> on a file
    /// <c>{DataDirectory}/crm.{module}.db</c>, or <typeparamref name="TSqlServer"/> on <c>ConnectionStrings:Crm</c>
    /// with the module's schema. <typeparamref name="TContext"/> resolves to whichever is active, and the module's
    /// outbox is drained by a Quartz job.
    /// </summary>
    public static IServiceCollection AddModuleDbContext<TContext, TSqlite, TSqlServer>(
        this IServiceCollection services, IConfiguration configuration, string moduleName)
        where TContext : ModuleDbContext
        where TSqlite : TContext
        where TSqlServer : TContext
    {
        var options = DatabaseOptions.From(configuration);
        var schema = moduleName.ToLowerInvariant();

        if (options.Provider == DatabaseProvider.SqlServer)
        {
            var connectionString = configuration.GetConnectionString("Crm");
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    "Database:Provider is SqlServer but ConnectionStrings:Crm is empty. Set it (e.g. the environment variable ConnectionStrings__Crm).");
            }

            services.AddDbContext<TSqlServer>((sp, o) => o
                .UseSqlServer(connectionString, sql => sql.MigrationsHistoryTable("__EFMigrationsHistory", schema))
                .AddInterceptors(sp.GetRequiredService<AuditInterceptor>()));
            services.AddScoped<TContext>(sp => sp.GetRequiredService<TSqlServer>());
        }
        else
        {
            services.AddDbContext<TSqlite>((sp, o) =>
            {
                var root = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
                o.UseSqlite(SqliteConnectionString(root, options.DataDirectory, schema))
                    .AddInterceptors(sp.GetRequiredService<AuditInterceptor>(), Pragmas);
            });
            services.AddScoped<TContext>(sp => sp.GetRequiredService<TSqlite>());
        }

        services.TryAddScoped<AuditInterceptor>();
        services.AddSingleton<IModuleDatabase>(sp =>
            new ModuleDatabase<TContext>(moduleName, options.Provider, sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddOutbox<TContext>(moduleName, configuration);
        return services;
    }

    private static readonly SqlitePragmas Pragmas = new();

    /// <summary>The connection string of a module's SQLite file.</summary>
    public static string SqliteConnectionString(string contentRoot, string dataDirectory, string schema)
    {
        var file = Path.Combine(Path.GetFullPath(dataDirectory, contentRoot), $"crm.{schema}.db");
        // A 30 s busy timeout lets a writer wait for another writer's transaction instead of failing with SQLITE_BUSY.
        return $"Data Source={file};Default Timeout=30;Pooling=True";
    }
}
