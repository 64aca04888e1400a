using System.Collections.Concurrent;

namespace Crm.Workflows.Runtime.Model;

/// <summary>The activities, connections and local variables of one Elsa.Flowchart.</summary>
internal sealed class FlowchartModel
{
    private readonly Dictionary<string, ActivityModel> _byId;

    // The forward graph depends on the start activity, which depends on the run's trigger; a definition has very few
    // distinct starts, so the graphs are cached per start for all instances.
    private readonly ConcurrentDictionary<string, FlowGraph> _graphs = new(StringComparer.Ordinal);

    public FlowchartModel(IReadOnlyList<ActivityModel> activities, IReadOnlyList<ConnectionModel> connections, IReadOnlyList<VariableDefinitionModel> variables)
    {
        Activities = activities;
        Connections = connections;
        Variables = variables;
        _byId = new Dictionary<string, ActivityModel>(StringComparer.Ordinal);
        foreach (var activity in activities)
        {
            _byId.TryAdd(activity.Id, activity);
        }
    }

    public IReadOnlyList<ActivityModel> Activities { get; }

    public IReadOnlyList<ConnectionModel> Connections { get; }

    public IReadOnlyList<VariableDefinitionModel> Variables { get; }

    public ActivityModel? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>
    /// Elsa's start rules (spec 1.2), first match wins: the run's trigger, the first Elsa.Start, the first activity
    /// marked canStartWorkflow, the first activity without inbound connections, the first activity.
    /// </summary>
    public ActivityModel? GetStartActivity(string? triggerActivityId)
    {
        if (triggerActivityId is not null && Find(triggerActivityId) is { } trigger)
        {
            return trigger;
        }

        return Activities.FirstOrDefault(a => a.Type == Core.CoreActivityTypes.Start)
               ?? Activities.FirstOrDefault(a => a.CanStartWorkflow)
               ?? Activities.FirstOrDefault(a => !Connections.Any(c => c.TargetId == a.Id))
               ?? Activities.FirstOrDefault();
    }

    public FlowGraph GetGraph(ActivityModel start) => _graphs.GetOrAdd(start.Id, _ => new FlowGraph(this, start.Id));
}
