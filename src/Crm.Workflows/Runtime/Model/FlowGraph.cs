using System.Collections.Concurrent;

namespace Crm.Workflows.Runtime.Model;

/// <summary>
/// The shape of a flowchart as seen from one start activity (spec 1.2, 1.4, 1.6). "Forward" connections are those a
/// breadth-first walk from the start adds without closing a cycle; joins only ever wait on forward inbound
/// connections, and every other connection is a back edge (a loop). Built once per (flowchart, start) and shared.
/// </summary>
internal sealed class FlowGraph
{
    private static readonly IReadOnlyList<ConnectionModel> None = [];

    private readonly HashSet<ConnectionModel> _forward;
    private readonly Dictionary<string, List<ConnectionModel>> _forwardInbound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ConnectionModel>> _outbound = new(StringComparer.Ordinal);
    private readonly Dictionary<ConnectionModel, bool> _backEdgeValid = [];
    private readonly ConcurrentDictionary<string, HashSet<string>> _ancestors = new(StringComparer.Ordinal);

    public FlowGraph(FlowchartModel flowchart, string startId)
    {
        StartId = startId;
        foreach (var connection in flowchart.Connections)
        {
            Add(_outbound, connection.SourceId, connection);
        }

        _forward = ComputeForwardConnections(flowchart.Connections, startId);
        foreach (var connection in flowchart.Connections)
        {
            if (_forward.Contains(connection))
            {
                Add(_forwardInbound, connection.TargetId, connection);
            }
            else
            {
                _backEdgeValid[connection] = IsNaturalLoop(connection);
            }
        }
    }

    public string StartId { get; }

    /// <summary>All outbound connections of an activity, in the order of the definition's connections array.</summary>
    public IReadOnlyList<ConnectionModel> Outbound(string activityId) => _outbound.TryGetValue(activityId, out var list) ? list : None;

    public IReadOnlyList<ConnectionModel> ForwardInbound(string activityId) => _forwardInbound.TryGetValue(activityId, out var list) ? list : None;

    public bool IsBackward(ConnectionModel connection, out bool isValid)
    {
        if (_backEdgeValid.TryGetValue(connection, out isValid))
        {
            return true;
        }

        isValid = false;
        return false;
    }

    /// <summary>Every activity with a forward path to <paramref name="activityId"/>.</summary>
    public IReadOnlySet<string> Ancestors(string activityId) => _ancestors.GetOrAdd(activityId, ComputeAncestors);

    private HashSet<string> ComputeAncestors(string activityId)
    {
        var ancestors = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(activityId);
        while (queue.TryDequeue(out var current))
        {
            foreach (var connection in ForwardInbound(current))
            {
                if (ancestors.Add(connection.SourceId))
                {
                    queue.Enqueue(connection.SourceId);
                }
            }
        }

        return ancestors;
    }

    // Same classification as Elsa's FlowGraph: walk breadth-first from the start over (source, target) pairs in
    // connection order and accept a pair unless the accepted pairs already lead from its target back to its source.
    private static HashSet<ConnectionModel> ComputeForwardConnections(IReadOnlyList<ConnectionModel> connections, string startId)
    {
        var targetsBySource = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var connection in connections)
        {
            Add(targetsBySource, connection.SourceId, connection.TargetId);
        }

        var accepted = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var seenPairs = new HashSet<(string, string)>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(startId);
        while (queue.TryDequeue(out var source))
        {
            visited.Add(source);
            if (!targetsBySource.TryGetValue(source, out var targets))
            {
                continue;
            }

            foreach (var target in targets)
            {
                if (seenPairs.Contains((source, target)) || HasPath(accepted, target, source))
                {
                    continue;
                }

                seenPairs.Add((source, target));
                Add(accepted, source, target);
                if (!visited.Contains(target))
                {
                    queue.Enqueue(target);
                }
            }
        }

        return connections.Where(c => seenPairs.Contains((c.SourceId, c.TargetId))).ToHashSet();
    }

    private static bool HasPath(Dictionary<string, List<string>> edges, string from, string to)
    {
        if (from == to)
        {
            return true;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        stack.Push(from);
        while (stack.TryPop(out var current))
        {
            if (current == to)
            {
                return true;
            }

            if (!seen.Add(current) || !edges.TryGetValue(current, out var next))
            {
                continue;
            }

            foreach (var n in next)
            {
                stack.Push(n);
            }
        }

        return false;
    }

    /// <summary>
    /// Elsa accepts a back edge only if every forward path from its source back to the start passes through its
    /// target. That is "the target dominates the source": with the target removed, the source is unreachable from the
    /// start. Checked this way in linear time instead of enumerating paths.
    /// </summary>
    private bool IsNaturalLoop(ConnectionModel backEdge)
    {
        if (backEdge.SourceId == backEdge.TargetId || backEdge.TargetId == StartId)
        {
            return true;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal) { backEdge.TargetId };
        var queue = new Queue<string>();
        queue.Enqueue(StartId);
        seen.Add(StartId);
        while (queue.TryDequeue(out var current))
        {
            if (current == backEdge.SourceId)
            {
                return false;
            }

            foreach (var connection in Outbound(current))
            {
                if (_forward.Contains(connection) && seen.Add(connection.TargetId))
                {
                    queue.Enqueue(connection.TargetId);
                }
            }
        }

        return true;
    }

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        list.Add(value);
    }
}
