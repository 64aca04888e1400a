using Crm.BuildingBlocks.Hosting;
using Crm.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>
/// Issue 12.18: what the first user needs is warmed up before the host reports started or ready. Ordering is checked
/// from inside the warm-up (the host must not have signalled ApplicationStarted, and readiness must still say
/// "warming up"), not by timing.
/// </summary>
public sealed class WarmUpTests
{
    [Fact]
    public async Task Warm_up_runs_module_models_the_accounts_list_and_sign_in_before_the_host_reports_started_and_ready()
    {
        var probe = new Probe();
        using var app = new CrmApp(
            settings: new Dictionary<string, string?> { ["Host:WarmUp"] = "true" },
            services: s => s.AddSingleton<IWarmUp>(probe));

        using var client = app.CreateClient();
        var state = app.Services.GetRequiredService<WarmUpState>();

        Assert.True(probe.Ran);
        Assert.False(probe.HostStartedDuringWarmUp, "The host signalled ApplicationStarted while warming up.");
        Assert.Equal(HealthStatus.Unhealthy, probe.ReadinessDuringWarmUp);
        Assert.True(app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.IsCancellationRequested);

        Assert.True(state.IsCompleted);
        Assert.Empty(state.Failed);
        Assert.Subset(state.Ran.ToHashSet(), new HashSet<string> { "Accounts model", "Identity model", "Accounts list", "Sign-in", Probe.ProbeName });
        Assert.True(state.Ran.ToList().IndexOf("Accounts model") < state.Ran.ToList().IndexOf("Accounts list"), "Models are built before the queries that need them.");
        var readiness = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "warm-up");
        Assert.Equal(HealthStatus.Healthy, readiness.Status);
    }

    [Fact]
    public void A_failing_warm_up_is_logged_and_skipped_and_the_host_starts()
    {
        using var app = new CrmApp(
            settings: new Dictionary<string, string?> { ["Host:WarmUp"] = "true" },
            services: s => s.AddSingleton<IWarmUp>(new Failing()));

        using var client = app.CreateClient();
        var state = app.Services.GetRequiredService<WarmUpState>();

        Assert.True(state.IsCompleted);
        Assert.Equal(["Failing"], state.Failed);
        Assert.Contains("Accounts list", state.Ran);
    }

    [Fact]
    public void Switched_off_the_warm_up_runs_nothing_but_still_completes()
    {
        var probe = new Probe();
        using var app = new CrmApp(
            settings: new Dictionary<string, string?> { ["Host:WarmUp"] = "false" },
            services: s => s.AddSingleton<IWarmUp>(probe));

        using var client = app.CreateClient();

        Assert.False(probe.Ran);
        Assert.True(app.Services.GetRequiredService<WarmUpState>().IsCompleted);
    }

    private sealed class Probe : IWarmUp
    {
        public const string ProbeName = "Probe";

        public string Name => ProbeName;

        public bool Ran { get; private set; }

        public bool HostStartedDuringWarmUp { get; private set; }

        public HealthStatus? ReadinessDuringWarmUp { get; private set; }

        public async Task WarmUpAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            Ran = true;
            HostStartedDuringWarmUp = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.IsCancellationRequested;
            ReadinessDuringWarmUp = (await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "warm-up", cancellationToken)).Status;
        }
    }

    private sealed class Failing : IWarmUp
    {
        public string Name => "Failing";

        public Task WarmUpAsync(IServiceProvider services, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Database not there yet");
    }
}
