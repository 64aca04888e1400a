using System.Text.Json.Serialization;
using Crm.Branches.Domain;
using Crm.Branches.Features.Calendars.GetUnitCalendar;
using Crm.Branches.Features.Calendars.Shared;
using Crm.Branches.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Calendars;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Branches.Features.Calendars.SetUnitHours;

/// <summary>
/// A unit's own working hours: per weekday name a list of periods ("09:00-12:00,13:00-18:00"; "" or left out: no
/// work). No hours at all (null or empty) removes the unit's own, so it inherits from above again.
/// </summary>
internal sealed record SetUnitHoursCommand(IReadOnlyDictionary<string, string?>? Hours, long? Version) : IRequest<UnitCalendarResponse>
{
    [JsonIgnore]
    public Guid UnitId { get; init; }
}

internal sealed class SetUnitHoursValidator : AbstractValidator<SetUnitHoursCommand>
{
    public SetUnitHoursValidator()
    {
        RuleFor(c => c.Version).NotNull()
            .WithMessage("Send the version you edited, as the If-Match header (the ETag) or a 'version' field, so a concurrent change is not overwritten.");
        RuleFor(c => c.Hours).Custom((hours, context) =>
        {
            if (hours is null || hours.Count == 0)
            {
                return;
            }

            var anyWork = false;
            var failed = false;
            foreach (var (day, text) in hours)
            {
                if (!CalendarDays.WeekdayNames.Contains(day, StringComparer.OrdinalIgnoreCase))
                {
                    context.AddFailure($"hours.{day}", "Each day of the hours is a weekday in English, Monday to Sunday.");
                    failed = true;
                }
                else if (!WeekHours.TryParseDay(text, out var periods, out _))
                {
                    context.AddFailure($"hours.{day}", "A day's hours are periods such as 09:00-12:00,13:00-18:00, each ending after it starts, none overlapping.");
                    failed = true;
                }
                else
                {
                    anyWork |= periods.Count > 0;
                }
            }

            if (!anyWork && !failed)
            {
                context.AddFailure("hours", "A unit's own hours need working time on at least one weekday; send no hours to inherit them instead.");
            }
        });
    }
}

internal sealed class SetUnitHoursHandler(BranchesDbContext db, IMediator mediator, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<SetUnitHoursCommand, UnitCalendarResponse>
{
    public async Task<UnitCalendarResponse> Handle(SetUnitHoursCommand command, CancellationToken cancellationToken)
    {
        if (!await db.Units.AnyAsync(u => u.Id == command.UnitId, cancellationToken))
        {
            throw new NotFoundException($"Unit {command.UnitId} does not exist.");
        }

        var own = await db.UnitCalendars.FirstOrDefaultAsync(c => c.UnitId == command.UnitId, cancellationToken);
        Versioning.EnsureCurrent("calendar", own?.Version ?? 0, command.Version);
        var now = clock.GetUtcNow().UtcDateTime;
        if (command.Hours is not { Count: > 0 } hours)
        {
            if (own is not null)
            {
                db.UnitCalendars.Remove(own);
            }
        }
        else
        {
            var week = hours.ToDictionary(
                h => Enum.Parse<DayOfWeek>(h.Key, ignoreCase: true),
                h => WeekHours.TryParseDay(h.Value, out var periods, out _) ? periods : []);
            if (own is null)
            {
                db.UnitCalendars.Add(UnitCalendar.Create(command.UnitId, week, user.Id, now));
            }
            else
            {
                own.Change(week, user.Id, now);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return await mediator.Send(new GetUnitCalendarQuery(command.UnitId), cancellationToken);
    }
}

internal static class SetUnitHoursEndpoint
{
    internal static RouteHandlerBuilder MapSetUnitHours(this IEndpointRouteBuilder app) =>
        app.MapPut("/calendars/units/{unitId:guid}", async Task<Ok<UnitCalendarResponse>> (Guid unitId, SetUnitHoursCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var calendar = await mediator.Send(command with { UnitId = unitId, Version = Versioning.ExpectedVersion(request, command.Version) }, cancellationToken);
                return Versioning.Ok(response, calendar);
            })
            .WithName("SetUnitHours")
            .WithSummary("Set a unit's own working hours per weekday (no hours: inherit from above again); send If-Match with the ETag (0 the first time); 412 when someone else saved first")
            .RequireAuthorization(CrmPolicies.OrganisationManage)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
