using System.Data;
using Crm.BuildingBlocks.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;
using Quartz.Impl.AdoJobStore;
using Quartz.Impl.AdoJobStore.Common;

namespace Crm.BuildingBlocks.Scheduling;

/// <summary>
/// The host's one Quartz scheduler: Quartz's ADO.NET job store in our database, clustered, so several host processes
/// on one database share the work and a restart loses no trigger (ADR 0017). Modules and plugins add their jobs with
/// <see cref="AddRecurringJob{TJob}"/> or <see cref="AddDurableJob{TJob}"/>.
/// </summary>
public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// A durable job fired every <paramref name="interval"/>, first after one interval (start-up belongs to migrations
    /// and seeding) or at once when <paramref name="runAtStartup"/>. Missed runs are not caught up: the next one is the
    /// next regular one. With the clustered store, one node runs each firing.
    /// </summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, JobKey key, TimeSpan interval, bool runAtStartup = false)
        where TJob : class, IJob
    {
        services.AddQuartz(q =>
        {
            q.AddJob<TJob>(j => j.WithIdentity(key).StoreDurably());
            q.AddTrigger(t => t
                .ForJob(key)
                .WithIdentity($"{key.Name}-trigger", key.Group)
                .StartAt(runAtStartup ? DateTimeOffset.UtcNow : DateTimeOffset.UtcNow.Add(interval))
                .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        });
        return services;
    }

    /// <summary>A durable job without a trigger of its own: code schedules triggers for it (e.g. one per workflow timer).</summary>
    public static IServiceCollection AddDurableJob<TJob>(this IServiceCollection services, JobKey key)
        where TJob : class, IJob
    {
        services.AddQuartz(q => q.AddJob<TJob>(j => j.WithIdentity(key).StoreDurably()));
        return services;
    }

    /// <summary>Called once by <c>AddCrmModules</c>: the scheduler, its store and its tables.</summary>
    internal static IServiceCollection AddCrmScheduler(this IServiceCollection services, IConfiguration configuration)
    {
        var database = DatabaseOptions.From(configuration);
        var options = SchedulerOptions.From(configuration);
        services.AddSingleton(options);
        services.AddSingleton(sp => new SchedulerDatabase(database.Provider, ConnectionString(sp, database, configuration)));
        services.AddSingleton<IModuleDatabase>(sp => sp.GetRequiredService<SchedulerDatabase>());

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = SchedulerOptions.SchedulerName;
                // Quartz's instanceId=AUTO: each node generates a unique id at start-up (host name + time).
                o.GenerateInstanceId = true;
            });
            q.UsePersistentStore(store =>
            {
                store.UseConnectionProvider(sp => new DbProvider(
                    database.Provider switch
                    {
                        DatabaseProvider.Sqlite => "SQLite-Microsoft",
                        DatabaseProvider.PostgreSql => "Npgsql",
                        _ => "SqlServer",
                    },
                    sp.GetRequiredService<SchedulerDatabase>().ConnectionString));
                store.UseClustering();
                store.ConfigureStore(o =>
                {
                    o.TablePrefix = database.Provider == DatabaseProvider.Sqlite
                        ? SchedulerSchema.TablePrefix
                        : $"{SchedulerSchema.SqlServerSchema}.{SchedulerSchema.TablePrefix}";
                    // We create the tables (SchedulerDatabase); Quartz only checks that they are there.
                    o.SchemaProvisioning = SchemaProvisioning.Validate;
                    // Job data are plain strings (ids), readable in the table and independent of serializer versions.
                    o.StoreJobDataAsStrings = true;
                    if (database.Provider == DatabaseProvider.Sqlite)
                    {
                        o.TransactionIsolationLevel = IsolationLevel.Serializable;
                        o.AcquireTriggersWithinLock = true;
                    }
                });
                if (database.Provider == DatabaseProvider.Sqlite)
                {
                    store.UseDriverDelegate<ClusteredSqliteDelegate>();
                    store.UseLockHandler<UpdateRowLockHandler>();
                }
                else if (database.Provider == DatabaseProvider.PostgreSql)
                {
                    store.UseDriverDelegate<PostgreSQLDelegate>();
                    // SELECT ... FOR UPDATE on the lock rows, inserting a missing one with ON CONFLICT DO NOTHING: a
                    // plain INSERT race would abort the PostgreSQL transaction instead of waiting.
                    store.UseLockHandler<PostgreSqlSelectForUpdateLockHandler>();
                }
                else
                {
                    store.UseDriverDelegate<SqlServerDelegate>();
                }
            });
        });

        if (options.Enabled)
        {
            services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
            services.AddHostedService<UnregisteredJobsCleanup>();
            services.AddHealthChecks().AddCheck<SchedulerHealthCheck>("scheduler", tags: ["scheduler"]);
        }

        return services;
    }

    private static string ConnectionString(IServiceProvider services, DatabaseOptions database, IConfiguration configuration)
    {
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            return PersistenceServiceCollectionExtensions.ServerConnectionString(configuration, database.Provider);
        }

        var root = services.GetRequiredService<IHostEnvironment>().ContentRootPath;
        return PersistenceServiceCollectionExtensions.SqliteConnectionString(root, database.DataDirectory, "scheduler");
    }
}
