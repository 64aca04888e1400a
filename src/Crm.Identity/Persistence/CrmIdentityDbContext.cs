using Crm.BuildingBlocks.Auditing;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.Records;
using Crm.Identity.Dictionaries;
using Crm.Identity.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Identity.Persistence;

/// <summary>
/// Users, roles, API keys and the dictionaries (file <c>crm.identity.db</c>, schema <c>identity</c>). It is a module database like the
/// others, so it has the audit log (sign-ins and user changes land there), an outbox, and both migration sets.
/// </summary>
/// <remarks>
/// Not derived from ASP.NET Core Identity's <c>IdentityDbContext</c>: our contexts derive from <see cref="ModuleDbContext"/>.
/// The Identity tables are configured here instead, and the EF stores of the Identity package work on any context
/// holding them. Add a migration with <c>scripts/add-migration.sh src/Crm.Identity &lt;Name&gt;</c>.
/// </remarks>
internal abstract class CrmIdentityDbContext(DbContextOptions options) : ModuleDbContext(options)
{
    public const string ModuleName = "Identity";

    public const string ModuleSchema = "identity";

    public DbSet<CrmUser> Users => Set<CrmUser>();

    public DbSet<CrmRole> Roles => Set<CrmRole>();

    public DbSet<IdentityUserRole<Guid>> UserRoles => Set<IdentityUserRole<Guid>>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<DataDictionary> Dictionaries => Set<DataDictionary>();

    public DbSet<DataDictionaryEntry> DictionaryEntries => Set<DataDictionaryEntry>();

    protected override string Schema => ModuleSchema;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        ConfigureUsers(modelBuilder.Entity<CrmUser>());
        ConfigureRoles(modelBuilder.Entity<CrmRole>());

        modelBuilder.Entity<IdentityUserRole<Guid>>(b =>
        {
            b.ToTable("UserRoles");
            b.HasKey(r => new { r.UserId, r.RoleId });
            b.HasOne<CrmUser>().WithMany().HasForeignKey(r => r.UserId).IsRequired().OnDelete(DeleteBehavior.Cascade);
            b.HasOne<CrmRole>().WithMany().HasForeignKey(r => r.RoleId).IsRequired().OnDelete(DeleteBehavior.Cascade);
        });

        // The stores also read claims, external logins and tokens; the tables stay empty until a feature uses them.
        modelBuilder.Entity<IdentityUserClaim<Guid>>(b =>
        {
            b.ToTable("UserClaims");
            b.HasKey(c => c.Id);
            b.Property(c => c.ClaimType).HasMaxLength(256);
            b.HasOne<CrmUser>().WithMany().HasForeignKey(c => c.UserId).IsRequired().OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<IdentityUserLogin<Guid>>(b =>
        {
            b.ToTable("UserLogins");
            b.HasKey(l => new { l.LoginProvider, l.ProviderKey });
            b.Property(l => l.LoginProvider).HasMaxLength(128);
            b.Property(l => l.ProviderKey).HasMaxLength(128);
            b.Property(l => l.ProviderDisplayName).HasMaxLength(256);
            b.HasOne<CrmUser>().WithMany().HasForeignKey(l => l.UserId).IsRequired().OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<IdentityUserToken<Guid>>(b =>
        {
            b.ToTable("UserTokens");
            b.HasKey(t => new { t.UserId, t.LoginProvider, t.Name });
            b.Property(t => t.LoginProvider).HasMaxLength(128);
            b.Property(t => t.Name).HasMaxLength(128);
            b.HasOne<CrmUser>().WithMany().HasForeignKey(t => t.UserId).IsRequired().OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<IdentityRoleClaim<Guid>>(b =>
        {
            b.ToTable("RoleClaims");
            b.HasKey(c => c.Id);
            b.Property(c => c.ClaimType).HasMaxLength(256);
            b.HasOne<CrmRole>().WithMany().HasForeignKey(c => c.RoleId).IsRequired().OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ApiKey>(b =>
        {
            b.ToTable("ApiKeys");
            b.HasKey(k => k.Id);
            b.Property(k => k.Id).ValueGeneratedNever();
            b.Property(k => k.Name).HasMaxLength(100).IsRequired();
            b.Property(k => k.Prefix).HasMaxLength(12).IsRequired();
            b.Property(k => k.SecretHash).HasMaxLength(64).IsRequired().IsAuditIgnored();
            b.Property(k => k.CreatedBy).HasMaxLength(100);
            b.Property(k => k.RevokedBy).HasMaxLength(100);
            b.Property(k => k.LastUsedAtUtc).IsAuditIgnored();
            b.HasIndex(k => k.Prefix).IsUnique();
            b.HasIndex(k => new { k.UserId, k.CreatedAtUtc });
            b.HasOne<CrmUser>().WithMany().HasForeignKey(k => k.UserId).IsRequired().OnDelete(DeleteBehavior.Cascade);
        });

        ConfigureDictionaries(modelBuilder);
    }

    private static void ConfigureDictionaries(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DataDictionary>(b =>
        {
            b.ToTable("Dictionaries");
            b.HasKey(d => d.Id);
            b.Property(d => d.Id).ValueGeneratedNever();
            b.Property(d => d.Key).HasMaxLength(50).IsRequired();
            b.Property(d => d.NameEnglish).HasMaxLength(100).IsRequired();
            b.Property(d => d.NameChinese).HasMaxLength(100).IsRequired();
            b.ConfigureAudited();
            b.HasIndex(d => d.Key).IsUnique();
            b.HasMany(d => d.Entries).WithOne().HasForeignKey(e => e.DictionaryId).IsRequired().OnDelete(DeleteBehavior.Cascade);
            b.Navigation(d => d.Entries).HasField("_entries").UsePropertyAccessMode(PropertyAccessMode.Field);
            b.HasData(ShippedDictionaries.All.Select(d => new
            {
                d.Id,
                d.Key,
                NameEnglish = d.English,
                NameChinese = d.Chinese,
                CreatedAtUtc = ShippedDictionaries.CreatedAtUtc,
                CreatedBy = ShippedDictionaries.CreatedBy,
                UpdatedAtUtc = ShippedDictionaries.CreatedAtUtc,
                UpdatedBy = ShippedDictionaries.CreatedBy,
                Version = 1L,
            }));
        });

        modelBuilder.Entity<DataDictionaryEntry>(b =>
        {
            b.ToTable("DictionaryEntries");
            b.HasKey(e => e.Id);
            b.Property(e => e.Id).ValueGeneratedNever();
            b.Property(e => e.Code).HasMaxLength(50).IsRequired();
            b.Property(e => e.LabelEnglish).HasMaxLength(100).IsRequired();
            b.Property(e => e.LabelChinese).HasMaxLength(100).IsRequired();
            b.HasIndex(e => new { e.DictionaryId, e.Code }).IsUnique();
            b.HasData(ShippedDictionaries.All.SelectMany(d => d.Entries.Select((e, i) => new
            {
                Id = d.EntryId(i),
                DictionaryId = d.Id,
                e.Code,
                LabelEnglish = e.English,
                LabelChinese = e.Chinese,
                Order = i + 1,
                Retired = false,
            })));
        });
    }

    private static void ConfigureUsers(EntityTypeBuilder<CrmUser> b)
    {
        b.ToTable("Users");
        b.HasKey(u => u.Id);
        b.Property(u => u.Id).ValueGeneratedNever();
        b.Property(u => u.UserName).HasMaxLength(256);
        b.Property(u => u.Email).HasMaxLength(256);
        b.Property(u => u.DisplayName).HasMaxLength(200).IsRequired();
        b.Property(u => u.PhoneNumber).HasMaxLength(50);
        b.Property(u => u.ConcurrencyStamp).IsConcurrencyToken().HasMaxLength(64).IsAuditIgnored();

        // Secrets, derived columns and counters stay out of the audit diff: a password hash must never be copied
        // into a log, and failed-attempt counters are covered by the sign-in entries.
        b.Property(u => u.PasswordHash).HasMaxLength(512).IsAuditIgnored();
        b.Property(u => u.SecurityStamp).HasMaxLength(64).IsAuditIgnored();
        b.Property(u => u.NormalizedUserName).HasMaxLength(256).IsAuditIgnored();
        b.Property(u => u.NormalizedEmail).HasMaxLength(256).IsAuditIgnored();
        b.Property(u => u.AccessFailedCount).IsAuditIgnored();
        b.Property(u => u.LockoutEnd).IsAuditIgnored();
        b.Property(u => u.LastSignInAtUtc).IsAuditIgnored();

        b.HasIndex(u => u.NormalizedUserName).HasDatabaseName("UserNameIndex").IsUnique();
        b.HasIndex(u => u.NormalizedEmail).HasDatabaseName("EmailIndex");
        b.HasIndex(u => new { u.DisplayName, u.Id });
        b.HasIndex(u => u.BranchId);
        b.HasIndex(u => u.ManagerId);
    }

    private static void ConfigureRoles(EntityTypeBuilder<CrmRole> b)
    {
        b.ToTable("Roles");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Name).HasMaxLength(256);
        b.Property(r => r.NormalizedName).HasMaxLength(256);
        b.Property(r => r.ConcurrencyStamp).IsConcurrencyToken().HasMaxLength(64);
        b.Property(r => r.Description).HasMaxLength(500);
        b.HasIndex(r => r.NormalizedName).HasDatabaseName("RoleNameIndex").IsUnique();

        // The roles are part of the product (policies name them), so the migration creates them everywhere.
        b.HasData(RoleCatalog.All.Select(r => new CrmRole
        {
            Id = r.Id,
            Name = r.Name,
            NormalizedName = r.Name.ToUpperInvariant(),
            ConcurrencyStamp = r.Id.ToString("N"),
            Description = r.Description,
        }));
    }
}

/// <summary>The fixed roles with stable ids (ids must never change: migrations and role memberships refer to them).</summary>
internal static class RoleCatalog
{
    public sealed record RoleInfo(Guid Id, string Name, string Description);

    public static IReadOnlyList<RoleInfo> All { get; } =
    [
        new(Guid.Parse("7a0e0000-0000-4000-8000-000000000001"), CrmRoles.Administrator, "Manages users, roles, API keys and the installation; sees every record."),
        new(Guid.Parse("7a0e0000-0000-4000-8000-000000000002"), CrmRoles.ProcessOwner, "Designs and publishes workflows (the designer); sees every record."),
        new(Guid.Parse("7a0e0000-0000-4000-8000-000000000003"), CrmRoles.Implementer, "Sets up the installation: modules, data import; sees every record."),
        new(Guid.Parse("7a0e0000-0000-4000-8000-000000000004"), CrmRoles.Sales, "Works the customers they own."),
        new(Guid.Parse("7a0e0000-0000-4000-8000-000000000005"), CrmRoles.Service, "Serves the customers they own."),
        new(Guid.Parse("7a0e0000-0000-4000-8000-000000000006"), CrmRoles.BranchManager, "Leads a branch: sees its customers, assigns owners."),
        new(Guid.Parse("7a0e0000-0000-4000-8000-000000000007"), CrmRoles.Executive, "Reads everything; changes nothing."),
    ];
}

/// <summary>The embedded default: one SQLite file, <c>data/crm.identity.db</c>.</summary>
internal sealed class IdentitySqliteDbContext(DbContextOptions<IdentitySqliteDbContext> options) : CrmIdentityDbContext(options);

/// <summary>Production on SQL Server: schema <c>identity</c> in the shared database.</summary>
internal sealed class IdentitySqlServerDbContext(DbContextOptions<IdentitySqlServerDbContext> options) : CrmIdentityDbContext(options);

/// <summary>Production on PostgreSQL: schema <c>identity</c> in the shared database (ADR 0060).</summary>
internal sealed class IdentityPostgreSqlDbContext(DbContextOptions<IdentityPostgreSqlDbContext> options) : CrmIdentityDbContext(options);
