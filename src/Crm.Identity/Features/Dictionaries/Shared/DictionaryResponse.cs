using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Records;
using Crm.Identity.Domain;
using Crm.Identity.Persistence;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Crm.Identity.Features.Dictionaries.Shared;

/// <summary>A dictionary with its entries in display order; <see cref="Version"/> is the ETag every change must send.</summary>
internal sealed record DictionaryResponse(string Key, string NameEnglish, string NameChinese, long Version, IReadOnlyList<DictionaryEntryResponse> Entries)
    : IVersioned
{
    public static DictionaryResponse From(DataDictionary d, bool includeRetired = true) => new(
        d.Key, d.NameEnglish, d.NameChinese, d.Version,
        d.Entries.Where(e => includeRetired || !e.Retired).OrderBy(e => e.Order).ThenBy(e => e.Code, StringComparer.Ordinal)
            .Select(e => new DictionaryEntryResponse(e.Code, e.LabelEnglish, e.LabelChinese, e.Order, e.Retired)).ToList());
}

internal sealed record DictionaryEntryResponse(string Code, string LabelEnglish, string LabelChinese, int Order, bool Retired);

internal static class DictionaryStore
{
    /// <summary>The dictionary with its entries, tracked for a change; 404 for an unknown key.</summary>
    public static async Task<DataDictionary> LoadAsync(this CrmIdentityDbContext db, string key, CancellationToken cancellationToken)
    {
        var normalised = key.Trim().ToLowerInvariant();
        return await db.Dictionaries.Include(d => d.Entries).FirstOrDefaultAsync(d => d.Key == normalised, cancellationToken)
               ?? throw new NotFoundException($"There is no dictionary '{key}'.");
    }

    public static DataDictionaryEntry Entry(this DataDictionary dictionary, string code) =>
        dictionary.Find(code) ?? throw new NotFoundException($"The dictionary '{dictionary.Key}' has no entry '{code}'.");

    /// <summary>Saves; a lost race on a unique key (two admins adding the same code or dictionary at once) answers the same 409 the check before it gives.</summary>
    public static async Task SaveAsync(this CrmIdentityDbContext db, CrmText conflict, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            throw new ConflictException(conflict);
        }
    }

    /// <summary>Labels in both languages: required, one line, 100 characters at most.</summary>
    public static void Labels<T>(this AbstractValidator<T> validator, System.Linq.Expressions.Expression<Func<T, string?>> english, System.Linq.Expressions.Expression<Func<T, string?>> chinese)
    {
        validator.RuleFor(english).SingleLine().NotEmpty().WithMessage("Give the English label.").MaximumLength(100);
        validator.RuleFor(chinese).SingleLine().NotEmpty().WithMessage("Give the Chinese label.").MaximumLength(100);
    }
}
