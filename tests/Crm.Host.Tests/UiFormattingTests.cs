using Crm.Web;
using Crm.Web.Formatting;
using FluentValidation.Results;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>How the UI shows times (the user's zone, fixed formats) and maps validation failures to form fields.</summary>
public sealed class UiFormattingTests
{
    private static readonly DateTime NoonUtc = new(2026, 11, 22, 12, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void A_UTC_time_is_shown_in_the_browser_zone()
    {
        var shanghai = UserClock.From("Asia/Shanghai");

        Assert.True(shanghai.IsKnown);
        Assert.Equal("2026-11-22 20:30", shanghai.FormatDateTime(NoonUtc));
        Assert.Equal("2026-11-23", shanghai.FormatDate(NoonUtc.AddHours(12)));
    }

    [Fact]
    public void Daylight_saving_is_applied_for_the_date_shown()
    {
        var berlin = UserClock.From("Europe/Berlin");

        Assert.Equal("2026-07-01 14:00", berlin.FormatDateTime(new DateTime(2026, 7, 1, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("2026-01-01 13:00", berlin.FormatDateTime(new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("../../etc/passwd")]
    public void A_missing_or_unknown_zone_falls_back_to_UTC(string? zone)
    {
        var clock = UserClock.From(zone);

        Assert.False(clock.IsKnown);
        Assert.Equal("2026-11-22 12:30", clock.FormatDateTime(NoonUtc));
    }

    [Fact]
    public void A_time_typed_in_the_user_zone_is_stored_as_UTC()
    {
        var shanghai = UserClock.From("Asia/Shanghai");

        var utc = shanghai.ToUtc(new DateTime(2026, 11, 22, 20, 30, 0, DateTimeKind.Unspecified));

        Assert.Equal(NoonUtc, utc);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
    }

    [Fact]
    public void No_time_shows_as_empty_text()
    {
        Assert.Equal("", UserClock.Utc.FormatDateTime(null));
    }

    [Fact]
    public void Field_errors_use_the_API_field_names_and_keep_the_first_message_per_field()
    {
        var errors = new FieldErrors();

        errors.Set([new ValidationFailure("Name", "Name is required."), new ValidationFailure("Name", "second"), new ValidationFailure("Contacts[0].Email", "bad e-mail"), new ValidationFailure("Tags[3]", "too long")]);

        Assert.Equal("Name is required.", errors["name"]);
        Assert.Equal("bad e-mail", errors["contacts[0].email"]);
        Assert.Equal(3, errors.Count);
        Assert.Empty(errors.Others(["name", "contacts[0].email", "tags"]));
        Assert.Equal(["bad e-mail"], errors.Others(["name", "tags"]));
    }
}
