using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Records;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.BuildingBlocks.Web;

/// <summary>Turns expected failures into RFC 7807 problem details; anything else is a logged 500 without internals.</summary>
internal sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            ValidationException validation => new HttpValidationProblemDetails(
                validation.Errors
                    .GroupBy(e => JsonName(e.PropertyName))
                    .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = ServerText.Translate("One or more fields are invalid."),
            },
            BusinessRuleException rule when rule.Field is not null => new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { [JsonName(rule.Field)] = [ServerText.Message(rule)] })
            {
                Status = rule.StatusCode,
                Title = ServerText.Title(rule),
                Detail = ServerText.Message(rule),
            },
            CrmException crm => new ProblemDetails { Status = crm.StatusCode, Title = ServerText.Title(crm), Detail = ServerText.Message(crm) },
            // A versioned record lost a race after its version was checked: the same answer as a stale If-Match
            // (ADR 0066), so a client handles one status for "someone else saved first".
            DbUpdateConcurrencyException stale when stale.Entries.Any(e => e.Entity is AuditedRecord) => new ProblemDetails
            {
                Status = StatusCodes.Status412PreconditionFailed,
                Title = ServerText.Translate("The record was changed by someone else"),
                Detail = ServerText.Translate("Another change was saved first. Reload the record and apply your change again."),
            },
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = ServerText.Translate("The record was changed by someone else"),
                Detail = ServerText.Translate("Another change was saved first. Reload the record and apply your change again."),
            },
            // Two writes raced for one value of a unique custom field: both passed the check, the unique index stopped the
            // second. The same 422 field error as the check gives (ADR 0121).
            DbUpdateException lost when lost is not DbUpdateConcurrencyException && UniqueCustomField(lost) is { } key => new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { [CustomFields.CustomFieldValues.ErrorKey(key)] = [ServerText.Translate("Another record already has this value.")] })
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = ServerText.Translate("Business rule violated"),
                Detail = ServerText.Translate("Another record already has this value."),
            },
            BadHttpRequestException bad => UnreadableRequest.Describe(bad),
            _ => null,
        };

        if (problem is null)
        {
            return false;
        }

        if (exception is ConflictException { Existing: { } existing })
        {
            problem.Extensions["existing"] = existing;
        }

        httpContext.Response.StatusCode = problem.Status ?? 500;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static string? UniqueCustomField(DbUpdateException exception) =>
        exception.Entries.Select(e => e.Entity).OfType<CustomFields.CustomFieldValue>().FirstOrDefault(v => v.UniqueKey is not null)?.FieldKey;

    /// <summary>"Contacts[0].Email" → "contacts[0].email", matching the camelCase JSON the client sent.</summary>
    private static string JsonName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
