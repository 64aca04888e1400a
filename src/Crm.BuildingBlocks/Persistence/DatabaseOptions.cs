using Microsoft.Extensions.Configuration;

namespace Crm.BuildingBlocks.Persistence;

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    /// <summary>SQLite only: the folder holding one file per module, relative to the content root.</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>Apply pending migrations of enabled modules when the host starts (the default for the embedded setup).</summary>
    public bool MigrateOnStartup { get; init; } = true;

    public static DatabaseOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Database");
        var providerText = section["Provider"];
        var provider = DatabaseProvider.Sqlite;
        // Enum.TryParse also accepts any number ("7"), which would otherwise fall through to SQLite silently.
        if (!string.IsNullOrWhiteSpace(providerText) && (!Enum.TryParse(providerText, ignoreCase: true, out provider) || !Enum.IsDefined(provider)))
        {
            throw new InvalidOperationException(
                $"Database:Provider '{providerText}' is not supported. Use 'Sqlite' (default), 'PostgreSql' or 'SqlServer'.");
        }

        return new DatabaseOptions
        {
            Provider = provider,
            DataDirectory = section["DataDirectory"] is { Length: > 0 } dir ? dir : "data",
            MigrateOnStartup = section.GetValue("MigrateOnStartup", true),
        };
    }
}
