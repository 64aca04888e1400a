using Microsoft.EntityFrameworkCore;

namespace Crm.BrokenSamples.Domain;

/// <summary>Broken: the domain depends on EF Core.</summary>
[Index(nameof(Name))]
internal sealed class Thing
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";
}
