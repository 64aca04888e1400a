using Crm.BuildingBlocks.Identity;

namespace Crm.Workflows.Tests.Inbox;

/// <summary>A staff directory held in memory: the people of a test.</summary>
internal sealed class InMemoryStaffDirectory(IEnumerable<StaffMember> staff) : IStaffDirectory
{
    private readonly Dictionary<Guid, StaffMember> _staff = staff.ToDictionary(s => s.UserId);

    public Task<StaffMember?> FindAsync(Guid userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_staff.GetValueOrDefault(userId));

    public Task<IReadOnlyList<StaffMember>> FindManyAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StaffMember>>(userIds.Distinct().Select(id => _staff.GetValueOrDefault(id)).OfType<StaffMember>().ToList());

    public Task<IReadOnlyList<StaffMember>> ListAsync(string? role = null, Guid? branchId = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StaffMember>>(_staff.Values
            .Where(s => s.IsActive && (role is null || s.Roles.Contains(role)) && (branchId is null || s.BranchId == branchId))
            .OrderBy(s => s.DisplayName, StringComparer.Ordinal)
            .ToList());
}

/// <summary>A clock the test moves: due times and escalations without waiting.</summary>
internal sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now = _now.Add(by);
}

/// <summary>The people of the inbox tests: two sales people and their branch manager in branch North, and others.</summary>
internal static class Staff
{
    public static readonly Guid North = Guid.Parse("b2a0c000-0000-4000-8000-000000000001");
    public static readonly Guid South = Guid.Parse("b2a0c000-0000-4000-8000-000000000002");

    public static readonly StaffMember Eve = Member("e0000000-0000-4000-8000-000000000005", "Eve Executive", null, null, CrmRoles.Executive);
    public static readonly StaffMember Mia = Member("e0000000-0000-4000-8000-000000000003", "Mia Manager", Eve.UserId, North, CrmRoles.BranchManager);
    public static readonly StaffMember Alice = Member("e0000000-0000-4000-8000-000000000001", "Alice Sales", Mia.UserId, North, CrmRoles.Sales);
    public static readonly StaffMember Bob = Member("e0000000-0000-4000-8000-000000000002", "Bob Sales", Mia.UserId, North, CrmRoles.Sales);
    public static readonly StaffMember Carl = Member("e0000000-0000-4000-8000-000000000004", "Carl Service", Eve.UserId, South, CrmRoles.Service);
    public static readonly StaffMember Dora = Member("e0000000-0000-4000-8000-000000000006", "Dora Sales", Eve.UserId, South, CrmRoles.Sales);
    public static readonly StaffMember Adam = Member("e0000000-0000-4000-8000-000000000007", "Adam Admin", null, null, CrmRoles.Administrator);
    public static readonly StaffMember Gone = Member("e0000000-0000-4000-8000-000000000008", "Gone Former", Mia.UserId, North, CrmRoles.Sales) with { IsActive = false };

    public static readonly IReadOnlyList<StaffMember> All = [Eve, Mia, Alice, Bob, Carl, Dora, Adam, Gone];

    private static StaffMember Member(string id, string name, Guid? manager, Guid? branch, string role) =>
        new(Guid.Parse(id), name.Split(' ')[0].ToLowerInvariant(), name, $"{name.Split(' ')[0].ToLowerInvariant()}@crm.test", manager, branch, [role], true);
}

/// <summary>The languages of the test <see cref="Staff"/>, who are not identity users: English unless a test chooses.</summary>
internal sealed class InMemoryUserLanguage : IUserLanguage
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, string> _chosen = new();

    public Task<string?> ChosenAsync(Guid userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_chosen.TryGetValue(userId, out var culture) ? culture : null);

    public Task ChooseAsync(Guid userId, string culture, CancellationToken cancellationToken = default)
    {
        _chosen[userId] = culture;
        return Task.CompletedTask;
    }

    public async Task<System.Globalization.CultureInfo> CultureOfAsync(Guid userId, CancellationToken cancellationToken = default) =>
        System.Globalization.CultureInfo.GetCultureInfo(await ChosenAsync(userId, cancellationToken) ?? "en");
}
