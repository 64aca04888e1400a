using System.Text.Json;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Organisation;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Inbox.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Workflows.Tests.Inbox;

/// <summary>The task's rules without a host: states, queue keys, assignments and forms.</summary>
public sealed class InboxDomainTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Queue_keys_of_a_user_cover_their_roles_their_branch_and_both()
    {
        var branch = Guid.Parse("b2a0c000-0000-4000-8000-000000000001");

        var keys = Groups.KeysOf(["Sales", "Service"], branch);

        Assert.Equal(["Sales", $"Sales@branch:{branch}", "Service", $"Service@branch:{branch}", $"branch:{branch}"], keys);
        Assert.Contains(Groups.Key("Sales", branch), keys);
        Assert.Contains(Groups.Key(null, branch), keys);
        Assert.Contains(Groups.Key("Service", null), keys);
        Assert.Null(Groups.Key(" ", null));
        Assert.DoesNotContain(Groups.Key("Sales", Guid.NewGuid()), keys);
    }

    [Fact]
    public void A_personal_task_cannot_be_unclaimed_and_a_closed_one_cannot_change()
    {
        var (task, _) = NewTask(assignee: Staff.Alice.UserId);

        Assert.Throws<BusinessRuleException>(() => task.Unclaim(Staff.Alice.UserId, Now));
        task.Complete(Staff.Alice.UserId, "Done", null, null, Now);
        var again = Assert.Throws<ConflictException>(() => task.Complete(Staff.Alice.UserId, "Done", null, null, Now));
        Assert.Contains("already completed", again.Message, StringComparison.Ordinal);
        Assert.Throws<ConflictException>(() => task.Delegate(Staff.Alice.UserId, Staff.Bob.UserId, null, Now));
        Assert.Null(task.Cancel("late", Now));
    }

    [Fact]
    public void Delegation_keeps_the_owner_and_a_second_delegation_waits_for_the_first_to_resolve()
    {
        var (task, _) = NewTask(assignee: Staff.Alice.UserId);

        var delegated = task.Delegate(Staff.Alice.UserId, Staff.Bob.UserId, "please", Now);

        Assert.Equal((Staff.Bob.UserId, Staff.Alice.UserId, DelegationState.Pending), (task.AssigneeId!.Value, task.OwnerId!.Value, task.Delegation));
        Assert.Equal(Staff.Alice.UserId, task.OnBehalfOf(Staff.Bob.UserId));
        Assert.Throws<BusinessRuleException>(() => task.Delegate(Staff.Bob.UserId, Staff.Mia.UserId, null, Now));
        var before = JsonDocument.Parse(delegated.Before!).RootElement;
        var after = JsonDocument.Parse(delegated.After!).RootElement;
        Assert.Equal(Staff.Alice.UserId.ToString(), before.GetProperty("assigneeId").GetString());
        Assert.Equal(Staff.Bob.UserId.ToString(), after.GetProperty("assigneeId").GetString());
        Assert.False(before.TryGetProperty("title", out _));

        task.Resolve(Staff.Bob.UserId, null, null, Now);
        Assert.Equal((Staff.Alice.UserId, DelegationState.Resolved), (task.AssigneeId!.Value, task.Delegation));
        Assert.Null(task.OnBehalfOf(Staff.Alice.UserId));
    }

    [Fact]
    public void Every_change_increments_the_version_used_for_optimistic_concurrency()
    {
        var (task, _) = NewTask(role: "Sales");

        task.Claim(Staff.Alice.UserId, Now);
        task.Unclaim(Staff.Alice.UserId, Now);
        task.Claim(Staff.Bob.UserId, Now);

        Assert.Equal(3, task.Version);
        Assert.Throws<ConflictException>(() => task.Claim(Staff.Alice.UserId, Now));
    }

    [Fact]
    public async Task Assignments_are_users_managers_and_queues()
    {
        var directory = new InMemoryStaffDirectory(Staff.All);
        var staff = new StaffLookup(new ServiceCollection().AddSingleton<IStaffDirectory>(directory).BuildServiceProvider());
        var routing = new WorkRouting(new StaffProfileOrganisation(directory), TimeProvider.System);

        Assert.Equal(new Assignment(Staff.Alice.UserId, null, null), (await Assignment.ResolveAsync(Staff.Alice.UserId.ToString(), staff, routing, default)).Assignment);
        Assert.Equal(new Assignment(Staff.Mia.UserId, null, null), (await Assignment.ResolveAsync($"manager-of:{Staff.Alice.UserId}", staff, routing, default)).Assignment);
        Assert.Equal(new Assignment(Staff.Eve.UserId, null, null), (await Assignment.ResolveAsync($"manager-of:{Staff.Alice.UserId}:2", staff, routing, default)).Assignment);
        Assert.Equal(new Assignment(null, "BranchManager", Staff.North), (await Assignment.ResolveAsync($"role:BranchManager@branch:{Staff.North}", staff, routing, default)).Assignment);
        Assert.Equal(new Assignment(null, null, Staff.South), (await Assignment.ResolveAsync($"branch:{Staff.South}", staff, routing, default)).Assignment);
        // A person's own unit's queue, and the first alternative that names someone.
        Assert.Equal(new Assignment(null, "Sales", Staff.South), (await Assignment.ResolveAsync($"role:Sales@unit-of:{Staff.Dora.UserId}", staff, routing, default)).Assignment);
        Assert.Equal(new Assignment(null, "Executive", null), (await Assignment.ResolveAsync($"manager-of:{Staff.Eve.UserId}|role:Executive", staff, routing, default)).Assignment);
        Assert.Equal(new Assignment(Staff.Mia.UserId, null, null), (await Assignment.ResolveAsync($"manager-of:{Staff.Bob.UserId}|role:Executive", staff, routing, default)).Assignment);
        Assert.StartsWith("'alice' is not a user id", (await Assignment.ResolveAsync("alice", staff, routing, default)).Error, StringComparison.Ordinal);
        Assert.Contains("not in the staff directory", (await Assignment.ResolveAsync($"manager-of:{Guid.NewGuid()}", staff, routing, default)).Error, StringComparison.Ordinal);
        Assert.Contains("no manager 3 level(s) up", (await Assignment.ResolveAsync($"manager-of:{Staff.Alice.UserId}:3", staff, routing, default)).Error, StringComparison.Ordinal);
        Assert.Contains("belongs to no unit", (await Assignment.ResolveAsync($"unit-of:{Staff.Eve.UserId}", staff, routing, default)).Error, StringComparison.Ordinal);

        // Without a directory nobody's manager is known, but ids and queues still work.
        var emptyDirectory = new InMemoryStaffDirectory([]);
        var none = new StaffLookup(new ServiceCollection().BuildServiceProvider());
        var nobody = new WorkRouting(new StaffProfileOrganisation(emptyDirectory), TimeProvider.System);
        Assert.NotNull((await Assignment.ResolveAsync($"manager-of:{Staff.Alice.UserId}", none, nobody, default)).Error);
        Assert.Null((await Assignment.ResolveAsync("role:Sales", none, nobody, default)).Error);
    }

    [Fact]
    public void Form_definitions_with_mistakes_are_refused_with_the_field_named()
    {
        Assert.Empty(TaskForm.Parse(null, out var none));
        Assert.Null(none);
        TaskForm.Parse("""[{"name":"a"},{"name":"a"}]""", out var twice);
        Assert.Equal("Form field 'a' is declared twice.", twice);
        TaskForm.Parse("""[{"name":"pick","type":"choice"}]""", out var choice);
        Assert.Equal("Choice field 'pick' lists no options.", choice);
        TaskForm.Parse("""[{"name":"x","type":"colour"}]""", out var type);
        Assert.StartsWith("Form field 'x' has type 'colour'", type, StringComparison.Ordinal);
        TaskForm.Parse("not json", out var json);
        Assert.StartsWith("The form fields are not a list of fields", json, StringComparison.Ordinal);
        var parsed = TaskForm.Parse(new List<object?> { new Dictionary<string, object?> { ["name"] = "when", ["type"] = "DATE" } }, out var ok);
        Assert.Null(ok);
        Assert.Equal("date", Assert.Single(parsed).Type);
    }

    [Fact]
    public void Form_values_are_normalised_by_type()
    {
        var fields = TaskForm.Parse("""[{"name":"n","type":"number"},{"name":"d","type":"date"},{"name":"b","type":"boolean"},{"name":"u","type":"user"}]""", out _);
        var data = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>($$"""{"n":"7.5","d":"2026-12-01","b":"true","u":"{{Staff.Bob.UserId}}"}""");
        var errors = new Dictionary<string, List<string>>();

        var values = TaskForm.Validate(fields, data, requireAll: true, errors);

        Assert.Empty(errors);
        Assert.Equal(7.5m, values["n"]);
        Assert.Equal("2026-12-01", values["d"]);
        Assert.Equal(true, values["b"]);
        Assert.Equal(Staff.Bob.UserId.ToString(), values["u"]);
        TaskForm.Validate(fields, JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"d":"01.12.2026","u":"bob"}"""), true, errors);
        Assert.Equal(["formData.d", "formData.u"], errors.Keys.Order());
    }

    private static (HumanTask Task, HumanTaskHistory History) NewTask(Guid? assignee = null, string? role = null) =>
        HumanTask.Create(
            new HumanTaskSpec
            {
                TaskId = Guid.NewGuid(),
                ActivityId = "task",
                ActivityInstanceId = "exec1",
                Title = "Test",
                AssigneeId = assignee,
                CandidateRole = role,
                Outcomes = ["Done"],
            },
            "bookmark1",
            new WorkflowRef("instance1", "def1", "Process"),
            Now);
}
