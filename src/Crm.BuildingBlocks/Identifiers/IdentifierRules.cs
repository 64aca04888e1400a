using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Records;
using FluentValidation;

namespace Crm.BuildingBlocks.Identifiers;

/// <summary>The Chinese data rules of issue 16 as validation rules every module applies the same way.</summary>
public static class IdentifierRules
{
    internal const string PhoneMessage =
        "Not a phone number: give a mobile (11 digits, 13x–19x), a landline with its area code (e.g. 021-6000 1234, extension after 转), a 400/800 number, or an international number starting with +.";

    internal const string DigitsMessage = "Phone must contain at least 5 digits.";

    /// <summary>A one-line phone number of at least 5 digits that <see cref="Identifiers.MainlandPhone"/> accepts.</summary>
    public static IRuleBuilderOptions<T, string?> PhoneNumber<T>(this IRuleBuilder<T, string?> rule) =>
        rule.SingleLine().MaximumLength(50)
            .Must(p => string.IsNullOrWhiteSpace(p) || Normalize.Phone(p) is { Length: >= 5 })
            .WithMessage(_ => ServerText.Translate(DigitsMessage))
            .MainlandPhone();

    /// <summary>
    /// A phone number as <see cref="Identifiers.MainlandPhone"/> accepts it. Numbers with fewer than 5 digits are left
    /// to the modules' "at least 5 digits" rule, so one mistake gets one message.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> MainlandPhone<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(p => string.IsNullOrWhiteSpace(p) || Normalize.Phone(p) is not { Length: >= 5 } || Identifiers.MainlandPhone.IsValid(p))
            .WithMessage(_ => ServerText.Translate(PhoneMessage));

    /// <summary>
    /// A company's tax number: when it has the shape of a unified social credit code (18 letters and digits) its check
    /// character must be right. Other shapes — foreign companies' numbers, the old 15-digit registration numbers — are
    /// kept as given.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> CreditCodeWhenShaped<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(code => !LooksLikeCode(code) || UnifiedSocialCreditCode.IsValid(code!))
            .WithMessage((_, code) => code is null ? "" : ServerText.Translate(UnifiedSocialCreditCode.Problem(code)));

    /// <summary>A person's identity number: when it has the shape of a resident identity number (18 characters) it must be valid.</summary>
    public static IRuleBuilderOptions<T, string?> ResidentIdWhenShaped<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(number => !LooksLikeCode(number) || ResidentIdNumber.IsValid(number!))
            .WithMessage((_, number) => number is null ? "" : ServerText.Translate(ResidentIdNumber.Problem(number)));

    private static bool LooksLikeCode(string? value) =>
        value is not null && value.Trim().Length == 18 && value.Trim().All(char.IsAsciiLetterOrDigit);
}
