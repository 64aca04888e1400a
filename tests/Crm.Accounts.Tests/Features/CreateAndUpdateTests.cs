using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Crm.TestKit;

namespace Crm.Accounts.Tests.Features;

[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class CreateAndUpdateTests(AccountsFixture fx) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task Create_returns_201_with_location_etag_and_the_stored_record()
    {
        var owner = Guid.NewGuid();
        var response = await fx.Client.PostAsJsonAsync("/api/accounts", new
        {
            name = "  Shanghai Precision Parts  ",
            kind = "company",
            type = "Partner",
            partnerType = "Distributor",
            source = "Event",
            email = $"info{AccountsFixture.Next()}@spp.test",
            creditLimit = 120000.25m,
            ownerId = owner,
            contacts = new[] { new { name = "王伟", title = "Buyer", email = "wang@spp.test", phone = "139 1234 5678", isPrimary = true } },
        });

        await response.ShouldHave(HttpStatusCode.Created);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var created = await response.ReadJson();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/api/accounts/{id}", response.Headers.Location?.OriginalString);

        var fetched = await (await fx.Client.GetAsync($"/api/accounts/{id}")).ShouldHave(HttpStatusCode.OK);
        var json = await fetched.ReadJson();
        Assert.Equal("Shanghai Precision Parts", json.GetProperty("name").GetString());
        Assert.Equal("Partner", json.GetProperty("type").GetString());
        Assert.Equal("Distributor", json.GetProperty("partnerType").GetString());
        Assert.Equal("ToIdentify", json.GetProperty("stage").GetString());
        Assert.Equal(120000.25m, json.GetProperty("creditLimit").GetDecimal());
        Assert.Equal(owner, json.GetProperty("ownerId").GetGuid());
        Assert.Equal("王伟", json.GetProperty("contacts")[0].GetProperty("name").GetString());
        Assert.EndsWith("Z", json.GetProperty("createdAt").GetString());
    }

    [Fact]
    public async Task Create_with_bad_fields_returns_field_errors_and_stores_nothing()
    {
        var email = $"nobody{AccountsFixture.Next()}";
        var response = await fx.Client.PostAsJsonAsync("/api/accounts", new
        {
            name = "",
            kind = "Robot",
            type = "Partner",
            email,
            phone = "12",
            creditLimit = -1m,
            stage = "Lost",
        });

        await response.ShouldHave(HttpStatusCode.BadRequest);
        var errors = await response.ReadFieldErrors();
        Assert.Contains("name", errors.Keys);
        Assert.Contains("kind", errors.Keys);
        Assert.Contains("partnerType", errors.Keys);
        Assert.Contains("email", errors.Keys);
        Assert.Contains("phone", errors.Keys);
        Assert.Contains("creditLimit", errors.Keys);
        Assert.Contains("stage", errors.Keys);
        Assert.Contains("Company, Person", errors["kind"][0]);

        var list = await (await fx.Client.GetAsync($"/api/accounts?search={email}")).ReadJson();
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_website_must_be_an_http_address_and_a_negative_credit_limit_is_an_error()
    {
        var name = $"Web {AccountsFixture.Next()}";
        foreach (var website in new[] { "not a url", "javascript:alert(1)", "ftp://files.example.cn", "www.example.cn" })
        {
            var response = await fx.Client.PostAsJsonAsync("/api/accounts", new { name, website, creditLimit = -5m });

            await response.ShouldHave(HttpStatusCode.BadRequest);
            var errors = await response.ReadFieldErrors();
            Assert.Equal("Website must be a web address starting with http:// or https://.", Assert.Single(errors["website"]));
            Assert.Contains("creditLimit", errors.Keys);
        }

        var ok = await fx.Client.PostAsJsonAsync("/api/accounts", new { name, website = "https://www.example.cn/about", creditLimit = 0m });
        await ok.ShouldHave(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Names_and_phone_numbers_refuse_control_characters_including_line_breaks()
    {
        var response = await fx.Client.PostAsJsonAsync("/api/accounts", new { name = "Two\nLines Co", phone = "021 6000\t1234", notes = "Line one\nLine two" });

        await response.ShouldHave(HttpStatusCode.BadRequest);
        var errors = await response.ReadFieldErrors();
        Assert.Contains("name", errors.Keys);
        Assert.Contains("phone", errors.Keys);
        Assert.DoesNotContain("notes", errors.Keys);
    }

    [Fact]
    public async Task Malformed_json_returns_a_problem_not_a_500()
    {
        var response = await fx.Client.PostAsync("/api/accounts", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));
        await response.ShouldHave(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("email")]
    [InlineData("phone")]
    [InlineData("taxId")]
    public async Task Create_with_a_duplicate_key_returns_409_with_the_existing_record(string key)
    {
        var n = AccountsFixture.Next();
        var existing = await fx.CreateAsync(new { name = "Original", email = $"dup{n}@x.test", phone = $"+86 10 6{n:0000000}", taxId = $"DUP-{n}" });
        object duplicate = key switch
        {
            "email" => new { name = "Copy", email = $"  DUP{n}@X.TEST " },
            "phone" => new { name = "Copy", phone = $"86-10-6{n:0000000}" },
            _ => new { name = "Copy", taxId = $"dup {n}" },
        };

        var response = await fx.Client.PostAsJsonAsync("/api/accounts", duplicate);

        await response.ShouldHave(HttpStatusCode.Conflict);
        var problem = await response.ReadJson();
        Assert.Equal(existing.GetProperty("id").GetGuid(), problem.GetProperty("existing").GetProperty("id").GetGuid());
        Assert.Equal(key, problem.GetProperty("existing").GetProperty("matchedOn").GetString());

        var forced = await fx.Client.PostAsJsonAsync("/api/accounts?allowDuplicate=true", duplicate);
        await forced.ShouldHave(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Update_with_the_current_etag_succeeds_and_a_stale_one_gets_412()
    {
        var created = await fx.CreateAsync(AccountsFixture.NewAccount());
        var id = created.GetProperty("id").GetGuid();
        var body = new { name = "Renamed Ltd", kind = "Company", type = "Customer", source = "Referral", creditLimit = 10m };

        var ok = await Send(HttpMethod.Put, $"/api/accounts/{id}", body, "\"1\"");
        await ok.ShouldHave(HttpStatusCode.OK);
        Assert.Equal("\"2\"", ok.Headers.ETag?.Tag);
        Assert.Equal("Renamed Ltd", (await ok.ReadJson()).GetProperty("name").GetString());

        var stale = await Send(HttpMethod.Put, $"/api/accounts/{id}", body with { }, "\"1\"");
        await stale.ShouldHave(HttpStatusCode.PreconditionFailed);

        var current = await (await fx.Client.GetAsync($"/api/accounts/{id}")).ReadJson();
        Assert.Equal(2, current.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Update_accepts_the_version_in_the_body()
    {
        var created = await fx.CreateAsync(AccountsFixture.NewAccount());
        var id = created.GetProperty("id").GetGuid();

        var response = await fx.Client.PutAsJsonAsync($"/api/accounts/{id}", new { name = "Via body", version = 1 });

        await response.ShouldHave(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Update_without_a_version_is_refused()
    {
        var created = await fx.CreateAsync(AccountsFixture.NewAccount());
        var response = await fx.Client.PutAsJsonAsync($"/api/accounts/{created.GetProperty("id").GetGuid()}", new { name = "No version" });

        await response.ShouldHave(HttpStatusCode.BadRequest);
        Assert.Contains("version", (await response.ReadFieldErrors()).Keys);
    }

    [Fact]
    public async Task Update_of_an_unknown_account_returns_404()
    {
        var response = await Send(HttpMethod.Put, $"/api/accounts/{Guid.NewGuid()}", new { name = "Ghost" }, "\"1\"");
        await response.ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_to_another_accounts_email_returns_409()
    {
        var first = await fx.CreateAsync(AccountsFixture.NewAccount());
        var second = await fx.CreateAsync(AccountsFixture.NewAccount());

        var response = await Send(HttpMethod.Put, $"/api/accounts/{second.GetProperty("id").GetGuid()}",
            new { name = "Second", email = first.GetProperty("email").GetString() }, "\"1\"");

        await response.ShouldHave(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Concurrent_updates_of_one_version_let_exactly_one_win()
    {
        var created = await fx.CreateAsync(AccountsFixture.NewAccount());
        var id = created.GetProperty("id").GetGuid();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Send(HttpMethod.Put, $"/api/accounts/{id}", new { name = $"Writer {i}" }, "\"1\"")));

        Assert.Equal(1, attempts.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(attempts.Where(r => r.StatusCode != HttpStatusCode.OK),
            r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode));
        var current = await (await fx.Client.GetAsync($"/api/accounts/{id}")).ReadJson();
        Assert.Equal(2, current.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Get_of_an_unknown_account_returns_a_problem_404()
    {
        var response = await fx.Client.GetAsync($"/api/accounts/{Guid.NewGuid()}");
        await response.ShouldHave(HttpStatusCode.NotFound);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string url, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }

        return await fx.Client.SendAsync(request);
    }
}
