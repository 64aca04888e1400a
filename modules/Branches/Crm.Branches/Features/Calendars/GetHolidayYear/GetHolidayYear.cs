using Crm.Branches.Features.Calendars.Shared;
using Crm.Branches.Persistence;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Branches.Features.Calendars.GetHolidayYear;

internal sealed record GetHolidayYearQuery(int Year) : IRequest<HolidayYearResponse>;

/// <summary>One year's 休/班 dates; <see cref="Version"/> 0 and no dates while the year has not been filed.</summary>
internal sealed record HolidayYearResponse(int Year, long Version, IReadOnlyList<CalendarDateDto> Dates, IReadOnlyList<int> MissingYears) : IVersioned;

internal sealed class GetHolidayYearHandler(BranchesDbContext db, TimeProvider clock) : IRequestHandler<GetHolidayYearQuery, HolidayYearResponse>
{
    public async Task<HolidayYearResponse> Handle(GetHolidayYearQuery query, CancellationToken cancellationToken)
    {
        var year = await db.HolidayYears.AsNoTracking().FirstOrDefaultAsync(y => y.Year == query.Year, cancellationToken);
        return new HolidayYearResponse(
            query.Year,
            year?.Version ?? 0,
            (year?.DateList ?? []).Select(d => new CalendarDateDto(d.Date, d.Kind.ToString(), d.Name)).ToList(),
            await CalendarDays.MissingYearsAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken));
    }
}

internal static class GetHolidayYearEndpoint
{
    internal static RouteHandlerBuilder MapGetHolidayYear(this IEndpointRouteBuilder app) =>
        app.MapGet("/calendars/years/{year:int}", async Task<Ok<HolidayYearResponse>> (int year, IMediator mediator, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var result = await mediator.Send(new GetHolidayYearQuery(year), cancellationToken);
                return Versioning.Ok(response, result);
            })
            .WithName("GetHolidayYear")
            .WithSummary("A year's public holidays (DayOff, 休) and make-up working days (WorkingDay, 班); the ETag is its version (0: not filed yet)")
            .RequireAuthorization(CrmPolicies.OrganisationRead);
}
