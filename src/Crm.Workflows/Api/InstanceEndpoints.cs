using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Workflows.Definitions;
using Crm.Workflows.Persistence;
using Crm.Workflows.Runtime;
using Crm.Workflows.Runtime.Timers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Workflows.Api;

/// <summary>
/// Running workflows and reading instances back (contract routes #17, #18, #20–#26, execute, cancel, delete), plus our
/// own resume-by-bookmark and event routes. Runs go through <see cref="WorkflowRunner"/>; reads go straight to the tables.
/// </summary>
internal static class InstanceEndpoints
{
    /// <summary>The response header Studio reads after "Run" to open the new instance.</summary>
    public const string InstanceIdHeader = "x-elsa-workflow-instance-id";

    /// <summary>Elsa's "the activation strategy refused the start" header, which Studio's Run reads.</summary>
    public const string CannotStartHeader = "x-elsa-workflow-cannot-start";

    public static void MapInstanceEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/workflow-definitions/{definitionId}/execute", ExecuteAsync).WithName("ElsaExecuteDefinition");

        // Elsa also answers GET, with the same fields as query parameters and the input as JSON text (?input={...}).
        api.MapGet("/workflow-definitions/{definitionId}/execute", ExecuteAsync).WithName("ElsaExecuteDefinitionByGet");
        api.MapPost("/workflow-instances", ListAsync).WithName("ElsaListInstances");
        api.MapGet("/workflow-instances/{id}", GetAsync).WithName("ElsaGetInstance");
        api.MapDelete("/workflow-instances/{id}", DeleteAsync).WithName("ElsaDeleteInstance");
        api.MapGet("/workflow-instances/{id}/journal", JournalAsync).WithName("ElsaGetJournal");
        api.MapPost("/workflow-instances/{id}/journal", JournalAsync).WithName("ElsaQueryJournal");
        api.MapGet("/workflow-instances/{id}/variables", VariablesAsync).WithName("ElsaGetInstanceVariables");
        api.MapGet("/workflow-instances/{id}/execution-state", ExecutionStateAsync).WithName("ElsaGetExecutionState");
        api.MapPost("/cancel/workflow-instances/{id}", async (string id, WorkflowRunner runner, CancellationToken ct) =>
            ElsaJson.Ok(InstanceModels.Instance(await runner.CancelAsync(id, ct)))).WithName("ElsaCancelInstance");
        api.MapPost("/activity-executions/report", ReportAsync).WithName("ElsaActivityExecutionReport");
        api.MapGet("/activity-execution-summaries/list", (HttpRequest request, WorkflowsDbContext db, CancellationToken ct) => ExecutionsAsync(request, db, summaries: true, ct))
            .WithName("ElsaActivityExecutionSummaries");
        api.MapGet("/activity-executions/list", (HttpRequest request, WorkflowsDbContext db, CancellationToken ct) => ExecutionsAsync(request, db, summaries: false, ct))
            .WithName("ElsaActivityExecutions");
        api.MapGet("/activity-executions/by-id", ExecutionByIdAsync).WithName("ElsaActivityExecutionById");

        // Ours, not Elsa's: resume one bookmark by id, and raise an event for the Event activities waiting on it.
        api.MapPost("/bookmarks/{id}/resume", ResumeAsync).WithName("CrmResumeBookmark");
        api.MapPost("/events/{eventName}/trigger", TriggerEventAsync).WithName("CrmTriggerWorkflowEvent");
    }

    private static async Task<IResult> ExecuteAsync(string definitionId, HttpRequest request, HttpResponse response, WorkflowRunner runner, CancellationToken cancellationToken)
    {
        var body = HttpMethods.IsGet(request.Method) ? ExecuteQuery(new QueryReader(request.Query)) : await ReadBodyAsync(request, cancellationToken);
        VersionOptions? versionOptions = null;
        if (String(body, "versionOptions") is { } text)
        {
            versionOptions = VersionOptions.TryParse(text, out var parsed)
                ? parsed
                : throw WorkflowValidationException.Single("The request is not valid.", "versionOptions", $"'{text}' is not a version option.");
        }

        var instance = await runner.StartAsync(definitionId, versionOptions, Input(body), String(body, "correlationId"), cancellationToken);
        response.Headers[InstanceIdHeader] = instance.Id;

        // Studio 3.8 reports any answer without this header as "Successfully started workflow"; a run that faulted at
        // once is reported as not started instead (its Run button reads nothing else). The body still holds the
        // faulted instance, and the instance list shows its incident.
        var faulted = instance.SubStatus == nameof(Runtime.WorkflowSubStatus.Faulted);
        response.Headers[CannotStartHeader] = faulted ? "True" : "False";
        return ElsaJson.Ok(InstanceModels.Instance(instance));
    }

    private static async Task<IResult> ResumeAsync(string id, HttpRequest request, WorkflowRunner runner, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        return ElsaJson.Ok(InstanceModels.Instance(await runner.ResumeAsync(id, Input(body), cancellationToken)));
    }

    private static async Task<IResult> TriggerEventAsync(string eventName, HttpRequest request, WorkflowRunner runner, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        object? payload = body["payload"] is { } node ? JsonSerializer.Deserialize<JsonElement>(node.ToJsonString()) : null;
        var resumed = await runner.TriggerEventAsync(eventName, String(body, "correlationId"), payload, cancellationToken);
        return ElsaJson.Ok(new { resumedInstanceIds = resumed, count = resumed.Count });
    }

    private static async Task<IResult> ListAsync(HttpRequest request, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        var page = Int(body, "page") ?? 0;
        var pageSize = Math.Clamp(Int(body, "pageSize") ?? 10, 1, 1000);
        var query = db.WorkflowInstances.AsNoTracking();
        if (String(body, "searchTerm") is { } term)
        {
            query = query.Where(i => i.Id == term || i.CorrelationId == term || i.DefinitionId == term || (i.Name != null && i.Name.Contains(term)));
        }

        var definitionIds = Strings(body, "definitionIds");
        if (String(body, "definitionId") is { } definitionId)
        {
            definitionIds.Add(definitionId);
        }

        if (definitionIds.Count > 0)
        {
            query = query.Where(i => definitionIds.Contains(i.DefinitionId));
        }

        if (String(body, "correlationId") is { } correlationId)
        {
            query = query.Where(i => i.CorrelationId == correlationId);
        }

        var statuses = Enums<WorkflowStatus>(body, "statuses");
        if (statuses.Count > 0)
        {
            query = query.Where(i => statuses.Contains(i.Status));
        }

        var subStatuses = Enums<WorkflowSubStatus>(body, "subStatuses");
        if (subStatuses.Count > 0)
        {
            query = query.Where(i => subStatuses.Contains(i.SubStatus));
        }

        var descending = !string.Equals(String(body, "orderDirection"), "Ascending", StringComparison.OrdinalIgnoreCase);
        var ordered = String(body, "orderBy")?.ToLowerInvariant() switch
        {
            null or "created" or "createdat" => descending ? query.OrderByDescending(i => i.CreatedAtUtc) : query.OrderBy(i => i.CreatedAtUtc),
            "updatedat" or "updated" => descending ? query.OrderByDescending(i => i.UpdatedAtUtc) : query.OrderBy(i => i.UpdatedAtUtc),
            "finished" or "finishedat" => descending ? query.OrderByDescending(i => i.FinishedAtUtc) : query.OrderBy(i => i.FinishedAtUtc),
            "name" => descending ? query.OrderByDescending(i => i.Name) : query.OrderBy(i => i.Name),
            var other => throw WorkflowValidationException.Single("The request is not valid.", "orderBy", $"'{other}' is not Created, UpdatedAt, Finished or Name."),
        };

        var total = await query.CountAsync(cancellationToken);
        var items = await ordered.ThenBy(i => i.Id).Skip(page * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return ElsaJson.Ok(new { items = items.Select(InstanceModels.Summary).ToList(), totalCount = total });
    }

    private static async Task<IResult> GetAsync(string id, WorkflowsDbContext db, CancellationToken cancellationToken) =>
        ElsaJson.Ok(InstanceModels.Instance(await FindAsync(db, id, cancellationToken)));

    private static async Task<IResult> DeleteAsync(
        string id, WorkflowsDbContext db, WorkflowTimerScheduler timers, IEnumerable<IWorkflowBurstObserver> observers, CancellationToken cancellationToken)
    {
        List<string> timerBookmarks;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (await db.WorkflowInstances.Where(i => i.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
            {
                throw new WorkflowNotFoundException($"Workflow instance '{id}' does not exist.");
            }

            timerBookmarks = await db.Bookmarks.Where(b => b.InstanceId == id && b.ResumeAtUtc != null).Select(b => b.Id).ToListAsync(cancellationToken);
            await db.Bookmarks.Where(b => b.InstanceId == id).ExecuteDeleteAsync(cancellationToken);
            await db.WorkflowJournal.Where(j => j.InstanceId == id).ExecuteDeleteAsync(cancellationToken);
            await db.ActivityExecutions.Where(r => r.InstanceId == id).ExecuteDeleteAsync(cancellationToken);
            foreach (var observer in observers)
            {
                await observer.OnInstancesDeletedAsync([id], cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // After the commit (a trigger left behind would only fire into nothing).
        await timers.UnscheduleBookmarksAsync(timerBookmarks, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> JournalAsync(string id, HttpRequest request, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        await FindAsync(db, id, cancellationToken);
        var reader = new QueryReader(request.Query);
        var skip = reader.Int("skip", 0) ?? 0;
        var take = reader.Int("take", 1, 10_000) ?? 100;
        var body = HttpMethods.IsPost(request.Method) ? await ReadBodyAsync(request, cancellationToken) : [];
        var filter = body["filter"] as JsonObject ?? [];
        var nodeIds = Strings(filter, "activityNodeIds");
        var activityIds = Strings(filter, "activityIds");
        var excluded = Strings(filter, "excludedActivityTypes");
        var eventNames = Strings(filter, "eventNames");

        var query = db.WorkflowJournal.AsNoTracking().Where(j => j.InstanceId == id);
        if (nodeIds.Count > 0)
        {
            query = query.Where(j => nodeIds.Contains(j.NodeId));
        }

        if (activityIds.Count > 0)
        {
            query = query.Where(j => activityIds.Contains(j.ActivityId));
        }

        if (excluded.Count > 0)
        {
            query = query.Where(j => !excluded.Contains(j.ActivityType));
        }

        if (eventNames.Count > 0)
        {
            query = query.Where(j => eventNames.Contains(j.EventName));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(j => j.Sequence).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return ElsaJson.Ok(new { items = items.Select(InstanceModels.Journal).ToList(), totalCount = total });
    }

    private static async Task<IResult> VariablesAsync(string id, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var state = WorkflowStateSerializer.Deserialize((await FindAsync(db, id, cancellationToken)).State);
        var items = state.Variables.Select(v => new { id = v.Id, name = v.Name, value = v.Value }).ToList();
        return ElsaJson.Ok(new { items, count = items.Count });
    }

    private static async Task<IResult> ExecutionStateAsync(string id, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var instance = await FindAsync(db, id, cancellationToken);
        return ElsaJson.Ok(new { status = instance.Status, workflowSubStatus = instance.SubStatus, updatedAt = InstanceModels.Utc(instance.UpdatedAtUtc) });
    }

    private static async Task<IResult> ReportAsync(HttpRequest request, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        var instanceId = String(body, "workflowInstanceId")
                         ?? throw WorkflowValidationException.Single("The request is not valid.", "workflowInstanceId", "Give the workflow instance id.");
        var nodeIds = Strings(body, "activityNodeIds");
        var query = db.ActivityExecutions.AsNoTracking().Where(r => r.InstanceId == instanceId);
        if (nodeIds.Count > 0)
        {
            query = query.Where(r => nodeIds.Contains(r.ActivityNodeId));
        }

        var records = await query.Select(r => new { r.ActivityId, r.ActivityNodeId, r.CompletedAtUtc, r.HasBookmarks, r.Status }).ToListAsync(cancellationToken);
        var stats = records.GroupBy(r => r.ActivityNodeId).Select(g =>
        {
            var completed = g.Count(r => r.CompletedAtUtc != null);
            return new
            {
                activityId = g.First().ActivityId,
                activityNodeId = g.Key,
                startedCount = g.Count(),
                completedCount = completed,
                uncompletedCount = g.Count() - completed,
                isBlocked = g.Any(r => r.HasBookmarks && r.CompletedAtUtc == null),
                isFaulted = g.Any(r => r.Status == nameof(ActivityStatus.Faulted)),
                metadata = new Dictionary<string, object?>(),
            };
        }).ToList();
        return ElsaJson.Ok(new { stats });
    }

    private static async Task<IResult> ExecutionsAsync(HttpRequest request, WorkflowsDbContext db, bool summaries, CancellationToken cancellationToken)
    {
        var reader = new QueryReader(request.Query);
        var instanceId = reader.String("WorkflowInstanceId")
                         ?? throw WorkflowValidationException.Single("A query parameter is missing.", "WorkflowInstanceId", "Give the workflow instance id.");
        var query = db.ActivityExecutions.AsNoTracking().Where(r => r.InstanceId == instanceId);
        if (reader.String("ActivityNodeId") is { } nodeId)
        {
            query = query.Where(r => r.ActivityNodeId == nodeId);
        }

        var records = await query.OrderBy(r => r.StartedAtUtc).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        var items = records.Select(r => summaries ? InstanceModels.ExecutionSummary(r) : InstanceModels.Execution(r)).ToList();
        return ElsaJson.Ok(new { items, count = items.Count });
    }

    private static async Task<IResult> ExecutionByIdAsync(HttpRequest request, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var id = new QueryReader(request.Query).String("id")
                 ?? throw WorkflowValidationException.Single("A query parameter is missing.", "id", "Give the activity execution id.");
        var record = await db.ActivityExecutions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
                     ?? throw new WorkflowNotFoundException($"Activity execution '{id}' does not exist.");
        return ElsaJson.Ok(InstanceModels.Execution(record));
    }

    private static async Task<WorkflowInstanceRecord> FindAsync(WorkflowsDbContext db, string id, CancellationToken cancellationToken) =>
        await db.WorkflowInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken)
        ?? throw new WorkflowNotFoundException($"Workflow instance '{id}' does not exist.");

    /// <summary>An optional JSON object body: an empty body is an empty object, anything but an object is a 400.</summary>
    private static async Task<JsonObject> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        return JsonNode.Parse(text) as JsonObject
               ?? throw WorkflowValidationException.Single("The request is not valid.", "body", "The body must be a JSON object.");
    }

    /// <summary>A GET execute's query as the body a POST would have sent.</summary>
    private static JsonObject ExecuteQuery(QueryReader query)
    {
        var body = new JsonObject
        {
            ["versionOptions"] = query.String("versionOptions"),
            ["correlationId"] = query.String("correlationId"),
        };
        if (query.String("input") is { } input)
        {
            try
            {
                body["input"] = JsonNode.Parse(input);
            }
            catch (JsonException)
            {
                throw WorkflowValidationException.Single("The request is not valid.", "input", "The input must be a JSON object of named values.");
            }
        }

        return body;
    }

    private static Dictionary<string, object?>? Input(JsonObject body) => body["input"] switch
    {
        null => null,
        JsonObject input => input.ToDictionary(p => p.Key, p => (object?)(p.Value is null ? null : JsonSerializer.Deserialize<JsonElement>(p.Value.ToJsonString())), StringComparer.Ordinal),
        _ => throw WorkflowValidationException.Single("The request is not valid.", "input", "The input must be a JSON object of named values."),
    };

    private static string? String(JsonObject body, string name) =>
        body[name] switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim(),
            JsonValue value when value.TryGetValue<int>(out var number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => throw WorkflowValidationException.Single("The request is not valid.", name, "Expected a string."),
        };

    private static int? Int(JsonObject body, string name) =>
        body[name] switch
        {
            null => null,
            JsonValue value when value.TryGetValue<int>(out var number) && number >= 0 => number,
            _ => throw WorkflowValidationException.Single("The request is not valid.", name, "Expected a whole number of at least 0."),
        };

    private static List<string> Strings(JsonObject body, string name) =>
        body[name] switch
        {
            null => [],
            JsonArray array => array.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s
                    : throw WorkflowValidationException.Single("The request is not valid.", name, "Expected an array of strings."))
                .Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal).ToList(),
            _ => throw WorkflowValidationException.Single("The request is not valid.", name, "Expected an array of strings."),
        };

    /// <summary>Status names as stored (the enum's spelling); an unknown name is a 400 rather than an empty list.</summary>
    private static List<string> Enums<TEnum>(JsonObject body, string name)
        where TEnum : struct, Enum =>
        Strings(body, name).Select(s => Enum.TryParse<TEnum>(s, ignoreCase: true, out var value) && !char.IsDigit(s[0])
                ? value.ToString()
                : throw WorkflowValidationException.Single("The request is not valid.", name, $"'{s}' is not one of {string.Join(", ", Enum.GetNames<TEnum>())}."))
            .ToList();
}
