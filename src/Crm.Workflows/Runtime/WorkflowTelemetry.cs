using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Crm.Workflows.Runtime;

/// <summary>
/// The workflow runner's own traces and metrics (ActivitySource and Meter "Crm.Workflows"; docs/operations.md). A burst
/// is the unit operators care about: one start or resume, run to its next wait and committed in one transaction.
/// Lost resume races are counted apart: on several nodes they are expected, and a rising rate means contention.
/// </summary>
internal static class WorkflowTelemetry
{
    public const string Name = "Crm.Workflows";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Bursts = Meter.CreateCounter<long>(
        "crm.workflows.bursts", "{burst}", "Workflow bursts committed, by kind (start, resume) and the status the instance reached");

    private static readonly Histogram<double> BurstDuration = Meter.CreateHistogram<double>(
        "crm.workflows.burst.duration", "ms", "Time to run and commit one workflow burst");

    private static readonly Counter<long> ResumeConflicts = Meter.CreateCounter<long>(
        "crm.workflows.resume.conflicts", "{resume}", "Resumes that lost the bookmark to another resume (another node, a timer, a double click)");

    private static readonly Counter<long> EventsDelivered = Meter.CreateCounter<long>(
        "crm.workflows.events.delivered", "{event}", "Workflow events delivered, by event name, with the instances they resumed or started");

    private static readonly Counter<long> EventsDropped = Meter.CreateCounter<long>(
        "crm.workflows.events.undelivered", "{event}", "Workflow events left undelivered when a runaway cascade was stopped (ADR 0055)");

    public static Activity? StartDelivery(string eventName)
    {
        var activity = Source.StartActivity($"workflow deliver {eventName}", ActivityKind.Consumer);
        activity?.SetTag("crm.workflow.event", eventName);
        return activity;
    }

    public static void Delivered(Activity? activity, string eventName, int instancesTouched)
    {
        activity?.SetTag("crm.workflow.instances", instancesTouched);
        EventsDelivered.Add(1, new TagList { { "crm.workflow.event", eventName } });
    }

    public static void Undelivered(int count) => EventsDropped.Add(count);

    public static Activity? StartBurst(string kind, string definitionOrBookmark)
    {
        var activity = Source.StartActivity($"workflow {kind}");
        activity?.SetTag("crm.workflow.burst", kind);
        activity?.SetTag(kind == "start" ? "crm.workflow.definition_id" : "crm.workflow.bookmark_id", definitionOrBookmark);
        return activity;
    }

    public static void Committed(Activity? activity, string kind, WorkflowState state, TimeSpan elapsed)
    {
        var status = state.SubStatus.ToString();
        activity?.SetTag("crm.workflow.instance_id", state.Id);
        activity?.SetTag("crm.workflow.status", status);
        var tags = new TagList { { "crm.workflow.burst", kind }, { "crm.workflow.status", status } };
        Bursts.Add(1, tags);
        BurstDuration.Record(elapsed.TotalMilliseconds, new TagList { { "crm.workflow.burst", kind } });
    }

    public static void Conflict(Activity? activity)
    {
        activity?.SetStatus(ActivityStatusCode.Error, "bookmark already resumed");
        ResumeConflicts.Add(1);
    }
}
