using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Messaging;
using Crm.Funnel.Features.Leads;
using Crm.Funnel.Persistence;
using Crm.TestKit;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Funnel.Bench;

/// <summary>
/// Leads assigned per second through a drawn workflow: the real host (CrmApp over SQLite files), leads imported in one
/// CSV (their LeadCreated events wait in the Funnel outbox), then the outbox is drained as its Quartz job does; each
/// event starts the published assignment workflow, whose "Assign lead" writes the owner. The clock stops when the outbox
/// is empty, and every lead is checked to have an owner.
/// </summary>
internal static class AssignmentBench
{
    public static async Task<IReadOnlyList<string>> RunAsync(int leads, int users)
    {
        var rows = new List<string>();
        rows.Add(await RunScenarioAsync("Drawn workflow: Lead created → Assign lead (round robin)", leads, users, drawn: true));
        rows.Add(await RunScenarioAsync("Shipped workflow: assign round robin, then wait for follow-up (suspends on a timer bookmark)", leads, users, drawn: false));
        return rows;
    }

    private static async Task<string> RunScenarioAsync(string name, int leads, int users, bool drawn)
    {
        var directory = new BenchDirectory(users);
        using var app = new CrmApp(enabledModules: ["Accounts", "Funnel"], settings: new Dictionary<string, string?>
        {
            ["Workflows:Timers:Enabled"] = "false",
            ["Funnel:Reminders:Enabled"] = "false",
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:MinimumLevel:Override:Crm"] = "Warning",
        }, services: s => s.AddSingleton<IStaffDirectory>(directory));
        using var client = app.CreateClient();
        if (drawn)
        {
            await PublishRoundRobinAsync(client);
        }

        // Warm-up: JIT, connection pools, the parsed workflow model.
        await ImportAsync(app, 200, "warm");
        await DrainAsync(app);

        await ImportAsync(app, leads, "bench");
        var started = Stopwatch.GetTimestamp();
        var delivered = await DrainAsync(app);
        var elapsed = Stopwatch.GetElapsedTime(started);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FunnelDbContext>();
        var owners = await db.Leads.AsNoTracking().Where(l => l.Email!.StartsWith("bench")).GroupBy(l => l.OwnerId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        var unassigned = owners.Where(o => o.Key == null).Sum(o => o.Count);
        if (unassigned > 0)
        {
            throw new InvalidOperationException($"{unassigned} leads were not assigned.");
        }

        var spread = $"{owners.Min(o => o.Count)}–{owners.Max(o => o.Count)} per person";
        var row = string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {leads:N0} | {elapsed.TotalSeconds:0.0} s | {leads / elapsed.TotalSeconds:N0} | {elapsed.TotalMilliseconds / leads:0.00} ms | {delivered:N0} events; {spread} over {users} |");
        Console.WriteLine(row);
        return row;
    }

    private static async Task PublishRoundRobinAsync(HttpClient client)
    {
        var model = JsonNode.Parse("""
            {"definitionId":"crm-funnel-lead-assignment","name":"Lead assignment","toolVersion":"3.8.0.0","variables":[],"inputs":[],"outputs":[],"outcomes":[],
             "customProperties":{},"options":{},"root":{"id":"root1","nodeId":"Workflow1:root1","type":"Elsa.Flowchart","version":1,"customProperties":{},"metadata":{},
             "variables":[],"activities":[
               {"id":"start","nodeId":"Workflow1:root1:start","type":"Crm.LeadCreated","version":1,"customProperties":{"canStartWorkflow":true},"metadata":{}},
               {"id":"assign","nodeId":"Workflow1:root1:assign","type":"Crm.AssignLead","version":1,"customProperties":{},"metadata":{},
                "strategy":{"typeName":null,"expression":{"type":"Literal","value":"RoundRobin"},"memoryReference":null}}],
             "connections":[{"source":{"activity":"start","port":"Done"},"target":{"activity":"assign","port":"In"},"vertices":[]}]}}
            """)!;
        var response = await client.PostAsync("/elsa/api/workflow-definitions",
            new StringContent(new JsonObject { ["model"] = model, ["publish"] = true }.ToJsonString(), Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    private static async Task ImportAsync(CrmApp app, int count, string prefix)
    {
        var csv = new StringBuilder("name,company,email,phone,industry\n");
        var run = Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"Lead {i},Company {i},{prefix}{run}{i}@bench.test,+86 139 {run.GetHashCode() & 0xFFFF:00000}{i:000000},Retail\n");
        }

        using var scope = app.Services.CreateScope();
        var report = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportLeadsCommand(csv.ToString(), false, false, null));
        if (report.Imported != count)
        {
            throw new InvalidOperationException($"Imported {report.Imported} of {count}: {JsonSerializer.Serialize(report.Errors.Take(3))}");
        }
    }

    private static async Task<int> DrainAsync(CrmApp app)
    {
        var processor = app.Services.GetRequiredService<OutboxProcessor<FunnelDbContext>>();
        var total = 0;
        int delivered;
        do
        {
            delivered = await processor.ProcessAsync(CancellationToken.None);
            total += delivered;
        }
        while (delivered > 0);

        return total;
    }

    private sealed class BenchDirectory(int users) : IStaffDirectory
    {
        private readonly List<StaffMember> _staff = Enumerable.Range(1, users)
            .Select(i => new StaffMember(new Guid($"bbbbbbbb-0000-4000-8000-{i:000000000000}"), $"user{i}", $"User {i:00}", null, null, null, [CrmRoles.Sales], true))
            .ToList();

        public Task<StaffMember?> FindAsync(Guid userId, CancellationToken cancellationToken = default) => Task.FromResult(_staff.FirstOrDefault(s => s.UserId == userId));

        public Task<IReadOnlyList<StaffMember>> FindManyAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<StaffMember>>(_staff.Where(s => userIds.Contains(s.UserId)).ToList());

        public Task<IReadOnlyList<StaffMember>> ListAsync(string? role = null, Guid? branchId = null, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<StaffMember>>(_staff.Where(s => role is null || s.Roles.Contains(role)).ToList());
    }
}
