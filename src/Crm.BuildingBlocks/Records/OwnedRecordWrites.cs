using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.BuildingBlocks.Records;

/// <summary>
/// A read-only collaborator sees a record but may not change it (ADR 0131). Every module's update starts from
/// <c>VisibleTo</c>, which lets collaborators through, so the refusal sits where every change ends: saving. A changed or
/// deleted owned record that the caller reaches only as a read-only collaborator fails the whole save with 403.
/// </summary>
public sealed class OwnedRecordWrites(IServiceProvider services) : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            await GuardAsync(context, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
        {
            GuardAsync(context, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    private async Task GuardAsync(DbContext context, CancellationToken cancellationToken)
    {
        var changed = context.ChangeTracker.Entries<IOwnedRecord>().Where(e => e.State is EntityState.Modified or EntityState.Deleted).ToList();
        if (changed.Count == 0)
        {
            return;
        }

        var scope = await services.GetRequiredService<IRecordVisibility>().GetScopeAsync(cancellationToken);
        if (scope.IsAll || scope.SharedIds.Count == 0)
        {
            return;
        }

        foreach (var entry in changed)
        {
            var id = entry.Metadata.FindProperty("Id") is { } key ? entry.Property(key.Name).CurrentValue as Guid? : null;
            var owner = (Guid?)entry.Property(nameof(IOwnedRecord.OwnerId)).OriginalValue;
            var branch = (Guid?)entry.Property(nameof(IOwnedRecord.BranchId)).OriginalValue;
            if (id is { } recordId && scope.SharedIds.Contains(recordId) && !scope.MayChange(recordId, owner, branch))
            {
                throw new ForbiddenException("You may read this record but not change it: it is shared with you read-only.");
            }
        }
    }
}
