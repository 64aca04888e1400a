using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.Identity.Auditing;
using Crm.Identity.Domain;
using Crm.Identity.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;

namespace Crm.Identity.Features.Users;

/// <summary>
/// Replaces a user's profile, roles, manager, branch and active flag. Send back the <c>concurrencyStamp</c> you read
/// to have a concurrent edit refused (412) instead of overwritten.
/// </summary>
internal sealed record UpdateUserCommand(
    string? UserName,
    string? DisplayName,
    string? Email,
    string? PhoneNumber,
    IReadOnlyList<string>? Roles,
    Guid? ManagerId,
    Guid? BranchId,
    bool? IsActive,
    string? ConcurrencyStamp) : IRequest<UserResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed class UpdateUserValidator : AbstractValidator<UpdateUserCommand>
{
    public UpdateUserValidator()
    {
        UserRules.AddProfileRules(this, c => c.UserName, c => c.DisplayName, c => c.Email, c => c.PhoneNumber, c => c.Roles);
        RuleFor(c => c.Roles).NotNull().WithMessage("Send the complete list of roles (an empty list removes all).");
        RuleFor(c => c.IsActive).NotNull().WithMessage("isActive is required.");
        RuleFor(c => c.ManagerId).NotEqual(Guid.Empty).WithMessage("Manager id cannot be the empty id.");
        RuleFor(c => c.BranchId).NotEqual(Guid.Empty).WithMessage("Branch id cannot be the empty id.");
    }
}

internal sealed class UpdateUserHandler(CrmIdentityDbContext db, UserManager<CrmUser> users, IdentityAudit audit, ICurrentUser current, TimeProvider clock)
    : IRequestHandler<UpdateUserCommand, UserResponse>
{
    public async Task<UserResponse> Handle(UpdateUserCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(command.Id.ToString()) ?? throw new NotFoundException($"User {command.Id} does not exist.");
        if (command.ConcurrencyStamp is { } stamp && stamp != user.ConcurrencyStamp)
        {
            throw new PreconditionFailedException("The user was changed by someone else. Reload it and apply your change again.");
        }

        var before = await UserRoles.OfAsync(db, user.Id, cancellationToken);
        var after = UserRules.Canonical(command.Roles);
        var active = command.IsActive!.Value;
        if (!active && current.UserId == user.Id)
        {
            throw new BusinessRuleException("You cannot deactivate yourself.", "isActive");
        }

        var losesAdministration = before.Contains(CrmRoles.Administrator) && user.IsActive && (!active || !after.Contains(CrmRoles.Administrator));
        if (losesAdministration)
        {
            await UserRules.CheckKeepsAnAdministratorAsync(db, user.Id, cancellationToken);
        }

        await UserRules.CheckManagerAsync(db, user.Id, command.ManagerId, cancellationToken);
        var rolesChanged = !before.SequenceEqual(after);
        var deactivated = user.IsActive && !active;

        user.UserName = command.UserName!.Trim();
        user.DisplayName = command.DisplayName!.Trim();
        user.Email = string.IsNullOrWhiteSpace(command.Email) ? null : command.Email.Trim();
        user.PhoneNumber = string.IsNullOrWhiteSpace(command.PhoneNumber) ? null : command.PhoneNumber.Trim();
        user.ManagerId = command.ManagerId;
        user.BranchId = command.BranchId;
        user.IsActive = active;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        UserRules.ThrowIfFailed(await users.UpdateAsync(user));
        if (rolesChanged)
        {
            var removed = before.Except(after).ToList();
            var added = after.Except(before).ToList();
            if (removed.Count > 0)
            {
                UserRules.ThrowIfFailed(await users.RemoveFromRolesAsync(user, removed));
            }

            if (added.Count > 0)
            {
                UserRules.ThrowIfFailed(await users.AddToRolesAsync(user, added));
            }

            audit.UserChange(user.Id, IdentityAudit.Actions.RolesChanged, new { before, after });
        }

        if (rolesChanged || deactivated)
        {
            // A new security stamp ends the user's other sessions at their next check (within a minute): a removed
            // role or a deactivation must not live on in an old cookie.
            UserRules.ThrowIfFailed(await users.UpdateSecurityStampAsync(user));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return UserResponse.From(user, after, clock.GetUtcNow());
    }
}
