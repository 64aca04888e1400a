using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using FluentValidation;

namespace Crm.Branches.Features.Shared;

/// <summary>The field rules a unit's create and update share.</summary>
internal interface IUnitFields
{
    string? Name { get; }

    string? Code { get; }

    Guid? ParentId { get; }

    Guid? ManagerId { get; }

    string? TimeZone { get; }
}

internal sealed class UnitFieldsValidator : AbstractValidator<IUnitFields>
{
    public UnitFieldsValidator()
    {
        RuleFor(u => u.Name).NotEmpty().WithMessage("Name is required.").SingleLine().MaximumLength(200);
        RuleFor(u => u.Code).NotEmpty().WithMessage("Code is required.").MaximumLength(50)
            .Matches("^[A-Za-z0-9][A-Za-z0-9_-]*$").WithMessage("Code is letters, digits, '-' and '_' (e.g. SH-T1).");
        RuleFor(u => u.TimeZone).NotEmpty().WithMessage("Time zone is required (an IANA id such as Asia/Shanghai).")
            .Must(BeATimeZone).WithMessage("Time zone must be an IANA id such as Asia/Shanghai.");
        RuleFor(u => u.ParentId).NotEqual(Guid.Empty).WithMessage("Parent id cannot be the empty id.");
        RuleFor(u => u.ManagerId).NotEqual(Guid.Empty).WithMessage("Manager id cannot be the empty id.");
    }

    private static bool BeATimeZone(string? id) =>
        string.IsNullOrWhiteSpace(id) || (id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out _));
}

internal static class People
{
    /// <summary>A person named in a request must be a staff member; otherwise the field is wrong (400), not the record missing.</summary>
    public static async Task EnsureStaffAsync(IStaffDirectory staff, Guid? personId, string field, CancellationToken cancellationToken)
    {
        if (personId is { } id && await staff.FindAsync(id, cancellationToken) is null)
        {
            throw new BusinessRuleException($"No staff member has the id {id}.", field);
        }
    }
}
