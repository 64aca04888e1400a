using Crm.BuildingBlocks.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.BuildingBlocks.Hosting;

/// <summary>
/// Work the first user would otherwise wait for (building an EF model, compiling a query, the first password hash),
/// done once while the host starts. Modules and platform services register theirs with <c>AddSingleton&lt;IWarmUp&gt;</c>;
/// each runs in its own DI scope with no signed-in user (system work: every record is visible), and a failure is
/// logged and skipped, never a reason not to start (ADR 0077).
/// </summary>
public interface IWarmUp
{
    /// <summary>Shown in the start-up log and in <see cref="WarmUpState.Failed"/>.</summary>
    string Name { get; }

    Task WarmUpAsync(IServiceProvider services, CancellationToken cancellationToken);
}

/// <summary>Whether the warm-up has run; the readiness check and the start-up test read it.</summary>
public sealed class WarmUpState
{
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsCompleted => _completed.Task.IsCompleted;

    /// <summary>The warm-ups that threw (their names); the host started anyway.</summary>
    public IReadOnlyList<string> Failed { get; private set; } = [];

    /// <summary>The warm-ups that ran, in order.</summary>
    public IReadOnlyList<string> Ran { get; private set; } = [];

    public TimeSpan Duration { get; private set; }

    internal void Complete(IReadOnlyList<string> ran, IReadOnlyList<string> failed, TimeSpan duration)
    {
        (Ran, Failed, Duration) = (ran, failed, duration);
        _completed.TrySetResult();
    }
}

/// <summary>
/// Runs every <see cref="IWarmUp"/> in <see cref="IHostedLifecycleService.StartingAsync"/>: the generic host calls
/// that on all lifecycle services before any hosted service's <c>StartAsync</c>, the web server's included, so the
/// host neither listens nor signals ApplicationStarted until the warm-up is done. A readiness check answers
/// Unhealthy until then for hosts whose orchestrator probes while starting.
/// </summary>
internal sealed class WarmUpService(
    IServiceScopeFactory scopes, IEnumerable<IModuleDatabase> databases, IEnumerable<IWarmUp> contributions, WarmUpState state, IConfiguration configuration, TimeProvider clock, ILogger<WarmUpService> logger)
    : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var (ran, failed) = (new List<string>(), new List<string>());
        if (configuration.GetValue("Host:WarmUp", true))
        {
            // Models first: the contributions' queries need them anyway.
            foreach (var warmUp in databases.OfType<IWarmUp>().Concat(contributions))
            {
                await using var scope = scopes.CreateAsyncScope();
                try
                {
                    await warmUp.WarmUpAsync(scope.ServiceProvider, cancellationToken);
                    ran.Add(warmUp.Name);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Not migrated yet (Database:MigrateOnStartup=false), a database still starting: the first user
                    // pays the cold start as before, nothing worse.
                    failed.Add(warmUp.Name);
                    logger.LogWarning(ex, "Warm-up {WarmUp} failed; the first request will do the work instead", warmUp.Name);
                }
            }
        }

        state.Complete(ran, failed, clock.GetElapsedTime(started));
        logger.LogInformation("Warm-up done in {Elapsed} ms: {WarmUps}", (int)state.Duration.TotalMilliseconds, string.Join(", ", ran));
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Not ready (Unhealthy) until the warm-up has run.</summary>
internal sealed class WarmUpHealthCheck(WarmUpState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsCompleted
            ? HealthCheckResult.Healthy($"Warmed up in {(int)state.Duration.TotalMilliseconds} ms")
            : HealthCheckResult.Unhealthy("Warming up"));
}

public static class WarmUpServiceCollectionExtensions
{
    /// <summary>The warm-up runner, its state and its readiness check (once, however often it is called).</summary>
    public static IServiceCollection AddCrmWarmUp(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(WarmUpState)))
        {
            return services;
        }

        services.AddSingleton<WarmUpState>();
        services.AddHostedService<WarmUpService>();
        services.AddHealthChecks().AddCheck<WarmUpHealthCheck>("warm-up");
        return services;
    }
}
