using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Records;
using Crm.Identity.Dictionaries;
using Crm.Identity.Features.Dictionaries.Shared;
using Crm.Identity.Persistence;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Identity.Features.Dictionaries.RetireEntry;

/// <summary>
/// Retiring takes an entry off the pickers and refuses it for new values, while records that hold it keep showing its
/// label; restoring offers it again. Entries are never deleted: a record's code must always resolve to a label.
/// </summary>
internal sealed record SetEntryRetiredCommand(string Key, string Code, bool Retired, long? Version) : IRequest<DictionaryResponse>;

internal sealed class SetEntryRetiredHandler(CrmIdentityDbContext db, ICurrentUser user, TimeProvider clock, CachedDictionaries cache)
    : IRequestHandler<SetEntryRetiredCommand, DictionaryResponse>
{
    public async Task<DictionaryResponse> Handle(SetEntryRetiredCommand command, CancellationToken cancellationToken)
    {
        var dictionary = await db.LoadAsync(command.Key, cancellationToken);
        var entry = dictionary.Entry(command.Code);
        Versioning.EnsureCurrent("dictionary", dictionary.Version, command.Version);
        if (entry.Retired != command.Retired)
        {
            dictionary.SetRetired(entry, command.Retired, user.Id, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            cache.Invalidate();
        }

        return DictionaryResponse.From(dictionary);
    }
}

internal static class RetireEntryEndpoint
{
    internal static RouteHandlerBuilder MapRetireEntry(this IEndpointRouteBuilder app) =>
        app.MapPost("/{key}/entries/{code}/retire", (string key, string code, IMediator m, HttpRequest rq, HttpResponse rs, CancellationToken ct) => Handle(key, code, true, m, rq, rs, ct))
            .WithName("RetireDictionaryEntry")
            .WithSummary("Retire an entry: no longer offered or accepted for new values, still shown on the records that hold it")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    internal static RouteHandlerBuilder MapRestoreEntry(this IEndpointRouteBuilder app) =>
        app.MapPost("/{key}/entries/{code}/restore", (string key, string code, IMediator m, HttpRequest rq, HttpResponse rs, CancellationToken ct) => Handle(key, code, false, m, rq, rs, ct))
            .WithName("RestoreDictionaryEntry")
            .WithSummary("Offer a retired entry again")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private static async Task<Ok<DictionaryResponse>> Handle(
        string key, string code, bool retired, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken cancellationToken) =>
        Versioning.Ok(response, await mediator.Send(new SetEntryRetiredCommand(key, code, retired, Versioning.ExpectedVersion(request, null)), cancellationToken));
}
