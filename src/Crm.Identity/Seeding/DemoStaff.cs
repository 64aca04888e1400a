using Crm.BuildingBlocks.Identity;

namespace Crm.Identity.Seeding;

/// <summary>
/// The demo users (Demo:Seed=true), one or more per role, all with the password <see cref="Password"/> (README).
/// Sales, service and branch-manager users carry the owner and branch ids of the Accounts demo data
/// (AccountsDemoSeeder.DemoOwners / DemoBranches), so each sees "their" customers; a test checks the two lists agree.
/// </summary>
internal static class DemoStaff
{
    public const string Password = "Demo#2026";

    public static readonly Guid Shanghai = Guid.Parse("b2a0c000-0000-4000-8000-000000000001");
    public static readonly Guid Beijing = Guid.Parse("b2a0c000-0000-4000-8000-000000000002");
    public static readonly Guid Shenzhen = Guid.Parse("b2a0c000-0000-4000-8000-000000000003");

    public sealed record Person(Guid Id, string UserName, string DisplayName, string Role, Guid? BranchId, Guid? ManagerId);

    private static Guid Owner(int n) => Guid.Parse($"5a1e0000-0000-4000-8000-00000000000{n}");

    private static Guid Staff(string n) => Guid.Parse($"5a1e0000-0000-4000-8000-0000000000{n}");

    public static IReadOnlyList<Person> All { get; } = Build();

    private static List<Person> Build()
    {
        var executive = Staff("a4");
        var managerShanghai = Owner(5);
        var managerBeijing = Owner(6);
        var managerShenzhen = Staff("a5");
        return
        [
            new(Staff("a1"), "admin", "Zhou Min", CrmRoles.Administrator, null, null),
            new(Staff("a2"), "process.owner", "Chen Jing", CrmRoles.ProcessOwner, null, executive),
            new(Staff("a3"), "implementer", "Liu Yang", CrmRoles.Implementer, null, null),
            new(executive, "executive", "Huang Lei", CrmRoles.Executive, null, null),
            new(managerShanghai, "manager.sh", "Wang Fang", CrmRoles.BranchManager, Shanghai, executive),
            new(managerBeijing, "manager.bj", "Zhao Qiang", CrmRoles.BranchManager, Beijing, executive),
            new(managerShenzhen, "manager.sz", "Sun Li", CrmRoles.BranchManager, Shenzhen, executive),
            new(Owner(1), "sales.sh", "Li Wei", CrmRoles.Sales, Shanghai, managerShanghai),
            new(Owner(2), "sales.bj", "Zhang Na", CrmRoles.Sales, Beijing, managerBeijing),
            new(Owner(3), "sales.sz", "Wu Hao", CrmRoles.Sales, Shenzhen, managerShenzhen),
            new(Owner(4), "service.sh", "Xu Ting", CrmRoles.Service, Shanghai, managerShanghai),
        ];
    }
}
