using Crm.Identity.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Crm.Host;

/// <summary>
/// What a client generated from <c>/openapi/v1.json</c> must know beyond the routes (issue 12.26, ADR 0078): how to
/// authenticate (the sign-in cookie for people, the <c>X-Api-Key</c> header for integrations), which operations need it,
/// and that every operation can fail with RFC 7807 problem details (401/403 where sign-in is needed, 400 for bad input,
/// 429 on the public form). Applied to every operation, so a module's new routes are covered without extra code.
/// </summary>
internal static class OpenApiDocumentation
{
    public const string CookieScheme = "cookie";
    public const string ApiKeyScheme = "apiKey";

    public static IServiceCollection AddCrmOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Crm.Modular API";
                document.Info.Description = "Customers, sales, contracts, service and the workflows that connect them. Errors are RFC 7807 problem details.";
                document.Info.License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" };
                // The server is the address the document was asked at; without the trailing slash a client appends
                // "/api/..." to it and gets one slash, not two.
                foreach (var server in document.Servers ?? [])
                {
                    server.Url = server.Url?.TrimEnd('/');
                }

                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Cookie,
                    Name = CrmAuthenticationSchemes.CookieName,
                    Description = "The sign-in cookie a browser gets from POST /api/identity/sign-in (people).",
                };
                document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = CrmAuthenticationSchemes.ApiKeyHeader,
                    Description = "An API key created by an administrator (integrations); it acts with the roles of its user.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(DescribeSecurityAndErrorsAsync);
            // The fields are data (administrators add them at run time), so the document points at where they are listed
            // rather than freezing today's fields into a generated client (ADR 0121).
            o.AddSchemaTransformer((schema, _, _) =>
            {
                if (schema.Properties is { } properties && properties.TryGetValue("customFields", out var customFields) && customFields is OpenApiSchema described)
                {
                    described.Description =
                        "Custom-field values by field key. The fields of each record type, with their types, labels and rules, are listed at "
                        + "GET /api/custom-fields/{entityType} (account, lead, opportunity, …). Values: text, number, { amount, currency } for money, "
                        + "yyyy-MM-dd for a date, UTC ISO 8601 for a date-time, a dictionary code (or an array of codes) for a choice, a user or unit id, "
                        + "true/false. On update only the keys sent change; null clears. Errors are keyed custom.<key>.";
                }

                return Task.CompletedTask;
            });
        });

    private static async Task DescribeSecurityAndErrorsAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var authorized = !anonymous && metadata.OfType<IAuthorizeData>().Any();
        operation.Responses ??= new OpenApiResponses();

        var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
        void Problem(int status, string description)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!operation.Responses.ContainsKey(key))
            {
                operation.Responses[key] = new OpenApiResponse
                {
                    Description = description,
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
                };
            }
        }

        if (authorized)
        {
            // Either scheme will do: two requirement objects are alternatives in OpenAPI.
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, context.Document)] = [] });
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] });
            Problem(StatusCodes.Status401Unauthorized, "Not signed in, or the API key is unknown, expired or revoked.");
            Problem(StatusCodes.Status403Forbidden, "Signed in without the role this operation needs.");
        }
        else
        {
            // Anonymous: say so explicitly, so a global requirement (if one is ever added) does not apply.
            operation.Security = [];
        }

        if (context.Description.ParameterDescriptions.Count > 0 || context.Description.SupportedRequestFormats.Count > 0)
        {
            Problem(StatusCodes.Status400BadRequest, "The request is malformed or fails validation; field errors are listed under 'errors'.");
        }

        if (metadata.OfType<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>().Any())
        {
            Problem(StatusCodes.Status429TooManyRequests, "Too many requests from this address; see Retry-After.");
        }
    }
}
