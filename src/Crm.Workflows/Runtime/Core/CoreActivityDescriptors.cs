using Crm.Workflows.Abstractions;
using Crm.Workflows.Descriptors;

namespace Crm.Workflows.Runtime.Core;

/// <summary>The type names of the core activities, exactly as Elsa 3 writes them into definitions.</summary>
internal static class CoreActivityTypes
{
    public const string Flowchart = "Elsa.Flowchart";
    public const string Start = "Elsa.Start";
    public const string End = "Elsa.End";
    public const string Finish = "Elsa.Finish";
    public const string WriteLine = "Elsa.WriteLine";
    public const string SetVariable = "Elsa.SetVariable";
    public const string FlowDecision = "Elsa.FlowDecision";
    public const string FlowSwitch = "Elsa.FlowSwitch";
    public const string FlowFork = "Elsa.FlowFork";
    public const string Fork = "Elsa.Fork";
    public const string FlowJoin = "Elsa.FlowJoin";
    public const string FlowNode = "Elsa.FlowNode";
    public const string Delay = "Elsa.Delay";
    public const string Timer = "Elsa.Timer";
    public const string Event = "Elsa.Event";
    public const string PublishEvent = "Elsa.PublishEvent";
    public const string Correlate = "Elsa.Correlate";
    public const string Break = "Elsa.Break";
    public const string ForEach = "Elsa.ForEach";
    public const string While = "Elsa.While";
    public const string For = "Elsa.For";
}

/// <summary>
/// Toolbox descriptors of the core activities. Names, categories, display names, input names, type names and UI hints
/// follow Elsa 3.8 (docs/research/elsa-semantics.md section 2 and 7): Studio's port providers and editors key on them
/// (Elsa.FlowSwitch with "cases"/flow-switch-editor, FlowFork's "branches"/dynamic-outcomes, isStart, isTerminal,
/// the embedded Body port). Descriptions are ours. Input names are camelCase, like every descriptor we serve.
/// </summary>
internal static class CoreActivityDescriptors
{
    private static readonly PortDescriptor[] BodyPort = [new("Body", "Body", PortDescriptor.Embedded)];

    public static IReadOnlyList<ActivityDescriptor> All { get; } =
    [
        Describe(CoreActivityTypes.Flowchart, "Flow", "Flowchart", "A collection of activities and the connections between them.") with
        {
            IsContainer = true,
            IsBrowsable = false,
        },
        Describe(CoreActivityTypes.Start, "Flow", "Start", "Marks where the flowchart starts.") with { IsStart = true },
        Describe(CoreActivityTypes.End, "Flow", "End", "Ends the flowchart it is in; other branches of that flowchart are cancelled.") with { IsTerminal = true },
        Describe(CoreActivityTypes.Finish, "Primitives", "Finish", "Finishes the whole workflow at once, whatever still runs or waits.") with { IsTerminal = true },
        Describe(CoreActivityTypes.WriteLine, "Console", "Write Line", "Writes a line of text to the instance journal.") with
        {
            Inputs = [Input("text", "String", typeof(string), "Text", "The text to write.")],
        },
        Describe(CoreActivityTypes.SetVariable, "Primitives", "Set Variable", "Assigns a value to a workflow variable.") with
        {
            Inputs =
            [
                Input("variable", "Variable", typeof(object), "Variable", "The variable to assign the value to.", "variable-picker") with { IsWrapped = false },
                Input("value", "Object", typeof(object), "Value", "The value to assign.", order: 1),
            ],
        },
        Describe(CoreActivityTypes.FlowDecision, "Branching", "Decision", "Evaluates a Boolean condition and continues on True or False.") with
        {
            Inputs = [Input("condition", "Boolean", typeof(bool), "Condition", "The condition to evaluate.", UIHints.SingleLine, defaultValue: "False")],
            Ports = [new("True", "True"), new("False", "False")],
        },
        Describe(CoreActivityTypes.FlowSwitch, "Branching", "Switch (flow)", "Evaluates case conditions in order and continues on the matching case, or Default.") with
        {
            Inputs =
            [
                Input("cases", "Object", typeof(object), "Cases", "The cases to evaluate.", "flow-switch-editor") with { IsWrapped = false },
                Input("mode", "String", typeof(string), "Mode", "Whether to continue on the first matching case only, or on all matching cases.",
                    UIHints.Dropdown, defaultValue: "MatchFirst", order: 1) with
                {
                    Options = [("MatchFirst", "MatchFirst"), ("MatchAny", "MatchAny")],
                },
            ],
            Ports = [new("Default", "Default")],
        },
        Describe(CoreActivityTypes.FlowFork, "Branching", "Fork (flow)", "Splits execution into several branches that all continue.") with
        {
            Inputs = [Input("branches", "String[]", typeof(List<string>), "Branches", "The names of the branches (outgoing ports).", UIHints.DynamicOutcomes)],
        },
        Describe(CoreActivityTypes.FlowJoin, "Branching", "Join", "Merges branches: WaitAny continues on the first arrival and cancels the other branches, WaitAll once every inbound branch arrived.") with
        {
            Inputs =
            [
                Input("mode", "String", typeof(string), "Mode", "WaitAny continues as soon as one inbound branch arrives; WaitAll once all inbound branches have; WaitAllActive once all branches that were taken have.",
                    UIHints.Dropdown, defaultValue: "WaitAny") with
                {
                    Options = [("WaitAll", "WaitAll"), ("WaitAllActive", "WaitAllActive"), ("WaitAny", "WaitAny")],
                },
            ],
        },
        Describe(CoreActivityTypes.FlowNode, "Flow", "Container", "Runs its body and continues when the body completes.") with { Ports = BodyPort },
        Describe(CoreActivityTypes.Delay, "Scheduling", "Delay", "Waits for the given amount of time.") with
        {
            Inputs = [Input("timeSpan", "TimeSpan", typeof(TimeSpan), "Time Span", "How long to wait, e.g. 00:05:00.", defaultValue: "00:01:00")],
        },
        Describe(CoreActivityTypes.Timer, "Scheduling", "Timer", "As a trigger, starts the workflow at every interval; inside a workflow, waits one interval.") with
        {
            Kind = "Trigger",
            Inputs = [Input("interval", "TimeSpan", typeof(TimeSpan), "Interval", "The interval, e.g. 00:01:00.", defaultValue: "00:01:00")],
        },
        Describe(CoreActivityTypes.Event, "Primitives", "Event", "Waits for an event with the given name to be published.") with
        {
            Kind = "Trigger",
            Inputs = [Input("eventName", "String", typeof(string), "Event Name", "The name of the event to wait for.")],
            Outputs = [new OutputDescriptor("result", "Object", "Result", "The payload of the event.")],
        },
        Describe(CoreActivityTypes.PublishEvent, "Primitives", "Publish Event", "Publishes an event that resumes waiting Event activities and starts workflows triggered by it.") with
        {
            Inputs =
            [
                Input("eventName", "String", typeof(string), "Event Name", "The name of the event to publish."),
                Input("correlationId", "String", typeof(string), "Correlation Id", "Only workflows with this correlation id receive the event.", order: 1),
                Input("isLocalEvent", "Boolean", typeof(bool), "Local event", "Deliver the event to this workflow instance only.", UIHints.CheckBox, order: 2),
                Input("payload", "Object", typeof(object), "Payload", "The payload to send with the event.", order: 3),
            ],
        },
        Describe(CoreActivityTypes.Correlate, "Primitives", "Correlate", "Sets the correlation id of the workflow instance.") with
        {
            Inputs = [Input("correlationId", "String", typeof(string), "Correlation Id", "The value to store as the correlation id.")],
        },
        Describe(CoreActivityTypes.Break, "Looping", "Break", "Leaves the nearest enclosing loop.") with { IsTerminal = true },
        Describe(CoreActivityTypes.ForEach, "Looping", "For Each", "Runs its body once for every item of a list.") with
        {
            Inputs = [Input("items", "Object", typeof(List<object?>), "Items", "The set of values to iterate.", UIHints.Dropdown)],
            Outputs = [new OutputDescriptor("currentValue", "Object", "Current Value", "The current item; bind it to a variable.")],
            Ports = BodyPort,
        },
        Describe(CoreActivityTypes.While, "Looping", "While", "Runs its body as long as the condition is true.") with
        {
            Inputs = [Input("condition", "Boolean", typeof(bool), "Condition", "Evaluated before every iteration.", UIHints.SingleLine, defaultValue: "False")],
            Ports = BodyPort,
        },
        Describe(CoreActivityTypes.For, "Looping", "For", "Runs its body for each number from start to end.") with
        {
            Inputs =
            [
                Input("start", "Int32", typeof(int), "Start", "The first value.", defaultValue: "0"),
                Input("end", "Int32", typeof(int), "End", "The last value.", defaultValue: "0", order: 1),
                Input("step", "Int32", typeof(int), "Step", "The step size; negative to count down.", defaultValue: "1", order: 2),
                Input("outerBoundInclusive", "Boolean", typeof(bool), "Outer Bound Inclusive", "Whether the end value itself is included.", UIHints.CheckBox, defaultValue: "True", order: 3),
            ],
            Outputs = [new OutputDescriptor("currentValue", "Object", "Current Value", "The current value; bind it to a variable.")],
            Ports = BodyPort,
        },
    ];

    private static readonly Dictionary<string, ActivityDescriptor> ByType = All.ToDictionary(d => d.TypeName, StringComparer.Ordinal);

    public static ActivityDescriptor? Find(string typeName) =>
        ByType.GetValueOrDefault(typeName) ?? (typeName == CoreActivityTypes.Fork ? ByType[CoreActivityTypes.FlowFork] : null);

    private static ActivityDescriptor Describe(string typeName, string category, string displayName, string description) => new()
    {
        TypeName = typeName,
        Namespace = "Elsa",
        Name = typeName["Elsa.".Length..],
        Category = category,
        DisplayName = displayName,
        Description = description,
        Source = "Core",
    };

    private static InputDescriptor Input(string name, string typeName, Type clrType, string displayName, string description,
        string uiHint = UIHints.SingleLine, string? defaultValue = null, int order = 0) => new()
    {
        Name = name,
        TypeName = typeName,
        ClrType = clrType,
        DisplayName = displayName,
        Description = description,
        UIHint = uiHint,
        DefaultValue = defaultValue,
        Order = order,
    };
}
