namespace Crm.BuildingBlocks.Persistence;

/// <summary>Migration control of one enabled module's storage.</summary>
public interface IModuleDatabase
{
    string ModuleName { get; }

    DatabaseProvider Provider { get; }

    Task<MigrationState> GetStateAsync(CancellationToken cancellationToken);

    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The module's whole migration history as one idempotent SQL script for the active provider; it needs no
    /// connection, so a DBA can review and run it (the <c>script</c> verb of the host).
    /// </summary>
    string GenerateIdempotentScript();

    /// <summary>True when the model has changes no migration captures yet (someone forgot scripts/add-migration.sh).</summary>
    bool HasPendingModelChanges();
}

/// <summary>Which migrations of a module are applied and which are pending.</summary>
public sealed record MigrationState(string Status, IReadOnlyList<string> Applied, IReadOnlyList<string> Pending, string? Error = null)
{
    public const string UpToDate = "UpToDate";
    public const string PendingStatus = "Pending";
    public const string Unavailable = "Unavailable";
}
