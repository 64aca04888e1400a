using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.PublicApi;
using Crm.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Accounts.Tests.Features;

/// <summary>
/// A host whose choice fields pick from a real editable dictionary (issue 17.3), created through its API.
/// </summary>
public sealed class CustomFieldsFixture : IDisposable
{
    public CustomFieldsFixture()
    {
        App = new CrmApp();
        Client = App.CreateClient();
    }

    private Task? _levels;

    public CrmApp App { get; }

    public HttpClient Client { get; }

    /// <summary>Adds a field to accounts as the administrator and returns its key.</summary>
    public async Task<string> AddFieldAsync(string type, bool required = false, bool unique = false, string? dictionaryKey = null, string? label = null)
    {
        if (dictionaryKey == "test-level")
        {
            await (_levels ??= CreateLevelsAsync());
        }

        var key = $"f{AccountsFixture.Next()}_{type.ToLowerInvariant()}";
        var response = await Client.PostAsJsonAsync("/api/custom-fields/account", new
        {
            key,
            type,
            labelEnglish = label ?? $"Field {key}",
            labelChinese = $"字段 {key}",
            helpText = "Shown under the field",
            required,
            unique,
            dictionaryKey,
        });
        await response.ShouldHave(HttpStatusCode.Created);
        return key;
    }

    public static object Account(string name, object customFields) => new
    {
        name,
        kind = "Company",
        type = "Customer",
        customFields,
    };

    public async Task<JsonElement> CreateAsync(string name, object customFields)
    {
        var response = await Client.PostAsJsonAsync("/api/accounts?allowDuplicate=true", Account(name, customFields));
        await response.ShouldHave(HttpStatusCode.Created);
        return await response.ReadJson();
    }

    public void Dispose()
    {
        Client.Dispose();
        App.Dispose();
    }

    /// <summary>The levels the choice fields pick from: an editable dictionary made through its API, one entry retired.</summary>
    private async Task CreateLevelsAsync()
    {
        await (await Client.PostAsJsonAsync("/api/dictionaries", new { key = "test-level", nameEnglish = "Test level", nameChinese = "测试级别" })).ShouldHave(HttpStatusCode.Created);
        foreach (var (code, english, chinese) in new[] { ("a", "Level A", "A级"), ("b", "Level B", "B级"), ("c", "Level C", "C级"), ("old", "Old level", "旧级别") })
        {
            await (await Client.PostAsJsonAsync("/api/dictionaries/test-level/entries", new { code, labelEnglish = english, labelChinese = chinese })).ShouldHave(HttpStatusCode.Created);
        }

        await (await Client.PostAsync("/api/dictionaries/test-level/entries/old/retire", null)).ShouldHave(HttpStatusCode.OK);
    }
}

[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class CustomFieldsTests(CustomFieldsFixture fx) : IClassFixture<CustomFieldsFixture>
{
    [Fact]
    public async Task A_field_with_the_longest_key_is_saved_and_audited_on_every_provider()
    {
        // 60 characters, the longest key: the audit entry's id (entity type/record/field/position) is longer than its
        // column, which PostgreSQL refused with a 500 until the id was capped.
        var key = ("long_" + Guid.NewGuid().ToString("N") + "_abcdefghijklmnopqrstuvwxyz")[..60];
        var created = await fx.Client.PostAsJsonAsync("/api/custom-fields/account", new { key, type = "Text", labelEnglish = "Long key", labelChinese = "长键字段" });
        await created.ShouldHave(HttpStatusCode.Created);

        var account = (await fx.CreateAsync("Long key Ltd " + Guid.NewGuid().ToString("N")[..6], new Dictionary<string, object> { [key] = "value" })).GetProperty("id").GetString();
        var read = await (await fx.Client.GetAsync($"/api/accounts/{account}")).ReadJson();
        Assert.Equal("value", read.GetProperty("customFields").GetProperty(key).GetString());
        var audit = await (await fx.Client.GetAsync($"/api/accounts/{account}/audit")).ReadJson();
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("entity").GetString() == "CustomFieldValue");
    }

    [Fact]
    public async Task An_administrator_adds_a_field_and_a_salesperson_reads_but_may_not_add_one()
    {
        var key = await fx.AddFieldAsync("Text", label: "Contract end note");
        using var sales = fx.App.CreateClientAs(Guid.NewGuid(), CrmRoles.Sales);

        var fields = await (await sales.GetAsync("/api/custom-fields/account")).ShouldHave(HttpStatusCode.OK);
        var field = (await fields.ReadJson()).EnumerateArray().Single(f => f.GetProperty("key").GetString() == key);
        Assert.Equal("Text", field.GetProperty("type").GetString());
        Assert.Equal($"字段 {key}", field.GetProperty("labelChinese").GetString());

        var refused = await sales.PostAsJsonAsync("/api/custom-fields/account", new { type = "Text", labelEnglish = "Sneaky" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var entities = await (await sales.GetAsync("/api/custom-fields")).ReadJson();
        Assert.Contains(entities.EnumerateArray(), e => e.GetProperty("entityType").GetString() == "account");
    }

    [Fact]
    public async Task The_key_is_generated_from_the_english_label_and_a_second_field_cannot_take_it()
    {
        var label = $"Contract end date {AccountsFixture.Next()}";
        var response = await fx.Client.PostAsJsonAsync("/api/custom-fields/account", new { type = "Date", labelEnglish = label, labelChinese = "合同到期日" });
        await response.ShouldHave(HttpStatusCode.Created);
        var key = (await response.ReadJson()).GetProperty("key").GetString();
        Assert.Equal(label.ToLowerInvariant().Replace(' ', '_'), key);

        var again = await fx.Client.PostAsJsonAsync("/api/custom-fields/account", new { type = "Text", labelEnglish = label });
        await again.ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("key", (await again.ReadFieldErrors()).Keys);
    }

    [Fact]
    public async Task Bad_definitions_are_field_errors()
    {
        var response = await fx.Client.PostAsJsonAsync("/api/custom-fields/account", new { key = "9bad key", type = "SingleChoice", labelEnglish = "", unique = false });
        await response.ShouldHave(HttpStatusCode.BadRequest);
        var errors = await response.ReadFieldErrors();
        Assert.Contains("key", errors.Keys);
        Assert.Contains("labelEnglish", errors.Keys);
        Assert.Contains("dictionaryKey", errors.Keys);

        var uniqueYesNo = await fx.Client.PostAsJsonAsync("/api/custom-fields/account", new { type = "YesNo", labelEnglish = "Flag", unique = true });
        Assert.Contains("unique", (await (await uniqueYesNo.ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors()).Keys);
    }

    [Fact]
    public async Task Every_type_round_trips_through_create_get_and_update()
    {
        var person = await fx.App.CreateUserAsync($"cfperson{AccountsFixture.Next()}", roles: [CrmRoles.Sales]);
        var text = await fx.AddFieldAsync("Text");
        var longText = await fx.AddFieldAsync("LongText");
        var number = await fx.AddFieldAsync("Number");
        var money = await fx.AddFieldAsync("Money");
        var date = await fx.AddFieldAsync("Date");
        var dateTime = await fx.AddFieldAsync("DateTime");
        var single = await fx.AddFieldAsync("SingleChoice", dictionaryKey: "test-level");
        var multiple = await fx.AddFieldAsync("MultipleChoice", dictionaryKey: "test-level");
        var who = await fx.AddFieldAsync("Person");
        var yesNo = await fx.AddFieldAsync("YesNo");

        var created = await fx.CreateAsync($"Typed {AccountsFixture.Next()}", new Dictionary<string, object?>
        {
            [text] = "  蓝色 plan ",
            [longText] = "line one\nline two",
            [number] = 12.3456m,
            [money] = new { amount = 1200.5m, currency = "USD" },
            [date] = "2026-03-31",
            [dateTime] = "2026-03-31T09:30:00+08:00",
            [single] = "b",
            [multiple] = new[] { "a", "c" },
            [who] = person,
            [yesNo] = true,
        });
        var id = created.GetProperty("id").GetGuid();
        var values = (await (await fx.Client.GetAsync($"/api/accounts/{id}")).ReadJson()).GetProperty("customFields");
        Assert.Equal("蓝色 plan", values.GetProperty(text).GetString());
        Assert.Equal("line one\nline two", values.GetProperty(longText).GetString());
        Assert.Equal(12.3456m, values.GetProperty(number).GetDecimal());
        Assert.Equal(1200.5m, values.GetProperty(money).GetProperty("amount").GetDecimal());
        Assert.Equal("USD", values.GetProperty(money).GetProperty("currency").GetString());
        Assert.Equal("2026-03-31", values.GetProperty(date).GetString());
        Assert.Equal("2026-03-31T01:30:00Z", values.GetProperty(dateTime).GetString());
        Assert.Equal("b", values.GetProperty(single).GetString());
        Assert.Equal(["a", "c"], values.GetProperty(multiple).EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(person, values.GetProperty(who).GetGuid());
        Assert.True(values.GetProperty(yesNo).GetBoolean());
        Assert.Equal(values.GetRawText(), created.GetProperty("customFields").GetRawText());

        var update = await fx.Client.PutAsJsonAsync($"/api/accounts/{id}", new
        {
            name = created.GetProperty("name").GetString(),
            version = created.GetProperty("version").GetInt64(),
            customFields = new Dictionary<string, object?> { [number] = "-5", [multiple] = new[] { "b" }, [yesNo] = false, [text] = null, [money] = "99.99" },
        });
        var updated = (await (await update.ShouldHave(HttpStatusCode.OK)).ReadJson()).GetProperty("customFields");
        Assert.Equal(-5m, updated.GetProperty(number).GetDecimal());
        Assert.Equal(["b"], updated.GetProperty(multiple).EnumerateArray().Select(e => e.GetString()));
        Assert.False(updated.GetProperty(yesNo).GetBoolean());
        Assert.False(updated.TryGetProperty(text, out _));
        Assert.Equal("CNY", updated.GetProperty(money).GetProperty("currency").GetString());
        // Keys not sent are left as they were.
        Assert.Equal("b", updated.GetProperty(single).GetString());
        Assert.Equal("2026-03-31", updated.GetProperty(date).GetString());
    }

    [Fact]
    public async Task Bad_values_are_field_errors_keyed_custom_and_nothing_is_stored()
    {
        var number = await fx.AddFieldAsync("Number");
        var money = await fx.AddFieldAsync("Money");
        var date = await fx.AddFieldAsync("Date");
        var single = await fx.AddFieldAsync("SingleChoice", dictionaryKey: "test-level");
        var who = await fx.AddFieldAsync("Person");
        var yesNo = await fx.AddFieldAsync("YesNo");
        var text = await fx.AddFieldAsync("Text");
        var name = $"Bad values {AccountsFixture.Next()}";

        var response = await fx.Client.PostAsJsonAsync("/api/accounts", CustomFieldsFixture.Account(name, new Dictionary<string, object?>
        {
            [number] = "twelve",
            [money] = new { amount = 1.234m, currency = "XXQ" },
            [date] = "31/03/2026",
            [single] = "old",
            [who] = Guid.NewGuid(),
            [yesNo] = "maybe",
            [text] = "two\nlines",
            ["nosuchfield"] = "x",
        }));

        await response.ShouldHave(HttpStatusCode.BadRequest);
        var errors = await response.ReadFieldErrors();
        foreach (var key in new[] { number, money, date, single, who, yesNo, text, "nosuchfield" })
        {
            Assert.Contains($"custom.{key}", errors.Keys);
        }

        var list = await (await fx.Client.GetAsync($"/api/accounts?search={Uri.EscapeDataString(name)}")).ReadJson();
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_required_field_must_be_given_on_create_and_cannot_be_cleared()
    {
        var required = await fx.AddFieldAsync("Text", required: true);
        var name = $"Required {AccountsFixture.Next()}";
        var missing = await fx.Client.PostAsJsonAsync("/api/accounts", CustomFieldsFixture.Account(name, new { }));
        Assert.Contains($"custom.{required}", (await (await missing.ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors()).Keys);

        var created = await fx.CreateAsync(name, new Dictionary<string, object?> { [required] = "given" });
        var cleared = await fx.Client.PutAsJsonAsync($"/api/accounts/{created.GetProperty("id").GetGuid()}", new
        {
            name,
            version = created.GetProperty("version").GetInt64(),
            customFields = new Dictionary<string, object?> { [required] = "" },
        });
        Assert.Contains($"custom.{required}", (await (await cleared.ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors()).Keys);
        await fx.Client.PostAsync($"/api/custom-fields/account/{required}/retire", null);
    }

    [Fact]
    public async Task Two_creates_with_the_same_unique_value_one_wins_the_others_get_a_field_error()
    {
        var unique = await fx.AddFieldAsync("Text", unique: true);
        var value = $"CONTRACT-{AccountsFixture.Next()}";

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            fx.Client.PostAsJsonAsync("/api/accounts?allowDuplicate=true", CustomFieldsFixture.Account($"Racer {i} {value}", new Dictionary<string, object?> { [unique] = value }))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var lost in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await lost.ShouldHave(HttpStatusCode.UnprocessableEntity);
            Assert.Contains($"custom.{unique}", (await lost.ReadFieldErrors()).Keys);
        }

        // Case does not make another value; the winner keeps its own value on update.
        var again = await fx.Client.PostAsJsonAsync("/api/accounts?allowDuplicate=true", CustomFieldsFixture.Account("Late", new Dictionary<string, object?> { [unique] = value.ToLowerInvariant() }));
        await again.ShouldHave(HttpStatusCode.UnprocessableEntity);
        var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.Created).ReadJson();
        var kept = await fx.Client.PutAsJsonAsync($"/api/accounts/{winner.GetProperty("id").GetGuid()}", new
        {
            name = winner.GetProperty("name").GetString(),
            version = winner.GetProperty("version").GetInt64(),
            customFields = new Dictionary<string, object?> { [unique] = value },
        });
        await kept.ShouldHave(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_retired_field_keeps_its_values_and_takes_no_new_input()
    {
        var key = await fx.AddFieldAsync("Number");
        var created = await fx.CreateAsync($"Retire {AccountsFixture.Next()}", new Dictionary<string, object?> { [key] = 7 });
        var id = created.GetProperty("id").GetGuid();

        var retired = await fx.Client.PostAsync($"/api/custom-fields/account/{key}/retire", null);
        Assert.True((await (await retired.ShouldHave(HttpStatusCode.OK)).ReadJson()).GetProperty("retired").GetBoolean());

        var account = await (await fx.Client.GetAsync($"/api/accounts/{id}")).ReadJson();
        Assert.Equal(7m, account.GetProperty("customFields").GetProperty(key).GetDecimal());
        var active = await (await fx.Client.GetAsync("/api/custom-fields/account")).ReadJson();
        Assert.DoesNotContain(active.EnumerateArray(), f => f.GetProperty("key").GetString() == key);
        var all = await (await fx.Client.GetAsync("/api/custom-fields/account?includeRetired=true")).ReadJson();
        Assert.Contains(all.EnumerateArray(), f => f.GetProperty("key").GetString() == key);

        var refused = await fx.Client.PutAsJsonAsync($"/api/accounts/{id}", new
        {
            name = created.GetProperty("name").GetString(),
            version = account.GetProperty("version").GetInt64(),
            customFields = new Dictionary<string, object?> { [key] = 8 },
        });
        Assert.Contains($"custom.{key}", (await (await refused.ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors()).Keys);
    }

    [Fact]
    public async Task Relabelling_and_reordering_keep_the_values()
    {
        var first = await fx.AddFieldAsync("Text");
        var second = await fx.AddFieldAsync("Text");
        var created = await fx.CreateAsync($"Relabel {AccountsFixture.Next()}", new Dictionary<string, object?> { [first] = "kept" });

        var field = await (await fx.Client.GetAsync("/api/custom-fields/account")).ReadJson();
        var version = field.EnumerateArray().Single(f => f.GetProperty("key").GetString() == first).GetProperty("version").GetInt64();
        var stale = await fx.Client.PutAsJsonAsync($"/api/custom-fields/account/{first}", new { labelEnglish = "Renamed", labelChinese = "改名", required = false, version = version + 1 });
        await stale.ShouldHave(HttpStatusCode.PreconditionFailed);
        var changed = await fx.Client.PutAsJsonAsync($"/api/custom-fields/account/{first}", new { labelEnglish = "Renamed", labelChinese = "改名", required = false, version });
        Assert.Equal("Renamed", (await (await changed.ShouldHave(HttpStatusCode.OK)).ReadJson()).GetProperty("labelEnglish").GetString());

        var keys = (await (await fx.Client.GetAsync("/api/custom-fields/account")).ReadJson()).EnumerateArray().Select(f => f.GetProperty("key").GetString()!).ToList();
        var reordered = keys.Where(k => k != second).Prepend(second).ToList();
        var order = await fx.Client.PostAsJsonAsync("/api/custom-fields/account/reorder", new { keys = reordered });
        await order.ShouldHave(HttpStatusCode.OK);
        var after = (await (await fx.Client.GetAsync("/api/custom-fields/account")).ReadJson()).EnumerateArray().Select(f => f.GetProperty("key").GetString()).ToList();
        Assert.Equal(second, after[0]);

        var account = await (await fx.Client.GetAsync($"/api/accounts/{created.GetProperty("id").GetGuid()}")).ReadJson();
        Assert.Equal("kept", account.GetProperty("customFields").GetProperty(first).GetString());
    }

    [Fact]
    public async Task The_list_filters_and_sorts_on_custom_fields()
    {
        var tier = await fx.AddFieldAsync("SingleChoice", dictionaryKey: "test-level");
        var budget = await fx.AddFieldAsync("Number");
        var renewal = await fx.AddFieldAsync("Date");
        var tag = $"cf{AccountsFixture.Next()}";
        async Task<Guid> Create(string name, string level, decimal amount, string day) =>
            (await fx.CreateAsync($"{tag} {name}", new Dictionary<string, object?> { [tier] = level, [budget] = amount, [renewal] = day })).GetProperty("id").GetGuid();

        var small = await Create("small", "a", 100m, "2026-01-15");
        var big = await Create("big", "a", 9000m, "2026-05-01");
        var middle = await Create("middle", "b", 2500.5m, "2026-02-28");

        async Task<List<Guid>> List(string query)
        {
            var json = await (await (await fx.Client.GetAsync($"/api/accounts?search={tag}&{query}")).ShouldHave(HttpStatusCode.OK)).ReadJson();
            return json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        }

        Assert.Equal([big, small], await List($"cf.{tier}=a&sort=cf.{budget}&direction=desc"));
        Assert.Equal([small, middle, big], await List($"sort=cf.{budget}"));
        Assert.Equal([middle, big], await List($"cf.{budget}=1000..&sort=cf.{renewal}"));
        Assert.Equal([small, middle], await List($"cf.{renewal}=2026-01-01..2026-02-28&sort=cf.{renewal}"));
        Assert.Equal([middle], await List($"cf.{budget}=2500.5"));

        var items = (await (await fx.Client.GetAsync($"/api/accounts?search={tag}&sort=cf.{budget}")).ReadJson()).GetProperty("items");
        Assert.Equal(100m, items[0].GetProperty("customFields").GetProperty(budget).GetDecimal());

        var unknown = await fx.Client.GetAsync($"/api/accounts?cf.nosuch=1&sort=cf.nosuch");
        await unknown.ShouldHave(HttpStatusCode.BadRequest);
        var wrongType = await fx.Client.GetAsync($"/api/accounts?cf.{budget}=lots");
        Assert.Contains($"cf.{budget}", (await (await wrongType.ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors()).Keys);
    }

    [Fact]
    public async Task The_audit_history_shows_custom_field_changes_with_before_and_after()
    {
        var key = await fx.AddFieldAsync("Text");
        var created = await fx.CreateAsync($"Audited {AccountsFixture.Next()}", new Dictionary<string, object?> { [key] = "before" });
        var id = created.GetProperty("id").GetGuid();
        await (await fx.Client.PutAsJsonAsync($"/api/accounts/{id}", new
        {
            name = created.GetProperty("name").GetString(),
            version = created.GetProperty("version").GetInt64(),
            customFields = new Dictionary<string, object?> { [key] = "after" },
        })).ShouldHave(HttpStatusCode.OK);

        var audit = await (await fx.Client.GetAsync($"/api/accounts/{id}/audit")).ReadJson();
        var change = audit.GetProperty("items").EnumerateArray()
            .Single(e => e.GetProperty("entity").GetString() == "CustomFieldValue" && e.GetProperty("action").GetString() == "Updated");
        Assert.Contains(key, change.GetProperty("entityId").GetString());
        Assert.Equal(["before", "after"], change.GetProperty("changes").GetProperty("Text").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Csv_export_writes_custom_columns_and_import_reads_them_back()
    {
        var code = await fx.AddFieldAsync("Text", unique: true);
        var budget = await fx.AddFieldAsync("Money");
        var n = AccountsFixture.Next();
        var csv = $"""
            name,cf.{code},cf.{budget}
            Alpha csv{n},A-{n},100.5 USD
            Beta csv{n},B-{n},
            """;

        var imported = await fx.Client.PostAsync("/api/accounts/import", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));
        Assert.Equal(2, (await (await imported.ShouldHave(HttpStatusCode.OK)).ReadJson()).GetProperty("imported").GetInt32());

        var alpha = (await (await fx.Client.GetAsync($"/api/accounts?cf.{code}=A-{n}")).ReadJson()).GetProperty("items").EnumerateArray().Single();
        Assert.Equal($"Alpha csv{n}", alpha.GetProperty("name").GetString());
        Assert.Equal("USD", alpha.GetProperty("customFields").GetProperty(budget).GetProperty("currency").GetString());

        var export = await (await fx.Client.GetAsync($"/api/accounts/export?search=csv{n}")).ShouldHave(HttpStatusCode.OK);
        var lines = (await export.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',').ToList();
        var alphaCells = lines.Single(l => l.Contains("Alpha")).Split(',');
        Assert.Equal($"A-{n}", alphaCells[header.IndexOf($"cf.{code}")]);
        Assert.Equal("100.5 USD", alphaCells[header.IndexOf($"cf.{budget}")]);

        // The same value again (another case), a bad amount and an unknown column are reported per row and column.
        var bad = $"""
            name,cf.{code},cf.{budget}
            Gamma csv{n},a-{n},
            Delta csv{n},,lots
            """;
        var refused = await fx.Client.PostAsync("/api/accounts/import", new StringContent(bad, System.Text.Encoding.UTF8, "text/csv"));
        var errors = (await (await refused.ShouldHave(HttpStatusCode.UnprocessableEntity)).ReadJson()).GetProperty("report").GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Contains((2, $"cf.{code}"), errors);
        Assert.Contains((3, $"cf.{budget}"), errors);
        var unknown = await fx.Client.PostAsync("/api/accounts/import", new StringContent("name,cf.nosuch\nX,1", System.Text.Encoding.UTF8, "text/csv"));
        await unknown.ShouldHave(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, (await (await fx.Client.GetAsync($"/api/accounts?search=csv{n}&includeTotal=true")).ReadJson()).GetProperty("total").GetInt32() - 2);
    }

    [Fact]
    public async Task The_openapi_document_describes_custom_fields_and_their_administration()
    {
        var document = await (await (await fx.Client.GetAsync("/openapi/v1.json")).ShouldHave(HttpStatusCode.OK)).ReadJson();
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/custom-fields/{entityType}", paths);
        var create = document.GetProperty("components").GetProperty("schemas").GetProperty("CreateAccountCommand");
        var customFields = create.GetProperty("properties").GetProperty("customFields");
        Assert.Contains("/api/custom-fields/", customFields.GetProperty("description").GetString());
    }
}
