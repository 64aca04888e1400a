using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.PublicApi;
using Crm.Workflows.Inbox.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Workflows.Inbox.Services;

/// <summary>
/// The staff directory as the inbox needs it. The directory is the identity component's; without one registered this
/// knows no one (the inbox then only sees the roles of the signed-in principal), so the host starts either way.
/// </summary>
internal sealed class StaffLookup(IServiceProvider services)
{
    private readonly IStaffDirectory? _directory = services.GetService<IStaffDirectory>();
    private readonly Dictionary<Guid, StaffMember?> _cache = [];

    public bool HasDirectory => _directory is not null;

    public async Task<StaffMember?> FindAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (_directory is null)
        {
            return null;
        }

        if (!_cache.TryGetValue(userId, out var member))
        {
            member = await _directory.FindAsync(userId, cancellationToken);
            _cache[userId] = member;
        }

        return member;
    }

    /// <summary>Display names for the given ids; unknown ids map to their id text.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IEnumerable<Guid?> userIds, CancellationToken cancellationToken)
    {
        var ids = userIds.OfType<Guid>().Distinct().ToList();
        var names = ids.ToDictionary(id => id, id => id.ToString());
        var missing = ids.Where(id => !_cache.ContainsKey(id)).ToList();
        if (_directory is not null && missing.Count > 0)
        {
            foreach (var member in await _directory.FindManyAsync(missing, cancellationToken))
            {
                _cache[member.UserId] = member;
            }
        }

        foreach (var id in ids)
        {
            if (_cache.GetValueOrDefault(id) is { } member)
            {
                names[id] = member.DisplayName;
            }
        }

        return names;
    }

    /// <summary>Active staff members, of one branch (profile) or all; nobody without a directory.</summary>
    public async Task<IReadOnlyList<StaffMember>> ActiveAsync(Guid? branchId, CancellationToken cancellationToken)
    {
        if (_directory is null)
        {
            return [];
        }

        var members = (await _directory.ListAsync(branchId: branchId, cancellationToken: cancellationToken)).Where(m => m.IsActive).ToList();
        foreach (var member in members)
        {
            _cache[member.UserId] = member;
        }

        return members;
    }

    public async Task<string> NameAsync(Guid? userId, CancellationToken cancellationToken) =>
        userId is { } id ? (await FindAsync(id, cancellationToken))?.DisplayName ?? id.ToString() : "nobody";

    /// <summary>
    /// Checks that <paramref name="userId"/> is an active staff member who can be given work; a message naming
    /// <paramref name="field"/> otherwise.
    /// </summary>
    public async Task EnsureAssignableAsync(Guid userId, string field, CancellationToken cancellationToken)
    {
        var member = await FindAsync(userId, cancellationToken);
        if (member is null)
        {
            throw new BusinessRuleException($"User {userId} is not in the staff directory.", field);
        }

        if (!member.IsActive)
        {
            throw new BusinessRuleException($"{member.DisplayName} is no longer active and cannot be given work.", field);
        }
    }
}

/// <summary>The signed-in person as the inbox sees them: id, queues, and what they may manage.</summary>
internal sealed class InboxUser(ICurrentUser currentUser, StaffLookup staff, IWorkRouting routing, IServiceProvider services, TimeProvider clock)
{
    private StaffMember? _profile;
    private bool _loaded;
    private InboxTeam? _team;
    private IReadOnlyList<string>? _groupKeys;

    /// <summary>The acting user's id; 401 when nobody is signed in (the inbox is always someone's).</summary>
    public Guid Id => currentUser.UserId ?? throw new UnauthorizedInboxException();

    /// <summary>Administrators and executives manage everyone's work; branch managers their branch's.</summary>
    public bool ManagesEveryone => currentUser.IsInRole(CrmRoles.Administrator) || currentUser.IsInRole(CrmRoles.Executive);

    public async Task<StaffMember?> ProfileAsync(CancellationToken cancellationToken)
    {
        if (!_loaded)
        {
            _profile = await staff.FindAsync(Id, cancellationToken);
            _loaded = true;
        }

        return _profile;
    }

    /// <summary>The user's roles: the directory's, plus those the signed-in principal carries.</summary>
    public async Task<IReadOnlyList<string>> RolesAsync(CancellationToken cancellationToken)
    {
        var roles = new List<string>((await ProfileAsync(cancellationToken))?.Roles ?? []);
        roles.AddRange(CrmRoles.All.Where(currentUser.IsInRole));
        return roles.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The queue keys whose unclaimed tasks this user may claim (<see cref="Groups"/>): their role queues and the queues
    /// of their unit in the organisation (the staff profile's branch while the Branches module is off).
    /// </summary>
    /// <remarks>Kept for the request: a task list asks once per row, and each answer would otherwise ask the organisation again.</remarks>
    public async Task<IReadOnlyList<string>> GroupKeysAsync(CancellationToken cancellationToken) =>
        _groupKeys ??= Groups.KeysOf(await RolesAsync(cancellationToken), await routing.UnitOfAsync(Id, cancellationToken));

    public async Task<bool> IsInGroupAsync(string? candidateGroup, CancellationToken cancellationToken) =>
        candidateGroup is not null && (await GroupKeysAsync(cancellationToken)).Contains(candidateGroup, StringComparer.Ordinal);

    /// <summary>
    /// Whether this user may manage <paramref name="userId"/>'s work (reassign it, set their out-of-office, transfer it
    /// when they leave): an administrator or executive; their manager in the directory; a branch manager of their branch.
    /// </summary>
    public async Task<bool> CanManageAsync(Guid? userId, CancellationToken cancellationToken)
    {
        if (ManagesEveryone)
        {
            return true;
        }

        if (userId is not { } id)
        {
            return false;
        }

        var member = await staff.FindAsync(id, cancellationToken);
        if (member?.ManagerId == Id)
        {
            return true;
        }

        return await ManagesBranchAsync(member?.BranchId, cancellationToken) || (await TeamAsync(cancellationToken)).People.Contains(id);
    }

    /// <summary>
    /// The people whose work this user manages (issue 14.5): everyone for administrators and executives; otherwise
    /// everyone who reports to them through the organisation (the unit tree with Branches on, the profiles' managers
    /// without) and, for a branch manager, the people of their branch. Empty for someone who manages nobody.
    /// </summary>
    public async Task<InboxTeam> TeamAsync(CancellationToken cancellationToken)
    {
        if (_team is not null)
        {
            return _team;
        }

        if (ManagesEveryone)
        {
            return _team = new InboxTeam(true, (await staff.ActiveAsync(null, cancellationToken)).Select(m => m.UserId).Where(p => p != Id).ToList());
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var people = new HashSet<Guid>();
        if (services.GetService<IOrganisation>() is { } organisation)
        {
            people.UnionWith(await organisation.ReportsOfAsync(Id, today, cancellationToken));
        }

        var me = await ProfileAsync(cancellationToken);
        if (me?.BranchId is { } branch && (await RolesAsync(cancellationToken)).Contains(CrmRoles.BranchManager, StringComparer.Ordinal))
        {
            people.UnionWith((await staff.ActiveAsync(branch, cancellationToken)).Select(m => m.UserId));
        }

        people.Remove(Id);
        return _team = new InboxTeam(false, people.Order().ToList());
    }

    /// <summary>Whether this user manages a branch's people and queues (a branch manager there, or everyone's manager).</summary>
    public async Task<bool> ManagesBranchAsync(Guid? branchId, CancellationToken cancellationToken)
    {
        if (ManagesEveryone)
        {
            return true;
        }

        var me = await ProfileAsync(cancellationToken);
        return branchId is { } branch && me?.BranchId == branch && (await RolesAsync(cancellationToken)).Contains(CrmRoles.BranchManager, StringComparer.Ordinal);
    }
}

/// <summary>Whose work a manager sees and may reassign: <see cref="People"/>, or everyone's when <see cref="Everyone"/>.</summary>
internal sealed record InboxTeam(bool Everyone, IReadOnlyList<Guid> People)
{
    public bool IsEmpty => !Everyone && People.Count == 0;
}

/// <summary>401: the inbox needs a signed-in staff member.</summary>
internal sealed class UnauthorizedInboxException() : CrmException("Sign in to use the task inbox: it shows a person's own tasks.")
{
    public override int StatusCode => 401;

    public override string Title => "Not signed in";
}

/// <summary>403: the user may not do this to this task (someone else's task, a queue they are not in).</summary>
internal sealed class ForbiddenTaskActionException(CrmText message) : CrmException(message)
{
    public override int StatusCode => 403;

    public override string Title => "Not allowed";
}
