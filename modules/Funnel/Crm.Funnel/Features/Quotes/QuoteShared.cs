using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Opportunities;
using Crm.Funnel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Quotes;

internal sealed record QuoteResponse(
    Guid Id,
    string Number,
    int Revision,
    Guid OpportunityId,
    Guid AccountId,
    QuoteStatus Status,
    DateOnly ValidUntil,
    decimal HeaderDiscountPercent,
    decimal ListTotal,
    decimal Total,
    decimal TaxTotal,
    decimal GrossTotal,
    decimal DiscountPercent,
    string Currency,
    decimal ExchangeRate,
    string? Terms,
    string? Notes,
    Guid? OwnerId,
    DateTime? SubmittedAt,
    DateTime? DecidedAt,
    string? DecidedBy,
    string? DecisionComment,
    DateTime? SentAt,
    DateTime? AcceptedAt,
    DateTime CreatedAt,
    string CreatedBy,
    DateTime UpdatedAt,
    long Version,
    IReadOnlyList<LineResponse> Lines) : IVersioned
{
    public static QuoteResponse From(Quote q) => new(
        q.Id, q.Number, q.Revision, q.OpportunityId, q.AccountId, q.Status, q.ValidUntil, q.HeaderDiscountPercent, q.ListTotal, q.Total, q.TaxTotal, q.GrossTotal, q.DiscountPercent, q.Currency, q.ExchangeRate,
        q.Terms, q.Notes, q.OwnerId, q.SubmittedAtUtc, q.DecidedAtUtc, q.DecidedBy, q.DecisionComment, q.SentAtUtc, q.AcceptedAtUtc, q.CreatedAtUtc,
        q.CreatedBy, q.UpdatedAtUtc, q.Version,
        q.Lines.OrderBy(l => l.Position).Select(LineResponse.From).ToList());
}

/// <summary>Quote numbers: Q-{year}-{n}, one counter per year, unique (a failed create may leave a gap).</summary>
internal static class QuoteNumbers
{
    public static async Task<string> NextAsync(FunnelDbContext db, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var name = $"quote-{nowUtc.Year}";
        // Compare-and-swap in autocommit statements, before the quote's own transaction: two creators never get one number.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var current = await db.NumberSequences.AsNoTracking().Where(s => s.Name == name).Select(s => (long?)s.Value).FirstOrDefaultAsync(cancellationToken);
            if (current is null)
            {
                db.NumberSequences.Add(new NumberSequence { Name = name, Value = 1 });
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return Format(nowUtc.Year, 1);
                }
                catch (DbUpdateException)
                {
                    db.ChangeTracker.Clear();
                    continue;
                }
                finally
                {
                    foreach (var entry in db.ChangeTracker.Entries<NumberSequence>().ToList())
                    {
                        entry.State = EntityState.Detached;
                    }
                }
            }

            var next = current.Value + 1;
            if (await db.NumberSequences.Where(s => s.Name == name && s.Value == current.Value)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, next), cancellationToken) == 1)
            {
                return Format(nowUtc.Year, next);
            }
        }

        throw new InvalidOperationException("Could not take a quote number after 50 attempts.");
    }

    private static string Format(int year, long n) => $"Q-{year}-{n:000000}";
}
