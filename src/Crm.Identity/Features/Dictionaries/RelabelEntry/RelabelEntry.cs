using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Records;
using Crm.Identity.Dictionaries;
using Crm.Identity.Features.Dictionaries.Shared;
using Crm.Identity.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Identity.Features.Dictionaries.RelabelEntry;

/// <summary>New labels for an entry; its code stays, so no record that holds it changes.</summary>
internal sealed record RelabelEntryCommand(string? LabelEnglish, string? LabelChinese, long? Version) : IRequest<DictionaryResponse>
{
    [JsonIgnore]
    public string Key { get; init; } = "";

    [JsonIgnore]
    public string Code { get; init; } = "";
}

internal sealed class RelabelEntryValidator : AbstractValidator<RelabelEntryCommand>
{
    public RelabelEntryValidator() => this.Labels(c => c.LabelEnglish, c => c.LabelChinese);
}

internal sealed class RelabelEntryHandler(CrmIdentityDbContext db, ICurrentUser user, TimeProvider clock, CachedDictionaries cache)
    : IRequestHandler<RelabelEntryCommand, DictionaryResponse>
{
    public async Task<DictionaryResponse> Handle(RelabelEntryCommand command, CancellationToken cancellationToken)
    {
        var dictionary = await db.LoadAsync(command.Key, cancellationToken);
        var entry = dictionary.Entry(command.Code);
        Versioning.EnsureCurrent("dictionary", dictionary.Version, command.Version);
        dictionary.Relabel(entry, command.LabelEnglish!.Trim(), command.LabelChinese!.Trim(), user.Id, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        cache.Invalidate();
        return DictionaryResponse.From(dictionary);
    }
}

internal static class RelabelEntryEndpoint
{
    internal static RouteHandlerBuilder MapRelabelEntry(this IEndpointRouteBuilder app) =>
        app.MapPut("/{key}/entries/{code}", async Task<Ok<DictionaryResponse>> (string key, string code, RelabelEntryCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken cancellationToken) =>
                Versioning.Ok(response, await mediator.Send(
                    command with { Key = key, Code = code, Version = Versioning.ExpectedVersion(request, command.Version) }, cancellationToken)))
            .WithName("RelabelDictionaryEntry")
            .WithSummary("Change an entry's English and Chinese labels (the code never changes); If-Match with the dictionary's ETag")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
