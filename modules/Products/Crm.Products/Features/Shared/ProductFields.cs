using Crm.BuildingBlocks.Records;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Pricing;
using Crm.BuildingBlocks.PublicApi;
using Crm.Products.Domain;
using Crm.Products.Persistence;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Products.Features.Shared;

/// <summary>The fields a product's create, update and import rows share.</summary>
internal interface IProductFields
{
    string? Code { get; }

    string? Name { get; }

    string? Kind { get; }

    Guid? CategoryId { get; }

    string? Unit { get; }

    decimal? StandardCost { get; }

    string? CostCurrency { get; }

    string? TaxRate { get; }

    bool? IsActive { get; }

    string? Description { get; }

    IReadOnlyList<PriceInput>? Prices { get; }

    IReadOnlyList<AttributeInput>? Attributes { get; }
}

/// <summary>A list price: an amount in an ISO 4217 currency.</summary>
internal sealed record PriceInput(string? Currency, decimal? Amount);

internal sealed record AttributeInput(string? Key, string? Value);

internal sealed class ProductFieldsValidator : AbstractValidator<IProductFields>
{
    internal const decimal MaxMoney = 1_000_000_000_000m;

    // Takes the options (not a list of rates) so the container, which registers every validator it finds, can build it
    // as Development's start-up check does.
    public ProductFieldsValidator(IOptions<MoneyOptions> money)
    {
        var vatRates = money.Value.AllowedVatRates;
        RuleFor(p => p.Code).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Code is required.").MaximumLength(50)
            .Matches("^[A-Za-z0-9][A-Za-z0-9._/-]*$").WithMessage("Code is letters, digits, '-', '_', '.' and '/' (e.g. CNC-6140).");
        RuleFor(p => p.Name).NotEmpty().WithMessage("Name is required.").SingleLine().MaximumLength(200);
        RuleFor(p => p.Kind).Must(k => k is null || Enum.TryParse<ProductKind>(k, true, out _) && !int.TryParse(k, out _))
            .WithMessage("Kind must be Product or Service.");
        RuleFor(p => p.CategoryId).NotEqual(Guid.Empty).WithMessage("Category id cannot be the empty id.");
        RuleFor(p => p.Unit).SingleLine().MaximumLength(20);
        RuleFor(p => p.StandardCost).GreaterThanOrEqualTo(0).WithMessage("Standard cost cannot be negative.")
            .LessThan(MaxMoney).WithMessage("Standard cost is too large.")
            .Must(TwoDecimalsAtMost).WithMessage("Standard cost has at most 2 decimals.");
        RuleFor(p => p.CostCurrency).CurrencyCode();
        RuleFor(p => p.TaxRate).VatRate(vatRates);
        RuleFor(p => p.Description).MaximumLength(2000);
        RuleFor(p => p.Prices).Must(p => p is null || p.Count <= Product.MaxPrices).WithMessage($"At most {Product.MaxPrices} prices.")
            .Must(p => p is null || p.Select(x => x.Currency).Distinct().Count() == p.Count).WithMessage("Give each currency one price.");
        RuleForEach(p => p.Prices).ChildRules(price =>
        {
            price.RuleFor(x => x.Currency).NotEmpty().WithMessage("Currency is required.").CurrencyCode();
            price.RuleFor(x => x.Amount).NotNull().WithMessage("Price is required.")
                .GreaterThanOrEqualTo(0).WithMessage("Price cannot be negative.")
                .LessThan(MaxMoney).WithMessage("Price is too large.")
                .Must(TwoDecimalsAtMost).WithMessage("Price has at most 2 decimals.");
        });
        RuleFor(p => p.Attributes).Must(a => a is null || a.Count <= Product.MaxAttributes).WithMessage($"At most {Product.MaxAttributes} attributes.")
            .Must(a => a is null || a.Select(x => x.Key?.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count() == a.Count)
            .WithMessage("Each attribute name appears once.");
        RuleForEach(p => p.Attributes).ChildRules(attribute =>
        {
            attribute.RuleFor(x => x.Key).NotEmpty().WithMessage("Attribute name is required.").SingleLine().MaximumLength(50);
            attribute.RuleFor(x => x.Value).NotEmpty().WithMessage("Attribute value is required.").SingleLine().MaximumLength(200);
        });
    }

    private static bool TwoDecimalsAtMost(decimal? value) => value is null || decimal.Round(value.Value, 2) == value.Value;
}

internal static class ProductFields
{
    /// <summary>The validated fields as domain details; the cost currency defaults to the company's.</summary>
    public static ProductDetails ToDetails(IProductFields f, string companyCurrency) => new(
        f.Code!,
        f.Name!,
        f.Kind is null ? ProductKind.Product : Enum.Parse<ProductKind>(f.Kind, true),
        f.CategoryId,
        f.Unit,
        f.StandardCost,
        f.CostCurrency ?? companyCurrency,
        f.TaxRate,
        f.IsActive ?? true,
        f.Description,
        (f.Prices ?? []).ToDictionary(p => p.Currency!, p => p.Amount!.Value),
        (f.Attributes ?? []).ToDictionary(a => a.Key!.Trim(), a => a.Value!.Trim()));

    /// <summary>A named category must exist; otherwise the field is wrong (422 on the field), not the product missing.</summary>
    public static async Task EnsureCategoryAsync(ProductsDbContext db, Guid? categoryId, CancellationToken cancellationToken)
    {
        if (categoryId is { } id && !await db.Categories.AnyAsync(c => c.Id == id, cancellationToken))
        {
            throw new BusinessRuleException($"Category {id} does not exist.", nameof(IProductFields.CategoryId));
        }
    }

    /// <summary>
    /// Saves, turning a lost race on the unique code into the same 409 the check before it gives: two people saving
    /// one code at the same moment both pass the check, and only the index stops the second.
    /// </summary>
    public static async Task SaveAsync(ProductsDbContext db, string code, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            throw new ConflictException($"Another product already has the code '{code}'.");
        }
    }

    public static async Task EnsureCodeFreeAsync(ProductsDbContext db, string code, Guid? except, CancellationToken cancellationToken)
    {
        var key = Product.KeyOf(code);
        if (await db.Products.AnyAsync(p => p.CodeKey == key && p.Id != except, cancellationToken))
        {
            throw new ConflictException($"Another product already has the code '{code.Trim()}'.");
        }
    }
}

/// <summary>A product as the API answers it. Standard cost is null for callers who may not see costs (<see cref="CrmPolicies.Margins"/>).</summary>
internal sealed record ProductResponse(
    Guid Id,
    string Code,
    string Name,
    string Kind,
    Guid? CategoryId,
    string? Unit,
    decimal? StandardCost,
    string? CostCurrency,
    string? TaxRate,
    bool IsActive,
    string? Description,
    IReadOnlyList<PriceResponse> Prices,
    IReadOnlyList<AttributeResponse> Attributes,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version) : IVersioned
{
    public static ProductResponse From(Product p, bool showCost) => new(
        p.Id, p.Code, p.Name, p.Kind.ToString(), p.CategoryId, p.Unit, showCost ? p.StandardCost : null, showCost ? p.CostCurrency : null,
        p.TaxRate, p.IsActive, p.Description,
        p.Prices.OrderBy(x => x.Currency, StringComparer.Ordinal).Select(x => new PriceResponse(x.Currency, x.Amount)).ToList(),
        p.Attributes.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => new AttributeResponse(x.Key, x.Value)).ToList(),
        p.CreatedAtUtc, p.UpdatedAtUtc, p.Version);
}

internal sealed record PriceResponse(string Currency, decimal Amount);

internal sealed record AttributeResponse(string Key, string Value);
