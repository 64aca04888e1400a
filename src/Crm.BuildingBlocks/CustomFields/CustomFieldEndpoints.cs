using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.BuildingBlocks.CustomFields;

/// <summary>
/// <c>/api/custom-fields</c>: any signed-in person reads the definitions (forms and lists need them); administrators and
/// implementers (<see cref="CrmPolicies.SystemSetup"/>) add, change, reorder and retire them.
/// </summary>
internal static class CustomFieldEndpoints
{
    internal static IEndpointRouteBuilder MapCustomFields(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/custom-fields").WithTags("Custom fields").RequireAuthorization(CrmPolicies.SignedIn);

        group.MapGet("/", (CustomFieldAdministration fields) => TypedResults.Ok(fields.Entities()))
            .WithName("ListCustomFieldEntities")
            .WithSummary("The record types of the enabled modules that take custom fields");

        group.MapGet("/{entityType}", async Task<Ok<IReadOnlyList<CustomFieldResponse>>> (string entityType, bool? includeRetired, CustomFieldAdministration fields, CancellationToken cancellationToken) =>
                TypedResults.Ok(await fields.ListAsync(entityType, includeRetired ?? false, cancellationToken)))
            .WithName("ListCustomFields")
            .WithSummary("The custom fields of a record type in display order (retired ones with includeRetired=true)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{entityType}", async Task<Created<CustomFieldResponse>> (string entityType, AddCustomFieldRequest request, CustomFieldAdministration fields, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var added = await fields.AddAsync(entityType, request, cancellationToken);
                return Versioning.Created(response, $"/api/custom-fields/{entityType}/{added.Key}", added);
            })
            .WithName("AddCustomField")
            .WithSummary("Add a field to a record type (text, longText, number, money, date, dateTime, singleChoice, multipleChoice, person, unit, yesNo)")
            .RequireAuthorization(CrmPolicies.SystemSetup)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapPut("/{entityType}/{key}", async Task<Ok<CustomFieldResponse>> (string entityType, string key, ChangeCustomFieldRequest request, CustomFieldAdministration fields, HttpRequest http, HttpResponse response, CancellationToken cancellationToken) =>
                Versioning.Ok(response, await fields.ChangeAsync(entityType, key, request, Versioning.ExpectedVersion(http, request.Version), cancellationToken)))
            .WithName("ChangeCustomField")
            .WithSummary("Change a field's labels, help text or whether it is required (If-Match); its key, type and uniqueness never change")
            .RequireAuthorization(CrmPolicies.SystemSetup)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        group.MapPost("/{entityType}/{key}/retire", async Task<Ok<CustomFieldResponse>> (string entityType, string key, CustomFieldAdministration fields, HttpResponse response, CancellationToken cancellationToken) =>
                Versioning.Ok(response, await fields.RetireAsync(entityType, key, retired: true, cancellationToken)))
            .WithName("RetireCustomField")
            .WithSummary("Retire a field: its values are kept and still shown, it takes no new input")
            .RequireAuthorization(CrmPolicies.SystemSetup)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{entityType}/{key}/restore", async Task<Ok<CustomFieldResponse>> (string entityType, string key, CustomFieldAdministration fields, HttpResponse response, CancellationToken cancellationToken) =>
                Versioning.Ok(response, await fields.RetireAsync(entityType, key, retired: false, cancellationToken)))
            .WithName("RestoreCustomField")
            .WithSummary("Bring a retired field back")
            .RequireAuthorization(CrmPolicies.SystemSetup)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{entityType}/reorder", async Task<Ok<IReadOnlyList<CustomFieldResponse>>> (string entityType, ReorderCustomFieldsRequest request, CustomFieldAdministration fields, CancellationToken cancellationToken) =>
                TypedResults.Ok(await fields.ReorderAsync(entityType, request, cancellationToken)))
            .WithName("ReorderCustomFields")
            .WithSummary("Put the fields in a new display order (keys in order)")
            .RequireAuthorization(CrmPolicies.SystemSetup)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return endpoints;
    }
}
