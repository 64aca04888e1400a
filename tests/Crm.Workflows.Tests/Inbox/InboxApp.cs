using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Messaging;
using Crm.TestKit;
using Crm.Workflows.Inbox.Activities;
using Crm.Workflows.Inbox.Domain;
using Crm.Workflows.Persistence;
using Crm.Workflows.Runtime;
using Crm.Workflows.Tests.Api;
using Crm.Workflows.Tests.Instances;
using Crm.Workflows.Tests.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Workflows.Tests.Inbox;

/// <summary>
/// The real host for inbox tests: test sign-in (<see cref="TestAuthHandler"/>), the <see cref="Staff"/> directory, a
/// clock the test moves, and the timer job off so due times fire only when a test resumes them.
/// </summary>
public sealed class InboxApp : IDisposable
{
    private readonly Dictionary<Guid, HttpClient> _clients = [];

    public InboxApp() : this(enabledModules: [], importTemplates: false)
    {
    }

    internal InboxApp(IEnumerable<string> enabledModules, bool importTemplates, IDictionary<string, string?>? settings = null, bool realClock = false)
    {
        var all = new Dictionary<string, string?>
        {
            ["Workflows:Timers:Enabled"] = "false",
            ["Workflows:Inbox:ImportTemplates"] = importTemplates ? "true" : "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        App = new CrmApp(enabledModules: enabledModules, settings: all, services: services =>
        {
            services.AddSingleton<IStaffDirectory>(new InMemoryStaffDirectory(Staff.All));
            services.AddSingleton<IUserLanguage>(Languages);
            if (!realClock)
            {
                services.AddSingleton<TimeProvider>(Clock);
            }
        });
        Admin = App.CreateClient();
        Anonymous = App.CreateAnonymousClient();
    }

    public CrmApp App { get; }

    /// <summary>The test staff's languages (they are not identity users, so their choice is kept here).</summary>
    internal InMemoryUserLanguage Languages { get; } = new();

    internal TestClock Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    /// <summary>The test administrator (TestKit): publishes and starts workflows, reads instances.</summary>
    public HttpClient Admin { get; }

    /// <summary>Nobody signed in.</summary>
    public HttpClient Anonymous { get; }

    /// <summary>A client signed in as <paramref name="member"/> with their directory roles (TestKit's test sign-in).</summary>
    internal HttpClient As(StaffMember member)
    {
        if (!_clients.TryGetValue(member.UserId, out var client))
        {
            client = App.CreateClientAs(member.UserId, [.. member.Roles]);
            _clients[member.UserId] = client;
        }

        return client;
    }

    /// <summary>Publishes <paramref name="workflow"/> under a fresh definition id (also its process filter value).</summary>
    internal async Task<string> PublishAsync(WorkflowJson workflow, string name = "Inbox test")
    {
        var model = workflow.Definition();
        model.Remove("id");
        var definitionId = WorkflowApiFixture.NewDefinitionId();
        model["definitionId"] = definitionId;
        model["name"] = $"{name} {definitionId}";
        var response = await Admin.PostAsync($"{WorkflowApiFixture.ApiBase}/workflow-definitions",
            WorkflowApiFixture.Json(new JsonObject { ["model"] = model, ["publish"] = true }));
        await response.ShouldHave(HttpStatusCode.OK);
        return definitionId;
    }

    /// <summary>Starts the published version; returns the instance id.</summary>
    internal async Task<string> StartAsync(string definitionId, JsonObject? input = null)
    {
        var response = await (await Admin.PostAsync($"{WorkflowApiFixture.ApiBase}/workflow-definitions/{definitionId}/execute",
            WorkflowApiFixture.Json(new JsonObject { ["input"] = input ?? new JsonObject() }))).ShouldHave(HttpStatusCode.OK);
        return response.Headers.GetValues("x-elsa-workflow-instance-id").Single();
    }

    internal async Task<JsonElement> InstanceAsync(string instanceId) =>
        await (await (await Admin.GetAsync($"{WorkflowApiFixture.ApiBase}/workflow-instances/{instanceId}")).ShouldHave(HttpStatusCode.OK)).ReadJson();

    internal async Task<List<string>> JournalAsync(string instanceId) =>
        await new InstanceApi(Admin).JournalEventsAsync(instanceId);

    /// <summary>The instance's tasks, oldest first, straight from the store.</summary>
    internal async Task<List<HumanTask>> TasksAsync(string instanceId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        return await db.HumanTasks.AsNoTracking().Where(t => t.WorkflowInstanceId == instanceId).OrderBy(t => t.CreatedAtUtc).ThenBy(t => t.ApprovalStep).ToListAsync();
    }

    internal async Task<HumanTask> SingleOpenTaskAsync(string instanceId) =>
        Assert.Single(await TasksAsync(instanceId), t => t.Status == HumanTaskStatus.Open);

    internal async Task<List<HumanTaskHistory>> HistoryAsync(Guid taskId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        return await db.HumanTaskHistory.AsNoTracking().Where(h => h.TaskId == taskId).OrderBy(h => h.Id).ToListAsync();
    }

    /// <summary>What the timer infrastructure does when a due bookmark's time has come: resume it.</summary>
    internal async Task FireDueTimersAsync(string instanceId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var now = Clock.GetUtcNow().UtcDateTime;
        var due = await db.Bookmarks.AsNoTracking()
            .Where(b => b.InstanceId == instanceId && b.Name == InboxBookmarks.Due && b.ResumeAtUtc <= now)
            .Select(b => b.Id)
            .ToListAsync();
        Assert.NotEmpty(due);
        foreach (var id in due)
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowRunner>().ResumeAsync(id, null, CancellationToken.None);
        }
    }

    /// <summary>Delivers the workflows outbox (the inbox's integration events) to their handlers now.</summary>
    internal Task<int> DrainOutboxAsync() =>
        App.Services.GetRequiredService<OutboxProcessor<WorkflowsDbContext>>().ProcessAsync(CancellationToken.None);

    internal static async Task<JsonElement> OkJson(Task<HttpResponseMessage> request) =>
        await (await (await request).ShouldHave(HttpStatusCode.OK)).ReadJson();

    internal static Task<HttpResponseMessage> Post(HttpClient client, string url, object? body = null) =>
        client.PostAsJsonAsync(url, body ?? new { }, HttpAssertions.Json);

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        Admin.Dispose();
        Anonymous.Dispose();
        App.Dispose();
    }
}

/// <summary>Inbox activities as Studio saves them.</summary>
internal static class InboxJson
{
    public static (string, JsonNode?)[] HumanTask(
        string title,
        string? assignee = null,
        string? role = null,
        string? branch = null,
        string[]? outcomes = null,
        string? dueIn = null,
        string? onOverdue = null,
        string? formFields = null,
        string? priority = null,
        string? dueInBusinessHours = null)
    {
        var inputs = new List<(string, JsonNode?)> { ("title", WorkflowJson.Literal(title)) };
        if (assignee is not null)
        {
            inputs.Add(("assignee", WorkflowJson.Literal(assignee)));
        }

        if (role is not null)
        {
            inputs.Add(("candidateRole", WorkflowJson.Literal(role)));
        }

        if (branch is not null)
        {
            inputs.Add(("candidateBranch", WorkflowJson.Literal(branch)));
        }

        if (outcomes is not null)
        {
            inputs.Add(("outcomes", WorkflowJson.Object(JsonSerializer.Serialize(outcomes), "String[]")));
        }

        if (dueIn is not null)
        {
            inputs.Add(("dueIn", WorkflowJson.Literal(dueIn)));
        }

        if (onOverdue is not null)
        {
            inputs.Add(("onOverdue", WorkflowJson.Literal(onOverdue)));
        }

        if (formFields is not null)
        {
            inputs.Add(("formFields", WorkflowJson.Object(formFields)));
        }

        if (priority is not null)
        {
            inputs.Add(("priority", WorkflowJson.Literal(priority)));
        }

        if (dueInBusinessHours is not null)
        {
            inputs.Add(("dueInBusinessHours", WorkflowJson.Literal(dueInBusinessHours)));
        }

        return [.. inputs];
    }

    public static (string, JsonNode?)[] Approval(string title, string[] approvers, string mode = "Sequential", int required = 0, string? amount = null, string? thresholds = null) =>
    [
        ("title", WorkflowJson.Literal(title)),
        ("approvers", WorkflowJson.Object(JsonSerializer.Serialize(approvers), "String[]")),
        ("mode", WorkflowJson.Literal(mode)),
        ("requiredApprovals", WorkflowJson.Literal(required.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        ("amount", amount is null ? null : WorkflowJson.Js(amount)),
        ("thresholds", thresholds is null ? null : WorkflowJson.Object(thresholds)),
    ];
}
