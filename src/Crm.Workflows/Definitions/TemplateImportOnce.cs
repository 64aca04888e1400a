using Crm.Workflows.Inbox.Persistence;
using Crm.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Workflows.Definitions;

/// <summary>
/// Imports one shipped template at most once, however many host processes start together on one empty database
/// (ADR 0082). The <c>TemplateImports</c> row is written FIRST, in the transaction that then imports the definition:
/// its primary key makes every other host's insert wait for that transaction and then fail, so exactly one host
/// imports and the others see the marker. Checking "imported yet?" and then importing, as before, let three first
/// starts each import the template.
/// </summary>
internal static class TemplateImportOnce
{
    /// <summary>
    /// Runs <paramref name="import"/> (which saves through <paramref name="db"/>, so it joins the transaction) unless the
    /// template was recorded already, by this host or another. <paramref name="import"/> returns false to record nothing
    /// (e.g. a template that does not validate here), and the marker is rolled back with it. Returns whether this call
    /// recorded the template.
    /// </summary>
    public static async Task<bool> RunAsync(WorkflowsDbContext db, string definitionId, DateTime nowUtc, Func<Task<bool>> import, CancellationToken cancellationToken)
    {
        if (await db.TemplateImports.AnyAsync(t => t.DefinitionId == definitionId, cancellationToken))
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            db.TemplateImports.Add(new TemplateImport { DefinitionId = definitionId, ImportedAtUtc = nowUtc });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another host holds or committed the marker: that host imports the template.
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }

            db.ChangeTracker.Clear();
            if (!await import())
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
