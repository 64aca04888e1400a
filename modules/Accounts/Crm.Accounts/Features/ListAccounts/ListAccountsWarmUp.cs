using Crm.BuildingBlocks.Hosting;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Accounts.Features.ListAccounts;

/// <summary>
/// The queries of the first accounts page (its rows and its count) and of the dashboard's "customers needing contact"
/// tile, sent once at start-up so EF has compiled and cached them before the first user asks. Sent through the
/// mediator, as the page does, so validation and the handler's query shape are the real ones; with no signed-in user
/// the scope is "every record", the administrator's shape.
/// </summary>
internal sealed class ListAccountsWarmUp : IWarmUp
{
    public string Name => "Accounts list";

    public async Task WarmUpAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var mediator = services.GetRequiredService<IMediator>();
        await mediator.Send(new ListAccountsQuery(new AccountFilter(), null, false, 1, 10, null, IncludeTotal: false), cancellationToken);
        await mediator.Send(new ListAccountsQuery(new AccountFilter(), null, false, 1, 1, null, IncludeTotal: true), cancellationToken);
        await mediator.Send(new ListAccountsQuery(new AccountFilter(NotContactedForDays: 30), AccountSorts.LastContactAt, false, 1, 6, null, false), cancellationToken);
    }
}
