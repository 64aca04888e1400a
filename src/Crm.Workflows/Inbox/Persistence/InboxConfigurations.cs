using Crm.Workflows.Inbox.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Workflows.Inbox.Persistence;

/// <summary>
/// The inbox tables live in the workflows database next to the bookmarks they wait on, so a task and its bookmark are
/// written in one transaction. Indexes follow the inbox's queries (docs/inbox.md): open tasks by assignee, by queue, by
/// delegating owner, by due time; <c>[..]</c> quoting in filters works on both providers.
/// </summary>
internal sealed class HumanTaskConfiguration : IEntityTypeConfiguration<HumanTask>
{
    public void Configure(EntityTypeBuilder<HumanTask> builder)
    {
        builder.ToTable("HumanTasks");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Delegation).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.OnOverdue).HasConversion<string>().HasMaxLength(24);
        builder.Property(t => t.Priority).HasConversion<int>();
        builder.Property(t => t.WorkflowInstanceId).HasMaxLength(100).IsRequired();
        builder.Property(t => t.WorkflowDefinitionId).HasMaxLength(100).IsRequired();
        builder.Property(t => t.ProcessName).HasMaxLength(400).IsRequired();
        builder.Property(t => t.ActivityId).HasMaxLength(200).IsRequired();
        builder.Property(t => t.ActivityInstanceId).HasMaxLength(100).IsRequired();
        builder.Property(t => t.BookmarkId).HasMaxLength(100).IsRequired();
        builder.Property(t => t.Title).HasMaxLength(400).IsRequired();
        builder.Property(t => t.Description).HasMaxLength(8000);
        builder.Property(t => t.Module).HasMaxLength(100);
        builder.Property(t => t.Link).HasMaxLength(500);
        builder.Property(t => t.CandidateGroup).HasMaxLength(200);
        builder.Property(t => t.CandidateRole).HasMaxLength(100);
        builder.Property(t => t.Outcomes).HasMaxLength(4000).IsRequired();
        builder.Property(t => t.Outcome).HasMaxLength(200);
        builder.Property(t => t.Comment).HasMaxLength(4000);
        builder.Property(t => t.CancelReason).HasMaxLength(500);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.Ignore(t => t.OutcomeList);
        builder.Ignore(t => t.FormFieldList);
        builder.Ignore(t => t.IsOpen);

        // The views read in two steps (ListTasks): the ids of one page from an index that holds every column the view
        // filters and sorts on (so SQLite never touches the table to sort a busy inbox), then those rows by key.
        // "My tasks", "my overdue tasks" and the counts: open tasks of one assignee, in due order. Unclaimed queue tasks
        // are left out: "AssigneeId IS NULL" would otherwise look as selective as one person's id to SQLite's planner
        // (no statistics) and steal the queue query below. "AssigneeId = @me" implies IS NOT NULL, so the index applies.
        builder.HasIndex(t => new { t.AssigneeId, t.DueSortUtc, t.Priority, t.CreatedAtUtc, t.Module, t.Id }, "IX_HumanTasks_Open_Assignee_Due")
            .HasFilter("[Status] = 'Open' AND [AssigneeId] IS NOT NULL");
        // "My queues' unclaimed tasks": one IN over the user's queue keys. AssigneeId (always null here) is a column too:
        // SQLite treats the filter's "IS NULL" term as satisfied only when the index holds the column.
        builder.HasIndex(t => new { t.CandidateGroup, t.DueSortUtc, t.Priority, t.CreatedAtUtc, t.Module, t.Id, t.AssigneeId }, "IX_HumanTasks_Unclaimed_Group_Due")
            .HasFilter("[Status] = 'Open' AND [AssigneeId] IS NULL");
        // "Tasks I delegated".
        builder.HasIndex(t => new { t.OwnerId, t.DueSortUtc, t.Priority, t.CreatedAtUtc, t.Module, t.Id }, "IX_HumanTasks_Delegated_Owner")
            .HasFilter("[Status] = 'Open' AND [Delegation] = 'Pending'");
        // "Completed by me", newest first.
        builder.HasIndex(t => new { t.CompletedById, t.CompletedAtUtc, t.Id }, "IX_HumanTasks_Completed_By").HasFilter("[Status] = 'Completed'");
        builder.HasIndex(t => t.WorkflowInstanceId);
        builder.HasIndex(t => t.BookmarkId);
        builder.HasIndex(t => t.ActivityInstanceId);
    }
}

internal sealed class HumanTaskHistoryConfiguration : IEntityTypeConfiguration<HumanTaskHistory>
{
    public void Configure(EntityTypeBuilder<HumanTaskHistory> builder)
    {
        builder.ToTable("HumanTaskHistory");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedOnAdd();
        builder.Property(h => h.Action).HasConversion<string>().HasMaxLength(24);
        builder.Property(h => h.Before).HasMaxLength(4000);
        builder.Property(h => h.After).HasMaxLength(4000);
        builder.Property(h => h.Comment).HasMaxLength(2000);
        builder.HasIndex(h => new { h.TaskId, h.Id });
        builder.HasIndex(h => new { h.ActorId, h.AtUtc });
    }
}

internal sealed class OutOfOfficeRuleConfiguration : IEntityTypeConfiguration<OutOfOfficeRule>
{
    public void Configure(EntityTypeBuilder<OutOfOfficeRule> builder)
    {
        builder.ToTable("OutOfOfficeRules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Note).HasMaxLength(500);
        builder.HasIndex(r => new { r.UserId, r.ToUtc });
        builder.HasIndex(r => r.ProxyId);
    }
}

/// <summary>Process templates imported once (so a template the process owner deleted does not come back at the next start).</summary>
internal sealed class TemplateImport
{
    public required string DefinitionId { get; init; }

    public DateTime ImportedAtUtc { get; init; }
}

internal sealed class TemplateImportConfiguration : IEntityTypeConfiguration<TemplateImport>
{
    public void Configure(EntityTypeBuilder<TemplateImport> builder)
    {
        builder.ToTable("TemplateImports");
        builder.HasKey(t => t.DefinitionId);
        builder.Property(t => t.DefinitionId).HasMaxLength(100);
    }
}
