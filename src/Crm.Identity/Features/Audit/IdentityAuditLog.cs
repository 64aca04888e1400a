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
/// RolesChanged, PasswordReset, Unlocked …) and API keys (ApiKey). <see cref="From"/> (inclusive) and <see cref="To"/>
/// (exclusive) bound the time in UTC.
/// </summary>
internal sealed record IdentityAuditQuery(Guid? UserId, string? Entity, string? Action, int Page, int PageSize, DateTime? From = null, DateTime? To = null)
    : IRequest<PagedResult<IdentityAuditEntry>>;

/// <summary>
/// <see cref="Changes"/>: <c>{ field: [before, after] }</c> for changes, event details for sign-ins.
/// <see cref="UserDisplayName"/> and <see cref="ByDisplayName"/> name the subject and the actor when they are users
/// (null for an unknown user name, an API caller without a user, or "system").
/// </summary>
internal sealed record IdentityAuditEntry(
    long Id, Guid? UserId, string Entity, string EntityId, string Action, JsonElement? Changes, string By, DateTime At,
    string? UserDisplayName = null, string? ByDisplayName = null);

internal sealed class IdentityAuditValidator : AbstractValidator<IdentityAuditQuery>
{
    public IdentityAuditValidator()
    {
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200);
        RuleFor(q => q.Entity).Must(e => e is null || IdentityAuditHandler.Entities.ContainsKey(e))
            .WithMessage($"Entity must be one of {string.Join(", ", IdentityAuditHandler.Entities.Keys)}.");
        RuleFor(q => q.Action).MaximumLength(30);
        RuleFor(q => q.To).Must((q, to) => q.From is null || to is null || to > q.From)
            .WithMessage("The end of the period must be after its start.");
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
        ["Dictionary"] = nameof(Domain.DataDictionary),
        ["DictionaryEntry"] = nameof(Domain.DataDictionaryEntry),
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

        if (query.From is { } from)
        {
            var fromUtc = AsUtc(from);
            entries = entries.Where(e => e.AtUtc >= fromUtc);
        }

        if (query.To is { } to)
        {
            var toUtc = AsUtc(to);
            entries = entries.Where(e => e.AtUtc < toUtc);
        }

        var rows = await entries.OrderByDescending(e => e.Id)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize + 1)
            .ToListAsync(cancellationToken);
        var apiName = Entities.ToDictionary(p => p.Value, p => p.Key);

        // One query for the names of everyone on the page: subjects and actors (By holds a user id or a word such as "system").
        var userIds = rows.Take(query.PageSize)
            .SelectMany(e => new[] { e.SubjectId, Guid.TryParse(e.By, out var by) ? by : Guid.Empty })
            .Where(id => id != Guid.Empty)
            .Distinct()
            .ToList();
        var names = userIds.Count == 0
            ? new Dictionary<Guid, string>()
            : await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var items = rows.Take(query.PageSize)
            .Select(e => new IdentityAuditEntry(
                e.Id,
                e.SubjectId == Guid.Empty ? null : e.SubjectId,
                apiName.GetValueOrDefault(e.Entity, e.Entity),
                e.EntityId,
                e.Action,
                e.Changes is null ? null : JsonDocument.Parse(e.Changes).RootElement,
                e.By,
                e.AtUtc,
                names.GetValueOrDefault(e.SubjectId),
                Guid.TryParse(e.By, out var by) ? names.GetValueOrDefault(by) : null))
            .ToList();
        return new PagedResult<IdentityAuditEntry>(items, query.Page, query.PageSize, rows.Count > query.PageSize, null, null);
    }

    /// <summary>Times without a zone are taken as UTC (the API's convention); others are converted.</summary>
    private static DateTime AsUtc(DateTime value) =>
        value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();
}
