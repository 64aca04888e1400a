using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace Crm.BuildingBlocks.Persistence;

/// <summary>
/// Partial-index filters are written once, in the bracket quoting SQL Server and SQLite both accept
/// (<c>[Status] = 'Open'</c>); PostgreSQL only knows double quotes, so its model gets them rewritten
/// (<c>"Status" = 'Open'</c>). One filter text per index keeps the configurations provider-neutral (ADR 0060).
/// </summary>
internal sealed partial class PostgreSqlIndexFilterConvention : IModelFinalizingConvention
{
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var index in modelBuilder.Metadata.GetEntityTypes().SelectMany(e => e.GetDeclaredIndexes()))
        {
            if (index.GetFilter() is { } filter && filter.Contains('[', StringComparison.Ordinal))
            {
                index.SetFilter(Bracketed().Replace(filter, "\"$1\""));
            }
        }
    }

    [GeneratedRegex(@"\[([^\]]+)\]")]
    private static partial Regex Bracketed();
}
