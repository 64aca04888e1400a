using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.Identity.Features.ApiKeys;
using Crm.Identity.Features.Audit;
using Crm.Identity.Features.Roles;
using Crm.Identity.Features.Users;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Identity.Features;

/// <summary>User, role, API key and audit administration: every route needs <see cref="CrmPolicies.Administration"/>.</summary>
internal static class AdministrationEndpoints
{
    internal static void MapAdministrationEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(CrmPolicies.Administration);
        users.MapGet("/", async (IMediator m, CancellationToken ct, string? search, string? role, Guid? branchId, bool? isActive, int? page, int? pageSize, bool? includeTotal) =>
                TypedResults.Ok(await m.Send(new ListUsersQuery(search, role, branchId, isActive, page ?? 1, pageSize ?? 25, includeTotal ?? false), ct)))
            .WithName("ListUsers")
            .WithSummary("Users by display name; search in user name, display name and e-mail; filter by role, branch, active")
            .ProducesValidationProblem();
        users.MapGet("/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new GetUserQuery(id), ct)))
            .WithName("GetUser")
            .WithSummary("One user with roles, manager, branch, lockout state and concurrency stamp")
            .ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPost("/", async (CreateUserCommand command, IMediator m, CancellationToken ct) =>
            {
                var created = await m.Send(command, ct);
                return TypedResults.Created($"/api/users/{created.Id}", created);
            })
            .WithName("CreateUser")
            .WithSummary("Create a user with an initial password and roles (400 for password rules, 409 for a taken user name)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        users.MapPut("/{id:guid}", async (Guid id, UpdateUserCommand command, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(command with { Id = id }, ct)))
            .WithName("UpdateUser")
            .WithSummary("Replace profile, roles, manager, branch and active flag; send concurrencyStamp to get 412 on a concurrent edit")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        users.MapPost("/{id:guid}/password", async (Guid id, ResetPasswordCommand command, IMediator m, CancellationToken ct) =>
            {
                await m.Send(command with { Id = id }, ct);
                return TypedResults.NoContent();
            })
            .WithName("ResetUserPassword")
            .WithSummary("Set a new password for a user (their sessions end)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPost("/{id:guid}/unlock", async (Guid id, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new UnlockUserCommand(id), ct)))
            .WithName("UnlockUser")
            .WithSummary("End a lockout after too many failed sign-ins")
            .ProducesProblem(StatusCodes.Status404NotFound);

        users.MapGet("/{id:guid}/api-keys", async (Guid id, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new ListApiKeysQuery(id), ct)))
            .WithName("ListApiKeys")
            .WithSummary("The user's API keys (never the secret), newest first")
            .ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPost("/{id:guid}/api-keys", async (Guid id, CreateApiKeyCommand command, IMediator m, CancellationToken ct) =>
            {
                var created = await m.Send(command with { UserId = id }, ct);
                return TypedResults.Created($"/api/users/{id}/api-keys/{created.ApiKey.Id}", created);
            })
            .WithName("CreateApiKey")
            .WithSummary("Issue an API key acting as this user; the key is in the answer once and never again")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        users.MapDelete("/{id:guid}/api-keys/{keyId:guid}", async (Guid id, Guid keyId, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new RevokeApiKeyCommand(id, keyId), ct)))
            .WithName("RevokeApiKey")
            .WithSummary("Revoke an API key (it stops working at once; the record stays for the audit)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/roles", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new ListRolesQuery(), ct)))
            .WithTags("Users")
            .WithName("ListRoles")
            .WithSummary("The roles with their descriptions and how many active users hold each")
            .RequireAuthorization(CrmPolicies.Administration);

        app.MapGet("/api/identity/audit", async (IMediator m, CancellationToken ct, Guid? userId, string? entity, string? action, DateTime? from, DateTime? to, int? page, int? pageSize) =>
                TypedResults.Ok(await m.Send(new IdentityAuditQuery(userId, entity, action, page ?? 1, pageSize ?? 50, from, to), ct)))
            .WithTags("Users")
            .WithName("IdentityAuditLog")
            .WithSummary("Sign-ins and changes to users, API keys and dictionaries, newest first; filter by userId, entity (SignIn, User, ApiKey, Dictionary, DictionaryEntry), action, from/to (UTC)")
            .ProducesValidationProblem()
            .RequireAuthorization(CrmPolicies.Administration);
    }
}
