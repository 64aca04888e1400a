using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.Plugins.Notifications.Domain;
using Crm.Plugins.Notifications.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Plugins.Notifications.Features;

internal sealed record NotificationResponse(Guid Id, string Recipient, string Title, string? Body, string? Link, DateTime CreatedAt, DateTime? ReadAt, EmailStatus EmailStatus, string? EmailError);

internal static class NotificationEndpoints
{
    /// <summary>
    /// The signed-in user's own notifications only: the recipient is always the caller (the user id a workflow's
    /// "Send notification" addressed), never a parameter, so nobody reads or marks someone else's.
    /// </summary>
    internal static void MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", ListAsync)
            .WithName("ListNotifications")
            .WithSummary("Your notifications, newest first")
            .RequireAuthorization(CrmPolicies.SignedIn)
            .ProducesValidationProblem();
        app.MapGet("/unread-count", UnreadCountAsync)
            .WithName("UnreadNotificationCount")
            .WithSummary("How many unread notifications you have (for the badge)")
            .RequireAuthorization(CrmPolicies.SignedIn);
        app.MapPost("/{id:guid}/read", MarkReadAsync)
            .WithName("MarkNotificationRead")
            .WithSummary("Mark one of your notifications as read")
            .RequireAuthorization(CrmPolicies.SignedIn)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<PagedResult<NotificationResponse>>, ValidationProblem>> ListAsync(
        NotificationsDbContext db, ICurrentUser user, bool? unreadOnly, int? page, int? pageSize, CancellationToken ct)
    {
        var size = pageSize ?? 20;
        var number = page ?? 1;
        if (size is < 1 or > 200 || number < 1)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["pageSize"] = ["Page starts at 1; page size is 1 to 200."] });
        }

        var who = user.Id;
        var query = db.Notifications.AsNoTracking().Where(n => n.Recipient == who);
        if (unreadOnly == true)
        {
            query = query.Where(n => n.ReadAtUtc == null);
        }

        var rows = await query.OrderByDescending(n => n.CreatedAtUtc).ThenByDescending(n => n.Id)
            .Skip((number - 1) * size).Take(size + 1)
            .Select(n => new NotificationResponse(n.Id, n.Recipient, n.Title, n.Body, n.Link, n.CreatedAtUtc, n.ReadAtUtc, n.EmailStatus, n.EmailError))
            .ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<NotificationResponse>(rows.Take(size).ToList(), number, size, rows.Count > size, null, null));
    }

    private static async Task<Ok<int>> UnreadCountAsync(UserNotifications notifications, CancellationToken ct) =>
        TypedResults.Ok(await notifications.UnreadCountAsync(ct));

    private static async Task<Ok<NotificationResponse>> MarkReadAsync(Guid id, UserNotifications notifications, CancellationToken ct)
    {
        var n = await notifications.MarkAsync(id, ct) ?? throw new NotFoundException($"Notification {id} does not exist.");
        return TypedResults.Ok(new NotificationResponse(n.Id, n.Recipient, n.Title, n.Body, n.Link, n.CreatedAtUtc, n.ReadAtUtc, n.EmailStatus, n.EmailError));
    }
}
