using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.PublicApi;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.BuildingBlocks.Identity;

/// <summary>
/// Which owned records (accounts, leads, opportunities and what hangs off them) the acting person may see and change:
/// <list type="bullet">
/// <item><see cref="All"/>: every record;</item>
/// <item>otherwise the records owned by one of <see cref="OwnerIds"/> (the person, plus their reports at the 本人及下属
/// level) or lying in one of <see cref="UnitIds"/> (their unit, or its subtree);</item>
/// <item><see cref="None"/>: nothing (a signed-in user without any role).</item>
/// </list>
/// A record outside the scope does not exist for the caller: a module answers 404, not 403, so ids do not leak.
/// </summary>
public sealed record RecordScope
{
    private RecordScope(bool all, Guid? ownerId, Guid? branchId, IReadOnlyList<Guid> ownerIds, IReadOnlyList<Guid> unitIds)
    {
        IsAll = all;
        OwnerId = ownerId;
        BranchId = branchId;
        OwnerIds = ownerIds;
        UnitIds = unitIds;
    }

    public static RecordScope All { get; } = new(true, null, null, [], []);

    public static RecordScope None { get; } = new(false, null, null, [], []);

    public bool IsAll { get; }

    /// <summary>The acting person, whose own records are in scope (null with <see cref="IsAll"/> or <see cref="None"/>).</summary>
    public Guid? OwnerId { get; }

    /// <summary>
    /// The person's own unit when their level covers whole units (a branch manager's branch): where a new record they
    /// create without an owner lands, so they still see it. Null at the own and own-and-reports levels.
    /// </summary>
    public Guid? BranchId { get; }

    /// <summary>Owners whose records are visible: the person, and at the 本人及下属 level everyone reporting to them.</summary>
    public IReadOnlyList<Guid> OwnerIds { get; }

    /// <summary>Units whose records are visible, whoever owns them: the person's unit, or it and every unit below.</summary>
    public IReadOnlyList<Guid> UnitIds { get; }

    /// <summary>
    /// Records shared with the person outside their level: where they are a collaborator (协作人) whose access has not
    /// ended, with read or write access (ADR 0131). Record ids are unique across modules, so one list serves all.
    /// </summary>
    public IReadOnlyList<Guid> SharedIds { get; private init; } = [];

    /// <summary>The part of <see cref="SharedIds"/> the person may also change.</summary>
    public IReadOnlyList<Guid> WritableSharedIds { get; private init; } = [];

    public static RecordScope Own(Guid ownerId) => new(false, ownerId, null, [ownerId], []);

    public static RecordScope OwnAndBranch(Guid ownerId, Guid? branchId) =>
        new(false, ownerId, branchId, [ownerId], branchId is { } b ? [b] : []);

    public static RecordScope OwnAndReports(Guid ownerId, IEnumerable<Guid> reports) =>
        new(false, ownerId, null, [ownerId, .. reports.Where(r => r != ownerId).Distinct()], []);

    /// <summary>The person's own records and every record of <paramref name="units"/> (their unit <paramref name="unitId"/> and those below it).</summary>
    public static RecordScope OwnAndUnits(Guid ownerId, Guid? unitId, IEnumerable<Guid> units) =>
        new(false, ownerId, unitId, [ownerId], units.Distinct().ToList());

    /// <summary>
    /// This scope and every record of <paramref name="units"/> as well (the 指定部门 level); All and None stay as they
    /// are (None is a person without any role, whom configured units do not reach).
    /// </summary>
    public RecordScope WithUnits(IEnumerable<Guid> units)
    {
        var added = units.Except(UnitIds).ToList();
        return IsAll || OwnerId is null || added.Count == 0 ? this : new(false, OwnerId, BranchId, OwnerIds, [.. UnitIds, .. added]);
    }

    /// <summary>This scope plus records shared with the person (collaborations); All stays All.</summary>
    public RecordScope WithShared(IEnumerable<Guid> readable, IEnumerable<Guid> writable)
    {
        var write = writable.Distinct().ToList();
        var read = readable.Concat(write).Distinct().ToList();
        return IsAll || read.Count == 0 ? this : this with { SharedIds = [.. SharedIds.Union(read)], WritableSharedIds = [.. WritableSharedIds.Union(write)] };
    }

    /// <summary>
    /// Whether the person may change the record <paramref name="recordId"/>, owned by <paramref name="ownerId"/> in
    /// <paramref name="branchId"/>: by their level, or as a collaborator with write access. A read-only collaborator sees
    /// the record and may not change it.
    /// </summary>
    public bool MayChange(Guid recordId, Guid? ownerId, Guid? branchId) =>
        Allows(ownerId, branchId) || WritableSharedIds.Contains(recordId);

    /// <summary>The same rule as the query filter, for a record already in memory.</summary>
    public bool Allows(Guid? ownerId, Guid? branchId) =>
        IsAll || (ownerId is { } o && OwnerIds.Contains(o)) || (branchId is { } b && UnitIds.Contains(b));
}

/// <summary>Works out the acting person's <see cref="RecordScope"/> (once per request).</summary>
public interface IRecordVisibility
{
    Task<RecordScope> GetScopeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The owned records the acting person may give to someone else (reassign, leaver transfer), which is narrower
    /// than what they may read: an administrator (and system work) every record, a branch manager what their level
    /// shows them, everyone else nothing (an executive reads everything but reassigns nothing).
    /// </summary>
    Task<RecordScope> GetAssignScopeAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// The role → level → scope rule (ADR 0025, ADR 0101). Roles are read from the principal, the level of each role from
/// <see cref="DataPermissionOptions"/>, the person's unit, its subtree and their reports from <see cref="IOrganisation"/>
/// (the Branches tree, or the staff profiles without it), so moving a person takes effect on their next request.
/// </summary>
internal sealed class RecordVisibility(
    ICurrentUser user, IOrganisation organisation, IOptions<DataPermissionOptions> options, IHttpContextAccessor http, TimeProvider clock, IServiceProvider services)
    : IRecordVisibility
{
    private RecordScope? _scope;

    public async Task<RecordScope> GetScopeAsync(CancellationToken cancellationToken = default) =>
        _scope ??= await WithCollaborationsAsync(await ResolveAsync(cancellationToken), cancellationToken);

    /// <summary>
    /// Adds what colleagues shared with the person (ADR 0131), asked of every module database that keeps collaborators.
    /// Resolved from the request's services here, not injected: a module context's interceptors ask for this service.
    /// </summary>
    private async Task<RecordScope> WithCollaborationsAsync(RecordScope scope, CancellationToken cancellationToken)
    {
        if (scope.IsAll || scope.OwnerId is not { } personId)
        {
            return scope;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var source in services.GetServices<Records.ICollaborationSource>())
        {
            var shared = await source.SharedWithAsync(personId, now, cancellationToken);
            scope = scope.WithShared(shared.Where(s => !s.CanWrite).Select(s => s.RecordId), shared.Where(s => s.CanWrite).Select(s => s.RecordId));
        }

        return scope;
    }

    public async Task<RecordScope> GetAssignScopeAsync(CancellationToken cancellationToken = default)
    {
        if (!user.IsAuthenticated)
        {
            return http.HttpContext is null ? RecordScope.All : RecordScope.None;
        }

        if (user.IsInRole(CrmRoles.Administrator))
        {
            return RecordScope.All;
        }

        return user.UserId is { } userId && user.IsInRole(CrmRoles.BranchManager)
            ? await ScopeOfRolesAsync([CrmRoles.BranchManager], userId, cancellationToken)
            : RecordScope.None;
    }

    private async Task<RecordScope> ResolveAsync(CancellationToken cancellationToken)
    {
        if (!user.IsAuthenticated)
        {
            // Background work (jobs, workflows, the outbox) acts for the system and sees everything. An anonymous web
            // request never should get here (every route has a policy), but if one does, it sees nothing.
            return http.HttpContext is null ? RecordScope.All : RecordScope.None;
        }

        var roles = DataPermissionOptions.Defaults.Keys.Concat(options.Value.Levels.Keys)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(user.IsInRole)
            .ToList();
        return user.UserId is { } userId
            ? await ScopeOfRolesAsync(roles, userId, cancellationToken)
            : roles.Any(r => options.Value.LevelOf(r) == DataPermissionLevel.All) ? RecordScope.All : RecordScope.None;
    }

    /// <summary>
    /// The widest of the roles' ordered levels, plus the units any role at <see cref="DataPermissionLevel.ChosenUnits"/>
    /// is given (that level is beside the others, not above or below them).
    /// </summary>
    private async Task<RecordScope> ScopeOfRolesAsync(IReadOnlyCollection<string> roles, Guid userId, CancellationToken cancellationToken)
    {
        var permissions = options.Value;
        var levels = roles.Select(permissions.LevelOf).ToList();
        var ordered = levels.Where(l => l != DataPermissionLevel.ChosenUnits).DefaultIfEmpty(DataPermissionLevel.None).Max();
        var chosen = roles.SelectMany(permissions.ChosenUnitsOf).Distinct().ToList();
        if (!levels.Contains(DataPermissionLevel.ChosenUnits))
        {
            return await ScopeAtAsync(ordered, userId, cancellationToken);
        }

        var scope = ordered == DataPermissionLevel.None ? RecordScope.Own(userId) : await ScopeAtAsync(ordered, userId, cancellationToken);
        return scope.WithUnits(chosen);
    }

    private async Task<RecordScope> ScopeAtAsync(DataPermissionLevel level, Guid userId, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        switch (level)
        {
            case DataPermissionLevel.All:
                return RecordScope.All;
            case DataPermissionLevel.Own:
                return RecordScope.Own(userId);
            case DataPermissionLevel.OwnAndReports:
                return RecordScope.OwnAndReports(userId, await organisation.ReportsOfAsync(userId, today, cancellationToken));
            case DataPermissionLevel.Unit:
            case DataPermissionLevel.UnitSubtree:
                var unit = await organisation.UnitOfAsync(userId, today, cancellationToken);
                if (unit is not { } unitId)
                {
                    return RecordScope.Own(userId);
                }

                return level == DataPermissionLevel.Unit
                    ? RecordScope.OwnAndUnits(userId, unitId, [unitId])
                    : RecordScope.OwnAndUnits(userId, unitId, await organisation.SubtreeAsync(unitId, cancellationToken));
            default:
                return RecordScope.None;
        }
    }
}
