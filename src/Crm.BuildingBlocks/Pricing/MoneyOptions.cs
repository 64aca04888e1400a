using Crm.BuildingBlocks.PublicApi;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.BuildingBlocks.Pricing;

/// <summary>
/// The installation's money settings (section <c>Money</c>), the same for every module: the company currency that
/// reports are kept in (docs/adr/0090).
/// </summary>
public sealed class MoneyOptions
{
    public const string SectionName = "Money";

    /// <summary>ISO 4217 code of the company's own currency; every report sums in it. CNY unless configured.</summary>
    public string CompanyCurrency { get; set; } = Currencies.DefaultCompanyCurrency;

    /// <summary>
    /// The VAT rate codes a line may carry (<c>Money:VatRates</c>); China's when not configured. Null rather than a
    /// filled default, because configuration binding adds to a list it finds instead of replacing it.
    /// </summary>
    public string[]? VatRates { get; set; }

    /// <summary>The rate a line gets when none is given (<c>Money:DefaultVatRate</c>): 13 %, the general rate on goods.</summary>
    public string DefaultVatRate { get; set; } = "13";

    /// <summary>True when unit prices are entered with VAT included (the tax is then backed out per line).</summary>
    public bool PricesIncludeTax { get; set; }

    public IReadOnlyList<string> AllowedVatRates => VatRates is { Length: > 0 } rates ? rates : Vat.ChinaRates;
}

public static class MoneyServiceCollectionExtensions
{
    /// <summary>Binds <see cref="MoneyOptions"/> and refuses to start with a company currency that is not ISO 4217.</summary>
    public static IServiceCollection AddCrmMoney(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MoneyOptions>()
            .Bind(configuration.GetSection(MoneyOptions.SectionName))
            .Validate(o => Currencies.IsKnown(o.CompanyCurrency), "Money:CompanyCurrency must be a known ISO 4217 code such as CNY.")
            .Validate(o => o.AllowedVatRates.All(r => Vat.Percent(r) is not null), "Money:VatRates holds percents such as 13 or 'exempt'.")
            .Validate(o => o.AllowedVatRates.Contains(o.DefaultVatRate), "Money:DefaultVatRate must be one of Money:VatRates.")
            .ValidateOnStart();
        return services;
    }
}

public static class MoneyRules
{
    /// <summary>An optional VAT rate code: empty (the default rate applies) or one of the installation's rates.</summary>
    public static IRuleBuilderOptions<T, string?> VatRate<T>(this IRuleBuilder<T, string?> rule, IReadOnlyList<string> allowed) =>
        rule.Must(r => r is null || allowed.Contains(r))
            .WithMessage($"Tax rate must be one of {string.Join(", ", allowed)}.");

    /// <summary>An optional currency: empty (the default applies) or a known ISO 4217 code.</summary>
    public static IRuleBuilderOptions<T, string?> CurrencyCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(c => c is null || Currencies.IsKnown(c))
            .WithMessage(c => "Currency is not a known ISO 4217 code (three capital letters, e.g. CNY, USD, EUR).");
}

public static class MoneyColumns
{
    /// <summary>
    /// The one column shape of a currency code on every provider: <c>char(3)</c>, required. Rows that existed before
    /// the column get CNY, the only currency the product knew until then (docs/adr/0090).
    /// </summary>
    public static PropertyBuilder<string> IsCurrencyCode(this PropertyBuilder<string> property) =>
        property.HasMaxLength(3).IsFixedLength().IsRequired().HasDefaultValue(Currencies.DefaultCompanyCurrency);
}
