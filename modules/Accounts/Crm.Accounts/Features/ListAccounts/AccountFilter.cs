using System.Runtime.CompilerServices;
using Crm.Accounts.Domain;
using Crm.Accounts.Features.Shared;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.PublicApi;
using Crm.BuildingBlocks.Records;
using Crm.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Accounts.Features.ListAccounts;

/// <summary>The filters shared by the list and the CSV export.</summary>
internal sealed record AccountFilter(
    string? Stage = null,
    Guid? OwnerId = null,
    Guid? BranchId = null,
    string? Source = null,
    string? Industry = null,
    string? Tag = null,
    int? NotContactedForDays = null,
    string? Search = null,
    bool IncludeArchived = false,
    string? CustomerLevel = null)
{
    /// <summary>
    /// The dictionary filters as the dictionaries spell their codes, so <c>source=website</c> finds <c>Website</c> on
    /// every provider; an industry that is no entry (old free text) is matched as typed.
    /// </summary>
    public async Task<AccountFilter> WithDictionaryCodesAsync(IDictionaries dictionaries, CancellationToken cancellationToken) => this with
    {
        Source = await dictionaries.CodeAsync(DictionaryKeys.SourceChannel, Source, cancellationToken),
        Industry = await dictionaries.CodeAsync(DictionaryKeys.Industry, Industry, cancellationToken),
        CustomerLevel = await dictionaries.CodeAsync(DictionaryKeys.CustomerLevel, CustomerLevel, cancellationToken),
    };

    /// <summary>The filtered accounts among those <paramref name="scope"/> may see.</summary>
    public IQueryable<Account> Apply(AccountsDbContext db, DateTime nowUtc, RecordScope scope)
    {
        IQueryable<Account> query = db.Accounts.AsNoTracking().VisibleTo(scope);
        if (!IncludeArchived)
        {
            query = query.Where(a => a.ArchivedAtUtc == null);
        }

        if (!string.IsNullOrWhiteSpace(Stage))
        {
            var stage = Enum.Parse<LifecycleStage>(Stage, ignoreCase: true);
            query = query.Where(a => a.Stage == stage);
        }

        if (OwnerId is { } ownerId)
        {
            query = query.Where(a => a.OwnerId == ownerId);
        }

        if (BranchId is { } branchId)
        {
            query = query.Where(a => a.BranchId == branchId);
        }

        if (!string.IsNullOrWhiteSpace(Source))
        {
            var source = Source.Trim();
            query = query.Where(a => a.Source == source);
        }

        if (!string.IsNullOrWhiteSpace(CustomerLevel))
        {
            var level = CustomerLevel.Trim();
            query = query.Where(a => a.CustomerLevel == level);
        }

        if (!string.IsNullOrWhiteSpace(Industry))
        {
            var industry = Industry.Trim();
            query = query.Where(a => a.Industry == industry);
        }

        if (!string.IsNullOrWhiteSpace(Tag))
        {
            var tag = Tag.Trim();
            query = query.Where(a => a.Tags.Contains(tag));
        }

        if (NotContactedForDays is { } days)
        {
            var cutoff = nowUtc.AddDays(-days);
            query = query.Where(a => a.LastContactAtUtc == null || a.LastContactAtUtc < cutoff);
        }

        if (SearchTerms(Search) is { Count: > 0 } terms)
        {
            if (db.Database.IsSqlite())
            {
                // The trigram index only answers words of 3+ characters. A shorter word (a two-character Chinese name)
                // is matched on the account row itself: with the list's ORDER BY Name LIMIT, SQLite walks the name
                // index and stops after a page of hits instead of materialising every match from the index.
                var indexed = terms.Where(t => t.Length >= 3).ToList();
                if (indexed.Count > 0)
                {
                    query = query.Where(a => SqliteSearch(db, indexed).Contains(a.Id));
                }

                query = terms.Where(t => t.Length < 3).Aggregate(query, (q, term) => q.Where(a => a.SearchText.Contains(term)));
            }
            else if (db.Database.IsNpgsql())
            {
                // A LIKE per word, which the pg_trgm GIN index on SearchText answers for 3+ characters (ADR 0061).
                query = terms.Select(LikePattern.Containing).Aggregate(query, (q, pattern) => q.Where(a => EF.Functions.Like(a.SearchText, pattern, LikePattern.Escape)));
            }
            else
            {
                query = terms.Aggregate(query, (q, term) => q.Where(a => a.SearchText.Contains(term)));
            }
        }

        return query;
    }

    /// <summary>Lower-cased words of the search box; every word must match somewhere (name, contacts, phone, e-mail, tax id).</summary>
    public static IReadOnlyList<string> SearchTerms(string? search) =>
        string.IsNullOrWhiteSpace(search)
            ? []
            : search.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Take(5).ToList();

    /// <summary>
    /// The trigram FTS5 table AccountSearch (created in the SQLite Initial migration) answers substring LIKE for 3+ characters from the index, which
    /// also works for Chinese names without word segmentation. Shorter words still work, by scanning the index table.
    /// </summary>
    /// <remarks>
    /// SQLite never hands a LIKE that has an ESCAPE clause to a virtual table, so <c>LIKE ... ESCAPE</c> makes FTS5 read
    /// every row (0.3-1.2 s at a million accounts; bench/README.md). Each term is therefore matched with a plain LIKE,
    /// which the index answers. A term containing % or _ gets that plain LIKE too, as a pre-filter (its wildcards can
    /// only widen the match), plus the escaped LIKE, which SQLite checks on the few candidate rows, so the result is
    /// exactly the escaped match as before.
    /// </remarks>
    private static IQueryable<Guid> SqliteSearch(AccountsDbContext db, IReadOnlyList<string> terms)
    {
        var conditions = new List<string>();
        var args = new List<object>();
        foreach (var term in terms)
        {
            conditions.Add($"Text LIKE {{{args.Count}}}");
            args.Add("%" + term + "%");
            if (term.AsSpan().IndexOfAny('%', '_') >= 0)
            {
                conditions.Add($"Text LIKE {{{args.Count}}} ESCAPE '\\'");
                args.Add("%" + EscapeLike(term) + "%");
            }
        }

        var sql = "SELECT AccountId AS \"Value\" FROM AccountSearch WHERE " + string.Join(" AND ", conditions);
        return db.Database.SqlQuery<Guid>(FormattableStringFactory.Create(sql, [.. args]));
    }

    private static string EscapeLike(string term) =>
        term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
