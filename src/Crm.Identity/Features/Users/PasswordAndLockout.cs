using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.Identity.Auditing;
using Crm.Identity.Domain;
using Crm.Identity.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;

namespace Crm.Identity.Features.Users;

/// <summary>An administrator sets a new password (the user forgot theirs); the user's sessions end.</summary>
internal sealed record ResetPasswordCommand(string? NewPassword) : IRequest<MediatR.Unit>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed class ResetPasswordValidator : AbstractValidator<ResetPasswordCommand>
{
    public ResetPasswordValidator() => RuleFor(c => c.NewPassword).NotEmpty().WithMessage("The new password is required.");
}

internal sealed class ResetPasswordHandler(CrmIdentityDbContext db, UserManager<CrmUser> users, IdentityAudit audit)
    : IRequestHandler<ResetPasswordCommand, MediatR.Unit>
{
    public async Task<MediatR.Unit> Handle(ResetPasswordCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(command.Id.ToString()) ?? throw new NotFoundException($"User {command.Id} does not exist.");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        UserRules.ThrowIfFailed(await users.ResetPasswordAsync(user, token, command.NewPassword!), passwordField: "newPassword");
        audit.UserChange(user.Id, IdentityAudit.Actions.PasswordReset, null);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return MediatR.Unit.Value;
    }
}

/// <summary>Ends a lockout early and clears the failed-attempt count.</summary>
internal sealed record UnlockUserCommand(Guid Id) : IRequest<UserResponse>;

internal sealed class UnlockUserHandler(CrmIdentityDbContext db, UserManager<CrmUser> users, IdentityAudit audit, TimeProvider clock)
    : IRequestHandler<UnlockUserCommand, UserResponse>
{
    public async Task<UserResponse> Handle(UnlockUserCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(command.Id.ToString()) ?? throw new NotFoundException($"User {command.Id} does not exist.");
        var wasLocked = user.IsLockedOut(clock.GetUtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        UserRules.ThrowIfFailed(await users.SetLockoutEndDateAsync(user, null));
        UserRules.ThrowIfFailed(await users.ResetAccessFailedCountAsync(user));
        audit.UserChange(user.Id, IdentityAudit.Actions.Unlocked, new { wasLocked });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return UserResponse.From(user, await UserRoles.OfAsync(db, user.Id, cancellationToken), clock.GetUtcNow());
    }
}
