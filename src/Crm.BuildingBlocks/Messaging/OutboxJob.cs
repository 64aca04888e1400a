using Crm.BuildingBlocks.Persistence;
using Quartz;

namespace Crm.BuildingBlocks.Messaging;

[DisallowConcurrentExecution]
internal sealed class OutboxJob<TContext>(OutboxProcessor<TContext> processor) : IJob
    where TContext : ModuleDbContext
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await processor.ProcessAsync(cancellationToken);
}
