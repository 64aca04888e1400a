using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Crm.BuildingBlocks.Persistence;

/// <summary>
/// Name searches use <c>EF.Functions.Like</c>, which ignores case on SQLite (ASCII) and on SQL Server's default
/// collation, so "boiler" finds "Boiler". PostgreSQL's LIKE is case-sensitive; this interceptor turns every
/// <c>EF.Functions.Like</c> of a PostgreSQL query into Npgsql's <c>ILike</c> before EF compiles it, so a search means the
/// same on every provider without a branch at each call site (ADR 0060). pg_trgm indexes answer ILIKE as well.
/// </summary>
internal sealed class PostgreSqlCaseInsensitiveLike : IQueryExpressionInterceptor
{
    public static readonly PostgreSqlCaseInsensitiveLike Instance = new();

    private static readonly Dictionary<MethodInfo, MethodInfo> Replacements = new()
    {
        [Method(typeof(DbFunctionsExtensions), nameof(DbFunctionsExtensions.Like), 2)] = Method(typeof(NpgsqlDbFunctionsExtensions), nameof(NpgsqlDbFunctionsExtensions.ILike), 2),
        [Method(typeof(DbFunctionsExtensions), nameof(DbFunctionsExtensions.Like), 3)] = Method(typeof(NpgsqlDbFunctionsExtensions), nameof(NpgsqlDbFunctionsExtensions.ILike), 3),
    };

    public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData) =>
        new Rewriter().Visit(queryExpression);

    private static MethodInfo Method(Type type, string name, int strings) =>
        type.GetMethod(name, [typeof(DbFunctions), .. Enumerable.Repeat(typeof(string), strings)])
        ?? throw new InvalidOperationException($"{type.Name}.{name} with {strings} strings is missing.");

    private sealed class Rewriter : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            var visited = (MethodCallExpression)base.VisitMethodCall(node);
            return Replacements.TryGetValue(visited.Method, out var ilike) ? Expression.Call(ilike, visited.Arguments) : visited;
        }
    }
}
