using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Auditing;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Localization;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.BuildingBlocks.Records;

/// <summary>Read: the collaborator sees the record. Write: they may also change it (never its collaborators).</summary>
public enum CollaboratorAccess
{
    Read = 0,
    Write = 1,
}

/// <summary>
/// A colleague a record is shared with (协作人, ADR 0131): one row per record and person, in the module database that
/// keeps the record, until <see cref="EndsAtUtc"/> (open-ended when null). Auditable under the record, so adding and
/// removing one shows in the record's history.
/// </summary>
public sealed class RecordCollaborator : IAuditable
{
    public Guid Id { get; init; }

    /// <summary>The <see cref="OwnedRecordKind.Kind"/> of the record ("accounts").</summary>
    public string Kind { get; init; } = "";

    public Guid RecordId { get; init; }

    public Guid PersonId { get; init; }

    public CollaboratorAccess Access { get; set; }

    public DateTime? EndsAtUtc { get; set; }

    public Guid? AddedById { get; init; }

    public DateTime AddedAtUtc { get; init; }

    Guid IAuditable.AuditSubjectId => RecordId;

    public bool IsActiveAt(DateTime nowUtc) => EndsAtUtc is not { } end || end > nowUtc;
}

internal sealed class RecordCollaboratorConfiguration : IEntityTypeConfiguration<RecordCollaborator>
{
    public void Configure(EntityTypeBuilder<RecordCollaborator> builder)
    {
        builder.ToTable("RecordCollaborators");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Kind).HasMaxLength(50);
        builder.Property(c => c.Access).HasConversion<string>().HasMaxLength(10);
        builder.HasIndex(c => new { c.RecordId, c.PersonId }).IsUnique();
        builder.HasIndex(c => new { c.PersonId, c.EndsAtUtc });
    }
}

/// <summary>What one module database shares with a person right now (read by <see cref="IRecordVisibility"/>).</summary>
public interface ICollaborationSource
{
    Task<IReadOnlyList<SharedRecord>> SharedWithAsync(Guid personId, DateTime nowUtc, CancellationToken cancellationToken);
}

public sealed record SharedRecord(Guid RecordId, bool CanWrite);

/// <summary>One collaborator as the API and the pages show them: the person by name, never only an id.</summary>
public sealed record CollaboratorResponse(Guid PersonId, string PersonName, string Access, DateTime? EndsAt, bool Active, DateTime AddedAt);

/// <summary>Adding (or changing) a collaborator: <c>access</c> is <c>Read</c> or <c>Write</c>; <c>endsAt</c> in UTC, optional.</summary>
public sealed record AddCollaboratorRequest(Guid? PersonId, string? Access, DateTime? EndsAt);

public static class CollaboratorModelExtensions
{
    /// <summary>Adds the collaborator table to a module's model (call from <c>OnModelCreating</c> of a module with owned records).</summary>
    public static ModelBuilder HasRecordCollaborators(this ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfiguration(new RecordCollaboratorConfiguration());
}

/// <summary>
/// The collaborators of one module's records (ADR 0131): listing, adding and removing them on a record the caller may
/// change by their level (its owner, their manager, an administrator; a collaborator cannot share further), and what
/// the module shares with a person for <see cref="IRecordVisibility"/>.
/// </summary>
public sealed class RecordCollaborators<TContext>(
    TContext db, IRecordVisibility visibility, IStaffDirectory staff, ICurrentUser user, TimeProvider clock)
    : ICollaborationSource
    where TContext : DbContext
{
    public async Task<IReadOnlyList<SharedRecord>> SharedWithAsync(Guid personId, DateTime nowUtc, CancellationToken cancellationToken) =>
        await db.Set<RecordCollaborator>().AsNoTracking()
            .Where(c => c.PersonId == personId && (c.EndsAtUtc == null || c.EndsAtUtc > nowUtc))
            .Select(c => new SharedRecord(c.RecordId, c.Access == CollaboratorAccess.Write))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<CollaboratorResponse>> ListAsync<TEntity>(Guid recordId, CancellationToken cancellationToken)
        where TEntity : class, IOwnedRecord
    {
        await FindVisibleAsync<TEntity>(recordId, cancellationToken);
        var rows = await db.Set<RecordCollaborator>().AsNoTracking().Where(c => c.RecordId == recordId).OrderBy(c => c.AddedAtUtc).ToListAsync(cancellationToken);
        return await RespondAsync(rows, cancellationToken);
    }

    public async Task<IReadOnlyList<CollaboratorResponse>> AddAsync<TEntity>(string kind, Guid recordId, AddCollaboratorRequest request, CancellationToken cancellationToken)
        where TEntity : class, IOwnedRecord
    {
        var errors = new List<ValidationFailure>();
        var access = CollaboratorAccess.Read;
        if (request.PersonId is not { } personId || personId == Guid.Empty)
        {
            errors.Add(Invalid("personId", "Choose the colleague to share the record with."));
            personId = Guid.Empty;
        }

        if ((request.Access is { } text && !Enum.TryParse(text, ignoreCase: true, out access)) || !Enum.IsDefined(access))
        {
            errors.Add(Invalid("access", "Access is Read or Write."));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (request.EndsAt is { } endsAt && endsAt.ToUniversalTime() <= now)
        {
            errors.Add(Invalid("endsAt", "The end date must be in the future."));
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }

        var record = await FindChangeableAsync<TEntity>(recordId, cancellationToken);
        if (await staff.FindAsync(personId, cancellationToken) is not { IsActive: true })
        {
            throw new ValidationException([Invalid("personId", "No active colleague has this id.")]);
        }

        if (personId == record.OwnerId)
        {
            throw new ValidationException([Invalid("personId", "The owner already has the record.")]);
        }

        var existing = await db.Set<RecordCollaborator>().SingleOrDefaultAsync(c => c.RecordId == recordId && c.PersonId == personId, cancellationToken);
        if (existing is null)
        {
            db.Add(new RecordCollaborator
            {
                Id = Guid.NewGuid(), Kind = kind, RecordId = recordId, PersonId = personId, Access = access,
                EndsAtUtc = request.EndsAt?.ToUniversalTime(), AddedById = user.UserId, AddedAtUtc = now,
            });
        }
        else
        {
            existing.Access = access;
            existing.EndsAtUtc = request.EndsAt?.ToUniversalTime();
        }

        await db.SaveChangesAsync(cancellationToken);
        return await ListAsync<TEntity>(recordId, cancellationToken);
    }

    public async Task RemoveAsync<TEntity>(Guid recordId, Guid personId, CancellationToken cancellationToken)
        where TEntity : class, IOwnedRecord
    {
        await FindChangeableAsync<TEntity>(recordId, cancellationToken);
        var row = await db.Set<RecordCollaborator>().SingleOrDefaultAsync(c => c.RecordId == recordId && c.PersonId == personId, cancellationToken)
                  ?? throw new NotFoundException($"{personId} is not a collaborator of this record.");
        db.Remove(row);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> MayShareAsync<TEntity>(Guid recordId, CancellationToken cancellationToken)
        where TEntity : class, IOwnedRecord
    {
        var record = await FindVisibleAsync<TEntity>(recordId, cancellationToken);
        var scope = await visibility.GetScopeAsync(cancellationToken);
        return scope.IsAll || scope.Allows(record.OwnerId, record.BranchId);
    }

    private static ValidationFailure Invalid(string field, string message) => new(field, ServerText.Translate(message));

    private async Task<TEntity> FindVisibleAsync<TEntity>(Guid recordId, CancellationToken cancellationToken)
        where TEntity : class, IOwnedRecord =>
        await db.Set<TEntity>().AsNoTracking().VisibleTo(await visibility.GetScopeAsync(cancellationToken))
            .SingleOrDefaultAsync(r => EF.Property<Guid>(r, "Id") == recordId, cancellationToken)
        ?? throw new NotFoundException($"Record {recordId} does not exist.");

    /// <summary>Visible, and changeable by the caller's level: sharing is the owner's or a manager's decision, not a collaborator's.</summary>
    private async Task<TEntity> FindChangeableAsync<TEntity>(Guid recordId, CancellationToken cancellationToken)
        where TEntity : class, IOwnedRecord
    {
        var record = await FindVisibleAsync<TEntity>(recordId, cancellationToken);
        return await MayShareAsync<TEntity>(recordId, cancellationToken)
            ? record
            : throw new ForbiddenException("Only the owner, their manager or an administrator shares a record.");
    }

    private async Task<IReadOnlyList<CollaboratorResponse>> RespondAsync(IReadOnlyList<RecordCollaborator> rows, CancellationToken cancellationToken)
    {
        var people = (await staff.FindManyAsync(rows.Select(r => r.PersonId).Distinct().ToList(), cancellationToken)).ToDictionary(p => p.UserId);
        var now = clock.GetUtcNow().UtcDateTime;
        return rows.Select(r => new CollaboratorResponse(
                r.PersonId, people.TryGetValue(r.PersonId, out var p) ? p.DisplayName : r.PersonId.ToString(), r.Access.ToString(),
                r.EndsAtUtc is { } e ? DateTime.SpecifyKind(e, DateTimeKind.Utc) : null, r.IsActiveAt(now), DateTime.SpecifyKind(r.AddedAtUtc, DateTimeKind.Utc)))
            .ToList();
    }
}

/// <summary>
/// The collaborators of one kind of record, whatever module keeps it: what the kit's endpoints and the pages'
/// collaborator panel use, found by <see cref="Kind"/> ("accounts", "leads").
/// </summary>
public interface IRecordSharing
{
    string Kind { get; }

    Task<IReadOnlyList<CollaboratorResponse>> ListAsync(Guid recordId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<CollaboratorResponse>> AddAsync(Guid recordId, AddCollaboratorRequest request, CancellationToken cancellationToken = default);

    Task RemoveAsync(Guid recordId, Guid personId, CancellationToken cancellationToken = default);

    /// <summary>Whether the caller may add and remove collaborators of the record (their level covers it).</summary>
    Task<bool> MayShareAsync(Guid recordId, CancellationToken cancellationToken = default);
}

internal sealed class RecordSharing<TContext, TEntity>(string kind, RecordCollaborators<TContext> collaborators) : IRecordSharing
    where TContext : DbContext
    where TEntity : class, IOwnedRecord
{
    public string Kind => kind;

    public Task<IReadOnlyList<CollaboratorResponse>> ListAsync(Guid recordId, CancellationToken cancellationToken = default) =>
        collaborators.ListAsync<TEntity>(recordId, cancellationToken);

    public Task<IReadOnlyList<CollaboratorResponse>> AddAsync(Guid recordId, AddCollaboratorRequest request, CancellationToken cancellationToken = default) =>
        collaborators.AddAsync<TEntity>(kind, recordId, request, cancellationToken);

    public Task RemoveAsync(Guid recordId, Guid personId, CancellationToken cancellationToken = default) =>
        collaborators.RemoveAsync<TEntity>(recordId, personId, cancellationToken);

    public Task<bool> MayShareAsync(Guid recordId, CancellationToken cancellationToken = default) =>
        collaborators.MayShareAsync<TEntity>(recordId, cancellationToken);
}

public static class CollaboratorServiceCollectionExtensions
{
    /// <summary>Keeps collaborators in <typeparamref name="TContext"/> (which calls <see cref="CollaboratorModelExtensions.HasRecordCollaborators"/>).</summary>
    public static IServiceCollection AddRecordCollaborators<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.AddScoped<RecordCollaborators<TContext>>();
        services.AddScoped<ICollaborationSource>(sp => sp.GetRequiredService<RecordCollaborators<TContext>>());
        return services;
    }

    /// <summary>Lets <typeparamref name="TEntity"/> records (kind <paramref name="kind"/>) be shared through <see cref="IRecordSharing"/>.</summary>
    public static IServiceCollection AddCollaboratorKind<TContext, TEntity>(this IServiceCollection services, string kind)
        where TContext : DbContext
        where TEntity : class, IOwnedRecord =>
        services.AddScoped<IRecordSharing>(sp => new RecordSharing<TContext, TEntity>(kind, sp.GetRequiredService<RecordCollaborators<TContext>>()));

    /// <summary>The sharing of <paramref name="kind"/>, or null when no enabled module shares that kind.</summary>
    public static IRecordSharing? SharingOf(this IServiceProvider services, string kind) =>
        services.GetServices<IRecordSharing>().SingleOrDefault(s => s.Kind == kind);
}

public static class CollaboratorEndpoints
{
    /// <summary>
    /// <c>GET|POST {recordRoute}/collaborators</c> and <c>DELETE {recordRoute}/collaborators/{personId}</c> for one kind of
    /// owned record registered with <see cref="CollaboratorServiceCollectionExtensions.AddCollaboratorKind{TContext, TEntity}"/>,
    /// where <paramref name="recordRoute"/> has an <c>{id:guid}</c> segment: the one mapper every module uses.
    /// </summary>
    public static RouteGroupBuilder MapCollaborators(this IEndpointRouteBuilder app, string kind, string recordRoute, string readPolicy, string writePolicy)
    {
        var group = app.MapGroup(recordRoute + "/collaborators").WithTags("Collaborators");
        group.MapGet("/", async (Guid id, IServiceProvider services, CancellationToken ct) =>
                TypedResults.Ok(await services.SharingOf(kind)!.ListAsync(id, ct)))
            .WithName($"List{kind}Collaborators")
            .WithSummary($"Colleagues the {kind} record is shared with (协作人), with their access and end date")
            .RequireAuthorization(readPolicy)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", async (Guid id, AddCollaboratorRequest request, IServiceProvider services, CancellationToken ct) =>
                TypedResults.Ok(await services.SharingOf(kind)!.AddAsync(id, request, ct)))
            .WithName($"Add{kind}Collaborator")
            .WithSummary($"Shares the {kind} record with a colleague (read or write, optional end date); owner, manager or administrator only")
            .RequireAuthorization(writePolicy)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{personId:guid}", async (Guid id, Guid personId, IServiceProvider services, CancellationToken ct) =>
            {
                await services.SharingOf(kind)!.RemoveAsync(id, personId, ct);
                return TypedResults.NoContent();
            })
            .WithName($"Remove{kind}Collaborator")
            .WithSummary($"Stops sharing the {kind} record with a colleague")
            .RequireAuthorization(writePolicy)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }
}
