using Crm.BuildingBlocks.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.BuildingBlocks.Ownership;

/// <summary>
/// What one module can hand over from one person to another when someone leaves or changes job (ADR 0045): Accounts
/// its customers, Funnel its open leads and opportunities, later modules their contracts, cases … The inbox's leaver
/// transfer (<c>POST /api/inbox/transfers</c>, the <c>Crm.TransferWork</c> activity) iterates over every registered
/// contribution, so it needs no reference to any module.
/// </summary>
public interface IOwnershipContribution
{
    /// <summary>The module's catalog name ("Accounts"); reported with the counts.</summary>
    string Module { get; }

    /// <summary>
    /// Makes <see cref="OwnershipHandover.ToOwnerId"/> the owner of what <see cref="OwnershipHandover.FromOwnerId"/>
    /// owns and the handover may move, inside <see cref="OwnershipHandover.Scope"/> only, in the module's own
    /// transaction. Repeating it moves only what is still the leaver's. Returns a count for every kind it handles
    /// (zero included), in a stable order.
    /// </summary>
    Task<IReadOnlyList<HandedOver>> HandOverAsync(OwnershipHandover handover, CancellationToken cancellationToken);

    /// <summary>
    /// How many records each of <paramref name="ownerIds"/> owns that a handover inside <paramref name="scope"/> would
    /// move: the same selection as <see cref="HandOverAsync"/>, counted and changed nowhere. A leaver transfer's preview
    /// asks it with the assign scope, a manager's workload view with the read scope. Returns every kind the module
    /// handles for every owner asked about (zero included), in a stable order.
    /// </summary>
    Task<IReadOnlyList<OwnedRecords>> CountAsync(IReadOnlyCollection<Guid> ownerIds, RecordScope scope, CancellationToken cancellationToken);
}

/// <summary>How many records of one <paramref name="Kind"/> (as in <see cref="HandedOver"/>) <paramref name="OwnerId"/> owns.</summary>
public sealed record OwnedRecords(Guid OwnerId, string Kind, string One, string Many, int Count);

/// <summary>
/// One handover. <paramref name="Scope"/> is what the caller may reassign (<see cref="IRecordVisibility.GetAssignScopeAsync"/>):
/// every module applies the same rule with its own visibility filter, so a branch manager moves only its branch's records.
/// </summary>
public sealed record OwnershipHandover(Guid FromOwnerId, Guid ToOwnerId, string Reason, RecordScope Scope);

/// <summary>
/// How many records of one kind moved. <paramref name="Kind"/> is a stable identifier ("accounts", "leads");
/// <paramref name="One"/> and <paramref name="Many"/> the English nouns a notification uses ("customer", "customers").
/// </summary>
public sealed record HandedOver(string Kind, string One, string Many, int Count);

public static class OwnershipContributionExtensions
{
    /// <summary>
    /// <see cref="IOwnershipContribution.CountAsync"/>'s answer for one kind from a grouped count: every owner asked
    /// about gets a row, zero when the query found none of theirs.
    /// </summary>
    public static IReadOnlyList<OwnedRecords> PerOwner(
        this IReadOnlyDictionary<Guid, int> counts, IEnumerable<Guid> ownerIds, string kind, string one, string many) =>
        ownerIds.Distinct().Select(id => new OwnedRecords(id, kind, one, many, counts.GetValueOrDefault(id))).ToList();

    /// <summary>Registers a module's <see cref="IOwnershipContribution"/> (scoped: it uses the module's DbContext).</summary>
    public static IServiceCollection AddOwnershipContribution<T>(this IServiceCollection services)
        where T : class, IOwnershipContribution =>
        services.AddScoped<IOwnershipContribution, T>();
}
