using System.Linq.Expressions;
using Crm.BuildingBlocks.Identity;
using Microsoft.EntityFrameworkCore;

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
        records.VisibleTo(scope, r => r.OwnerId, r => r.BranchId, T.UnownedVisibleToAll, r => EF.Property<Guid>(r, "Id"));

    /// <summary>
    /// The same rule for rows that keep the owner and branch under other names (running totals keyed by owner and
    /// branch). With <paramref name="unownedVisible"/>, a row whose owner is null is visible to anyone with a scope.
    /// </summary>
    public static IQueryable<T> VisibleTo<T>(
        this IQueryable<T> records,
        RecordScope scope,
        Expression<Func<T, Guid?>> owner,
        Expression<Func<T, Guid?>> branch,
        bool unownedVisible = false,
        Expression<Func<T, Guid>>? id = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.IsAll)
        {
            return records;
        }

        var row = owner.Parameters[0];
        var ownerOf = owner.Body;
        var branchOf = new Rebind(branch.Parameters[0], row).Visit(branch.Body);

        // Read through a closure so EF Core sends the ids as parameters and caches one plan per shape, not per user. One
        // id compares with '=' (the plain index plan of the own and one-unit levels); several become one IN-list parameter.
        var ids = Expression.Constant(new ScopeIds(
            scope.OwnerIds.Select(i => (Guid?)i).ToList(), scope.UnitIds.Select(i => (Guid?)i).ToList(), scope.SharedIds.Select(i => (Guid?)i).ToList()));
        var visible = Or(Matches(ownerOf, ids, nameof(ScopeIds.Owners), scope.OwnerIds.Count), Matches(branchOf, ids, nameof(ScopeIds.Units), scope.UnitIds.Count));
        if (id is not null)
        {
            // Records shared with the caller (collaborators, ADR 0131), by their key.
            var idOf = Expression.Convert(new Rebind(id.Parameters[0], row).Visit(id.Body), typeof(Guid?));
            visible = Or(visible, Matches(idOf, ids, nameof(ScopeIds.Shared), scope.SharedIds.Count));
        }

        if (visible is null)
        {
            return records.Where(_ => false);
        }

        if (unownedVisible)
        {
            visible = Expression.OrElse(visible, Expression.Equal(ownerOf, Expression.Constant(null, typeof(Guid?))));
        }

        return records.Where(Expression.Lambda<Func<T, bool>>(visible, row));
    }

    private static Expression? Or(Expression? left, Expression? right) =>
        left is null ? right : right is null ? left : Expression.OrElse(left, right);

    private static Expression? Matches(Expression column, ConstantExpression ids, string list, int count)
    {
        var values = Expression.Property(ids, list);
        return count switch
        {
            0 => null,
            1 => Expression.Equal(column, Expression.Property(values, "Item", Expression.Constant(0))),
            _ => Expression.Call(values, typeof(List<Guid?>).GetMethod(nameof(List<Guid?>.Contains))!, column),
        };
    }

    private sealed record ScopeIds(List<Guid?> Owners, List<Guid?> Units, List<Guid?> Shared);

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
