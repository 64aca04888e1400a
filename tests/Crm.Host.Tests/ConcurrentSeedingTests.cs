using Crm.TestKit;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>Two hosts of a cluster starting at the same moment on an empty store seed the demo data once (ADR 0051).</summary>
public sealed class ConcurrentSeedingTests
{
    [Fact]
    public async Task Two_hosts_starting_together_on_an_empty_store_seed_the_demo_data_once()
    {
        using var first = new CrmApp(enabledModules: ["Accounts", "Funnel"], settings: new Dictionary<string, string?> { ["Demo:Seed"] = "true" });
        using var second = new CrmApp(enabledModules: ["Accounts", "Funnel"], settings: new Dictionary<string, string?>
        {
            ["Demo:Seed"] = "true",
            ["Database:DataDirectory"] = first.DataDirectory,
        });

        // CreateClient starts the host: migrations, then the seeders, before it returns.
        await Task.WhenAll(Task.Run(() => first.CreateClient().Dispose()), Task.Run(() => second.CreateClient().Dispose()));

        Assert.Equal(320, Count(first.DataDirectory, "accounts", "Accounts"));
        // One seeding makes 464 demo opportunities; twice would make 928.
        Assert.InRange(Count(first.DataDirectory, "funnel", "Opportunities"), 1, 500);
    }

    private static long Count(string dataDirectory, string module, string table)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, $"crm.{module}.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return (long)command.ExecuteScalar()!;
    }
}
