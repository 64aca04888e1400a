using Crm.Workflows.Descriptors;
using Crm.Workflows.Runtime.Core;

namespace Crm.Workflows.Runtime.Execution;

/// <summary>Maps an activity type to what executes it: a core behaviour, the SDK adapter, or "unknown" (which faults).</summary>
internal static class ActivityBehaviors
{
    private static readonly ActivityBehavior Sdk = new SdkActivityBehavior();
    private static readonly ActivityBehavior Unknown = new UnknownActivity();

    private static readonly Dictionary<string, ActivityBehavior> Core = new(StringComparer.Ordinal)
    {
        [CoreActivityTypes.Flowchart] = new FlowchartActivity(),
        [CoreActivityTypes.Start] = new StartActivity(),
        [CoreActivityTypes.End] = new EndActivity(),
        [CoreActivityTypes.Finish] = new FinishActivity(),
        [CoreActivityTypes.WriteLine] = new WriteLineActivity(),
        [CoreActivityTypes.SetVariable] = new SetVariableActivity(),
        [CoreActivityTypes.FlowDecision] = new FlowDecisionActivity(),
        [CoreActivityTypes.FlowSwitch] = new FlowSwitchActivity(),
        [CoreActivityTypes.FlowFork] = new FlowForkActivity(),
        [CoreActivityTypes.Fork] = new FlowForkActivity(),
        [CoreActivityTypes.FlowJoin] = new FlowJoinActivity(),
        [CoreActivityTypes.FlowNode] = new FlowNodeActivity(),
        [CoreActivityTypes.Delay] = new DelayActivity(),
        [CoreActivityTypes.Timer] = new TimerActivity(),
        [CoreActivityTypes.Event] = new EventActivity(),
        [CoreActivityTypes.PublishEvent] = new PublishEventActivity(),
        [CoreActivityTypes.Correlate] = new CorrelateActivity(),
        [CoreActivityTypes.Break] = new BreakActivity(),
        [CoreActivityTypes.ForEach] = new ForEachActivity(),
        [CoreActivityTypes.While] = new WhileActivity(),
        [CoreActivityTypes.For] = new ForActivity(),
    };

    public static ActivityBehavior Resolve(string type, ActivityDescriptor? descriptor)
    {
        if (descriptor?.ActivityType is not null)
        {
            return Sdk;
        }

        return Core.GetValueOrDefault(type) ?? Unknown;
    }
}
