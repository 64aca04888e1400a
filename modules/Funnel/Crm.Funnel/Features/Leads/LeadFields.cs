using Crm.BuildingBlocks.Identifiers;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Shared;
using Crm.BuildingBlocks.Application;
using FluentValidation;

namespace Crm.Funnel.Features.Leads;

/// <summary>The editable fields of a lead as they arrive from JSON, a CSV row or the web form: text, validated before parsing.</summary>
internal interface ILeadFields
{
    string? Name { get; }

    string? Company { get; }

    string? JobTitle { get; }

    string? Email { get; }

    string? Phone { get; }

    string? Industry { get; }

    string? Territory { get; }

    string? City { get; }

    string? Notes { get; }

    Guid? BranchId { get; }
}

internal static class LeadFields
{
    public static LeadDetails ToDetails(ILeadFields f) =>
        new(f.Name!.Trim(), f.Company, f.JobTitle, f.Email, f.Phone, f.Industry, f.Territory, f.City, f.Notes, f.BranchId);
}

/// <summary>The rules every way of capturing or editing a lead shares (API, CSV import, web form).</summary>
internal sealed class LeadFieldsValidator : AbstractValidator<ILeadFields>
{
    public LeadFieldsValidator()
    {
        RuleFor(f => f.Name).SingleLine().NotEmpty().WithMessage("Name is required.").MaximumLength(200);
        RuleFor(f => f.Company).SingleLine().MaximumLength(200);
        RuleFor(f => f.JobTitle).MaximumLength(100);
        RuleFor(f => f.Email).MaximumLength(254).EmailAddress().When(f => !string.IsNullOrWhiteSpace(f.Email))
            .WithMessage("E-mail is not a valid address.");
        RuleFor(f => f.Phone).PhoneNumber();
        RuleFor(f => f).Must(f => !string.IsNullOrWhiteSpace(f.Email) || !string.IsNullOrWhiteSpace(f.Phone))
            .OverridePropertyName("email")
            .WithMessage("Give an e-mail address or a phone number, so the lead can be followed up.");
        RuleFor(f => f.Industry).MaximumLength(100);
        RuleFor(f => f.Territory).MaximumLength(100);
        RuleFor(f => f.City).SingleLine().MaximumLength(100);
        RuleFor(f => f.Notes).MaximumLength(4000);
        RuleFor(f => f.BranchId).NotEqual(Guid.Empty).WithMessage("Branch id cannot be the empty id.");
    }
}

/// <summary>What a duplicate-detection conflict shows, so the user opens the existing lead instead.</summary>
internal sealed record LeadDuplicate(Guid Id, string Name, string? Company, string MatchedOn, string? Email, string? Phone, LeadStatus Status, Guid? OwnerId, Guid? BranchId);
