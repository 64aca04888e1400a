using Crm.BuildingBlocks.Records;

namespace Crm.Products.Domain;

/// <summary>
/// A category in a tree of any depth (机床 → 数控车床). <see cref="Path"/> is the materialised path of ids from the root,
/// so "this category and everything below it" is one prefix match, as for the organisation's units (ADR 0100).
/// </summary>
internal sealed class ProductCategory : AuditedRecord
{
    private ProductCategory()
    {
    }

    public Guid Id { get; private set; }

    public Guid? ParentId { get; private set; }

    public string Name { get; private set; } = "";

    public string Path { get; private set; } = "";

    public int Depth { get; private set; }

    public static ProductCategory Create(Guid id, ProductCategory? parent, string name, string by, DateTime nowUtc)
    {
        var category = new ProductCategory { Id = id, Name = name.Trim() };
        category.Place(parent);
        category.StampCreated(by, nowUtc);
        return category;
    }

    /// <summary>Whether <paramref name="other"/> is this category or lies below it.</summary>
    public bool Contains(ProductCategory other) => other.Path.StartsWith(Path, StringComparison.Ordinal);

    public void Rename(string name, string by, DateTime nowUtc)
    {
        Name = name.Trim();
        Touch(by, nowUtc);
    }

    /// <summary>Moves this category (and, through <paramref name="descendants"/>, everything below it) under another parent.</summary>
    public void MoveUnder(ProductCategory? parent, IEnumerable<ProductCategory> descendants, string by, DateTime nowUtc)
    {
        var oldPath = Path;
        var oldDepth = Depth;
        Place(parent);
        foreach (var child in descendants)
        {
            child.Path = Path + child.Path[oldPath.Length..];
            child.Depth = child.Depth - oldDepth + Depth;
        }

        Touch(by, nowUtc);
    }

    private void Place(ProductCategory? parent)
    {
        ParentId = parent?.Id;
        Path = (parent?.Path ?? "/") + Id.ToString("N") + "/";
        Depth = parent is null ? 0 : parent.Depth + 1;
    }
}
