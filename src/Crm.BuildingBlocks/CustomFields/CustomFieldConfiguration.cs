using Crm.BuildingBlocks.Auditing;
using Crm.BuildingBlocks.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.BuildingBlocks.CustomFields;

internal sealed class CustomFieldDefinitionConfiguration : IEntityTypeConfiguration<CustomFieldDefinition>
{
    public void Configure(EntityTypeBuilder<CustomFieldDefinition> builder)
    {
        builder.ToTable("CustomFieldDefinitions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.EntityType).HasMaxLength(CustomFieldLimits.EntityTypeLength).IsRequired();
        builder.Property(d => d.Key).HasMaxLength(CustomFieldLimits.KeyLength).IsRequired();
        builder.Property(d => d.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.LabelEnglish).HasMaxLength(CustomFieldLimits.LabelLength).IsRequired();
        builder.Property(d => d.LabelChinese).HasMaxLength(CustomFieldLimits.LabelLength).IsRequired();
        builder.Property(d => d.HelpText).HasMaxLength(CustomFieldLimits.HelpTextLength);
        builder.Property(d => d.DictionaryKey).HasMaxLength(CustomFieldLimits.KeyLength);
        builder.HasIndex(d => new { d.EntityType, d.Key }).IsUnique();
        builder.ConfigureAudited();
    }
}

internal sealed class CustomFieldValueConfiguration : IEntityTypeConfiguration<CustomFieldValue>
{
    public void Configure(EntityTypeBuilder<CustomFieldValue> builder)
    {
        builder.ToTable("CustomFieldValues");
        // The record's values are read together (form, detail page), so the key leads with the record.
        builder.HasKey(v => new { v.EntityType, v.RecordId, v.FieldKey, v.Seq });
        builder.Property(v => v.EntityType).HasMaxLength(CustomFieldLimits.EntityTypeLength);
        builder.Property(v => v.FieldKey).HasMaxLength(CustomFieldLimits.KeyLength);
        builder.Property(v => v.Text).HasMaxLength(CustomFieldLimits.TextLength);
        builder.Property(v => v.UniqueKey).HasMaxLength(CustomFieldLimits.TextLength).IsAuditIgnored();
        builder.Property(v => v.Seq).IsAuditIgnored();
        // Filters and sorts seek (entity type, field, value) and reach the record from the index alone (ADR 0120).
        builder.HasIndex(v => new { v.EntityType, v.FieldKey, v.Text, v.RecordId }).HasDatabaseName("IX_CustomFieldValues_Text");
        builder.HasIndex(v => new { v.EntityType, v.FieldKey, v.Number, v.RecordId }).HasDatabaseName("IX_CustomFieldValues_Number");
        builder.HasIndex(v => new { v.EntityType, v.FieldKey, v.Date, v.RecordId }).HasDatabaseName("IX_CustomFieldValues_Date");
        builder.HasIndex(v => new { v.EntityType, v.FieldKey, v.UniqueKey }).IsUnique()
            .HasFilter("[UniqueKey] IS NOT NULL").HasDatabaseName("IX_CustomFieldValues_Unique");
    }
}

/// <summary>The sizes of custom-field columns and inputs.</summary>
public static class CustomFieldLimits
{
    public const int EntityTypeLength = 40;
    public const int KeyLength = 60;
    public const int LabelLength = 100;
    public const int HelpTextLength = 500;
    public const int TextLength = 400;
    public const int LongTextLength = 4000;
    public const int MaxChoices = 50;
    public const int MaxFieldsPerEntity = 200;
}
