using System.Diagnostics;
using Crm.BuildingBlocks.Identity;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Inbox.Bench;

/// <summary>
/// A large inbox store: 2,000 staff in 20 branches, tasks of 12 processes over a year. The first <c>open</c> tasks are
/// open (70% personal, 25% in queues, 5% delegated; 80% with a due time, a fifth of those past due), the rest
/// completed (95%) or cancelled. Two people are measured: a typical salesperson (~35 open tasks) and a heavy one
/// (1,000 open, ~9,000 completed, in the busiest queue). Rows come from the domain (HumanTask.Create/Claim/Delegate/
/// Complete), so they are what the application writes.
/// </summary>
internal sealed class InboxData
{
    /// <summary>Bump when the generated rows change, so an old filled store is not reused.</summary>
    public const int Version = 3;

    public const int Branches = 20;
    public const int StaffCount = 2_000;
    public const int HeavyOpen = 1_000;
    public const int HeavyCompleted = 9_000;

    public static readonly DateTime Now = new(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);

    private static readonly string[] Processes =
    [
        "Discount approval", "Leave of absence", "Leaver transfer", "Lead qualification", "Complaint handling", "Contract renewal",
        "Credit check", "Onboarding", "Visit report review", "Quote approval", "Service escalation", "Data quality check",
    ];

    private static readonly string[] Modules = ["Accounts", "Funnel", "Service", "Contracts"];

    public InboxData()
    {
        BranchIds = Enumerable.Range(1, Branches).Select(b => Guid.Parse($"b2a0c000-0000-4000-8000-{b:D12}")).ToList();
        var staff = new List<StaffMember>(StaffCount);
        for (var i = 0; i < StaffCount; i++)
        {
            var branch = BranchIds[i % Branches];
            var role = i < Branches ? CrmRoles.BranchManager : i < Branches + 20 ? CrmRoles.Executive : i % 10 < 6 ? CrmRoles.Sales : CrmRoles.Service;
            var manager = role == CrmRoles.BranchManager ? Id(Branches + i % 20) : role == CrmRoles.Executive ? (Guid?)null : Id(i % Branches);
            staff.Add(new StaffMember(Id(i), $"user{i}", $"User {i}", $"user{i}@bench.test", manager, role == CrmRoles.Executive ? null : branch, [role], true));
        }

        Staff = staff;
        Workers = staff.Where(s => s.Roles[0] is CrmRoles.Sales or CrmRoles.Service).ToList();
        Heavy = Workers.First(s => s.Roles[0] == CrmRoles.Sales);
        Typical = Workers.Where(s => s.Roles[0] == CrmRoles.Sales).Skip(50).First();
    }

    public IReadOnlyList<Guid> BranchIds { get; }

    public IReadOnlyList<StaffMember> Staff { get; }

    /// <summary>Sales and Service people: who personal tasks go to.</summary>
    public IReadOnlyList<StaffMember> Workers { get; }

    public StaffMember Heavy { get; }

    public StaffMember Typical { get; }

    public static Guid Id(int i) => Guid.Parse($"00000000-0000-4000-8000-{i:D12}");

    /// <summary>Inserts the tasks in one transaction, secondary indexes dropped first and rebuilt after.</summary>
    public async Task<TimeSpan> FillAsync(WorkflowsDbContext db, int total, int open, Action<string> log)
    {
        var clock = Stopwatch.StartNew();
        await db.Database.OpenConnectionAsync();
        var indexes = await db.Database.SqlQueryRaw<string>(
            "SELECT sql AS Value FROM sqlite_master WHERE type = 'index' AND tbl_name = 'HumanTasks' AND sql IS NOT NULL").ToListAsync();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            foreach (var ddl in indexes)
            {
                // The name comes from sqlite_master of our own schema, not from input.
#pragma warning disable EF1002
                await db.Database.ExecuteSqlRawAsync($"DROP INDEX \"{ddl.Split('"')[1]}\"");
#pragma warning restore EF1002
            }

            var random = new Random(42);
            const int batch = 50_000;
            var heavyOpen = 0;
            var heavyCompleted = 0;
            for (var start = 0; start < total; start += batch)
            {
                var tasks = new List<HumanTask>(batch);
                for (var n = start; n < Math.Min(total, start + batch); n++)
                {
                    tasks.Add(n < open ? OpenTask(random, n, open, ref heavyOpen) : ClosedTask(random, n, total - open, ref heavyCompleted));
                }

                await db.BulkInsertAsync(tasks, CancellationToken.None);
                log($"  {Math.Min(total, start + batch):N0} tasks ({clock.Elapsed.TotalSeconds:N0} s)");
            }

            foreach (var ddl in indexes)
            {
                await db.Database.ExecuteSqlRawAsync(ddl);
            }

            await transaction.CommitAsync();
        }

        await db.Database.CloseConnectionAsync();
        return clock.Elapsed;
    }

    private HumanTask OpenTask(Random random, int n, int open, ref int heavyOpen)
    {
        var created = Now.AddMinutes(-random.Next(1, 60 * 24 * 60));
        var shape = random.NextDouble();
        Guid? assignee = null;
        string? role = null;
        Guid? branch = null;
        if (shape < 0.70)
        {
            // The heavy user gets exactly HeavyOpen personal tasks, spread through the fill.
            assignee = heavyOpen < HeavyOpen && n % (int)(open * 0.70 / HeavyOpen) == 0 ? Heavy.UserId : Pick(random, Workers).UserId;
            if (assignee == Heavy.UserId)
            {
                heavyOpen++;
            }
        }
        else if (shape < 0.95)
        {
            var r = random.NextDouble();
            role = r < 0.6 ? CrmRoles.Sales : r < 0.9 ? CrmRoles.Service : CrmRoles.BranchManager;
            // The heavy user's branch is the busiest queue (a tenth of the queue work).
            branch = role == CrmRoles.BranchManager ? null : random.NextDouble() < 0.1 ? Heavy.BranchId : Pick(random, BranchIds);
        }
        else
        {
            assignee = Pick(random, Workers).UserId;
        }

        var (task, _) = HumanTask.Create(Spec(random, n, assignee, role, branch, created, due: DueAround(random, open: true, created)), Guid.NewGuid().ToString("N"), Workflow(random, n), created);
        if (shape >= 0.95)
        {
            var delegateTo = Pick(random, Workers).UserId;
            if (delegateTo != assignee)
            {
                task.Delegate(assignee!.Value, delegateTo, "Bench delegation", created.AddHours(1));
            }
        }

        return task;
    }

    private HumanTask ClosedTask(Random random, int n, int closed, ref int heavyCompleted)
    {
        var created = Now.AddMinutes(-random.Next(60 * 24 * 2, 60 * 24 * 365));
        var doneBy = heavyCompleted < HeavyCompleted && n % (closed / HeavyCompleted) == 0 ? Heavy : Pick(random, Workers);
        var (task, _) = HumanTask.Create(Spec(random, n, doneBy.UserId, null, null, created, DueAround(random, open: false, created)), Guid.NewGuid().ToString("N"), Workflow(random, n), created);
        var at = created.AddMinutes(random.Next(5, 60 * 24 * 10));
        if (random.NextDouble() < 0.95)
        {
            if (doneBy == Heavy)
            {
                heavyCompleted++;
            }

            task.Complete(doneBy.UserId, random.NextDouble() < 0.7 ? "Approved" : "Rejected", random.NextDouble() < 0.3 ? "Checked with the customer" : null, null, at);
        }
        else
        {
            task.Cancel("The workflow was cancelled.", at);
        }

        return task;
    }

    private static HumanTaskSpec Spec(Random random, int n, Guid? assignee, string? role, Guid? branch, DateTime created, DateTime? due)
    {
        var process = n % Processes.Length;
        var approval = random.NextDouble() < 0.1;
        var p = random.NextDouble();
        return new HumanTaskSpec
        {
            TaskId = Guid.NewGuid(),
            Kind = approval ? HumanTaskKind.Approval : HumanTaskKind.Task,
            ActivityId = "task" + process,
            ActivityInstanceId = Guid.NewGuid().ToString("N"),
            Title = $"{Processes[process]}: item {n:N0}",
            Description = random.NextDouble() < 0.5 ? "Please check the details and decide." : null,
            Module = Modules[process % Modules.Length],
            Link = $"/accounts/{Guid.NewGuid()}",
            Priority = p < 0.2 ? TaskPriority.Low : p < 0.8 ? TaskPriority.Normal : p < 0.95 ? TaskPriority.High : TaskPriority.Urgent,
            AssigneeId = assignee,
            CandidateRole = role,
            CandidateBranchId = branch,
            DueAtUtc = due,
            OnOverdue = due is null ? OverdueAction.None : OverdueAction.EscalateToManager,
            Outcomes = approval ? ["Approved", "Rejected", "Returned"] : ["Approved", "Rejected"],
            Amount = approval ? random.Next(100, 100_000) : null,
            ApprovalStep = approval ? 1 : null,
        };
    }

    private static DateTime? DueAround(Random random, bool open, DateTime created) =>
        random.NextDouble() >= 0.8 ? null
        : open ? Now.AddHours(random.Next(-24 * 10, 24 * 30))
        : created.AddDays(random.Next(1, 30));

    private static WorkflowRef Workflow(Random random, int n) =>
        new(Guid.NewGuid().ToString("N"), $"bench-process-{n % Processes.Length:D2}", Processes[n % Processes.Length]);

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
