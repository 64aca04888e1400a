using Crm.Branches.Features.Calendars.Shared;
using Crm.Branches.Persistence;
using Crm.BuildingBlocks.Calendars;
using Crm.BuildingBlocks.Identity;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Branches.Features.Calendars.GetCalendars;

internal sealed record GetCalendarsQuery : IRequest<CalendarsOverview>;

/// <summary>The years with 休/班 lists, the years missing (this and next), the company calendar, and which units set their own hours.</summary>
internal sealed record CalendarsOverview(
    IReadOnlyList<HolidayYearSummary> Years,
    IReadOnlyList<int> MissingYears,
    string CompanyTimeZone,
    IReadOnlyDictionary<string, string> CompanyHours,
    IReadOnlyList<Guid> UnitsWithOwnHours);

internal sealed record HolidayYearSummary(int Year, int DaysOff, int WorkingDays, long Version);

internal sealed class GetCalendarsHandler(BranchesDbContext db, CompanyBusinessCalendar company, TimeProvider clock)
    : IRequestHandler<GetCalendarsQuery, CalendarsOverview>
{
    public async Task<CalendarsOverview> Handle(GetCalendarsQuery query, CancellationToken cancellationToken)
    {
        var years = (await db.HolidayYears.AsNoTracking().OrderBy(y => y.Year).ToListAsync(cancellationToken))
            .Select(y => new HolidayYearSummary(y.Year, y.DateList.Count(d => d.Kind == CalendarDayKind.DayOff), y.DateList.Count(d => d.Kind == CalendarDayKind.WorkingDay), y.Version))
            .ToList();
        var units = await db.UnitCalendars.AsNoTracking().Select(c => c.UnitId).ToListAsync(cancellationToken);
        return new CalendarsOverview(
            years,
            await CalendarDays.MissingYearsAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken),
            company.Zone.Id,
            CalendarDays.Describe(company.Week),
            units);
    }
}

internal static class GetCalendarsEndpoint
{
    internal static RouteHandlerBuilder MapGetCalendars(this IEndpointRouteBuilder app) =>
        app.MapGet("/calendars", async Task<Ok<CalendarsOverview>> (IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new GetCalendarsQuery(), cancellationToken)))
            .WithName("GetCalendars")
            .WithSummary("Business calendars: the years with public holidays and make-up working days, the years missing, the company hours")
            .RequireAuthorization(CrmPolicies.OrganisationRead);
}
