using Crm.Identity.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Identity.Features.Roles;

/// <summary>A role with how many active users hold it.</summary>
internal sealed record RoleResponse(string Name, string Description, int ActiveUsers);

internal sealed record ListRolesQuery : IRequest<IReadOnlyList<RoleResponse>>;

internal sealed class ListRolesHandler(CrmIdentityDbContext db) : IRequestHandler<ListRolesQuery, IReadOnlyList<RoleResponse>>
{
    public async Task<IReadOnlyList<RoleResponse>> Handle(ListRolesQuery query, CancellationToken cancellationToken)
    {
        var roles = await db.Roles.AsNoTracking()
            .Select(r => new
            {
                r.Id,
                r.Name,
                r.Description,
                Count = db.UserRoles.Count(ur => ur.RoleId == r.Id && db.Users.Any(u => u.Id == ur.UserId && u.IsActive)),
            })
            .ToListAsync(cancellationToken);

        // The product's order (Administrator first), not the alphabet.
        var order = RoleCatalog.All.Select(r => r.Id).ToList();
        return roles.OrderBy(r => order.IndexOf(r.Id) is var i && i < 0 ? int.MaxValue : i)
            .Select(r => new RoleResponse(r.Name!, r.Description, r.Count))
            .ToList();
    }
}
