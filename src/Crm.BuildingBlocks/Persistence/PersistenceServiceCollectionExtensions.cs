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
    /// <c>{DataDirectory}/crm.{module}.db</c>, or <typeparamref name="TPostgreSql"/> / <typeparamref name="TSqlServer"/>
    /// on <c>ConnectionStrings:Crm</c> with the module's schema. <typeparamref name="TContext"/> resolves to whichever is
    /// active, and the module's outbox is drained by a Quartz job.
    /// </summary>
    public static IServiceCollection AddModuleDbContext<TContext, TSqlite, TSqlServer, TPostgreSql>(
        this IServiceCollection services, IConfiguration configuration, string moduleName)
        where TContext : ModuleDbContext
        where TSqlite : TContext
        where TSqlServer : TContext
        where TPostgreSql : TContext
    {
        var options = DatabaseOptions.From(configuration);
        var schema = moduleName.ToLowerInvariant();

        switch (options.Provider)
        {
            case DatabaseProvider.SqlServer:
            {
                var connectionString = ServerConnectionString(configuration, options.Provider);
                services.AddDbContext<TSqlServer>((sp, o) => o
                    .UseSqlServer(connectionString, sql => sql.MigrationsHistoryTable("__EFMigrationsHistory", schema))
                    .AddInterceptors(sp.GetRequiredService<Records.OwnedRecordUnits>(), sp.GetRequiredService<Records.OwnedRecordWrites>(), sp.GetRequiredService<AuditInterceptor>()));
                services.AddScoped<TContext>(sp => sp.GetRequiredService<TSqlServer>());
                break;
            }

            case DatabaseProvider.PostgreSql:
            {
                var connectionString = ServerConnectionString(configuration, options.Provider);
                services.AddDbContext<TPostgreSql>((sp, o) => o
                    .UseNpgsql(connectionString, PostgreSqlOptions(schema))
                    .AddInterceptors(sp.GetRequiredService<Records.OwnedRecordUnits>(), sp.GetRequiredService<Records.OwnedRecordWrites>(), sp.GetRequiredService<AuditInterceptor>(), PostgreSqlCaseInsensitiveLike.Instance));
                services.AddScoped<TContext>(sp => sp.GetRequiredService<TPostgreSql>());
                break;
            }

            default:
                services.AddDbContext<TSqlite>((sp, o) =>
                {
                    var root = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
                    o.UseSqlite(SqliteConnectionString(root, options.DataDirectory, schema))
                        .AddInterceptors(sp.GetRequiredService<Records.OwnedRecordUnits>(), sp.GetRequiredService<Records.OwnedRecordWrites>(), sp.GetRequiredService<AuditInterceptor>(), Pragmas);
                });
                services.AddScoped<TContext>(sp => sp.GetRequiredService<TSqlite>());
                break;
        }

        services.TryAddScoped<AuditInterceptor>();
        services.TryAddScoped<Records.OwnedRecordUnits>();
        services.TryAddScoped<Records.OwnedRecordWrites>();
        services.AddSingleton<IModuleDatabase>(sp =>
            new ModuleDatabase<TContext>(moduleName, options.Provider, sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddOutbox<TContext>(moduleName, configuration);
        return services;
    }

    /// <summary>
    /// <c>ConnectionStrings:Crm</c>, which a server provider (PostgreSQL, SQL Server) needs: every module and the scheduler
    /// share that one database, each in its own schema.
    /// </summary>
    public static string ServerConnectionString(IConfiguration configuration, DatabaseProvider provider)
    {
        var connectionString = configuration.GetConnectionString("Crm");
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException(
                $"Database:Provider is {provider} but ConnectionStrings:Crm is empty. Set it (e.g. the environment variable ConnectionStrings__Crm).")
            : connectionString;
    }

    /// <summary>The Npgsql options of a module: its migration history in its own schema, like on SQL Server.</summary>
    internal static Action<Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder> PostgreSqlOptions(string schema) =>
        npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", schema);

    private static readonly SqlitePragmas Pragmas = new();

    /// <summary>The connection string of a module's SQLite file.</summary>
    public static string SqliteConnectionString(string contentRoot, string dataDirectory, string schema)
    {
        var file = Path.Combine(Path.GetFullPath(dataDirectory, contentRoot), $"crm.{schema}.db");
        // A 30 s busy timeout lets a writer wait for another writer's transaction instead of failing with SQLITE_BUSY.
        return $"Data Source={file};Default Timeout=30;Pooling=True";
    }
}
