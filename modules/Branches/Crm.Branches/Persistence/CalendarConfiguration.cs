using Crm.Branches.Domain;
using Crm.BuildingBlocks.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Branches.Persistence;

internal sealed class UnitCalendarConfiguration : IEntityTypeConfiguration<UnitCalendar>
{
    public void Configure(EntityTypeBuilder<UnitCalendar> builder)
    {
        builder.ToTable("UnitCalendars");
        builder.HasKey(c => c.UnitId);
        builder.Property(c => c.UnitId).ValueGeneratedNever();
        builder.Property(c => c.Hours).HasMaxLength(1000);
        builder.Ignore(c => c.Week);
        builder.HasOne<OrgUnit>().WithOne().HasForeignKey<UnitCalendar>(c => c.UnitId).OnDelete(DeleteBehavior.Cascade);
        builder.ConfigureAudited();
    }
}

internal sealed class HolidayYearConfiguration : IEntityTypeConfiguration<HolidayYear>
{
    public void Configure(EntityTypeBuilder<HolidayYear> builder)
    {
        builder.ToTable("HolidayYears");
        builder.HasKey(y => y.Year);
        builder.Property(y => y.Year).ValueGeneratedNever();
        // A few dozen lines of "2027-01-01<TAB>DayOff<TAB>元旦": far below this.
        builder.Property(y => y.Dates).HasMaxLength(8000);
        builder.Ignore(y => y.DateList);
        builder.ConfigureAudited();
    }
}
