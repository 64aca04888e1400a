using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Records;
using Crm.Identity.Dictionaries;
using Crm.Identity.Domain;
using Crm.Identity.Features.Dictionaries.Shared;
using Crm.Identity.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Identity.Features.Dictionaries.AddEntry;

/// <summary>A new entry at the end of the list. Without a code, one is made from the English label.</summary>
internal sealed record AddEntryCommand(string? Code, string? LabelEnglish, string? LabelChinese, long? Version) : IRequest<DictionaryResponse>
{
    [JsonIgnore]
    public string Key { get; init; } = "";
}

internal sealed class AddEntryValidator : AbstractValidator<AddEntryCommand>
{
    public AddEntryValidator()
    {
        RuleFor(c => c.Code).MaximumLength(50)
            .Must(c => c is null || DataDictionary.IsValidCode(c))
            .WithMessage("Use lower-case letters, digits and single dashes, e.g. 'new-energy'.");
        this.Labels(c => c.LabelEnglish, c => c.LabelChinese);
    }
}

internal sealed class AddEntryHandler(CrmIdentityDbContext db, ICurrentUser user, TimeProvider clock, CachedDictionaries cache)
    : IRequestHandler<AddEntryCommand, DictionaryResponse>
{
    public async Task<DictionaryResponse> Handle(AddEntryCommand command, CancellationToken cancellationToken)
    {
        var dictionary = await db.LoadAsync(command.Key, cancellationToken);
        Versioning.EnsureCurrent("dictionary", dictionary.Version, command.Version);
        var code = command.Code ?? DataDictionary.CodeFrom(command.LabelEnglish!);
        if (code.Length == 0)
        {
            throw new BusinessRuleException("Give a code: the English label has no letters or digits to make one from.", nameof(AddEntryCommand.Code));
        }

        if (dictionary.Find(code) is { } taken)
        {
            throw new BusinessRuleException($"The code '{taken.Code}' is already used in this dictionary (codes never change, even when retired).", nameof(AddEntryCommand.Code));
        }

        dictionary.Add(code, command.LabelEnglish!.Trim(), command.LabelChinese!.Trim(), user.Id, clock.GetUtcNow().UtcDateTime);
        await db.SaveAsync($"The code '{code}' is already used in this dictionary (codes never change, even when retired).", cancellationToken);
        cache.Invalidate();
        return DictionaryResponse.From(dictionary);
    }
}

internal static class AddEntryEndpoint
{
    internal static RouteHandlerBuilder MapAddEntry(this IEndpointRouteBuilder app) =>
        app.MapPost("/{key}/entries", async Task<Created<DictionaryResponse>> (string key, AddEntryCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var updated = await mediator.Send(command with { Key = key, Version = Versioning.ExpectedVersion(request, command.Version) }, cancellationToken);
                return Versioning.Created(response, $"/api/dictionaries/{updated.Key}", updated);
            })
            .WithName("AddDictionaryEntry")
            .WithSummary("Add an entry (code optional: made from the English label); answers the dictionary; If-Match with its ETag, 412 when stale")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
