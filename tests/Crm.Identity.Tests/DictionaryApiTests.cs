using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.PublicApi;
using Crm.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Identity.Tests;

/// <summary>
/// The editable dictionaries (数据字典): the four shipped ones, creating one, adding, relabelling, reordering,
/// retiring and restoring entries under If-Match, bad input as field errors, who may change them, and the cached
/// <see cref="IDictionaries"/> every module reads seeing each change at once.
/// </summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class DictionaryApiTests(IdentityFixture fx) : IClassFixture<IdentityFixture>
{
    private HttpClient Admin { get; } = fx.App.CreateClient();

    private IDictionaries Dictionaries => fx.App.Services.GetRequiredService<IDictionaries>();

    [Fact]
    public async Task The_four_shipped_dictionaries_are_there_with_labels_in_both_languages()
    {
        var list = await (await (await Admin.GetAsync("/api/dictionaries")).ShouldHave(HttpStatusCode.OK)).ReadJson();
        var keys = list.EnumerateArray().Select(d => d.GetProperty("key").GetString()).ToList();
        Assert.Subset(keys.ToHashSet(), new HashSet<string?> { DictionaryKeys.Industry, DictionaryKeys.CustomerLevel, DictionaryKeys.SourceChannel, DictionaryKeys.LostReason });

        var industry = await Dictionaries.EntriesAsync(DictionaryKeys.Industry);
        Assert.Contains(industry, e => e.Code == "manufacturing" && e.LabelChinese == "制造业");
        Assert.Equal(industry.Select(e => e.Order).Order(), industry.Select(e => e.Order));

        // The former enum names are the codes, so rows written before the dictionaries keep resolving.
        var website = await Dictionaries.FindAsync(DictionaryKeys.SourceChannel, "website");
        Assert.Equal("Website", website?.Code);
        Assert.Equal("网站", website!.LabelFor(CultureInfo.GetCultureInfo("zh-Hans")));
        Assert.Equal("Website", website.LabelFor(CultureInfo.GetCultureInfo("en")));
        Assert.NotNull(await Dictionaries.FindAsync(DictionaryKeys.LostReason, "NoBudget"));
        Assert.NotEmpty(await Dictionaries.EntriesAsync(DictionaryKeys.CustomerLevel));
    }

    [Fact]
    public async Task An_administrator_creates_a_dictionary_adds_relabels_reorders_retires_and_restores_entries()
    {
        var key = NewKey();
        var created = await (await Admin.PostAsJsonAsync("/api/dictionaries", new { key, nameEnglish = "Payment terms", nameChinese = "付款方式" })).ShouldHave(HttpStatusCode.Created);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);

        var added = await AddAsync(key, "\"1\"", new { labelEnglish = "Cash in advance", labelChinese = "预付款" });
        Assert.Equal("\"2\"", added.Headers.ETag?.Tag);
        var second = await AddAsync(key, "\"2\"", new { code = "monthly", labelEnglish = "Monthly statement", labelChinese = "月结" });
        var body = await second.ReadJson();
        Assert.Equal(["cash-in-advance", "monthly"], body.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("code").GetString()));

        // Relabel: the code stays, both labels change.
        var relabel = new HttpRequestMessage(HttpMethod.Put, $"/api/dictionaries/{key}/entries/monthly") { Content = JsonContent.Create(new { labelEnglish = "Monthly settlement", labelChinese = "月结付款" }) };
        relabel.Headers.IfMatch.ParseAdd("\"3\"");
        await (await Admin.SendAsync(relabel)).ShouldHave(HttpStatusCode.OK);
        var monthly = await Dictionaries.FindAsync(key, "monthly");
        Assert.Equal(("Monthly settlement", "月结付款"), (monthly!.LabelEnglish, monthly.LabelChinese));

        var reorder = new HttpRequestMessage(HttpMethod.Put, $"/api/dictionaries/{key}/order") { Content = JsonContent.Create(new { codes = new[] { "monthly", "cash-in-advance" } }) };
        reorder.Headers.IfMatch.ParseAdd("\"4\"");
        await (await Admin.SendAsync(reorder)).ShouldHave(HttpStatusCode.OK);
        Assert.Equal(["monthly", "cash-in-advance"], (await Dictionaries.EntriesAsync(key)).Select(e => e.Code));

        await (await Admin.PostAsync($"/api/dictionaries/{key}/entries/cash-in-advance/retire", null)).ShouldHave(HttpStatusCode.OK);
        Assert.Equal(["monthly"], (await Dictionaries.EntriesAsync(key)).Select(e => e.Code));
        var retired = await Dictionaries.FindAsync(key, "cash-in-advance");
        Assert.True(retired!.Retired);
        var withRetired = await (await Admin.GetAsync($"/api/dictionaries/{key}?includeRetired=true")).ReadJson();
        Assert.Equal(2, withRetired.GetProperty("entries").GetArrayLength());

        await (await Admin.PostAsync($"/api/dictionaries/{key}/entries/cash-in-advance/restore", null)).ShouldHave(HttpStatusCode.OK);
        Assert.Equal(["monthly", "cash-in-advance"], (await Dictionaries.EntriesAsync(key)).Select(e => e.Code));

        // Every change is in the identity audit log, under the dictionary.
        var audit = await (await (await Admin.GetAsync("/api/identity/audit?entity=DictionaryEntry&pageSize=200")).ShouldHave(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.Contains("Monthly settlement", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_if_match_is_refused_with_412_and_changes_nothing()
    {
        var key = await NewDictionaryAsync();
        await AddAsync(key, "\"1\"", new { code = "a", labelEnglish = "A", labelChinese = "甲" });

        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/dictionaries/{key}/entries") { Content = JsonContent.Create(new { code = "b", labelEnglish = "B", labelChinese = "乙" }) };
        stale.Headers.IfMatch.ParseAdd("\"1\"");
        await (await Admin.SendAsync(stale)).ShouldHave(HttpStatusCode.PreconditionFailed);
        Assert.Null(await Dictionaries.FindAsync(key, "b"));
    }

    [Fact]
    public async Task Bad_input_answers_field_errors_and_writes_nothing()
    {
        var badKey = await (await Admin.PostAsJsonAsync("/api/dictionaries", new { key = "Bad Key", nameEnglish = "", nameChinese = "名" })).ShouldHave(HttpStatusCode.BadRequest);
        var errors = await badKey.ReadFieldErrors();
        Assert.Contains("key", errors.Keys);
        Assert.Contains("nameEnglish", errors.Keys);

        var key = await NewDictionaryAsync();
        var badCode = await (await Admin.PostAsJsonAsync($"/api/dictionaries/{key}/entries", new { code = "Not_Valid", labelEnglish = "X", labelChinese = "" })).ShouldHave(HttpStatusCode.BadRequest);
        errors = await badCode.ReadFieldErrors();
        Assert.Contains("code", errors.Keys);
        Assert.Contains("labelChinese", errors.Keys);

        // Nothing to make a code from: the caller must give one.
        var noCode = await (await Admin.PostAsJsonAsync($"/api/dictionaries/{key}/entries", new { labelEnglish = "——", labelChinese = "新能源" })).ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("code", (await noCode.ReadFieldErrors()).Keys);

        await AddAsync(key, null, new { code = "solar", labelEnglish = "Solar", labelChinese = "光伏" });
        var taken = await (await Admin.PostAsJsonAsync($"/api/dictionaries/{key}/entries", new { code = "solar", labelEnglish = "Solar again", labelChinese = "光伏" })).ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("code", (await taken.ReadFieldErrors()).Keys);

        var reorder = await (await Admin.PutAsJsonAsync($"/api/dictionaries/{key}/order", new { codes = new[] { "solar", "wind" } })).ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("codes", (await reorder.ReadFieldErrors()).Keys);

        await (await Admin.PostAsJsonAsync("/api/dictionaries", new { key, nameEnglish = "Again", nameChinese = "重复" })).ShouldHave(HttpStatusCode.Conflict);
        await (await Admin.GetAsync("/api/dictionaries/no-such-list")).ShouldHave(HttpStatusCode.NotFound);
        await (await Admin.PostAsync($"/api/dictionaries/{key}/entries/wind/retire", null)).ShouldHave(HttpStatusCode.NotFound);
        Assert.Equal(["solar"], (await Dictionaries.EntriesAsync(key, includeRetired: true)).Select(e => e.Code));
    }

    [Theory]
    [InlineData(CrmRoles.Sales)]
    [InlineData(CrmRoles.BranchManager)]
    [InlineData(CrmRoles.Executive)]
    public async Task Other_roles_read_the_dictionaries_but_may_not_change_them(string role)
    {
        var key = await NewDictionaryAsync();
        using var client = fx.App.CreateClientAs(Guid.NewGuid(), role);
        await (await client.GetAsync("/api/dictionaries")).ShouldHave(HttpStatusCode.OK);
        await (await client.GetAsync($"/api/dictionaries/{DictionaryKeys.Industry}")).ShouldHave(HttpStatusCode.OK);

        await (await client.PostAsJsonAsync("/api/dictionaries", new { key = NewKey(), nameEnglish = "X", nameChinese = "X" })).ShouldHave(HttpStatusCode.Forbidden);
        await (await client.PostAsJsonAsync($"/api/dictionaries/{key}/entries", new { code = "x", labelEnglish = "X", labelChinese = "X" })).ShouldHave(HttpStatusCode.Forbidden);
        await (await client.PostAsync($"/api/dictionaries/{DictionaryKeys.Industry}/entries/manufacturing/retire", null)).ShouldHave(HttpStatusCode.Forbidden);
        Assert.Empty(await Dictionaries.EntriesAsync(key, includeRetired: true));
        Assert.False((await Dictionaries.FindAsync(DictionaryKeys.Industry, "manufacturing"))!.Retired);

        using var anonymous = fx.App.CreateAnonymousClient();
        await (await anonymous.GetAsync("/api/dictionaries")).ShouldHave(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_implementer_sets_dictionaries_up_too()
    {
        using var implementer = fx.App.CreateClientAs(Guid.NewGuid(), CrmRoles.Implementer);
        var key = NewKey();
        await (await implementer.PostAsJsonAsync("/api/dictionaries", new { key, nameEnglish = "Regions", nameChinese = "区域" })).ShouldHave(HttpStatusCode.Created);
        await (await implementer.PostAsJsonAsync($"/api/dictionaries/{key}/entries", new { code = "east", labelEnglish = "East China", labelChinese = "华东" })).ShouldHave(HttpStatusCode.Created);
        Assert.Equal("华东", (await Dictionaries.FindAsync(key, "east"))?.LabelChinese);
    }

    private static string NewKey() => "test-" + IdentityFixture.UniqueName("d");

    private async Task<string> NewDictionaryAsync()
    {
        var key = NewKey();
        await (await Admin.PostAsJsonAsync("/api/dictionaries", new { key, nameEnglish = "Test list", nameChinese = "测试" })).ShouldHave(HttpStatusCode.Created);
        return key;
    }

    private async Task<HttpResponseMessage> AddAsync(string key, string? etag, object entry)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/dictionaries/{key}/entries") { Content = JsonContent.Create(entry) };
        if (etag is not null)
        {
            request.Headers.IfMatch.ParseAdd(etag);
        }

        return await (await Admin.SendAsync(request)).ShouldHave(HttpStatusCode.Created);
    }
}
