using Crm.Sample.Domain;

namespace Crm.Sample.Features;

internal sealed record ItemResponse(Guid Id, string Name, DateTime CreatedAt, string CreatedBy, long Version)
{
    public static ItemResponse From(Item item) => new(item.Id, item.Name, item.CreatedAtUtc, item.CreatedBy, item.Version);
}
