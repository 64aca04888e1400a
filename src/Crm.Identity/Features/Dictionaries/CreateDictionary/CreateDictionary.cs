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
using Microsoft.EntityFrameworkCore;

namespace Crm.Identity.Features.Dictionaries.CreateDictionary;

/// <summary>A new, empty dictionary, e.g. for a custom choice field; its key never changes.</summary>
internal sealed record CreateDictionaryCommand(string? Key, string? NameEnglish, string? NameChinese) : IRequest<DictionaryResponse>;

internal sealed class CreateDictionaryValidator : AbstractValidator<CreateDictionaryCommand>
{
    public CreateDictionaryValidator()
    {
        RuleFor(c => c.Key).NotEmpty().WithMessage("Give the dictionary a key.").MaximumLength(50)
            .Must(k => k is null || DataDictionary.IsValidCode(k))
            .WithMessage("Use lower-case letters, digits and single dashes, e.g. 'payment-terms'.");
        this.Labels(c => c.NameEnglish, c => c.NameChinese);
    }
}

internal sealed class CreateDictionaryHandler(CrmIdentityDbContext db, ICurrentUser user, TimeProvider clock, CachedDictionaries cache)
    : IRequestHandler<CreateDictionaryCommand, DictionaryResponse>
{
    public async Task<DictionaryResponse> Handle(CreateDictionaryCommand command, CancellationToken cancellationToken)
    {
        var key = command.Key!;
        if (await db.Dictionaries.AnyAsync(d => d.Key == key, cancellationToken))
        {
            throw new ConflictException($"There is already a dictionary '{key}'.");
        }

        var dictionary = DataDictionary.Create(key, command.NameEnglish!.Trim(), command.NameChinese!.Trim(), user.Id, clock.GetUtcNow().UtcDateTime);
        db.Dictionaries.Add(dictionary);
        await db.SaveAsync($"There is already a dictionary '{key}'.", cancellationToken);
        cache.Invalidate();
        return DictionaryResponse.From(dictionary);
    }
}

internal static class CreateDictionaryEndpoint
{
    internal static RouteHandlerBuilder MapCreateDictionary(this IEndpointRouteBuilder app) =>
        app.MapPost("/", async Task<Created<DictionaryResponse>> (CreateDictionaryCommand command, IMediator mediator, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var created = await mediator.Send(command, cancellationToken);
                return Versioning.Created(response, $"/api/dictionaries/{created.Key}", created);
            })
            .WithName("CreateDictionary")
            .WithSummary("Add a dictionary (key: lower-case letters, digits, dashes; names in English and Chinese); 409 for a key in use")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
