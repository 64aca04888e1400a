using Crm.Branches.Features.Calendars.Shared;
using Crm.Branches.Persistence;
using Crm.Branches.PublicApi;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Branches.Features.Calendars.GetUnitCalendar;

internal sealed record GetUnitCalendarQuery(Guid UnitId) : IRequest<UnitCalendarResponse>;

/// <summary>
/// A unit's calendar as it works: its time zone, its hours per weekday ("" for a day off) and where they come from
/// (<see cref="OwnHours"/>, or inherited from <see cref="InheritedFromUnitId"/>, or from the company when that is null).
/// <see cref="Version"/> is the unit's own hours' version (0 while it has none): send it back to change them.
/// </summary>
internal sealed record UnitCalendarResponse(
    Guid UnitId,
    string TimeZone,
    bool OwnHours,
    Guid? InheritedFromUnitId,
    IReadOnlyDictionary<string, string> Hours,
    long Version,
    IReadOnlyList<int> MissingYears) : IVersioned;

internal sealed class GetUnitCalendarHandler(BranchesDbContext db, BranchesBusinessCalendar calendars, TimeProvider clock)
    : IRequestHandler<GetUnitCalendarQuery, UnitCalendarResponse>
{
    public async Task<UnitCalendarResponse> Handle(GetUnitCalendarQuery query, CancellationToken cancellationToken)
    {
        if (!await db.Units.AnyAsync(u => u.Id == query.UnitId, cancellationToken))
        {
            throw new NotFoundException($"Unit {query.UnitId} does not exist.");
        }

        var (calendar, source) = await calendars.ResolveAsync(query.UnitId, cancellationToken);
        var own = await db.UnitCalendars.AsNoTracking().FirstOrDefaultAsync(c => c.UnitId == query.UnitId, cancellationToken);
        return new UnitCalendarResponse(
            query.UnitId,
            calendar.Zone.Id,
            own is not null,
            own is null ? source.UnitId : null,
            CalendarDays.Describe(source.Week),
            own?.Version ?? 0,
            await CalendarDays.MissingYearsAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken));
    }
}

internal static class GetUnitCalendarEndpoint
{
    internal static RouteHandlerBuilder MapGetUnitCalendar(this IEndpointRouteBuilder app) =>
        app.MapGet("/calendars/units/{unitId:guid}", async Task<Ok<UnitCalendarResponse>> (Guid unitId, IMediator mediator, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var calendar = await mediator.Send(new GetUnitCalendarQuery(unitId), cancellationToken);
                return Versioning.Ok(response, calendar);
            })
            .WithName("GetUnitCalendar")
            .WithSummary("A unit's working hours (its own or inherited) in its time zone; the ETag is the version of its own hours (0: none yet)")
            .RequireAuthorization(CrmPolicies.OrganisationRead)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
