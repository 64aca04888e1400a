using System.Data.Common;
using Quartz.Impl.AdoJobStore;

namespace Crm.BuildingBlocks.Scheduling;

/// <summary>
/// Quartz's SQL for SQLite (LIMIT/OFFSET paging), for a job store that runs <em>clustered</em> on SQLite (ADR 0017).
/// </summary>
/// <remarks>
/// Quartz refuses clustering when its own <c>SQLiteDelegate</c> is in use, because that delegate pairs with an
/// in-process lock that two processes cannot share. We lock in the database instead
/// (<c>UpdateRowLockHandler</c>: an UPDATE of the QRTZ_LOCKS row) and begin every transaction serializable, which
/// Microsoft.Data.Sqlite turns into <c>BEGIN IMMEDIATE</c>: SQLite's single writer lock then serializes the nodes'
/// scheduler work across processes, which is what the cluster lock is for. Only the dialect is needed from the stock
/// delegate, so this derives from the generic one and adds SQLite's row limits.
/// </remarks>
internal sealed class ClusteredSqliteDelegate : StdAdoDelegate
{
    protected override string ApplyPaging(string sql, bool takeLimited) =>
        takeLimited ? sql + " LIMIT @pageTake OFFSET @pageSkip" : sql + " LIMIT -1 OFFSET @pageSkip";

    protected override void AddPagingParameters(DbCommand cmd, int skip, int take, bool takeLimited)
    {
        if (takeLimited)
        {
            AddCommandParameter(cmd, "pageTake", take);
        }

        AddCommandParameter(cmd, "pageSkip", skip);
    }

    protected override SqlRowLimit GetRowLimit(int count) => SqlRowLimit.AtStatementEnd("LIMIT", count);
}
