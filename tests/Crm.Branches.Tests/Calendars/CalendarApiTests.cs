using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.PublicApi;
using Crm.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Branches.Tests.Calendars;

/// <summary>
/// Business calendars through /api/branches/calendars (ADR 0102): hours per unit inherited down the tree in each unit's
/// time zone, yearly 休/班 dates filed or imported, If-Match, field errors, and the warning for a missing year.
/// </summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class CalendarApiTests : IDisposable
{
    private readonly CrmApp _app = new(["Branches"]);
    private readonly HttpClient _admin;

    public CalendarApiTests() => _admin = _app.CreateClient();

    private static DateTime Utc(int y, int m, int d, int h) => new(y, m, d, h, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Hours_are_inherited_down_the_tree_in_each_units_own_time_zone_and_dates_apply_to_all()
    {
        var hq = await CreateUnitAsync("HQ", "HQ", null, "Asia/Shanghai");
        var shanghai = await CreateUnitAsync("Shanghai", "SH", hq, "Asia/Shanghai");
        var team = await CreateUnitAsync("Shanghai team", "SH-T1", shanghai, "Asia/Shanghai");
        var berlin = await CreateUnitAsync("Berlin office", "BER", hq, "Europe/Berlin");

        // Shanghai works a half Saturday too; its team inherits that, Berlin inherits the company's Monday to Friday.
        var set = await PutAsync($"/api/branches/calendars/units/{shanghai}", "0", new
        {
            hours = new Dictionary<string, string>
            {
                ["Monday"] = "09:00-18:00", ["Tuesday"] = "09:00-18:00", ["Wednesday"] = "09:00-18:00", ["Thursday"] = "09:00-18:00",
                ["Friday"] = "09:00-18:00", ["Saturday"] = "09:00-12:00",
            },
        });
        await set.ShouldHave(HttpStatusCode.OK);
        Assert.Equal("\"1\"", set.Headers.ETag!.Tag);
        var teamCalendar = await GetJsonAsync($"/api/branches/calendars/units/{team}");
        Assert.False(teamCalendar.GetProperty("ownHours").GetBoolean());
        Assert.Equal(shanghai, teamCalendar.GetProperty("inheritedFromUnitId").GetGuid());
        Assert.Equal("09:00-12:00", teamCalendar.GetProperty("hours").GetProperty("Saturday").GetString());
        var berlinCalendar = await GetJsonAsync($"/api/branches/calendars/units/{berlin}");
        Assert.Equal("Europe/Berlin", berlinCalendar.GetProperty("timeZone").GetString());
        Assert.Equal(JsonValueKind.Null, berlinCalendar.GetProperty("inheritedFromUnitId").ValueKind);
        Assert.Equal("", berlinCalendar.GetProperty("hours").GetProperty("Saturday").GetString());

        // 2027: New Year's Day off, the Saturday 2027-02-06 a make-up working day (imported as the notice writes it).
        await (await PutAsync("/api/branches/calendars/years/2027", "0", new { text = "# 2027\n2027-01-01 休 元旦\n2027-02-06 班 春节调休\n" }))
            .ShouldHave(HttpStatusCode.OK);

        await using var scope = _app.Services.CreateAsyncScope();
        var calendar = scope.ServiceProvider.GetRequiredService<IBusinessCalendar>();
        // Friday 2026-12-04 17:00 in Shanghai: the team works Saturday morning, Berlin (10:00 there) only until 18:00.
        Assert.Equal(Utc(2026, 12, 5, 2), await calendar.AddBusinessTimeAsync(team, Utc(2026, 12, 4, 9), TimeSpan.FromHours(2)));
        Assert.Equal(Utc(2026, 12, 4, 11), await calendar.AddBusinessTimeAsync(berlin, Utc(2026, 12, 4, 9), TimeSpan.FromHours(2)));
        // New Year's Eve 17:00 in Shanghai: Friday is 元旦 and the head office's weekend is free, so Monday 10:00.
        Assert.Equal(Utc(2027, 1, 4, 2), await calendar.AddBusinessTimeAsync(hq, Utc(2026, 12, 31, 9), TimeSpan.FromHours(2)));
        // The make-up Saturday is a whole working day for the head office.
        Assert.Equal(TimeSpan.FromHours(9), await calendar.BusinessTimeBetweenAsync(null, Utc(2027, 2, 6, 0), Utc(2027, 2, 7, 0)));

        // Removing Shanghai's own hours makes it inherit the company's again.
        await (await PutAsync($"/api/branches/calendars/units/{shanghai}", "1", new { hours = (object?)null })).ShouldHave(HttpStatusCode.OK);
        Assert.True((await GetJsonAsync($"/api/branches/calendars/units/{team}")).GetProperty("inheritedFromUnitId").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task A_missing_year_is_warned_about_until_it_is_filed()
    {
        var thisYear = DateTime.UtcNow.Year;
        var overview = await GetJsonAsync("/api/branches/calendars");
        Assert.Equal([thisYear, thisYear + 1], overview.GetProperty("missingYears").EnumerateArray().Select(y => y.GetInt32()));
        var health = await GetJsonAsync("/health/details");
        var check = health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "business-calendar");
        Assert.Contains((thisYear + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), check.GetProperty("description").GetString(), StringComparison.Ordinal);

        await (await PutAsync($"/api/branches/calendars/years/{thisYear}", "0", new { dates = Array.Empty<object>() })).ShouldHave(HttpStatusCode.OK);
        await (await PutAsync($"/api/branches/calendars/years/{thisYear + 1}", "0", new
        {
            dates = new[] { new { date = new DateOnly(thisYear + 1, 1, 1), kind = "DayOff", name = "New Year" } },
        })).ShouldHave(HttpStatusCode.OK);

        Assert.Empty((await GetJsonAsync("/api/branches/calendars")).GetProperty("missingYears").EnumerateArray());
        var year = await GetJsonAsync($"/api/branches/calendars/years/{thisYear + 1}");
        Assert.Equal("DayOff", Assert.Single(year.GetProperty("dates").EnumerateArray()).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Bad_input_answers_field_errors_a_stale_version_412_and_nothing_is_written()
    {
        var hq = await CreateUnitAsync("HQ", "HQ", null, "Asia/Shanghai");

        var badHours = await PutAsync($"/api/branches/calendars/units/{hq}", "0",
            new { hours = new Dictionary<string, string> { ["Funday"] = "09:00-18:00", ["Monday"] = "18:00-09:00" } });
        await badHours.ShouldHave(HttpStatusCode.BadRequest);
        var errors = (await badHours.ReadJson()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("hours.funday", out _));
        Assert.True(errors.TryGetProperty("hours.monday", out _));
        var noWork = await PutAsync($"/api/branches/calendars/units/{hq}", "0", new { hours = new Dictionary<string, string> { ["Monday"] = "" } });
        Assert.True((await (await noWork.ShouldHave(HttpStatusCode.BadRequest)).ReadJson()).GetProperty("errors").TryGetProperty("hours", out _));

        var badDates = await PutAsync("/api/branches/calendars/years/2027", "0", new
        {
            dates = new object[]
            {
                new { date = "2026-12-31", kind = "DayOff", name = "Wrong year" },
                new { date = "2027-01-01", kind = "Maybe", name = "Unknown kind" },
            },
        });
        await badDates.ShouldHave(HttpStatusCode.BadRequest);
        var dateErrors = (await badDates.ReadJson()).GetProperty("errors");
        Assert.True(dateErrors.TryGetProperty("dates[0]", out _) || dateErrors.TryGetProperty("dates[0].date", out _));
        Assert.True(dateErrors.TryGetProperty("dates[1].kind", out _));
        var badText = await PutAsync("/api/branches/calendars/years/2027", "0", new { text = "2027-01-01 休 元旦\nnext Friday off" });
        Assert.True((await (await badText.ShouldHave(HttpStatusCode.BadRequest)).ReadJson()).GetProperty("errors").TryGetProperty("text", out _));
        await (await PutAsync("/api/branches/calendars/years/1999", "0", new { dates = Array.Empty<object>() })).ShouldHave(HttpStatusCode.BadRequest);
        await (await _admin.PutAsJsonAsync("/api/branches/calendars/years/2027", new { dates = Array.Empty<object>() })).ShouldHave(HttpStatusCode.BadRequest);
        await (await PutAsync($"/api/branches/calendars/units/{Guid.NewGuid()}", "0", new { hours = (object?)null })).ShouldHave(HttpStatusCode.NotFound);
        Assert.Equal(0, (await GetJsonAsync("/api/branches/calendars/years/2027")).GetProperty("version").GetInt64());
        Assert.False((await GetJsonAsync($"/api/branches/calendars/units/{hq}")).GetProperty("ownHours").GetBoolean());

        await (await PutAsync("/api/branches/calendars/years/2027", "0", new { text = "2027-01-01 休 元旦" })).ShouldHave(HttpStatusCode.OK);
        await (await PutAsync("/api/branches/calendars/years/2027", "0", new { text = "2027-01-01 班" })).ShouldHave(HttpStatusCode.PreconditionFailed);
        Assert.Equal("元旦", Assert.Single((await GetJsonAsync("/api/branches/calendars/years/2027")).GetProperty("dates").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Every_role_reads_the_calendars_only_an_administrator_changes_them()
    {
        var hq = await CreateUnitAsync("HQ", "HQ", null, "Asia/Shanghai");
        foreach (var role in CrmRoles.All.Where(r => r != CrmRoles.Administrator))
        {
            using var client = _app.CreateClientAs(Guid.NewGuid(), role);
            await (await client.GetAsync("/api/branches/calendars")).ShouldHave(HttpStatusCode.OK);
            await (await client.GetAsync($"/api/branches/calendars/units/{hq}")).ShouldHave(HttpStatusCode.OK);
            await (await client.GetAsync("/api/branches/calendars/years/2027")).ShouldHave(HttpStatusCode.OK);
            await (await client.PutAsJsonAsync("/api/branches/calendars/years/2027", new { text = "2027-01-01 休", version = 0 })).ShouldHave(HttpStatusCode.Forbidden);
            await (await client.PutAsJsonAsync($"/api/branches/calendars/units/{hq}", new { hours = new { Monday = "09:00-17:00" }, version = 0 }))
                .ShouldHave(HttpStatusCode.Forbidden);
        }

        Assert.Equal(0, (await GetJsonAsync("/api/branches/calendars/years/2027")).GetProperty("version").GetInt64());
    }

    public void Dispose()
    {
        _admin.Dispose();
        _app.Dispose();
    }

    private async Task<Guid> CreateUnitAsync(string name, string code, Guid? parentId, string timeZone) =>
        (await (await (await _admin.PostAsJsonAsync("/api/branches/units", new { name, code, parentId, timeZone }))
            .ShouldHave(HttpStatusCode.Created)).ReadJson()).GetProperty("id").GetGuid();

    private async Task<HttpResponseMessage> PutAsync(string url, string version, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        return await _admin.SendAsync(request);
    }

    private async Task<JsonElement> GetJsonAsync(string url) =>
        await (await (await _admin.GetAsync(url)).ShouldHave(HttpStatusCode.OK)).ReadJson();
}
