using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.Identity.Persistence;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Identity.Features.Users;

/// <summary>Rules shared by creating and updating a user.</summary>
internal static class UserRules
{
    public const int MaxUserName = 64;

    /// <summary>The canonical spelling of each requested role (the API accepts any letter case).</summary>
    public static IReadOnlyList<string> Canonical(IEnumerable<string>? roles) =>
        (roles ?? []).Select(r => CrmRoles.All.First(known => string.Equals(known, r?.Trim(), StringComparison.OrdinalIgnoreCase))).Distinct().Order(StringComparer.Ordinal).ToList();

    public static void AddProfileRules<T>(AbstractValidator<T> validator, Func<T, string?> userName, Func<T, string?> displayName, Func<T, string?> email,
        Func<T, string?> phone, Func<T, IReadOnlyList<string>?> roles)
    {
        validator.RuleFor(c => userName(c)).NotEmpty().WithMessage("User name is required.")
            .Length(2, MaxUserName).WithMessage($"User name must be 2 to {MaxUserName} characters.")
            .Matches("^[A-Za-z0-9._@+-]+$").WithMessage("User name may contain letters, digits and . _ @ + - only.")
            .OverridePropertyName("userName");
        validator.RuleFor(c => displayName(c)).SingleLine().NotEmpty().WithMessage("Display name is required.").MaximumLength(200).OverridePropertyName("displayName");
        validator.RuleFor(c => email(c)).MaximumLength(256).EmailAddress().When(c => !string.IsNullOrWhiteSpace(email(c)))
            .WithMessage("E-mail is not a valid address.").OverridePropertyName("email");
        validator.RuleFor(c => phone(c)).SingleLine().MaximumLength(50).OverridePropertyName("phoneNumber");
        validator.RuleFor(c => roles(c)).Must(r => r is null || r.All(x => CrmRoles.All.Contains(x?.Trim(), StringComparer.OrdinalIgnoreCase)))
            .WithMessage($"Roles must be among {string.Join(", ", CrmRoles.All)}.").OverridePropertyName("roles");
    }

    /// <summary>The manager must be another existing user, and not someone who (indirectly) reports to this user.</summary>
    public static async Task CheckManagerAsync(CrmIdentityDbContext db, Guid userId, Guid? managerId, CancellationToken cancellationToken)
    {
        if (managerId is not { } manager)
        {
            return;
        }

        if (manager == userId)
        {
            throw new BusinessRuleException("A user cannot be their own manager.", "managerId");
        }

        var seen = new HashSet<Guid>();
        Guid? current = manager;
        while (current is { } id)
        {
            if (!seen.Add(id))
            {
                break;
            }

            var row = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.ManagerId }).FirstOrDefaultAsync(cancellationToken);
            if (row is null)
            {
                throw new BusinessRuleException(id == manager ? $"Manager {manager} does not exist." : $"The manager chain is broken at {id}.", "managerId");
            }

            if (row.ManagerId == userId)
            {
                throw new BusinessRuleException("The manager reports (directly or indirectly) to this user; that would make a loop.", "managerId");
            }

            current = row.ManagerId;
        }
    }

    /// <summary>
    /// The installation must keep an active administrator: nobody else could then manage users. The last one cannot
    /// lose the role or be deactivated.
    /// </summary>
    public static async Task CheckKeepsAnAdministratorAsync(CrmIdentityDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var adminRole = CrmRoles.Administrator.ToUpperInvariant();
        var others = await db.UserRoles
            .Where(ur => ur.UserId != userId && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == adminRole))
            .Join(db.Users.Where(u => u.IsActive), ur => ur.UserId, u => u.Id, (_, u) => u.Id)
            .AnyAsync(cancellationToken);
        if (!others)
        {
            throw new BusinessRuleException("This is the last active administrator: make someone else an administrator first.", "roles");
        }
    }

    /// <summary>Identity's own checks (password rules, duplicate or invalid names) as problem details.</summary>
    public static void ThrowIfFailed(IdentityResult result, string passwordField = "password")
    {
        if (result.Succeeded)
        {
            return;
        }

        if (result.Errors.FirstOrDefault(e => e.Code is nameof(IdentityErrorDescriber.DuplicateUserName)) is { } duplicate)
        {
            throw new ConflictException(duplicate.Description);
        }

        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            throw new PreconditionFailedException("The user was changed by someone else. Reload it and apply your change again.");
        }

        throw new ValidationException(result.Errors.Select(e => new ValidationFailure(FieldOf(e.Code, passwordField), e.Description)));
    }

    private static string FieldOf(string code, string passwordField) => code switch
    {
        _ when code.StartsWith("Password", StringComparison.Ordinal) => passwordField,
        nameof(IdentityErrorDescriber.InvalidUserName) => "userName",
        nameof(IdentityErrorDescriber.InvalidEmail) or nameof(IdentityErrorDescriber.DuplicateEmail) => "email",
        nameof(IdentityErrorDescriber.UserAlreadyInRole) or nameof(IdentityErrorDescriber.UserNotInRole) or nameof(IdentityErrorDescriber.InvalidRoleName) => "roles",
        _ => "user",
    };
}
