using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Records;
using Crm.Identity.Features.Dictionaries.Shared;
using Crm.Identity.Persistence;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Identity.Features.Dictionaries.GetDictionary;

internal sealed record GetDictionaryQuery(string Key, bool IncludeRetired) : IRequest<DictionaryResponse>;

internal sealed class GetDictionaryHandler(CrmIdentityDbContext db) : IRequestHandler<GetDictionaryQuery, DictionaryResponse>
{
    public async Task<DictionaryResponse> Handle(GetDictionaryQuery query, CancellationToken cancellationToken)
    {
        var key = query.Key.Trim().ToLowerInvariant();
        var dictionary = await db.Dictionaries.AsNoTracking().Include(d => d.Entries).FirstOrDefaultAsync(d => d.Key == key, cancellationToken)
                         ?? throw new NotFoundException($"There is no dictionary '{query.Key}'.");
        return DictionaryResponse.From(dictionary, query.IncludeRetired);
    }
}

internal static class GetDictionaryEndpoint
{
    internal static RouteHandlerBuilder MapGetDictionary(this IEndpointRouteBuilder app) =>
        app.MapGet("/{key}", async Task<Ok<DictionaryResponse>> (string key, bool? includeRetired, IMediator mediator, HttpResponse response, CancellationToken cancellationToken) =>
                Versioning.Ok(response, await mediator.Send(new GetDictionaryQuery(key, includeRetired ?? false), cancellationToken)))
            .WithName("GetDictionary")
            .WithSummary("A dictionary's entries in display order (retired ones with includeRetired=true); the ETag guards every change to it")
            .ProducesProblem(StatusCodes.Status404NotFound);
}
