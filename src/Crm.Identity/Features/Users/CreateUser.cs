using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.Identity.Auditing;
using Crm.Identity.Domain;
using Crm.Identity.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Identity.Features.Users;

internal sealed record CreateUserCommand(
    string? UserName,
    string? DisplayName,
    string? Email,
    string? PhoneNumber,
    string? Password,
    IReadOnlyList<string>? Roles,
    Guid? ManagerId,
    Guid? BranchId,
    bool? IsActive) : IRequest<UserResponse>;

internal sealed class CreateUserValidator : AbstractValidator<CreateUserCommand>
{
    public CreateUserValidator()
    {
        UserRules.AddProfileRules(this, c => c.UserName, c => c.DisplayName, c => c.Email, c => c.PhoneNumber, c => c.Roles);
        RuleFor(c => c.Password).NotEmpty().WithMessage("An initial password is required.");
        RuleFor(c => c.ManagerId).NotEqual(Guid.Empty).WithMessage("Manager id cannot be the empty id.");
        RuleFor(c => c.BranchId).NotEqual(Guid.Empty).WithMessage("Branch id cannot be the empty id.");
    }
}

/// <summary>
/// Creates a user with its roles in one transaction: Identity checks the password rules and the unique user name; a
/// failure leaves nothing behind.
/// </summary>
internal sealed class CreateUserHandler(CrmIdentityDbContext db, UserManager<CrmUser> users, IdentityAudit audit, TimeProvider clock)
    : IRequestHandler<CreateUserCommand, UserResponse>
{
    public async Task<UserResponse> Handle(CreateUserCommand command, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        await UserRules.CheckManagerAsync(db, id, command.ManagerId, cancellationToken);
        var roles = UserRules.Canonical(command.Roles);
        var now = clock.GetUtcNow();
        var user = new CrmUser
        {
            Id = id,
            UserName = command.UserName!.Trim(),
            DisplayName = command.DisplayName!.Trim(),
            Email = string.IsNullOrWhiteSpace(command.Email) ? null : command.Email.Trim(),
            PhoneNumber = string.IsNullOrWhiteSpace(command.PhoneNumber) ? null : command.PhoneNumber.Trim(),
            ManagerId = command.ManagerId,
            BranchId = command.BranchId,
            IsActive = command.IsActive ?? true,
            CreatedAtUtc = now.UtcDateTime,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            UserRules.ThrowIfFailed(await users.CreateAsync(user, command.Password!));
        }
        catch (DbUpdateException)
        {
            // Two administrators creating the same user name at once: Identity's check passed for both, the unique
            // index stopped the second.
            if (await NameTakenAsync(user.UserName!, cancellationToken))
            {
                throw new ConflictException($"User name '{user.UserName}' is already taken.");
            }

            throw;
        }

        if (roles.Count > 0)
        {
            UserRules.ThrowIfFailed(await users.AddToRolesAsync(user, roles));
            audit.UserChange(user.Id, IdentityAudit.Actions.RolesChanged, new { before = Array.Empty<string>(), after = roles });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return UserResponse.From(user, roles, now);
    }

    private async Task<bool> NameTakenAsync(string userName, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var normalized = users.NormalizeName(userName);
        return await db.Users.AsNoTracking().AnyAsync(u => u.NormalizedUserName == normalized, cancellationToken);
    }
}

/// <summary>Ensures a user exists with the given roles; used by the demo seed and the first administrator.</summary>
internal static class UserProvisioning
{
    public static async Task<bool> EnsureAsync(
        CrmIdentityDbContext db, UserManager<CrmUser> users, CrmUser user, string password, IReadOnlyList<string> roles, DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (await users.FindByNameAsync(user.UserName!) is not null || await users.FindByIdAsync(user.Id.ToString()) is not null)
        {
            return false;
        }

        user.CreatedAtUtc = nowUtc;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        UserRules.ThrowIfFailed(await users.CreateAsync(user, password));
        UserRules.ThrowIfFailed(await users.AddToRolesAsync(user, roles.Where(r => CrmRoles.All.Contains(r)).ToList()));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
