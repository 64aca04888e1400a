using Crm.Branches.Features.Calendars.Shared;
using Crm.Branches.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Crm.Branches.Calendars;

/// <summary>
/// Warns when this year's or next year's public holidays and make-up working days have not been filed: without them due
/// times run straight through the Spring Festival. It stays Healthy (the product works, only due times are off) and says
/// so in /health/details and the log, where an administrator looks (ADR 0102).
/// </summary>
internal sealed partial class BusinessCalendarHealthCheck(BranchesDbContext db, TimeProvider clock, ILogger<BusinessCalendarHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var missing = await CalendarDays.MissingYearsAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken);
        if (missing.Count == 0)
        {
            return HealthCheckResult.Healthy("Public holidays and make-up working days are filed for this year and the next.");
        }

        var years = string.Join(", ", missing);
        LogMissing(logger, years);
        return HealthCheckResult.Healthy(
            $"Warning: the public holidays and make-up working days (休/班) for {years} are missing; file them under /organisation/calendars.",
            new Dictionary<string, object> { ["missingYears"] = missing });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Business calendar: the public holidays and make-up working days for {Years} are missing; due times will count those days as ordinary ones.")]
    private static partial void LogMissing(ILogger logger, string years);
}
