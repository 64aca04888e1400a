using Crm.Identity.Persistence;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Identity.Features.Dictionaries.ListDictionaries;

/// <summary>A dictionary as listed: its names, how many entries it has (retired ones apart) and its version.</summary>
internal sealed record DictionarySummary(string Key, string NameEnglish, string NameChinese, int Entries, int RetiredEntries, long Version);

internal sealed record ListDictionariesQuery : IRequest<IReadOnlyList<DictionarySummary>>;

internal sealed class ListDictionariesHandler(CrmIdentityDbContext db) : IRequestHandler<ListDictionariesQuery, IReadOnlyList<DictionarySummary>>
{
    public async Task<IReadOnlyList<DictionarySummary>> Handle(ListDictionariesQuery query, CancellationToken cancellationToken) =>
        await db.Dictionaries.AsNoTracking()
            .OrderBy(d => d.Key)
            .Select(d => new DictionarySummary(
                d.Key, d.NameEnglish, d.NameChinese, d.Entries.Count(e => !e.Retired), d.Entries.Count(e => e.Retired), d.Version))
            .ToListAsync(cancellationToken);
}

internal static class ListDictionariesEndpoint
{
    internal static RouteHandlerBuilder MapListDictionaries(this IEndpointRouteBuilder app) =>
        app.MapGet("/", async Task<Ok<IReadOnlyList<DictionarySummary>>> (IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new ListDictionariesQuery(), cancellationToken)))
            .WithName("ListDictionaries")
            .WithSummary("The dictionaries (industry, customer level, source channel, lost reason and those added for custom fields)");
}
