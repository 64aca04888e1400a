using Crm.BuildingBlocks.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Components.People;

/// <summary>
/// Display names of user ids for <see cref="Person"/>, one per circuit. The ids asked for while one render pass runs
/// (a table of rows) are looked up together in one staff-directory query, and every answer is kept for the circuit,
/// so a list of a hundred rows by five people costs one query, not a hundred.
/// </summary>
internal sealed class PersonNames(UiMediator ui)
{
    private readonly Dictionary<Guid, Task<string?>> _known = [];
    private HashSet<Guid>? _pending;
    private Task<IReadOnlyDictionary<Guid, string>>? _batch;

    /// <summary>The person's display name, or null when no directory knows the id (or the host has none).</summary>
    public Task<string?> NameAsync(Guid id)
    {
        if (_known.TryGetValue(id, out var known))
        {
            return known;
        }

        if (_pending is null)
        {
            _pending = [];
            _batch = LookUpPendingAsync();
        }

        _pending.Add(id);
        var batch = _batch!;
        var name = NameFromAsync(batch, id);
        _known[id] = name;
        return name;
    }

    private static async Task<string?> NameFromAsync(Task<IReadOnlyDictionary<Guid, string>> batch, Guid id) =>
        (await batch).GetValueOrDefault(id);

    private async Task<IReadOnlyDictionary<Guid, string>> LookUpPendingAsync()
    {
        // Let the rest of the render pass ask for its ids before the query goes out.
        await Task.Yield();
        var wanted = _pending!.ToList();
        _pending = null;
        return await ui.RunAsync<IReadOnlyDictionary<Guid, string>>(async services =>
            services.GetService<IStaffDirectory>() is { } directory
                ? (await directory.FindManyAsync(wanted)).ToDictionary(s => s.UserId, s => s.DisplayName)
                : new Dictionary<Guid, string>());
    }
}
