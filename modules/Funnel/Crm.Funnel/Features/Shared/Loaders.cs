using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Quotes;
using Crm.Funnel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Shared;

/// <summary>Loads records for a change; a record outside <paramref name="scope"/> is a 404 like a missing one.</summary>
internal static class Loaders
{
    public static async Task<Lead> LoadLeadAsync(this FunnelDbContext db, Guid id, RecordScope scope, CancellationToken cancellationToken) =>
        await db.Leads.VisibleTo(scope).FirstOrDefaultAsync(l => l.Id == id, cancellationToken)
        ?? throw new NotFoundException($"Lead {id} does not exist.");

    public static async Task<Opportunity> LoadOpportunityAsync(this FunnelDbContext db, Guid id, RecordScope scope, CancellationToken cancellationToken) =>
        await db.Opportunities.VisibleTo(scope).Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id, cancellationToken)
        ?? throw new NotFoundException($"Opportunity {id} does not exist.");

    public static async Task<Pipeline> LoadPipelineAsync(this FunnelDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.Pipelines.Include(p => p.Stages).FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
        ?? throw new NotFoundException($"Pipeline {id} does not exist.");

    /// <summary>The given pipeline, or the default one when <paramref name="id"/> is null.</summary>
    public static async Task<Pipeline> LoadPipelineOrDefaultAsync(this FunnelDbContext db, Guid? id, CancellationToken cancellationToken)
    {
        if (id is { } pipelineId)
        {
            return await db.LoadPipelineAsync(pipelineId, cancellationToken);
        }

        return await db.Pipelines.Include(p => p.Stages).OrderByDescending(p => p.IsDefault).ThenBy(p => p.CreatedAtUtc).FirstOrDefaultAsync(cancellationToken)
               ?? throw new NotFoundException("No pipeline is configured yet.");
    }

    public static async Task<Campaign> LoadCampaignAsync(this FunnelDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.Campaigns.Include(c => c.Costs).Include(c => c.Participants).Include(c => c.Reminders).AsSplitQuery()
            .FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
        ?? throw new NotFoundException($"Campaign {id} does not exist.");

    /// <summary>A quote is visible when its opportunity is.</summary>
    public static IQueryable<Quote> VisibleTo(this IQueryable<Quote> quotes, FunnelDbContext db, RecordScope scope) =>
        scope.IsAll ? quotes : quotes.Where(q => db.Opportunities.VisibleTo(scope).Any(o => o.Id == q.OpportunityId));

    public static async Task<Quote> LoadQuoteAsync(this FunnelDbContext db, Guid id, RecordScope scope, CancellationToken cancellationToken) =>
        await db.Quotes.Include(q => q.Lines).VisibleTo(db, scope).FirstOrDefaultAsync(q => q.Id == id, cancellationToken)
        ?? throw new NotFoundException($"Quote {id} does not exist.");

    /// <summary>Loads a visible quote, applies one state change to it and saves: submit, decide, send, decline.</summary>
    public static async Task<QuoteResponse> ChangeQuoteAsync(
        this FunnelDbContext db, IRecordVisibility visibility, Guid id, Action<Quote> change, CancellationToken cancellationToken)
    {
        var quote = await db.LoadQuoteAsync(id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        change(quote);
        await db.SaveChangesAsync(cancellationToken);
        return QuoteResponse.From(quote);
    }
}
