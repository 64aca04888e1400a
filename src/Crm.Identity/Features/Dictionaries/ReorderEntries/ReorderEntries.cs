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

namespace Crm.Identity.Features.Dictionaries.ReorderEntries;

/// <summary>The whole new order: every code of the dictionary (retired ones too) exactly once.</summary>
internal sealed record ReorderEntriesCommand(IReadOnlyList<string>? Codes, long? Version) : IRequest<DictionaryResponse>
{
    [JsonIgnore]
    public string Key { get; init; } = "";
}

internal sealed class ReorderEntriesValidator : AbstractValidator<ReorderEntriesCommand>
{
    public ReorderEntriesValidator()
    {
        RuleFor(c => c.Codes).NotEmpty().WithMessage("List every code of the dictionary in the new order.")
            .Must(c => c is null || c.Count <= 1000).WithMessage("A dictionary has at most 1000 entries.")
            .Must(c => c is null || c.Distinct(StringComparer.OrdinalIgnoreCase).Count() == c.Count).WithMessage("Name each code once.");
    }
}

internal sealed class ReorderEntriesHandler(CrmIdentityDbContext db, ICurrentUser user, TimeProvider clock, CachedDictionaries cache)
    : IRequestHandler<ReorderEntriesCommand, DictionaryResponse>
{
    public async Task<DictionaryResponse> Handle(ReorderEntriesCommand command, CancellationToken cancellationToken)
    {
        var dictionary = await db.LoadAsync(command.Key, cancellationToken);
        Versioning.EnsureCurrent("dictionary", dictionary.Version, command.Version);
        var codes = command.Codes!;
        if (codes.Count != dictionary.Entries.Count || codes.Any(c => dictionary.Find(c) is null))
        {
            throw new BusinessRuleException("List every code of the dictionary in the new order.", nameof(ReorderEntriesCommand.Codes));
        }

        dictionary.Reorder(codes, user.Id, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        cache.Invalidate();
        return DictionaryResponse.From(dictionary);
    }
}

internal static class ReorderEntriesEndpoint
{
    internal static RouteHandlerBuilder MapReorderEntries(this IEndpointRouteBuilder app) =>
        app.MapPut("/{key}/order", async Task<Ok<DictionaryResponse>> (string key, ReorderEntriesCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken cancellationToken) =>
                Versioning.Ok(response, await mediator.Send(command with { Key = key, Version = Versioning.ExpectedVersion(request, command.Version) }, cancellationToken)))
            .WithName("ReorderDictionaryEntries")
            .WithSummary("Put the entries in a new order (every code once); If-Match with the dictionary's ETag")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
