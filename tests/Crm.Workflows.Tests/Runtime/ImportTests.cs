using System.Runtime.CompilerServices;
using Crm.Workflows.Runtime;
using Crm.Workflows.Runtime.Model;

namespace Crm.Workflows.Tests.Runtime;

/// <summary>
/// Runs a hand-written Elsa 3.8 export (Data/order-approval.elsa-export.json): $schema, designer metadata, storage
/// driver names, assembly-qualified typeNames, memoryReferences, customProperties.mergeMode, a nested ForEach body with
/// its own variables, FlowSwitch cases, a connection without ports and one to a deleted activity.
/// </summary>
public sealed class ImportTests
{
    private readonly EngineHarness _harness = new();

    private static WorkflowDefinitionModel Load([CallerFilePath] string here = "") =>
        WorkflowDefinitionModel.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "Data", "order-approval.elsa-export.json")));

    private static Dictionary<string, object?> Order(string number, params (string Sku, int Qty, decimal Price)[] lines) => new()
    {
        ["OrderNumber"] = number,
        ["Lines"] = lines.Select(l => (object?)new Dictionary<string, object?> { ["sku"] = l.Sku, ["qty"] = l.Qty, ["price"] = l.Price }).ToList(),
    };

    [Fact]
    public void The_export_parses_with_its_nesting_and_without_the_dangling_connection()
    {
        var definition = Load();

        Assert.Equal(("order-approval", "8c1f0e4b2a7d4c11", 3, "Order approval"), (definition.DefinitionId, definition.Id, definition.Version, definition.Name));
        Assert.Equal(["Total", "Approval", "Shipped"], definition.Variables.Select(v => v.Name));
        Assert.Equal(typeof(string[]), definition.Variables[2].ClrType);
        Assert.Equal(["Lines", "OrderNumber"], definition.Inputs.Select(i => i.Name));
        var root = definition.Root.Flowchart!;
        Assert.Equal(15, root.Activities.Count);
        Assert.Equal(16, root.Connections.Count);
        Assert.Contains(root.Connections, c => c is { SourceId: "031425364f708192", SourcePort: "Done", TargetPort: "In" });
        var body = definition.FindById("708192031425364f")!.Body!;
        Assert.Equal("Warehouse", Assert.Single(body.Flowchart!.Variables).Name);
        Assert.NotNull(definition.FindByNodeId("Workflow1:f1c2a0b9d8e7f601:708192031425364f:b0d1e2f3a4b5c6d7:c1d2e3f4a5b6c7d8"));
        Assert.Equal("a1b2c3d4e5f60718", definition.FindById("4d5e6f7081920314")!.OutputBindings["result"]);
    }

    [Fact]
    public async Task A_small_order_is_auto_approved_and_shipped()
    {
        var result = await _harness.StartAsync(Load(), Order("SO-7", ("A-1", 2, 10m), ("B-2", 1, 5.5m)));

        Assert.Equal(
            ["Auto-approved", "Ship 2 x A-1 from Oslo", "Ship 1 x B-2 from Oslo", "Shipped A-1, B-2"],
            result.Lines());
        Assert.Equal(25.5m, result.Variable("Total"));
        Assert.Equal(["A-1", "B-2"], (string[])result.Variable("Shipped")!);
        Assert.Equal(WorkflowSubStatus.Finished, result.State.SubStatus);
    }

    [Fact]
    public async Task A_large_order_waits_for_the_manager_and_ships_when_approved()
    {
        var definition = Load();

        var started = await _harness.StartAsync(definition, Order("SO-8", ("C-3", 3, 500m)));

        Assert.Equal(["Please approve order SO-8 (1500)", "Audit entry written"], started.Lines());
        Assert.Equal(WorkflowSubStatus.Suspended, started.State.SubStatus);
        var bookmark = Assert.Single(started.State.Bookmarks);
        Assert.Equal(BookmarkHash.ForEvent("ManagerDecision:SO-8"), bookmark.Hash);

        var resumed = await _harness.ResumeAsync(definition, FlowchartTests.RoundTrip(started.State), bookmark.Id, new Dictionary<string, object?>
        {
            [WorkflowEngine.EventPayloadInputKey] = new Dictionary<string, object?> { ["decision"] = "approve" },
        });

        Assert.Equal(["Ship 3 x C-3 from Oslo", "Shipped C-3"], resumed.Lines());
        Assert.Equal(WorkflowSubStatus.Finished, resumed.State.SubStatus);
        Assert.Equal(0, resumed.Executions("6f70819203142536")); // the auto-approval branch stayed dead
    }

    [Fact]
    public async Task A_rejected_large_order_finishes_without_shipping()
    {
        var definition = Load();
        var started = await _harness.StartAsync(definition, Order("SO-9", ("C-3", 3, 500m)));

        var resumed = await _harness.ResumeAsync(definition, started.State, started.State.Bookmarks[0].Id, new Dictionary<string, object?>
        {
            [WorkflowEngine.EventPayloadInputKey] = new Dictionary<string, object?> { ["decision"] = "reject", ["reason"] = "too expensive" },
        });

        Assert.Equal(["Rejected: too expensive"], resumed.Lines());
        Assert.Equal(WorkflowSubStatus.Finished, resumed.State.SubStatus);
        Assert.Equal(0, resumed.Executions("708192031425364f"));
    }
}
