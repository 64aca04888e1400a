using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Crm.BuildingBlocks.Persistence;

/// <summary>Substring search on PostgreSQL (ADR 0061), the counterpart of the SQLite FTS5 trigram table (ADR 0010).</summary>
public static class PostgreSqlSearchIndex
{
    /// <summary>
    /// A GIN index with <c>pg_trgm</c>'s trigram operator class on a lower-cased search column, so
    /// <c>LIKE '%term%'</c> of 3+ characters is answered from the index, Chinese included, without word segmentation.
    /// Call it only from a module's PostgreSQL context: the other providers have their own search.
    /// </summary>
    public static ModelBuilder HasTrigramIndex<TEntity>(this ModelBuilder modelBuilder, Expression<Func<TEntity, object?>> column, string name)
        where TEntity : class
    {
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.Entity<TEntity>().HasIndex(column, name).HasMethod("gin").HasOperators("gin_trgm_ops");
        return modelBuilder;
    }
}
