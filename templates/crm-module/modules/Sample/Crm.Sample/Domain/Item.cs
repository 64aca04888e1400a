using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.PublicApi;
using Crm.BuildingBlocks.Records;
using Crm.Sample.PublicApi.IntegrationEvents;

namespace Crm.Sample.Domain;

/// <summary>The template's example record: audited (created/updated by and at, version) through the record kit.</summary>
internal sealed class Item : AuditedRecord, IRaisesIntegrationEvents
{
    private readonly List<IIntegrationEvent> _events = [];

    private Item()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public static Item Create(string name, string by, DateTime nowUtc)
    {
        var item = new Item { Id = Guid.NewGuid(), Name = name.Trim() };
        item.StampCreated(by, nowUtc);
        item._events.Add(new ItemCreatedIntegrationEvent(Guid.NewGuid(), nowUtc, item.Id, item.Name));
        return item;
    }

    public IReadOnlyList<IIntegrationEvent> DequeueIntegrationEvents()
    {
        var events = _events.ToList();
        _events.Clear();
        return events;
    }
}
