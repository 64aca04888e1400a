using FluentValidation;

namespace Crm.Funnel.Features.Shared;

/// <summary>Parsing and validation helpers shared by the slices: enums arrive as text and are validated before parsing.</summary>
internal static class Fields
{
    public const decimal MaxMoney = 100_000_000_000m;

    public static TEnum ParseOr<TEnum>(string? text, TEnum fallback)
        where TEnum : struct, Enum =>
        string.IsNullOrWhiteSpace(text) ? fallback : Enum.Parse<TEnum>(text.Trim(), ignoreCase: true);

    public static TEnum? ParseOrNull<TEnum>(string? text)
        where TEnum : struct, Enum =>
        string.IsNullOrWhiteSpace(text) ? null : Enum.Parse<TEnum>(text.Trim(), ignoreCase: true);

    public static bool IsEnumOrEmpty<TEnum>(string? text)
        where TEnum : struct, Enum =>
        string.IsNullOrWhiteSpace(text) || (Enum.TryParse<TEnum>(text.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _));

    public static string Names<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Enum.GetNames<TEnum>());

    /// <summary>Clients send ISO 8601 with an offset; a time without one is taken as UTC rather than the server's zone.</summary>
    public static DateTime ToUtc(DateTime value) =>
        value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();

    public static DateTime? ToUtc(DateTime? value) => value is { } v ? ToUtc(v) : null;

    public static bool HasTwoDecimalsAtMost(decimal? value) => value is null || decimal.Round(value.Value, 2) == value.Value;

    public static IRuleBuilderOptions<T, decimal?> Money<T>(this IRuleBuilder<T, decimal?> rule, string label) =>
        rule.GreaterThanOrEqualTo(0).WithMessage($"{label} cannot be negative.")
            .LessThan(MaxMoney).WithMessage($"{label} is too large.")
            .Must(HasTwoDecimalsAtMost).WithMessage($"{label} has at most 2 decimals.");

    public static IRuleBuilderOptions<T, decimal?> Percent<T>(this IRuleBuilder<T, decimal?> rule, string label) =>
        rule.InclusiveBetween(0, 100).WithMessage($"{label} is between 0 and 100 percent.")
            .Must(HasTwoDecimalsAtMost).WithMessage($"{label} has at most 2 decimals.");
}
