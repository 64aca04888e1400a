using Microsoft.Extensions.DependencyInjection;

namespace Crm.BuildingBlocks.Records;

/// <summary>
/// Who may see a kind of owned record: <see cref="Scope"/> (the caller's <c>RecordScope</c> through
/// <see cref="OwnedRecordVisibility.VisibleTo{T}(IQueryable{T}, Identity.RecordScope)"/>, the rule for customers and
/// sales records) or <see cref="Company"/> (everyone the route's policy admits: a campaign is organised for all sales).
/// </summary>
public enum OwnedRecordAudience
{
    Scope = 0,
    Company = 1,
}

/// <summary>
/// One kind of owned record as the platform sees it (ADR 0130): which module keeps it, its entity type and the routes
/// through which it leaves the module. Every module registers each of its <see cref="IOwnedRecord"/> entities once
/// (<see cref="OwnedRecordKindExtensions.AddOwnedRecordKind{TEntity}"/>), so platform checks that walk every kind (the
/// generated data-permission test) cover a new module without being told about it.
/// </summary>
/// <param name="Module">The module's catalog name ("Accounts").</param>
/// <param name="Kind">A stable plural identifier ("accounts", "leads").</param>
/// <param name="EntityType">The <see cref="IOwnedRecord"/> entity.</param>
/// <param name="Collection">The list route; a single record is <c>{Collection}/{id}</c>.</param>
public sealed record OwnedRecordKind(string Module, string Kind, Type EntityType, string Collection)
{
    public OwnedRecordAudience Audience { get; init; } = OwnedRecordAudience.Scope;

    /// <summary>The entity's <see cref="IOwnedRecord.UnownedVisibleToAll"/>.</summary>
    public bool UnownedVisibleToAll { get; init; }

    /// <summary>The list's free-text search parameter, or null when the list has none.</summary>
    public string? SearchParameter { get; init; } = "search";

    /// <summary>The CSV export route, or null when the module exports none of this kind.</summary>
    public string? ExportPath { get; init; }

    /// <summary>Whether <c>PUT {Collection}/{id}</c> with If-Match changes a record of this kind.</summary>
    public bool Updatable { get; init; } = true;

    /// <summary>The single record's route.</summary>
    public string ItemPath(Guid id) => $"{Collection}/{id}";
}

public static class OwnedRecordKindExtensions
{
    /// <summary>Registers one kind of owned record (see <see cref="OwnedRecordKind"/>); the entity's own unowned rule is read here.</summary>
    public static IServiceCollection AddOwnedRecordKind<TEntity>(
        this IServiceCollection services, string module, string kind, string collection, Func<OwnedRecordKind, OwnedRecordKind>? configure = null)
        where TEntity : class, IOwnedRecord
    {
        var descriptor = new OwnedRecordKind(module, kind, typeof(TEntity), collection) { UnownedVisibleToAll = TEntity.UnownedVisibleToAll };
        return services.AddSingleton(configure is null ? descriptor : configure(descriptor));
    }
}
