using Crm.Accounts.Domain;
using Crm.BuildingBlocks.Auditing;
using Crm.BuildingBlocks.Pricing;
using Crm.BuildingBlocks.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Accounts.Persistence;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.ToTable("Accounts");
        builder.HasKey(a => a.Id);
        builder.ConfigureAudited();
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Name).HasMaxLength(200).IsRequired();
        builder.Property(a => a.Currency).IsCurrencyCode();
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.PartnerType).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Stage).HasConversion<string>().HasMaxLength(20);
        // Dictionary codes (ADR 0125): the former enum names are the shipped codes, so the stored values did not change.
        builder.Property(a => a.Source).HasMaxLength(50);
        builder.Property(a => a.CreditStatus).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Industry).HasMaxLength(100);
        builder.Property(a => a.CustomerLevel).HasMaxLength(50);
        builder.Property(a => a.TaxId).HasMaxLength(50);
        builder.Property(a => a.TaxIdNormalized).HasMaxLength(50);
        builder.Property(a => a.Email).HasMaxLength(254);
        builder.Property(a => a.EmailNormalized).HasMaxLength(254);
        builder.Property(a => a.Phone).HasMaxLength(50);
        builder.Property(a => a.PhoneNormalized).HasMaxLength(50);
        builder.Property(a => a.Website).HasMaxLength(300);
        builder.Property(a => a.City).HasMaxLength(100);
        builder.Property(a => a.Address).HasMaxLength(500);
        builder.Property(a => a.Notes).HasMaxLength(4000);
        builder.Property(a => a.SearchText).HasMaxLength(2000);
        builder.Property(a => a.Tags);
        // Derived or bookkeeping columns say nothing a reader of the audit log needs.
        builder.Property(a => a.TaxIdNormalized).IsAuditIgnored();
        builder.Property(a => a.EmailNormalized).IsAuditIgnored();
        builder.Property(a => a.PhoneNormalized).IsAuditIgnored();
        builder.Property(a => a.SearchText).IsAuditIgnored();
        builder.Ignore(a => a.IsArchived);

        builder.HasMany(a => a.Contacts).WithOne().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.Contacts).HasField("_contacts").UsePropertyAccessMode(PropertyAccessMode.Field);

        // Every list sorts by name with the id as tie-breaker (keyset paging); each filter column leads its own index
        // so a filtered first page is an index range scan, not a scan of a million rows.
        builder.HasIndex(a => new { a.Name, a.Id });
        // Lists hide archived accounts by default; a partial index lets OFFSET skip through active rows only
        // (page 4,000 of a million: 514 ms → 15 ms in bench/results/accounts-2026-11-22.md). [..] quoting works on both providers.
        builder.HasIndex(a => new { a.Name, a.Id }, "IX_Accounts_Active_Name_Id").HasFilter("[ArchivedAtUtc] IS NULL");
        builder.HasIndex(a => new { a.CreatedAtUtc, a.Id });
        builder.HasIndex(a => new { a.Stage, a.Name, a.Id });
        builder.HasIndex(a => new { a.OwnerId, a.Name, a.Id });
        builder.HasIndex(a => new { a.BranchId, a.Name, a.Id });
        builder.HasIndex(a => new { a.Source, a.Name, a.Id });
        builder.HasIndex(a => new { a.Industry, a.Name, a.Id });
        builder.HasIndex(a => new { a.CustomerLevel, a.Name, a.Id });
        builder.HasIndex(a => a.LastContactAtUtc);
        builder.HasIndex(a => a.TaxIdNormalized);
        builder.HasIndex(a => a.EmailNormalized);
        builder.HasIndex(a => a.PhoneNormalized);
    }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.ToTable("Contacts");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(200).IsRequired();
        builder.Property(c => c.Title).HasMaxLength(100);
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.Property(c => c.Phone).HasMaxLength(50);
        builder.HasIndex(c => c.AccountId);
    }
}

internal sealed class StageChangeConfiguration : IEntityTypeConfiguration<StageChange>
{
    public void Configure(EntityTypeBuilder<StageChange> builder)
    {
        builder.ToTable("StageChanges");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedOnAdd();
        builder.Property(s => s.FromStage).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.ToStage).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Reason).HasMaxLength(500);
        builder.Property(s => s.ChangedBy).HasMaxLength(100);
        builder.HasIndex(s => new { s.AccountId, s.ChangedAtUtc });
        builder.HasIndex(s => s.ChangedAtUtc);
    }
}

internal sealed class InteractionConfiguration : IEntityTypeConfiguration<Interaction>
{
    public void Configure(EntityTypeBuilder<Interaction> builder)
    {
        builder.ToTable("Interactions");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Summary).HasMaxLength(4000).IsRequired();
        builder.Property(i => i.RecordedBy).HasMaxLength(100);
        builder.HasIndex(i => new { i.AccountId, i.OccurredAtUtc });
    }
}
