using Crm.BuildingBlocks.Identity;
using Crm.Identity.Domain;
using Crm.Identity.Features.Users;
using Crm.Identity.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Identity;

/// <summary>Operations the host's command-line verbs run.</summary>
public static class IdentityCommands
{
    /// <summary>What <see cref="CreateAdministratorAsync"/> did.</summary>
    public sealed record Result(bool Created, string Message);

    /// <summary>
    /// Creates an active administrator, unless a user with that name exists (then nothing changes: the verb never
    /// resets an existing password). Password rules apply; a violation is reported in <see cref="Result.Message"/>.
    /// </summary>
    public static async Task<Result> CreateAdministratorAsync(
        IServiceProvider services, string userName, string password, string? displayName, string? email, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmIdentityDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        var name = userName.Trim();
        if (await users.FindByNameAsync(name) is not null)
        {
            return new Result(false, $"User '{name}' already exists; nothing changed.");
        }

        var user = new CrmUser { Id = Guid.NewGuid(), UserName = name, DisplayName = string.IsNullOrWhiteSpace(displayName) ? name : displayName.Trim(), Email = email };
        try
        {
            await UserProvisioning.EnsureAsync(db, users, user, password, [CrmRoles.Administrator], scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, cancellationToken);
        }
        catch (FluentValidation.ValidationException ex)
        {
            return new Result(false, "The administrator was not created: " + string.Join(" ", ex.Errors.Select(e => e.ErrorMessage)));
        }
        catch (Exception ex) when (ex is Microsoft.EntityFrameworkCore.DbUpdateException or BuildingBlocks.Application.ConflictException)
        {
            // Several hosts started together with the same Identity:Bootstrap: one of them created it.
            return new Result(false, $"User '{name}' was created at the same moment by another host; nothing changed.");
        }

        return new Result(true, $"Administrator '{name}' created.");
    }
}
