using System.Text.Json;
using Crm.BuildingBlocks.Application;
using Crm.Identity.Auditing;
using Crm.Identity.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Identity.Features.Audit;

/// <summary>
/// The identity audit log, newest first: sign-ins (<c>entity</c> SignIn) and changes to users (User: profile diffs,
/// RolesChanged, PasswordReset, Unlocked …) and API keys (ApiKey).
/// </summary>
internal sealed record IdentityAuditQuery(Guid? UserId, string? Entity, string? Action, int Page, int PageSize) : IRequest<PagedResult<IdentityAuditEntry>>;

/// <summary><see cref="Changes"/>: <c>{ field: [before, after] }</c> for changes, event details for sign-ins.</summary>
internal sealed record IdentityAuditEntry(long Id, Guid? UserId, string Entity, string EntityId, string Action, JsonElement? Changes, string By, DateTime At);

internal sealed class IdentityAuditValidator : AbstractValidator<IdentityAuditQuery>
{
    public IdentityAuditValidator()
    {
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200);
        RuleFor(q => q.Entity).Must(e => e is null || IdentityAuditHandler.Entities.ContainsKey(e))
            .WithMessage($"Entity must be one of {string.Join(", ", IdentityAuditHandler.Entities.Keys)}.");
        RuleFor(q => q.Action).MaximumLength(30);
    }
}

internal sealed class IdentityAuditHandler(CrmIdentityDbContext db) : IRequestHandler<IdentityAuditQuery, PagedResult<IdentityAuditEntry>>
{
    /// <summary>API names of the audited entities → stored names.</summary>
    internal static readonly Dictionary<string, string> Entities = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SignIn"] = IdentityAudit.SignInEntity,
        ["User"] = IdentityAudit.UserEntity,
        ["ApiKey"] = nameof(Domain.ApiKey),
    };

    public async Task<PagedResult<IdentityAuditEntry>> Handle(IdentityAuditQuery query, CancellationToken cancellationToken)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (query.UserId is { } userId)
        {
            entries = entries.Where(e => e.SubjectId == userId);
        }

        if (query.Entity is { } entity)
        {
            var stored = Entities[entity];
            entries = entries.Where(e => e.Entity == stored);
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            var action = query.Action.Trim();
            entries = entries.Where(e => e.Action == action);
        }

        var rows = await entries.OrderByDescending(e => e.Id)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize + 1)
            .ToListAsync(cancellationToken);
        var apiName = Entities.ToDictionary(p => p.Value, p => p.Key);
        var items = rows.Take(query.PageSize)
            .Select(e => new IdentityAuditEntry(
                e.Id,
                e.SubjectId == Guid.Empty ? null : e.SubjectId,
                apiName.GetValueOrDefault(e.Entity, e.Entity),
                e.EntityId,
                e.Action,
                e.Changes is null ? null : JsonDocument.Parse(e.Changes).RootElement,
                e.By,
                e.AtUtc))
            .ToList();
        return new PagedResult<IdentityAuditEntry>(items, query.Page, query.PageSize, rows.Count > query.PageSize, null, null);
    }
}
