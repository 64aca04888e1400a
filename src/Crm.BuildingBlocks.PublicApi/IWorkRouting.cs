namespace Crm.BuildingBlocks.PublicApi;

/// <summary>
/// Where work goes in the organisation: the one routing and escalation rule that the inbox, approvals, assignment and
/// every later module (service SLAs) ask, so none of them walks the staff directory on its own (ADR 0103). It answers
/// through <see cref="IOrganisation"/>, so it follows the Branches tree when that module is on and the staff profiles
/// when it is off.
/// </summary>
public interface IWorkRouting
{
    /// <summary>
    /// The manager <paramref name="levels"/> steps up <paramref name="personId"/>'s own reporting chain (1: their manager,
    /// 2: their manager's manager); null when the chain is shorter. Never anyone outside that chain.
    /// </summary>
    Task<Guid?> ManagerOfAsync(Guid personId, int levels = 1, CancellationToken cancellationToken = default);

    /// <summary>The unit whose queue is <paramref name="personId"/>'s own (their primary unit today).</summary>
    Task<Guid?> UnitOfAsync(Guid personId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whom overdue work escalates to. Work of a person goes to that person's manager (<paramref name="accountableId"/>:
    /// the assignee, or whom they work it for); work waiting in a unit's queue goes to the manager responsible for that
    /// unit (the nearest manager up the tree). Null when nobody is responsible.
    /// </summary>
    Task<Guid?> EscalationTargetAsync(Guid? accountableId, Guid? queueUnitId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The people round robin and least-loaded choose from: the members of <paramref name="unitId"/> today, in a stable
    /// order. The caller filters by role and activity.
    /// </summary>
    Task<IReadOnlyList<Guid>> AssignmentPoolAsync(Guid unitId, CancellationToken cancellationToken = default);
}
