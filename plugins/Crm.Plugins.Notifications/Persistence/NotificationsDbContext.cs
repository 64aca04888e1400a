using Crm.BuildingBlocks.Persistence;
using Crm.Plugins.Notifications.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Crm.Plugins.Notifications.Persistence;

internal abstract class NotificationsDbContext(DbContextOptions options) : ModuleDbContext(options)
{
    public const string ModuleSchema = "notifications";

    public DbSet<Notification> Notifications => Set<Notification>();

    protected override string Schema => ModuleSchema;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        var n = modelBuilder.Entity<Notification>();
        n.ToTable("Notifications");
        n.HasKey(x => x.Id);
        n.Property(x => x.Id).ValueGeneratedNever();
        n.Property(x => x.Recipient).HasMaxLength(100).IsRequired();
        n.Property(x => x.Title).HasMaxLength(300).IsRequired();
        n.Property(x => x.Body).HasMaxLength(8000);
        n.Property(x => x.Link).HasMaxLength(500);
        n.Property(x => x.Source).HasMaxLength(200);
        n.Property(x => x.IdempotencyKey).HasMaxLength(200);
        n.Property(x => x.EmailTo).HasMaxLength(254);
        n.Property(x => x.EmailStatus).HasConversion<string>().HasMaxLength(20);
        n.Property(x => x.EmailError).HasMaxLength(2000);
        n.HasIndex(x => new { x.Recipient, x.CreatedAtUtc });
        n.HasIndex(x => new { x.Recipient, x.ReadAtUtc });
        n.HasIndex(x => new { x.EmailStatus, x.EmailNextAttemptAtUtc });
        n.HasIndex(x => x.IdempotencyKey).IsUnique();
    }
}

internal sealed class NotificationsSqliteDbContext(DbContextOptions<NotificationsSqliteDbContext> options) : NotificationsDbContext(options);

internal sealed class NotificationsSqlServerDbContext(DbContextOptions<NotificationsSqlServerDbContext> options) : NotificationsDbContext(options);

/// <summary>Production on PostgreSQL: schema <c>notifications</c> in the shared database (ADR 0060).</summary>
internal sealed class NotificationsPostgreSqlDbContext(DbContextOptions<NotificationsPostgreSqlDbContext> options) : NotificationsDbContext(options);

internal sealed class NotificationsSqliteDesignTimeFactory : IDesignTimeDbContextFactory<NotificationsSqliteDbContext>
{
    public NotificationsSqliteDbContext CreateDbContext(string[] args) =>
        new(DesignTimeOptions.Sqlite<NotificationsSqliteDbContext>(NotificationsDbContext.ModuleSchema));
}

internal sealed class NotificationsSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<NotificationsSqlServerDbContext>
{
    public NotificationsSqlServerDbContext CreateDbContext(string[] args) =>
        new(DesignTimeOptions.SqlServer<NotificationsSqlServerDbContext>(NotificationsDbContext.ModuleSchema));
}

internal sealed class NotificationsPostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<NotificationsPostgreSqlDbContext>
{
    public NotificationsPostgreSqlDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.PostgreSql<NotificationsPostgreSqlDbContext>(NotificationsDbContext.ModuleSchema));
}
