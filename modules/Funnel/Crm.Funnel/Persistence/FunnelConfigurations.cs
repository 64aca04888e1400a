using Crm.BuildingBlocks.Auditing;
using Crm.BuildingBlocks.Pricing;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Funnel.Persistence;

internal sealed class PipelineConfiguration : IEntityTypeConfiguration<Pipeline>
{
    public void Configure(EntityTypeBuilder<Pipeline> builder)
    {
        builder.ToTable("Pipelines");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Name).HasMaxLength(100).IsRequired();
        builder.Property(p => p.UpdatedBy).HasMaxLength(100).IsAuditIgnored();
        builder.Property(p => p.UpdatedAtUtc).IsAuditIgnored();
        builder.Property(p => p.Version).IsConcurrencyToken().IsAuditIgnored();
        builder.HasMany(p => p.Stages).WithOne().HasForeignKey(s => s.PipelineId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Stages).HasField("_stages").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(p => p.OpenStages);
        builder.Ignore(p => p.FirstOpenStage);
        builder.Ignore(p => p.WonStage);
        builder.Ignore(p => p.LostStage);
        builder.HasIndex(p => p.Name).IsUnique();
    }
}

internal sealed class PipelineStageConfiguration : IEntityTypeConfiguration<PipelineStage>
{
    public void Configure(EntityTypeBuilder<PipelineStage> builder)
    {
        builder.ToTable("PipelineStages");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Name).HasMaxLength(100).IsRequired();
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(10);
        builder.HasIndex(s => new { s.PipelineId, s.Order });
    }
}

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> builder)
    {
        builder.ToTable("Campaigns");
        builder.HasKey(c => c.Id);
        builder.ConfigureAudited();
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(200).IsRequired();
        builder.Property(c => c.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Topic).HasMaxLength(300);
        builder.Property(c => c.Content).HasMaxLength(4000);
        builder.Property(c => c.Currency).IsCurrencyCode();
        builder.HasMany(c => c.Costs).WithOne().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Costs).HasField("_costs").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(c => c.Participants).WithOne().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Participants).HasField("_participants").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(c => c.Reminders).WithOne().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Reminders).HasField("_reminders").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(c => new { c.StartsAtUtc, c.Id });
        builder.HasIndex(c => new { c.Status, c.StartsAtUtc });
    }
}

internal sealed class CampaignCostConfiguration : IEntityTypeConfiguration<CampaignCost>
{
    public void Configure(EntityTypeBuilder<CampaignCost> builder)
    {
        builder.ToTable("CampaignCosts");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Description).HasMaxLength(300).IsRequired();
        builder.Property(c => c.Category).HasMaxLength(100);
        builder.Property(c => c.RecordedBy).HasMaxLength(100);
        builder.HasIndex(c => c.CampaignId);
    }
}

internal sealed class CampaignParticipantConfiguration : IEntityTypeConfiguration<CampaignParticipant>
{
    public void Configure(EntityTypeBuilder<CampaignParticipant> builder)
    {
        builder.ToTable("CampaignParticipants");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Name).HasMaxLength(200).IsRequired();
        builder.Property(p => p.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Phone).HasMaxLength(50);
        builder.Property(p => p.Email).HasMaxLength(254);
        builder.Property(p => p.Company).HasMaxLength(200);
        builder.HasIndex(p => p.CampaignId);
    }
}

internal sealed class CampaignReminderConfiguration : IEntityTypeConfiguration<CampaignReminder>
{
    public void Configure(EntityTypeBuilder<CampaignReminder> builder)
    {
        builder.ToTable("CampaignReminders");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Note).HasMaxLength(500);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => r.CampaignId);
        // The reminder job asks "unsent and due": a partial index holds only the unsent ones.
        builder.HasIndex(r => r.RemindAtUtc, "IX_CampaignReminders_Unsent_RemindAtUtc").HasFilter("[SentAtUtc] IS NULL");
    }
}

internal sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> builder)
    {
        builder.ToTable("Leads");
        builder.HasKey(l => l.Id);
        builder.ConfigureAudited();
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.Name).HasMaxLength(200).IsRequired();
        builder.Property(l => l.Company).HasMaxLength(200);
        builder.Property(l => l.JobTitle).HasMaxLength(100);
        builder.Property(l => l.Email).HasMaxLength(254);
        builder.Property(l => l.EmailNormalized).HasMaxLength(254).IsAuditIgnored();
        builder.Property(l => l.Phone).HasMaxLength(50);
        builder.Property(l => l.PhoneNormalized).HasMaxLength(50).IsAuditIgnored();
        builder.Property(l => l.Industry).HasMaxLength(100);
        builder.Property(l => l.Territory).HasMaxLength(100);
        builder.Property(l => l.City).HasMaxLength(100);
        builder.Property(l => l.Notes).HasMaxLength(4000);
        builder.Property(l => l.Queue).HasMaxLength(100);
        builder.Property(l => l.DisqualifiedReason).HasMaxLength(500);
        builder.Property(l => l.LastEscalationKey).HasMaxLength(200).IsAuditIgnored();
        // Dictionary codes (ADR 0125): the former enum names are the shipped codes, so stored values did not change.
        builder.Property(l => l.Source).HasMaxLength(50);
        builder.Property(l => l.CapturedVia).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.SearchText).HasMaxLength(1000).IsAuditIgnored();
        builder.Ignore(l => l.IsOpen);

        // Lists sort newest first with the id as tie-breaker; each filter leads its own index.
        builder.HasIndex(l => new { l.CreatedAtUtc, l.Id });
        builder.HasIndex(l => new { l.Status, l.CreatedAtUtc, l.Id });
        // "My leads" and least-loaded assignment (open leads per owner).
        builder.HasIndex(l => new { l.OwnerId, l.Status, l.CreatedAtUtc });
        builder.HasIndex(l => new { l.Queue, l.Status, l.CreatedAtUtc });
        builder.HasIndex(l => new { l.CampaignId, l.Status });
        builder.HasIndex(l => l.EmailNormalized);
        builder.HasIndex(l => l.PhoneNormalized);
    }
}

internal sealed class LeadAssignmentConfiguration : IEntityTypeConfiguration<LeadAssignment>
{
    public void Configure(EntityTypeBuilder<LeadAssignment> builder)
    {
        builder.ToTable("LeadAssignments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Queue).HasMaxLength(100);
        builder.Property(a => a.Strategy).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Reason).HasMaxLength(500);
        builder.Property(a => a.IdempotencyKey).HasMaxLength(200);
        builder.Property(a => a.AssignedBy).HasMaxLength(100);
        builder.HasIndex(a => new { a.LeadId, a.AssignedAtUtc });
        builder.HasIndex(a => a.IdempotencyKey).IsUnique().HasFilter("[IdempotencyKey] IS NOT NULL");
    }
}

internal sealed class FollowUpConfiguration : IEntityTypeConfiguration<FollowUp>
{
    public void Configure(EntityTypeBuilder<FollowUp> builder)
    {
        builder.ToTable("FollowUps");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Subject).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.Summary).HasMaxLength(4000).IsRequired();
        builder.Property(f => f.RecordedBy).HasMaxLength(100);
        builder.HasIndex(f => new { f.Subject, f.SubjectId, f.OccurredAtUtc });
        builder.HasIndex(f => new { f.Subject, f.SubjectId, f.RecordedAtUtc });
    }
}

internal sealed class OpportunityConfiguration : IEntityTypeConfiguration<Opportunity>
{
    public void Configure(EntityTypeBuilder<Opportunity> builder)
    {
        builder.ToTable("Opportunities");
        builder.HasKey(o => o.Id);
        builder.ConfigureAudited();
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Name).HasMaxLength(200).IsRequired();
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(o => o.LostReasonCategory).HasMaxLength(50);
        builder.Property(o => o.LostReason).HasMaxLength(500);
        builder.Property(o => o.Competitor).HasMaxLength(200);
        builder.Property(o => o.Description).HasMaxLength(4000);
        builder.Property(o => o.NextStep).HasMaxLength(500);
        builder.Property(o => o.Currency).IsCurrencyCode();
        builder.Property(o => o.ExchangeRate).HasDefaultValue(1m);
        builder.Property(o => o.CreatedMonth).IsAuditIgnored();
        builder.Property(o => o.ExpectedCloseMonth).IsAuditIgnored();
        builder.Property(o => o.ClosedMonth).IsAuditIgnored();
        builder.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OpportunityId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(o => o.Lines).HasField("_lines").UsePropertyAccessMode(PropertyAccessMode.Field);

        // The board reads each stage column by expected close date; lists filter by status or owner. Aggregates never
        // scan this table (FunnelTotals, StageReach).
        builder.HasIndex(o => new { o.StageId, o.ExpectedCloseDate, o.Id });
        builder.HasIndex(o => new { o.OwnerId, o.StageId, o.ExpectedCloseDate, o.Id });
        builder.HasIndex(o => new { o.Status, o.ExpectedCloseDate, o.Id });
        builder.HasIndex(o => new { o.OwnerId, o.Status, o.ExpectedCloseDate, o.Id });
        // Won and Lost columns of the board: this month's closes, latest first.
        builder.HasIndex(o => new { o.StageId, o.ClosedAtUtc });
        builder.HasIndex(o => new { o.AccountId, o.Status });
        builder.HasIndex(o => new { o.CampaignId, o.Status });
        builder.HasIndex(o => o.LeadId);
    }
}

internal sealed class OpportunityLineConfiguration : IEntityTypeConfiguration<OpportunityLine>
{
    public void Configure(EntityTypeBuilder<OpportunityLine> builder)
    {
        builder.ToTable("OpportunityLines");
        builder.ConfigurePricedLine();
        builder.HasIndex(l => new { l.OpportunityId, l.Position });
    }
}

internal sealed class OpportunityStageChangeConfiguration : IEntityTypeConfiguration<OpportunityStageChange>
{
    public void Configure(EntityTypeBuilder<OpportunityStageChange> builder)
    {
        builder.ToTable("OpportunityStageChanges");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedOnAdd();
        builder.Property(s => s.FromStage).HasMaxLength(100);
        builder.Property(s => s.ToStage).HasMaxLength(100);
        builder.Property(s => s.ChangedBy).HasMaxLength(100);
        builder.HasIndex(s => new { s.OpportunityId, s.ChangedAtUtc });
    }
}

internal sealed class QuoteConfiguration : IEntityTypeConfiguration<Quote>
{
    public void Configure(EntityTypeBuilder<Quote> builder)
    {
        builder.ToTable("Quotes");
        builder.HasKey(q => q.Id);
        builder.ConfigureAudited();
        builder.Property(q => q.Id).ValueGeneratedNever();
        builder.Property(q => q.Number).HasMaxLength(30).IsRequired();
        builder.Property(q => q.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(q => q.Terms).HasMaxLength(4000);
        builder.Property(q => q.Notes).HasMaxLength(4000);
        builder.Property(q => q.DecidedBy).HasMaxLength(100);
        builder.Property(q => q.Currency).IsCurrencyCode();
        builder.Property(q => q.ExchangeRate).HasDefaultValue(1m);
        builder.Property(q => q.DecisionComment).HasMaxLength(1000);
        builder.Ignore(q => q.IsEditable);
        builder.HasMany(q => q.Lines).WithOne().HasForeignKey(l => l.QuoteId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(q => q.Lines).HasField("_lines").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(q => new { q.Number, q.Revision }).IsUnique();
        builder.HasIndex(q => new { q.OpportunityId, q.Number, q.Revision });
        builder.HasIndex(q => new { q.Status, q.SubmittedAtUtc });
    }
}

internal sealed class QuoteLineConfiguration : IEntityTypeConfiguration<QuoteLine>
{
    public void Configure(EntityTypeBuilder<QuoteLine> builder)
    {
        builder.ToTable("QuoteLines");
        builder.ConfigurePricedLine();
        builder.HasIndex(l => new { l.QuoteId, l.Position });
    }
}

internal sealed class FunnelTotalConfiguration : IEntityTypeConfiguration<FunnelTotal>
{
    public void Configure(EntityTypeBuilder<FunnelTotal> builder)
    {
        builder.ToTable("FunnelTotals");
        builder.HasKey(t => new { t.PipelineId, t.StageId, t.OwnerKey, t.BranchKey, t.Month });
        builder.HasIndex(t => new { t.PipelineId, t.Month });
    }
}

internal sealed class StageReachConfiguration : IEntityTypeConfiguration<StageReach>
{
    public void Configure(EntityTypeBuilder<StageReach> builder)
    {
        builder.ToTable("StageReach");
        builder.HasKey(t => new { t.PipelineId, t.StageId, t.OwnerKey, t.BranchKey, t.Month });
        builder.HasIndex(t => new { t.PipelineId, t.Month });
    }
}

internal sealed class AssignmentCursorConfiguration : IEntityTypeConfiguration<AssignmentCursor>
{
    public void Configure(EntityTypeBuilder<AssignmentCursor> builder)
    {
        builder.ToTable("AssignmentCursors");
        builder.HasKey(c => c.Key);
        builder.Property(c => c.Key).HasMaxLength(300);
    }
}

internal sealed class NumberSequenceConfiguration : IEntityTypeConfiguration<NumberSequence>
{
    public void Configure(EntityTypeBuilder<NumberSequence> builder)
    {
        builder.ToTable("NumberSequences");
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(100);
    }
}

internal sealed class ExchangeRateConfiguration : IEntityTypeConfiguration<ExchangeRate>
{
    public void Configure(EntityTypeBuilder<ExchangeRate> builder)
    {
        builder.ToTable("ExchangeRates");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Currency).HasMaxLength(3).IsFixedLength().IsRequired();
        builder.Property(r => r.RecordedBy).HasMaxLength(100).IsRequired();
        builder.HasIndex(r => new { r.Currency, r.ValidFrom }).IsUnique();
    }
}
