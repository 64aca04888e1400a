using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.Identity.Domain;
using Crm.Identity.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Identity.Features.Users;

internal sealed record ListUsersQuery(string? Search, string? Role, Guid? BranchId, bool? IsActive, int Page, int PageSize, bool IncludeTotal)
    : IRequest<PagedResult<UserResponse>>;

internal sealed class ListUsersValidator : AbstractValidator<ListUsersQuery>
{
    public ListUsersValidator()
    {
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithMessage("Page starts at 1.");
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200).WithMessage("Page size must be between 1 and 200.");
        RuleFor(q => q.Search).MaximumLength(100);
        RuleFor(q => q.Role).Must(r => r is null || CrmRoles.All.Contains(r, StringComparer.OrdinalIgnoreCase))
            .WithMessage($"Role must be one of {string.Join(", ", CrmRoles.All)}.");
    }
}

internal sealed class ListUsersHandler(CrmIdentityDbContext db, TimeProvider clock) : IRequestHandler<ListUsersQuery, PagedResult<UserResponse>>
{
    public async Task<PagedResult<UserResponse>> Handle(ListUsersQuery query, CancellationToken cancellationToken)
    {
        IQueryable<CrmUser> users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // User names and e-mails are matched on their normalised (upper-case) columns, names with LIKE: both are
            // case-insensitive on SQLite and on SQL Server's default collation.
            var term = query.Search.Trim();
            var pattern = "%" + term.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            var upper = "%" + term.ToUpperInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            users = users.Where(u => EF.Functions.Like(u.DisplayName, pattern, "\\")
                                     || EF.Functions.Like(u.NormalizedUserName!, upper, "\\")
                                     || EF.Functions.Like(u.NormalizedEmail!, upper, "\\"));
        }

        if (query.Role is { } role)
        {
            var normalized = role.ToUpperInvariant();
            users = users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == normalized)));
        }

        if (query.BranchId is { } branchId)
        {
            users = users.Where(u => u.BranchId == branchId);
        }

        if (query.IsActive is { } active)
        {
            users = users.Where(u => u.IsActive == active);
        }

        var rows = await users.OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize + 1)
            .ToListAsync(cancellationToken);
        var page = rows.Take(query.PageSize).ToList();
        var roles = await UserRoles.ForAsync(db, page.Select(u => u.Id).ToList(), cancellationToken);
        var now = clock.GetUtcNow();
        long? total = query.IncludeTotal ? await users.LongCountAsync(cancellationToken) : null;
        return new PagedResult<UserResponse>(
            page.Select(u => UserResponse.From(u, roles.GetValueOrDefault(u.Id) ?? [], now)).ToList(),
            query.Page, query.PageSize, rows.Count > query.PageSize, null, total);
    }
}

internal sealed record GetUserQuery(Guid Id) : IRequest<UserResponse>;

internal sealed class GetUserHandler(CrmIdentityDbContext db, TimeProvider clock) : IRequestHandler<GetUserQuery, UserResponse>
{
    public async Task<UserResponse> Handle(GetUserQuery query, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == query.Id, cancellationToken)
                   ?? throw new NotFoundException($"User {query.Id} does not exist.");
        return UserResponse.From(user, await UserRoles.OfAsync(db, user.Id, cancellationToken), clock.GetUtcNow());
    }
}
