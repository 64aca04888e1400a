using Crm.TestKit;
using Crm.Workflows.Persistence;
using Crm.Workflows.Runtime;
using Crm.Workflows.Tests.Api;
using Crm.Workflows.Tests.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Instances;

/// <summary>
/// One burst, one transaction, also for the journal and execution rows that SQLite gets as prepared INSERTs (ADR 0036):
/// they commit and roll back with the rest of the burst.
/// </summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class BurstPersistenceTests(WorkflowApiFixture fixture) : IClassFixture<WorkflowApiFixture>
{
    private readonly InstanceApi _api = new(fixture.Client);

    private static WorkflowJson WaitThenWrite() => new WorkflowJson()
        .Activity("start", "Elsa.Start")
        .Activity("wait", "Elsa.Event", ("eventName", Literal("burst-test")))
        .Activity("after", "Elsa.WriteLine", ("text", Literal("after")))
        .Chain("start", "wait", "after");

    [Fact]
    public async Task A_start_and_a_resume_write_the_journal_and_execution_records_and_return_what_was_committed()
    {
        var definitionId = await _api.PublishAsync(WaitThenWrite());
        WorkflowInstanceRecord started;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            started = await scope.ServiceProvider.GetRequiredService<WorkflowRunner>().StartAsync(definitionId, null, null, null, CancellationToken.None);
        }

        var (journalAfterStart, executionsAfterStart, stored) = await RowsAsync(started.Id);
        Assert.Equal("Suspended", started.SubStatus);
        Assert.Equal(stored.RowVersion, started.RowVersion);
        Assert.Equal(stored.State, started.State);
        Assert.Equal(stored.UpdatedAtUtc, started.UpdatedAtUtc);
        Assert.NotEmpty(journalAfterStart);
        Assert.Contains(executionsAfterStart, e => e.ActivityId == "wait" && e.Status == "Running");

        var bookmarkId = (await _api.SingleBookmarkAsync(started.Id)).Str("id");
        WorkflowInstanceRecord resumed;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            resumed = await scope.ServiceProvider.GetRequiredService<WorkflowRunner>().ResumeAsync(bookmarkId, null, CancellationToken.None);
        }

        var (journal, executions, final) = await RowsAsync(started.Id);
        Assert.Equal("Finished", resumed.SubStatus);
        Assert.Equal(final.RowVersion, resumed.RowVersion);
        Assert.Equal(final.State, resumed.State);
        Assert.True(journal.Count > journalAfterStart.Count);
        Assert.Equal(journal.Count, journal.Select(j => j.Sequence).Distinct().Count());

        // The resume updated the waiting activity's record in place instead of adding a second one.
        var wait = Assert.Single(executions, e => e.ActivityId == "wait");
        Assert.Equal("Completed", wait.Status);
        Assert.Contains(executions, e => e.ActivityId == "after" && e.Status == "Completed");
    }

    [Fact]
    public async Task A_burst_whose_transaction_rolls_back_leaves_no_journal_or_execution_rows()
    {
        var definitionId = await _api.PublishAsync(WaitThenWrite());
        string instanceId;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            // A caller's transaction (as an integration event handler's) is joined; rolling it back must take the
            // prepared INSERTs with it, not only the rows SaveChanges wrote.
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var record = await scope.ServiceProvider.GetRequiredService<WorkflowRunner>().StartAsync(definitionId, null, null, null, CancellationToken.None);
            instanceId = record.Id;
            Assert.NotEqual(0, await db.WorkflowJournal.CountAsync(j => j.InstanceId == instanceId));
            await transaction.RollbackAsync();
        }

        await using var check = fixture.App.Services.CreateAsyncScope();
        var store = check.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        Assert.False(await store.WorkflowInstances.AnyAsync(i => i.Id == instanceId));
        Assert.Equal(0, await store.WorkflowJournal.CountAsync(j => j.InstanceId == instanceId));
        Assert.Equal(0, await store.ActivityExecutions.CountAsync(e => e.InstanceId == instanceId));
        Assert.Equal(0, await store.Bookmarks.CountAsync(b => b.InstanceId == instanceId));
    }

    [Fact]
    public async Task A_start_that_clashes_on_the_instance_id_writes_none_of_its_rows()
    {
        var definitionId = await _api.PublishAsync(WaitThenWrite());
        var instanceId = Guid.NewGuid().ToString("N");
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowRunner>().StartAsync(definitionId, null, null, null, CancellationToken.None, instanceId: instanceId);
        }

        var (journal, executions, _) = await RowsAsync(instanceId);
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var runner = scope.ServiceProvider.GetRequiredService<WorkflowRunner>();
            await Assert.ThrowsAsync<DbUpdateException>(() => runner.StartAsync(definitionId, null, null, null, CancellationToken.None, instanceId: instanceId));
        }

        var (journalAfter, executionsAfter, _) = await RowsAsync(instanceId);
        Assert.Equal(journal.Select(j => j.Id), journalAfter.Select(j => j.Id));
        Assert.Equal(executions.Select(e => e.Id), executionsAfter.Select(e => e.Id));
    }

    private async Task<(List<WorkflowJournalRecord> Journal, List<ActivityExecutionRecordEntity> Executions, WorkflowInstanceRecord Instance)> RowsAsync(string instanceId)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var journal = await db.WorkflowJournal.AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Sequence).ToListAsync();
        var executions = await db.ActivityExecutions.AsNoTracking().Where(e => e.InstanceId == instanceId).OrderBy(e => e.Id).ToListAsync();
        var instance = await db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.Id == instanceId);
        return (journal, executions, instance);
    }
}
