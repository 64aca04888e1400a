using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Products.Domain;
using Crm.Products.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;


namespace Crm.Products.Features.Shared;

/// <summary>A category with its place in the tree; the list is in tree order (a parent before its children).</summary>
internal sealed record CategoryResponse(Guid Id, Guid? ParentId, string Name, int Depth, int ProductCount, long Version) : IVersioned
{
    public static CategoryResponse From(ProductCategory c, int productCount) => new(c.Id, c.ParentId, c.Name, c.Depth, productCount, c.Version);
}

internal interface ICategoryFields
{
    string? Name { get; }

    Guid? ParentId { get; }
}

internal sealed class CategoryFieldsValidator : AbstractValidator<ICategoryFields>
{
    public CategoryFieldsValidator()
    {
        RuleFor(c => c.Name).NotEmpty().WithMessage("Name is required.").SingleLine().MaximumLength(100);
        RuleFor(c => c.ParentId).NotEqual(Guid.Empty).WithMessage("Parent id cannot be the empty id.");
    }
}

internal static class CategoryRules
{
    public static async Task<ProductCategory?> ParentAsync(ProductsDbContext db, Guid? parentId, CancellationToken cancellationToken) =>
        parentId is not { } id
            ? null
            : await db.Categories.FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
              ?? throw new BusinessRuleException($"Category {id} does not exist.", nameof(ICategoryFields.ParentId));

    /// <summary>Two siblings with one name could not be told apart in a picker or an import.</summary>
    public static async Task EnsureNameFreeAsync(ProductsDbContext db, Guid? parentId, string name, Guid? except, CancellationToken cancellationToken)
    {
        var trimmed = name.Trim();
        if (await db.Categories.AnyAsync(c => c.ParentId == parentId && c.Name == trimmed && c.Id != except, cancellationToken))
        {
            throw new ConflictException($"The category '{trimmed}' already exists at that place.");
        }
    }
}


/// <summary>Every category's path of names ("机床/数控车床"), both ways, for CSV export and import.</summary>
internal sealed class CategoryPaths
{
    private readonly Dictionary<Guid, string> _names = [];
    private readonly Dictionary<string, Guid> _ids = new(StringComparer.OrdinalIgnoreCase);

    public static async Task<CategoryPaths> LoadAsync(ProductsDbContext db, CancellationToken cancellationToken)
    {
        var categories = await db.Categories.AsNoTracking().ToListAsync(cancellationToken);
        var byId = categories.ToDictionary(c => c.Id);
        var paths = new CategoryPaths();
        foreach (var category in categories)
        {
            var name = string.Join(ProductCsv.CategorySeparator, category.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Select(id => byId.TryGetValue(Guid.ParseExact(id, "N"), out var step) ? step.Name : "?"));
            paths._names[category.Id] = name;
            paths._ids[name] = category.Id;
        }

        return paths;
    }

    public string NameOf(Guid id) => _names.GetValueOrDefault(id, "");

    /// <summary>The category named by its path; spaces around the separators do not matter.</summary>
    public Guid? IdOf(string path) =>
        _ids.TryGetValue(string.Join(ProductCsv.CategorySeparator, path.Split(ProductCsv.CategorySeparator, StringSplitOptions.TrimEntries)), out var id) ? id : null;
}
