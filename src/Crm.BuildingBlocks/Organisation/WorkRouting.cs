using Crm.BuildingBlocks.PublicApi;

namespace Crm.BuildingBlocks.Organisation;

/// <summary>
/// The one routing and escalation rule (ADR 0103), answered through <see cref="IOrganisation"/>: a manager is always
/// someone on the person's own reporting chain, a queue's escalation goes to the manager responsible for the queue's
/// unit, and assignment pools are a unit's members. Nothing here reaches into another branch.
/// </summary>
public sealed class WorkRouting(IOrganisation organisation, TimeProvider clock) : IWorkRouting
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<Guid?> ManagerOfAsync(Guid personId, int levels = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        var chain = await organisation.ManagerChainAsync(personId, Today, cancellationToken);
        return chain.Count >= levels ? chain[levels - 1] : null;
    }

    public Task<Guid?> UnitOfAsync(Guid personId, CancellationToken cancellationToken = default) =>
        organisation.UnitOfAsync(personId, Today, cancellationToken);

    public async Task<Guid?> EscalationTargetAsync(Guid? accountableId, Guid? queueUnitId, CancellationToken cancellationToken = default)
    {
        if (accountableId is { } person)
        {
            return await ManagerOfAsync(person, 1, cancellationToken);
        }

        return queueUnitId is { } unit ? await organisation.ManagerOfUnitAsync(unit, cancellationToken) : null;
    }

    public Task<IReadOnlyList<Guid>> AssignmentPoolAsync(Guid unitId, CancellationToken cancellationToken = default) =>
        organisation.MembersOfAsync(unitId, Today, cancellationToken);
}
