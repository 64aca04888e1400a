using Microsoft.Extensions.Configuration;

namespace Crm.BuildingBlocks.Scheduling;

/// <summary>The <c>Scheduler</c> configuration section: the host's one Quartz scheduler (ADR 0017).</summary>
public sealed class SchedulerOptions
{
    /// <summary>
    /// Quartz's scheduler name, the same on every node: the nodes of one installation form a cluster because they share
    /// this name and the database.
    /// </summary>
    public const string SchedulerName = "Crm";

    /// <summary>
    /// <c>Scheduler:Enabled</c> (default true). When false this process runs no jobs and schedules no triggers: a
    /// web-only node, a tool, or a test without a database server. Work it would have scheduled is picked up by the
    /// reconciliation of the nodes that do run the scheduler.
    /// </summary>
    public bool Enabled { get; init; } = true;

    public static SchedulerOptions From(IConfiguration configuration) =>
        new() { Enabled = configuration.GetValue("Scheduler:Enabled", true) };
}
