using Crm.Web.Security;
using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web;

/// <summary>
/// Sends a module's MediatR request from a page in a fresh DI scope, as an HTTP request would get. A Blazor Server
/// circuit is one long-lived scope: a DbContext resolved there would live for the whole session, pile up tracked
/// entities and fail when two requests overlap (a table reload while a form saves). The acting user goes along.
/// </summary>
public sealed class UiMediator(IServiceScopeFactory scopes, UiPrincipal principal, IHttpContextAccessor http)
{
    public Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default) =>
        RunAsync(services => services.GetRequiredService<IMediator>().Send(request, cancellationToken));

    /// <summary>Runs <paramref name="work"/> with services of a fresh scope (for reads that are not MediatR requests).</summary>
    public async Task<T> RunAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<UiPrincipal>().User = principal.User ?? http.HttpContext?.User;
        return await work(scope.ServiceProvider);
    }
}
