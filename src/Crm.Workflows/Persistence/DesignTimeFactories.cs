using Crm.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore.Design;

namespace Crm.Workflows.Persistence;

internal sealed class WorkflowsSqliteDesignTimeFactory : IDesignTimeDbContextFactory<WorkflowsSqliteDbContext>
{
    public WorkflowsSqliteDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.Sqlite<WorkflowsSqliteDbContext>(WorkflowsDbContext.ModuleSchema));
}

internal sealed class WorkflowsSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<WorkflowsSqlServerDbContext>
{
    public WorkflowsSqlServerDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.SqlServer<WorkflowsSqlServerDbContext>(WorkflowsDbContext.ModuleSchema));
}

internal sealed class WorkflowsPostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<WorkflowsPostgreSqlDbContext>
{
    public WorkflowsPostgreSqlDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.PostgreSql<WorkflowsPostgreSqlDbContext>(WorkflowsDbContext.ModuleSchema));
}
