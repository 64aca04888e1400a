using Crm.Branches.Domain;
using Crm.BuildingBlocks.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Branches.Persistence;

internal sealed class OrgUnitConfiguration : IEntityTypeConfiguration<OrgUnit>
{
    public void Configure(EntityTypeBuilder<OrgUnit> builder)
    {
        builder.ToTable("Units");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.Property(u => u.Name).HasMaxLength(200);
        builder.Property(u => u.Code).HasMaxLength(50);
        builder.Property(u => u.TimeZone).HasMaxLength(64);
        // 33 characters per level: 30 levels before the column is full, far deeper than any company.
        builder.Property(u => u.Path).HasMaxLength(1000);
        builder.HasIndex(u => u.Code).IsUnique();
        builder.HasIndex(u => u.Path);
        builder.HasIndex(u => u.ParentId);
        builder.ConfigureAudited();
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> builder)
    {
        builder.ToTable("Memberships");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.CreatedBy).HasMaxLength(100);
        builder.HasIndex(m => new { m.PersonId, m.From });
        builder.HasIndex(m => new { m.UnitId, m.From });
        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(m => m.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReportingLineConfiguration : IEntityTypeConfiguration<ReportingLine>
{
    public void Configure(EntityTypeBuilder<ReportingLine> builder)
    {
        builder.ToTable("ReportingLines");
        builder.HasKey(r => r.PersonId);
        builder.Property(r => r.PersonId).ValueGeneratedNever();
        builder.Property(r => r.UpdatedBy).HasMaxLength(100);
    }
}
