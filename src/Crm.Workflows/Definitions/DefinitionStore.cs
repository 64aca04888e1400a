using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Crm.BuildingBlocks.Application;
using Crm.Workflows.Descriptors;
using Crm.Workflows.Persistence;
using Crm.Workflows.Runtime.Timers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Workflows.Definitions;

/// <summary>
/// The versions of workflow definitions and Elsa's rules for them:
/// <list type="bullet">
/// <item>saving while the latest version is a draft updates that draft in place (Studio auto-saves the whole graph after every edit);</item>
/// <item>saving while the latest version is published starts a new draft, version n+1, which becomes the latest;</item>
/// <item>publishing validates the version, makes it the latest and the only published one;</item>
/// <item>importing saves a draft the same way, never publishes, and keeps the file's ids when they are free.</item>
/// </list>
/// Every operation ends in one SaveChanges (one transaction); <see cref="WorkflowDefinitionRecord.RowVersion"/> turns a
/// lost update into 409, and the unique (definition, version) index stops two writers from forking the history.
/// </summary>
internal sealed class DefinitionStore(
    WorkflowsDbContext db,
    ActivityRegistry registry,
    DefinitionValidator validator,
    TimeProvider clock,
    ICurrentUser user,
    WorkflowTimerReconciler timers)
{
    /// <summary>Properties the server owns: never taken from a client, never stored in the JSON (the columns hold them).</summary>
    private static readonly string[] ServerOwned = ["links", "isLatest", "isPublished"];

    public Task<WorkflowDefinitionRecord?> FindAsync(string definitionId, VersionOptions options, CancellationToken cancellationToken)
    {
        var query = db.WorkflowDefinitions.Where(d => d.DefinitionId == definitionId).WithVersion(options);

        // Several versions can match: LatestOrPublished means "the published one if there is one" (Elsa's reading);
        // otherwise the highest version wins (e.g. Draft gives the newest draft).
        query = options.Selector == VersionSelector.LatestOrPublished
            ? query.OrderByDescending(d => d.IsPublished).ThenByDescending(d => d.Version)
            : query.OrderByDescending(d => d.Version);
        return query.FirstOrDefaultAsync(cancellationToken);
    }

    public Task<WorkflowDefinitionRecord?> FindByIdAsync(string id, CancellationToken cancellationToken) =>
        db.WorkflowDefinitions.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);

    public async Task<IReadOnlyList<WorkflowDefinitionRecord>> FindManyByIdAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        await db.WorkflowDefinitions.AsNoTracking().Where(d => ids.Contains(d.Id)).OrderBy(d => d.DefinitionId).ThenBy(d => d.Version).ToListAsync(cancellationToken);

    public async Task<DefinitionPage> ListAsync(DefinitionQuery request, CancellationToken cancellationToken)
    {
        var query = db.WorkflowDefinitions.AsNoTracking();
        if (request.VersionOptions is { } versionOptions)
        {
            query = query.WithVersion(versionOptions);
        }

        if (request.DefinitionIds.Count > 0)
        {
            query = query.Where(d => request.DefinitionIds.Contains(d.DefinitionId));
        }

        if (request.Ids.Count > 0)
        {
            query = query.Where(d => request.Ids.Contains(d.Id));
        }

        if (request.IsSystem == true)
        {
            // This server has no system workflows (Elsa's built-in ones); every definition is a user's.
            query = query.Where(d => false);
        }

        if (!string.IsNullOrWhiteSpace(request.SearchTerm))
        {
            var pattern = "%" + EscapeLike(request.SearchTerm.Trim()) + "%";
            query = query.Where(d => EF.Functions.Like(d.Name, pattern, "\\")
                                     || (d.Description != null && EF.Functions.Like(d.Description, pattern, "\\"))
                                     || EF.Functions.Like(d.DefinitionId, pattern, "\\")
                                     || EF.Functions.Like(d.Id, pattern, "\\"));
        }

        var total = await query.CountAsync(cancellationToken);

        // Elsa's defaults: by name ascending; by creation or version descending unless told otherwise.
        var orderBy = request.OrderBy ?? DefinitionOrder.Name;
        var descending = request.Descending ?? orderBy != DefinitionOrder.Name;
        var ordered = (orderBy, descending) switch
        {
            (DefinitionOrder.Created, false) => query.OrderBy(d => d.CreatedAtUtc),
            (DefinitionOrder.Created, true) => query.OrderByDescending(d => d.CreatedAtUtc),
            (DefinitionOrder.Version, false) => query.OrderBy(d => d.Version),
            (DefinitionOrder.Version, true) => query.OrderByDescending(d => d.Version),
            (_, false) => query.OrderBy(d => d.Name),
            (_, true) => query.OrderByDescending(d => d.Name),
        };
        query = ordered.ThenBy(d => d.DefinitionId).ThenByDescending(d => d.Version);

        if (request.PageSize is { } pageSize)
        {
            query = query.Skip((request.Page ?? 0) * pageSize).Take(pageSize);
        }

        // The graph comes along so a workflow of a disabled module is marked in the list as it is when opened (issue 12.17).
        var rows = await query
            .Select(d => new { Summary = new DefinitionSummary(d.Id, d.DefinitionId, d.Version, d.Name, d.Description, d.IsLatest, d.IsPublished, d.IsReadonly, d.CreatedAtUtc), d.Data })
            .ToListAsync(cancellationToken);
        var items = rows.Select(r => r.Summary with { Unavailable = UnknownActivityTypes(r.Data) }).ToList();
        return new DefinitionPage(items, total);
    }

    /// <summary>Count of workflows (not versions).</summary>
    public Task<int> CountAsync(CancellationToken cancellationToken) =>
        db.WorkflowDefinitions.Where(d => d.IsLatest).CountAsync(cancellationToken);

    /// <summary>No version of another definition has this name (compared without case: "Onboarding" and "onboarding" clash).</summary>
    public async Task<bool> IsNameUniqueAsync(string name, string? definitionId, CancellationToken cancellationToken)
    {
        var lower = name.Trim().ToLowerInvariant();
        return !await db.WorkflowDefinitions.AnyAsync(
            d => d.Name.ToLower() == lower && (definitionId == null || d.DefinitionId != definitionId), cancellationToken);
    }

    /// <summary>Studio's save: the draft is updated in place or started; <paramref name="publish"/> also publishes it.</summary>
    public async Task<WorkflowDefinitionRecord> SaveAsync(JsonObject model, bool publish, CancellationToken cancellationToken)
    {
        var definitionId = NonEmpty(DefinitionGraph.String(model, "definitionId"));
        if (definitionId is not null && await FindAsync(definitionId, VersionOptions.Latest, cancellationToken) is { } latest)
        {
            EnsureKeepsUnknownActivities(latest, model);
        }

        var draft = await DraftForAsync(definitionId, preferredId: null, cancellationToken);
        Apply(draft, model);
        if (publish)
        {
            await PublishAsync(draft, cancellationToken);
        }

        await SaveChangesAsync(cancellationToken);
        return draft;
    }

    /// <summary>An exported definition (ours or an Elsa server's) saved as a draft; see the class remarks.</summary>
    public async Task<WorkflowDefinitionRecord> ImportAsync(JsonObject model, CancellationToken cancellationToken)
    {
        var definitionId = NonEmpty(DefinitionGraph.String(model, "definitionId"));
        var versionId = NonEmpty(DefinitionGraph.String(model, "id"));
        var draft = await DraftForAsync(definitionId, versionId, cancellationToken);
        Apply(draft, model);
        await SaveChangesAsync(cancellationToken);
        return draft;
    }

    /// <summary>Publishes the latest version; <c>AlreadyPublished</c> when it was (nothing changes then).</summary>
    public async Task<(WorkflowDefinitionRecord Definition, bool AlreadyPublished)> PublishLatestAsync(string definitionId, CancellationToken cancellationToken)
    {
        var latest = await FindAsync(definitionId, VersionOptions.Latest, cancellationToken) ?? throw NotFound(definitionId);
        if (latest.IsPublished)
        {
            return (latest, true);
        }

        EnsureWritable(latest);
        await PublishAsync(latest, cancellationToken);
        await SaveChangesAsync(cancellationToken);
        return (latest, false);
    }

    /// <summary>Takes the published version out of service; the definition stays, with no runnable version.</summary>
    public async Task<WorkflowDefinitionRecord> RetractAsync(string definitionId, CancellationToken cancellationToken)
    {
        var definition = await FindAsync(definitionId, VersionOptions.LatestOrPublished, cancellationToken) ?? throw NotFound(definitionId);
        if (!definition.IsPublished)
        {
            throw WorkflowValidationException.Single("The workflow cannot be retracted.", "definitionId", $"Workflow '{definitionId}' is not published.");
        }

        EnsureWritable(definition);
        definition.IsPublished = false;
        definition.Touch(clock.GetUtcNow().UtcDateTime, user.Id);
        await SaveChangesAsync(cancellationToken);
        return definition;
    }

    /// <summary>Deletes every version of a definition; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string definitionId, CancellationToken cancellationToken)
    {
        var deleted = await db.WorkflowDefinitions.Where(d => d.DefinitionId == definitionId).ExecuteDeleteAsync(cancellationToken) > 0;
        await timers.SyncStartTimersAsync([definitionId], cancellationToken);
        return deleted;
    }

    /// <summary>Deletes one version; if it was the latest, the highest remaining version becomes the latest.</summary>
    public async Task<bool> DeleteVersionAsync(string id, CancellationToken cancellationToken)
    {
        var version = await FindByIdAsync(id, cancellationToken);
        if (version is null)
        {
            return false;
        }

        await RemoveVersionAsync(version, cancellationToken);
        await SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Copies an old version into a new latest draft (version n+1): the history tab's "revert".</summary>
    public async Task<WorkflowDefinitionRecord> RevertAsync(string definitionId, int version, CancellationToken cancellationToken)
    {
        var source = await FindAsync(definitionId, VersionOptions.Specific(version), cancellationToken)
                     ?? throw new NotFoundException($"Workflow '{definitionId}' has no version {version}.");
        var latest = await FindAsync(definitionId, VersionOptions.Latest, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (latest is not null)
        {
            latest.IsLatest = false;
            latest.Touch(now, user.Id);
        }

        var draft = NewVersion(definitionId, NewId(), await MaxVersionAsync(definitionId, cancellationToken) + 1);
        db.WorkflowDefinitions.Add(draft);
        Apply(draft, DefinitionJsonParser.Object(source.Data));
        await SaveChangesAsync(cancellationToken);
        return draft;
    }

    public async Task<BulkPublishResult> BulkPublishAsync(IReadOnlyCollection<string> definitionIds, CancellationToken cancellationToken)
    {
        var result = new BulkPublishResult([], [], [], new Dictionary<string, string[]>());
        foreach (var definitionId in definitionIds.Distinct(StringComparer.Ordinal))
        {
            var latest = await FindAsync(definitionId, VersionOptions.Latest, cancellationToken);
            if (latest is null)
            {
                result.NotFound.Add(definitionId);
            }
            else if (latest.IsPublished)
            {
                result.AlreadyPublished.Add(definitionId);
            }
            else if (validator.Validate(DefinitionJsonParser.Object(latest.Data)) is { Count: > 0 } errors)
            {
                result.Failed[definitionId] = errors.SelectMany(e => e.Value).ToArray();
            }
            else if (!latest.IsReadonly)
            {
                await PublishAsync(latest, cancellationToken);
                result.Published.Add(definitionId);
            }
        }

        await SaveChangesAsync(cancellationToken);
        return result;
    }

    public async Task<BulkRetractResult> BulkRetractAsync(IReadOnlyCollection<string> definitionIds, CancellationToken cancellationToken)
    {
        var result = new BulkRetractResult([], [], []);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var definitionId in definitionIds.Distinct(StringComparer.Ordinal))
        {
            var definition = await FindAsync(definitionId, VersionOptions.LatestOrPublished, cancellationToken);
            if (definition is null)
            {
                result.NotFound.Add(definitionId);
            }
            else if (!definition.IsPublished || definition.IsReadonly)
            {
                result.AlreadyRetracted.Add(definitionId);
            }
            else
            {
                definition.IsPublished = false;
                definition.Touch(now, user.Id);
                result.Retracted.Add(definitionId);
            }
        }

        await SaveChangesAsync(cancellationToken);
        return result;
    }

    public async Task<int> BulkDeleteAsync(IReadOnlyCollection<string> definitionIds, CancellationToken cancellationToken)
    {
        var distinct = definitionIds.Distinct(StringComparer.Ordinal).ToList();
        var deleted = await db.WorkflowDefinitions.Where(d => distinct.Contains(d.DefinitionId)).Select(d => d.DefinitionId).Distinct().CountAsync(cancellationToken);
        await db.WorkflowDefinitions.Where(d => distinct.Contains(d.DefinitionId)).ExecuteDeleteAsync(cancellationToken);
        await timers.SyncStartTimersAsync(distinct, cancellationToken);
        return deleted;
    }

    public async Task<int> BulkDeleteVersionsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var versions = await db.WorkflowDefinitions.Where(d => ids.Contains(d.Id)).OrderByDescending(d => d.Version).ToListAsync(cancellationToken);
        foreach (var version in versions)
        {
            await RemoveVersionAsync(version, cancellationToken);
        }

        await SaveChangesAsync(cancellationToken);
        return versions.Count;
    }

    /// <summary>A 16-hex-digit id, the shape Elsa and Studio use for definitions, versions and activities.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private async Task<WorkflowDefinitionRecord> DraftForAsync(string? definitionId, string? preferredId, CancellationToken cancellationToken)
    {
        var latest = definitionId is null ? null : await FindAsync(definitionId, VersionOptions.Latest, cancellationToken);
        if (latest is { IsPublished: false })
        {
            EnsureWritable(latest);
            return latest;
        }

        if (latest is not null)
        {
            EnsureWritable(latest);
            latest.IsLatest = false;
            latest.Touch(clock.GetUtcNow().UtcDateTime, user.Id);
        }

        // An imported file keeps its version id unless another version already uses it.
        var id = preferredId is not null && !await db.WorkflowDefinitions.AnyAsync(d => d.Id == preferredId, cancellationToken) ? preferredId : NewId();
        var version = definitionId is null ? 1 : await MaxVersionAsync(definitionId, cancellationToken) + 1;
        var draft = NewVersion(definitionId ?? NewId(), id, version);
        db.WorkflowDefinitions.Add(draft);
        return draft;
    }

    private WorkflowDefinitionRecord NewVersion(string definitionId, string id, int version)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new WorkflowDefinitionRecord
        {
            Id = id,
            DefinitionId = definitionId,
            Version = version,
            IsLatest = true,
            CreatedAtUtc = now,
            CreatedBy = user.Id,
            UpdatedAtUtc = now,
            UpdatedBy = user.Id,
        };
    }

    private async Task<int> MaxVersionAsync(string definitionId, CancellationToken cancellationToken) =>
        await db.WorkflowDefinitions.Where(d => d.DefinitionId == definitionId).MaxAsync(d => (int?)d.Version, cancellationToken) ?? 0;

    /// <summary>Copies a client's model into a version: the JSON as sent (unknown properties included), ids from the server.</summary>
    private void Apply(WorkflowDefinitionRecord version, JsonObject model)
    {
        var data = (JsonObject)model.DeepClone();
        foreach (var property in ServerOwned)
        {
            data.Remove(property);
        }

        var name = DefinitionGraph.String(data, "name")?.Trim();
        var description = DefinitionGraph.String(data, "description")?.Trim();
        data["id"] = version.Id;
        data["definitionId"] = version.DefinitionId;
        data["version"] = version.Version;
        data["createdAt"] = new DateTimeOffset(version.CreatedAtUtc, TimeSpan.Zero);
        data["name"] = name;
        data["description"] = description;
        data["materializerName"] = "Json";

        switch (data["root"])
        {
            case null:
                // Elsa would create a Sequence here; Studio's designer only opens flowcharts.
                data["root"] = DefinitionGraph.NewFlowchart(NewId());
                break;
            case JsonObject root when DefinitionGraph.String(root, "type") is { Length: > 0 }:
                if (DefinitionGraph.String(root, "id") is null)
                {
                    root["id"] = NewId();
                }

                DefinitionGraph.AssignNodeIds(root);
                DefinitionGraph.FillInputTypes(root, registry);
                break;
            default:
                throw WorkflowValidationException.Single("The workflow definition is not valid.", "root", "The root must be an activity object with a 'type'.");
        }

        version.Name = Truncate(name ?? "", 400);
        version.Description = description is null ? null : Truncate(description, 4000);
        version.IsReadonly = data["isReadonly"] is JsonValue flag && flag.TryGetValue<bool>(out var isReadonly) && isReadonly;
        version.Data = data.ToJsonString();
        version.Touch(clock.GetUtcNow().UtcDateTime, user.Id);
    }

    private async Task PublishAsync(WorkflowDefinitionRecord version, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(DefinitionJsonParser.Object(version.Data));
        if (errors.Count > 0)
        {
            throw new WorkflowValidationException(DefinitionValidator.Title, errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var others = await db.WorkflowDefinitions
            .Where(d => d.DefinitionId == version.DefinitionId && d.Id != version.Id && (d.IsPublished || d.IsLatest))
            .ToListAsync(cancellationToken);
        foreach (var other in others)
        {
            other.IsPublished = false;
            other.IsLatest = false;
            other.Touch(now, user.Id);
        }

        version.IsPublished = true;
        version.IsLatest = true;
        version.Touch(now, user.Id);
    }

    private async Task RemoveVersionAsync(WorkflowDefinitionRecord version, CancellationToken cancellationToken)
    {
        db.WorkflowDefinitions.Remove(version);
        if (!version.IsLatest)
        {
            return;
        }

        var removing = db.ChangeTracker.Entries<WorkflowDefinitionRecord>().Where(e => e.State == EntityState.Deleted).Select(e => e.Entity.Id).ToList();
        var next = await db.WorkflowDefinitions
            .Where(d => d.DefinitionId == version.DefinitionId && !removing.Contains(d.Id))
            .OrderByDescending(d => d.Version)
            .FirstOrDefaultAsync(cancellationToken);
        if (next is not null)
        {
            next.IsLatest = true;
            next.Touch(clock.GetUtcNow().UtcDateTime, user.Id);
        }
    }

    private async Task SaveChangesAsync(CancellationToken cancellationToken)
    {
        // Definitions whose published version changes (publish, retract, a published version deleted): their Timer
        // start triggers follow once the change is committed. Drafts saved by the designer's auto-save change nothing.
        db.ChangeTracker.DetectChanges();
        var publicationChanged = db.ChangeTracker.Entries<WorkflowDefinitionRecord>()
            .Where(e => e.State == EntityState.Modified ? e.Property(d => d.IsPublished).IsModified : e.State is EntityState.Added or EntityState.Deleted && e.Entity.IsPublished)
            .Select(e => e.Entity.DefinitionId)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            // The unique (definition, version) index: another save created the same version first.
            throw new ConflictException("The workflow was saved by someone else at the same moment. Reload it and apply your change again.");
        }

        await timers.SyncStartTimersAsync(publicationChanged, cancellationToken);
    }

    /// <summary>The activity types of <paramref name="version"/> that this server does not know (a disabled module's).</summary>
    public IReadOnlyCollection<string> UnknownActivityTypes(WorkflowDefinitionRecord version) => UnknownActivityTypes(version.Data);

    private IReadOnlyCollection<string> UnknownActivityTypes(string data) =>
        DefinitionJsonParser.Object(data)["root"] is JsonObject root && DefinitionGraph.IsActivity(root)
            ? DefinitionGraph.Activities(root)
                .Select(a => DefinitionGraph.String(a.Activity, "type")!)
                .Where(t => registry.Find(t) is null)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    /// <summary>Elsa's read-only definitions (isReadonly in the JSON, e.g. provided by code) are never changed through the API.</summary>
    private static void EnsureWritable(WorkflowDefinitionRecord version)
    {
        if (version.IsReadonly)
        {
            throw new BusinessRuleException($"Workflow '{version.DefinitionId}' is read-only.");
        }
    }

    /// <summary>
    /// A workflow that uses activities of a disabled module opens in Studio as a graph without them (it has no
    /// descriptors to draw them); saving that would silently delete them. A save that drops any activity of a type
    /// this server does not know is refused, so the definition stays intact until the module is enabled again.
    /// Saves that keep them (a client that edits the JSON) still go through.
    /// </summary>
    private void EnsureKeepsUnknownActivities(WorkflowDefinitionRecord latest, JsonObject model)
    {
        if (DefinitionJsonParser.Object(latest.Data)["root"] is not JsonObject stored || !DefinitionGraph.IsActivity(stored))
        {
            return;
        }

        var incoming = model["root"] is JsonObject root && DefinitionGraph.IsActivity(root)
            ? DefinitionGraph.Activities(root).Select(a => DefinitionGraph.String(a.Activity, "id")).ToHashSet(StringComparer.Ordinal)
            : [];
        var dropped = DefinitionGraph.Activities(stored)
            .Select(a => a.Activity)
            .Where(a => registry.Find(DefinitionGraph.String(a, "type")!) is null && !incoming.Contains(DefinitionGraph.String(a, "id")))
            .Select(a => DefinitionGraph.String(a, "type")!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (dropped.Count > 0)
        {
            throw new BusinessRuleException($"Workflow '{latest.Name}' uses {string.Join(", ", dropped)}, which this server does not provide (is the module disabled?). It is read-only until the module is enabled; its definition is kept as it was.");
        }
    }

    private static NotFoundException NotFound(string definitionId) => new($"Workflow definition '{definitionId}' does not exist.");

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}

internal enum DefinitionOrder
{
    Created,
    Name,
    Version,
}

/// <summary>The list route's filters, already parsed from the query string.</summary>
internal sealed record DefinitionQuery
{
    public VersionOptions? VersionOptions { get; init; }

    public IReadOnlyCollection<string> DefinitionIds { get; init; } = [];

    public IReadOnlyCollection<string> Ids { get; init; } = [];

    public string? SearchTerm { get; init; }

    public bool? IsSystem { get; init; }

    public int? Page { get; init; }

    public int? PageSize { get; init; }

    public DefinitionOrder? OrderBy { get; init; }

    public bool? Descending { get; init; }
}

/// <summary><see cref="Unavailable"/>: the activity types of this version that this server does not know (a disabled module's).</summary>
internal sealed record DefinitionSummary(
    string Id, string DefinitionId, int Version, string Name, string? Description, bool IsLatest, bool IsPublished, bool IsReadonly, DateTime CreatedAtUtc)
{
    public IReadOnlyCollection<string> Unavailable { get; init; } = [];
}

internal sealed record DefinitionPage(IReadOnlyList<DefinitionSummary> Items, int TotalCount);

internal sealed record BulkPublishResult(List<string> Published, List<string> AlreadyPublished, List<string> NotFound, Dictionary<string, string[]> Failed);

internal sealed record BulkRetractResult(List<string> Retracted, List<string> AlreadyRetracted, List<string> NotFound);

internal static class VersionQueryExtensions
{
    public static IQueryable<WorkflowDefinitionRecord> WithVersion(this IQueryable<WorkflowDefinitionRecord> query, VersionOptions options) => options.Selector switch
    {
        VersionSelector.Latest => query.Where(d => d.IsLatest),
        VersionSelector.Published => query.Where(d => d.IsPublished),
        VersionSelector.LatestOrPublished => query.Where(d => d.IsLatest || d.IsPublished),
        VersionSelector.LatestAndPublished => query.Where(d => d.IsLatest && d.IsPublished),
        VersionSelector.Draft => query.Where(d => !d.IsPublished),
        VersionSelector.Specific => query.Where(d => d.Version == options.Version),
        _ => query,
    };
}

/// <summary>Parses stored definition JSON (always an object: the store wrote it).</summary>
internal static class DefinitionJsonParser
{
    public static JsonObject Object(string json) => JsonNode.Parse(json) as JsonObject ?? throw new InvalidOperationException("Stored workflow definition JSON is not an object.");
}
