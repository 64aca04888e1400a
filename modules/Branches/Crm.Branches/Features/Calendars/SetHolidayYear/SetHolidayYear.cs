using System.Text.Json.Serialization;
using Crm.Branches.Domain;
using Crm.Branches.Features.Calendars.GetHolidayYear;
using Crm.Branches.Features.Calendars.Shared;
using Crm.Branches.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Branches.Features.Calendars.SetHolidayYear;

/// <summary>
/// Replaces a year's 休/班 dates, either as a list or imported as text lines copied from the State Council's notice
/// ("2027-02-07 班 春节调休"). The whole year is replaced in one save, so a bad line changes nothing.
/// </summary>
internal sealed record SetHolidayYearCommand(IReadOnlyList<CalendarDateDto>? Dates, string? Text, long? Version) : IRequest<HolidayYearResponse>
{
    [JsonIgnore]
    public int Year { get; init; }
}

internal sealed class SetHolidayYearValidator : AbstractValidator<SetHolidayYearCommand>
{
    public SetHolidayYearValidator()
    {
        RuleFor(c => c.Year).InclusiveBetween(2000, 2100).WithMessage("Year must be between 2000 and 2100.");
        RuleFor(c => c.Version).NotNull()
            .WithMessage("Send the version you edited, as the If-Match header (the ETag) or a 'version' field, so a concurrent change is not overwritten.");
        RuleFor(c => c.Text).Null().When(c => c.Dates is not null).WithMessage("Send the dates as a list or as text lines, not both.");
        RuleForEach(c => c.Dates).ChildRules(date =>
        {
            date.RuleFor(d => d.Date).NotNull().WithMessage("Date is required.");
            date.RuleFor(d => d.Kind).Must(k => CalendarDays.TryParseKind(k, out _)).WithMessage("Kind is DayOff (休) or WorkingDay (班).");
            date.RuleFor(d => d.Name).MaximumLength(100).WithMessage("Name is at most 100 characters.");
        });
        RuleForEach(c => c.Dates).Must((command, date) => date.Date is not { } d || d.Year == command.Year)
            .WithMessage("Every date must lie in the year it is filed under.");
        RuleFor(c => c.Dates).Must(dates => dates!.Where(d => d.Date is not null).GroupBy(d => d.Date).All(g => g.Count() == 1))
            .When(c => c.Dates is not null).WithMessage("A date appears twice.");
        RuleFor(c => c.Text).Custom((text, context) =>
        {
            if (text is null)
            {
                return;
            }

            var dates = CalendarDays.ParseLines(text, out _);
            if (dates is null)
            {
                context.AddFailure("text", "Each line is a date, 休 or 班, and an optional name, e.g. 2027-02-07 班 春节调休.");
            }
            else if (dates.Any(d => d.Date.Year != context.InstanceToValidate.Year))
            {
                context.AddFailure("text", "Every date must lie in the year it is filed under.");
            }
            else if (dates.GroupBy(d => d.Date).Any(g => g.Count() > 1))
            {
                context.AddFailure("text", "A date appears twice.");
            }
        });
    }
}

internal sealed class SetHolidayYearHandler(BranchesDbContext db, IMediator mediator, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<SetHolidayYearCommand, HolidayYearResponse>
{
    public async Task<HolidayYearResponse> Handle(SetHolidayYearCommand command, CancellationToken cancellationToken)
    {
        var year = await db.HolidayYears.FirstOrDefaultAsync(y => y.Year == command.Year, cancellationToken);
        Versioning.EnsureCurrent("calendar", year?.Version ?? 0, command.Version);
        var dates = command.Text is { } text
            ? CalendarDays.ParseLines(text, out _)!
            : (command.Dates ?? []).Select(d => new CalendarDate(d.Date!.Value, CalendarDays.TryParseKind(d.Kind, out var kind) ? kind : default, d.Name?.Trim() ?? "")).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        if (year is null)
        {
            db.HolidayYears.Add(HolidayYear.Create(command.Year, dates, user.Id, now));
        }
        else
        {
            year.Replace(dates, user.Id, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return await mediator.Send(new GetHolidayYearQuery(command.Year), cancellationToken);
    }
}

internal static class SetHolidayYearEndpoint
{
    internal static RouteHandlerBuilder MapSetHolidayYear(this IEndpointRouteBuilder app) =>
        app.MapPut("/calendars/years/{year:int}", async Task<Ok<HolidayYearResponse>> (int year, SetHolidayYearCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var result = await mediator.Send(command with { Year = year, Version = Versioning.ExpectedVersion(request, command.Version) }, cancellationToken);
                return Versioning.Ok(response, result);
            })
            .WithName("SetHolidayYear")
            .WithSummary("Replace a year's public holidays and make-up working days, as a list or imported text lines ('2027-02-07 班 春节调休'); send If-Match (0 the first time); 412 when someone else saved first")
            .RequireAuthorization(CrmPolicies.OrganisationManage)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
