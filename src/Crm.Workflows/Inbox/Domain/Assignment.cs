using Crm.BuildingBlocks.PublicApi;
using Crm.Workflows.Inbox.Services;

namespace Crm.Workflows.Inbox.Domain;

/// <summary>
/// Who a task is for, written by a process owner as one text (an input or an approver in a list):
/// <list type="bullet">
/// <item><c>{user id}</c>: that person;</item>
/// <item><c>manager-of:{user id}</c>: that person's manager on their own reporting chain in the organisation
/// (<c>manager-of:{user id}:2</c>: the manager's manager), never someone of another branch (ADR 0103);</item>
/// <item><c>role:{Role}</c>: the queue of everyone in the role (e.g. <c>role:BranchManager</c>);</item>
/// <item><c>branch:{unit id}</c> or <c>unit-of:{user id}</c>: a unit's queue (the person's own unit);
/// <c>role:{Role}@branch:{unit id}</c> or <c>role:{Role}@unit-of:{user id}</c>: the role's queue in that unit.</item>
/// </list>
/// Alternatives separated by <c>|</c> are tried in order and the first that names someone wins, e.g.
/// <c>manager-of:{user id}|role:Executive</c>: the requester's manager, or head office when they have none.
/// </summary>
internal sealed record Assignment(Guid? UserId, string? Role, Guid? BranchId)
{
    public const string Syntax = "a user id, manager-of:<user id>[:levels], role:<Role>, branch:<unit id>, unit-of:<user id> or role:<Role>@branch:<unit id>; alternatives separated by |";

    private const string ManagerOf = "manager-of:";
    private const string UnitOf = "unit-of:";

    public static async Task<(Assignment? Assignment, string? Error)> ResolveAsync(string? text, StaffLookup staff, IWorkRouting routing, CancellationToken cancellationToken)
    {
        var alternatives = (text ?? "").Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (alternatives.Length <= 1)
        {
            return await ResolveOneAsync(text, staff, routing, cancellationToken);
        }

        var errors = new List<string>();
        foreach (var alternative in alternatives)
        {
            var (assignment, error) = await ResolveOneAsync(alternative, staff, routing, cancellationToken);
            if (assignment is not null)
            {
                return (assignment, null);
            }

            errors.Add(error ?? $"'{alternative}' names nobody.");
        }

        return (null, string.Join(" ", errors));
    }

    private static async Task<(Assignment? Assignment, string? Error)> ResolveOneAsync(string? text, StaffLookup staff, IWorkRouting routing, CancellationToken cancellationToken)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            return (null, null);
        }

        if (Guid.TryParse(value, out var userId))
        {
            return (new Assignment(userId, null, null), null);
        }

        if (value.StartsWith(ManagerOf, StringComparison.OrdinalIgnoreCase))
        {
            var rest = value[ManagerOf.Length..];
            var levels = 1;
            var colon = rest.LastIndexOf(':');
            if (colon > 0 && int.TryParse(rest[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                levels = n;
                rest = rest[..colon];
            }

            if (!Guid.TryParse(rest, out var subordinate) || levels < 1)
            {
                return (null, $"'{value}' is not manager-of:<user id> or manager-of:<user id>:<levels>.");
            }

            var manager = await routing.ManagerOfAsync(subordinate, levels, cancellationToken);
            if (manager is { } found)
            {
                return (new Assignment(found, null, null), null);
            }

            var member = await staff.FindAsync(subordinate, cancellationToken);
            return (null, member is null
                ? $"'{value}': user {subordinate} is not in the staff directory, so their manager is unknown."
                : $"'{value}': {member.DisplayName} has no manager {levels} level(s) up in the organisation.");
        }

        string? role = null;
        Guid? branch = null;
        foreach (var part in value.Split('@', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("role:", StringComparison.OrdinalIgnoreCase) && role is null && part.Length > 5)
            {
                role = part[5..].Trim();
            }
            else if (part.StartsWith("branch:", StringComparison.OrdinalIgnoreCase) && branch is null && Guid.TryParse(part[7..], out var b))
            {
                branch = b;
            }
            else if (part.StartsWith(UnitOf, StringComparison.OrdinalIgnoreCase) && branch is null && Guid.TryParse(part[UnitOf.Length..], out var person))
            {
                branch = await routing.UnitOfAsync(person, cancellationToken);
                if (branch is null)
                {
                    return (null, $"'{value}': user {person} belongs to no unit, so there is no unit queue to route to.");
                }
            }
            else
            {
                return (null, $"'{value}' is not {Syntax}.");
            }
        }

        return (new Assignment(null, role, branch), null);
    }
}
