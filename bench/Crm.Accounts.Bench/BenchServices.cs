using Crm.BuildingBlocks.Application;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Accounts.Bench;

/// <summary>
/// The Accounts module wired the way Crm.Host wires it (same RegisterServices, same DbContext factory, same MediatR
/// pipeline with logging and validation), minus HTTP: what the bench times is what an endpoint pays below routing.
/// </summary>
internal static class BenchServices
{
    public static ServiceProvider Build(string dataDirectory, Action<IServiceCollection>? extra = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["Database:DataDirectory"] = dataDirectory,
                // No Quartz scheduler here: a background drain would compete with the timed queries for the 2 cores.
                ["Outbox:Enabled"] = "false",
            })
            .Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        // Warning level keeps the pipeline's LoggingBehavior (Debug) and EF's command log (Information) as cheap as
        // they are in a production host configured the same way.
        services.AddLogging(b => b.SetMinimumLevel(Environment.GetEnvironmentVariable("BENCH_LOG") is { Length: > 0 } level ? Enum.Parse<LogLevel>(level) : LogLevel.Warning).AddSimpleConsole(o => o.SingleLine = true));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IHostEnvironment>(new BenchEnvironment(dataDirectory));
        services.AddScoped<ICurrentUser, BenchUser>();
        new AccountsModule().RegisterServices(services, configuration);
        extra?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }
}

/// <summary>HttpCurrentUser is internal to BuildingBlocks and needs an HttpContext; the bench acts as one fixed user.</summary>
internal sealed class BenchUser : ICurrentUser
{
    public string Id => "bench";

    public Guid? UserId => null;

    public bool IsAuthenticated => false;

    public bool IsInRole(string role) => false;
}

internal sealed class BenchEnvironment(string contentRoot) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = "Benchmark";

    public string ApplicationName { get; set; } = "Crm.Accounts.Bench";

    public string ContentRootPath { get; set; } = contentRoot;

    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
