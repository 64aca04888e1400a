using Crm.BuildingBlocks.PublicApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.BuildingBlocks.Records;

/// <summary>
/// A record's unit is its owner's unit: whenever an owned record is created or changes owner, the unit it is stored
/// with is the owner's unit that day (<see cref="IOrganisation"/>), whatever a form, an import or a workflow put there.
/// That is what makes a salesperson's new account visible to their manager at once (ADR 0101). A record without an
/// owner, or whose owner belongs to no unit, keeps the unit it was given (a lead waiting in a branch's queue).
/// </summary>
public sealed class OwnedRecordUnits(IServiceProvider services, TimeProvider clock) : SaveChangesInterceptor
{
    private readonly Dictionary<Guid, Guid?> _unitOf = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            await StampAsync(context, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
        {
            // ASP.NET Core has no synchronisation context, so waiting here cannot deadlock; the async path is the usual one.
            StampAsync(context, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    /// <summary>Stamps entities that bypass the change tracker (bulk inserts) the same way.</summary>
    public async Task StampAsync<TEntity>(DbContext context, IEnumerable<TEntity> entities, CancellationToken cancellationToken)
        where TEntity : class
    {
        // The property's own (private) setter, as EF Core itself writes it when materialising a row.
        var property = context.Model.FindEntityType(typeof(TEntity))?.FindProperty(nameof(IOwnedRecord.BranchId))?.PropertyInfo;
        if (property is null)
        {
            return;
        }

        foreach (var record in entities.OfType<IOwnedRecord>())
        {
            if (record.OwnerId is { } owner && await UnitOfAsync(owner, cancellationToken) is { } unit && record.BranchId != unit)
            {
                property.SetValue(record, unit);
            }
        }
    }

    private async Task StampAsync(DbContext context, CancellationToken cancellationToken)
    {
        var changed = context.ChangeTracker.Entries<IOwnedRecord>().Where(NeedsStamp).ToList();
        foreach (var entry in changed)
        {
            if (entry.Entity.OwnerId is { } owner && await UnitOfAsync(owner, cancellationToken) is { } unit && entry.Entity.BranchId != unit)
            {
                entry.Property(nameof(IOwnedRecord.BranchId)).CurrentValue = unit;
            }
        }
    }

    private static bool NeedsStamp(EntityEntry<IOwnedRecord> entry) =>
        entry.State == EntityState.Added
        || (entry.State == EntityState.Modified && entry.Property(nameof(IOwnedRecord.OwnerId)).IsModified);

    private async Task<Guid?> UnitOfAsync(Guid owner, CancellationToken cancellationToken)
    {
        if (!_unitOf.TryGetValue(owner, out var unit))
        {
            // Resolved late: the organisation may itself be stored by a module whose context carries this interceptor.
            var organisation = services.GetRequiredService<IOrganisation>();
            unit = _unitOf[owner] = await organisation.UnitOfAsync(owner, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), cancellationToken);
        }

        return unit;
    }
}
