using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Crm.BuildingBlocks.Messaging;
using Crm.TestKit;
using Crm.Workflows.Persistence;
using Crm.Workflows.Tests.Runtime;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Workflows.Tests.Runtime.WorkflowJson;

namespace Crm.Workflows.Tests.Instances;

/// <summary>
/// The workflow runner and the outbox emit their own traces and metrics ("Crm.Workflows", "Crm.Outbox";
/// docs/operations.md), whether or not an exporter is configured: the listeners here stand in for OpenTelemetry.
/// </summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task Starting_and_resuming_a_workflow_emit_a_span_and_a_burst_measurement_each()
    {
        using var telemetry = new Recorder("Crm.Workflows");
        using var app = new CrmApp(enabledModules: []);
        var api = new InstanceApi(app.CreateClient());
        var eventName = "Telemetry-" + Guid.NewGuid().ToString("N");
        var definitionId = await api.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("wait", "Elsa.Event", ("eventName", Literal(eventName)))
            .Chain("start", "wait"));

        var (id, _) = await api.ExecuteAsync(definitionId);
        await api.PostAsync($"/events/{eventName}/trigger", new JsonObject());

        var spans = telemetry.Spans.Where(s => Equals(s.GetTagItem("crm.workflow.instance_id"), id)).ToList();
        Assert.Equal(["workflow start", "workflow resume"], spans.Select(s => s.DisplayName));
        Assert.Equal(["Suspended", "Finished"], spans.Select(s => (string?)s.GetTagItem("crm.workflow.status")));
        Assert.Equal(definitionId, spans[0].GetTagItem("crm.workflow.definition_id"));

        Assert.Contains(telemetry.Measurements, m => m.Instrument == "crm.workflows.bursts" && m.Tags["crm.workflow.burst"] == "start" && m.Tags["crm.workflow.status"] == "Suspended");
        Assert.Contains(telemetry.Measurements, m => m.Instrument == "crm.workflows.bursts" && m.Tags["crm.workflow.burst"] == "resume" && m.Tags["crm.workflow.status"] == "Finished");
        Assert.Contains(telemetry.Measurements, m => m.Instrument == "crm.workflows.burst.duration" && m.Value > 0);
    }

    [Fact]
    public async Task Delivering_a_workflow_event_emits_a_span_with_the_instances_it_reached_and_a_count()
    {
        using var telemetry = new Recorder("Crm.Workflows");
        using var app = new CrmApp(enabledModules: []);
        var api = new InstanceApi(app.CreateClient());
        var eventName = "Telemetry-" + Guid.NewGuid().ToString("N");
        // The first workflow publishes the event the second waits for: the publish goes through event delivery.
        var waiting = await api.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("wait", "Elsa.Event", ("eventName", Literal(eventName)))
            .Chain("start", "wait"));
        var publishing = await api.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("publish", "Elsa.PublishEvent", ("eventName", Literal(eventName)))
            .Chain("start", "publish"));
        await api.ExecuteAsync(waiting);

        await api.ExecuteAsync(publishing);

        var delivery = Assert.Single(telemetry.Spans, s => s.DisplayName == $"workflow deliver {eventName}");
        Assert.Equal(1, delivery.GetTagItem("crm.workflow.instances"));
        Assert.Single(telemetry.Measurements, m => m.Instrument == "crm.workflows.events.delivered" && m.Tags["crm.workflow.event"] == eventName);
    }

    [Fact]
    public async Task Delivering_an_outbox_event_emits_a_span_the_delivered_count_and_the_lag()
    {
        using var telemetry = new Recorder("Crm.Outbox");
        using var app = new CrmApp(enabledModules: []);
        var api = new InstanceApi(app.CreateClient());
        // A task for the administrator: the inbox writes a TaskAssigned event to the workflows' outbox.
        var definitionId = await api.PublishAsync(new WorkflowJson()
            .Activity("start", "Elsa.Start")
            .Activity("task", "Crm.HumanTask", ("title", Literal("Telemetry")), ("assignee", Literal(TestAuthentication.AdministratorId.ToString())))
            .Chain("start", "task"));
        await api.ExecuteAsync(definitionId);

        var delivered = await app.Services.GetRequiredService<OutboxProcessor<WorkflowsDbContext>>().ProcessAsync(CancellationToken.None);

        Assert.True(delivered > 0);
        Assert.Contains(telemetry.Spans, s => s.DisplayName.StartsWith("outbox deliver ", StringComparison.Ordinal) && Equals(s.GetTagItem("crm.module"), "Workflows"));
        Assert.True(telemetry.Measurements.Count(m => m.Instrument == "crm.outbox.delivered" && m.Tags["crm.module"] == "Workflows") >= delivered);
        Assert.Contains(telemetry.Measurements, m => m.Instrument == "crm.outbox.delivery.lag" && m.Tags["crm.module"] == "Workflows" && m.Value >= 0);
    }

    /// <summary>Listens to one source and meter of that name, as an OpenTelemetry SDK would.</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly ActivityListener _activities;
        private readonly MeterListener _meters = new();

        public Recorder(string name)
        {
            _activities = new ActivityListener
            {
                ShouldListenTo = s => s.Name == name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = a => Spans.Enqueue(a),
            };
            ActivitySource.AddActivityListener(_activities);
            _meters.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _meters.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
            _meters.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
            _meters.Start();
        }

        public ConcurrentQueue<Activity> Spans { get; } = new();

        public ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string?> Tags)> Measurements { get; } = new();

        public void Dispose()
        {
            _activities.Dispose();
            _meters.Dispose();
        }

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, string?>();
            foreach (var (key, tag) in tags)
            {
                copy[key] = tag?.ToString();
            }

            Measurements.Enqueue((instrument.Name, value, copy));
        }
    }
}
