using Crm.Funnel.Features.Campaigns;
using MediatR;
using Quartz;

namespace Crm.Funnel.Jobs;

/// <summary>Raises due campaign reminders every <c>Funnel:Reminders:PollingIntervalSeconds</c>.</summary>
[DisallowConcurrentExecution]
internal sealed class CampaignReminderJob(IMediator mediator) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        while (await mediator.Send(new SendDueRemindersCommand(100), cancellationToken) == 100)
        {
        }
    }
}
