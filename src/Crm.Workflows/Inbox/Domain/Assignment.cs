using Crm.Workflows.Inbox.Services;

namespace Crm.Workflows.Inbox.Domain;

/// <summary>
/// Who a task is for, written by a process owner as one text (an input or an approver in a list):
/// <list type="bullet">
/// <item><c>{user id}</c>: that person;</item>
/// <item><c>manager-of:{user id}</c>: that person's manager in the staff directory;</item>
/// <item><c>role:{Role}</c>: the queue of everyone in the role (e.g. <c>role:BranchManager</c>);</item>
/// <item><c>branch:{branch id}</c>: the branch's queue; <c>role:{Role}@branch:{branch id}</c>: the role's queue in that branch.</item>
/// </list>
/// </summary>
internal sealed record Assignment(Guid? UserId, string? Role, Guid? BranchId)
{
    public const string Syntax = "a user id, manager-of:<user id>, role:<Role>, branch:<branch id> or role:<Role>@branch:<branch id>";

    public static async Task<(Assignment? Assignment, string? Error)> ResolveAsync(string? text, StaffLookup staff, CancellationToken cancellationToken)
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

        if (value.StartsWith("manager-of:", StringComparison.OrdinalIgnoreCase))
        {
            if (!Guid.TryParse(value["manager-of:".Length..], out var subordinate))
            {
                return (null, $"'{value}' is not manager-of:<user id>.");
            }

            var member = await staff.FindAsync(subordinate, cancellationToken);
            return member?.ManagerId is { } manager
                ? (new Assignment(manager, null, null), null)
                : (null, member is null
                    ? $"'{value}': user {subordinate} is not in the staff directory, so their manager is unknown."
                    : $"'{value}': {member.DisplayName} has no manager in the staff directory.");
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
            else
            {
                return (null, $"'{value}' is not {Syntax}.");
            }
        }

        return (new Assignment(null, role, branch), null);
    }
}
