using System.Linq.Expressions;
using Crm.BuildingBlocks.Identity;

namespace Crm.BuildingBlocks.Records;

/// <summary>
/// The one record-visibility filter (ADR 0025): every read and every change of an owned record starts from
/// <c>VisibleTo</c>, so a record outside the caller's scope is simply not found (404). Modules do not write the
/// owner/branch switch themselves.
/// </summary>
public static class OwnedRecordVisibility
{
    public static IQueryable<T> VisibleTo<T>(this IQueryable<T> records, RecordScope scope)
        where T : class, IOwnedRecord =>
        records.VisibleTo(scope, r => r.OwnerId, r => r.BranchId, T.UnownedVisibleToAll);

    /// <summary>
    /// The same rule for rows that keep the owner and branch under other names (running totals keyed by owner and
    /// branch). With <paramref name="unownedVisible"/>, a row whose owner is null is visible to anyone with a scope.
    /// </summary>
    public static IQueryable<T> VisibleTo<T>(
        this IQueryable<T> records,
        RecordScope scope,
        Expression<Func<T, Guid?>> owner,
        Expression<Func<T, Guid?>> branch,
        bool unownedVisible = false)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.IsAll)
        {
            return records;
        }

        var row = owner.Parameters[0];
        var ownerOf = owner.Body;
        var branchOf = new Rebind(branch.Parameters[0], row).Visit(branch.Body);

        // Read through a closure so EF Core sends the ids as parameters and caches one plan per shape, not per user.
        var ids = Expression.Constant(new ScopeIds(scope.OwnerId, scope.BranchId));
        Expression? visible = null;
        if (scope.OwnerId is not null)
        {
            visible = Expression.Equal(ownerOf, Expression.Property(ids, nameof(ScopeIds.Owner)));
        }

        if (scope.BranchId is not null)
        {
            visible = Or(visible, Expression.Equal(branchOf, Expression.Property(ids, nameof(ScopeIds.Branch))));
        }

        if (visible is null)
        {
            return records.Where(_ => false);
        }

        if (unownedVisible)
        {
            visible = Or(visible, Expression.Equal(ownerOf, Expression.Constant(null, typeof(Guid?))));
        }

        return records.Where(Expression.Lambda<Func<T, bool>>(visible, row));
    }

    private static Expression Or(Expression? left, Expression right) => left is null ? right : Expression.OrElse(left, right);

    private sealed record ScopeIds(Guid? Owner, Guid? Branch);

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
