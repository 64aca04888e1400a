using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Crm.Accounts.PublicApi;
using Crm.TestKit;
using FluentValidation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Accounts.Tests.Features;

/// <summary>The write side of IAccountsApi other modules use (lead conversion): it goes through the same create rules as the API.</summary>
[Trait(TestDatabase.Lane, TestDatabase.PostgreSqlLane)]
public sealed class AccountsApiTests(AccountsFixture fixture) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task CreateAccountAsync_creates_the_account_with_its_contacts_and_returns_their_ids()
    {
        var n = AccountsFixture.Next();
        using var scope = fixture.App.Services.CreateScope();
        var api = scope.ServiceProvider.GetRequiredService<IAccountsApi>();
        var owner = Guid.NewGuid();

        var created = await api.CreateAccountAsync(new NewAccount($"Api Created {n}", "Company", "Website", Email: $"api{n}@created.test", OwnerId: owner, Stage: "Opportunity",
            Contacts: [new NewContact("Zhang San", "CEO", $"zs{n}@created.test", null, true), new NewContact("Li Si", Email: $"ls{n}@created.test")]));

        Assert.True(created.Created);
        Assert.Null(created.DuplicateMatchedOn);
        var account = await (await fixture.Client.GetAsync($"/api/accounts/{created.AccountId}")).ShouldHave(HttpStatusCode.OK).ContinueWith(t => t.Result.ReadJson()).Unwrap();
        Assert.Equal("Website", account.GetProperty("source").GetString());
        Assert.Equal("Opportunity", account.GetProperty("stage").GetString());
        Assert.Equal(owner, account.GetProperty("ownerId").GetGuid());
        var contacts = account.GetProperty("contacts").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("id").GetGuid());
        Assert.Equal([contacts["Zhang San"], contacts["Li Si"]], created.ContactIds);
    }

    [Fact]
    public async Task CreateAccountAsync_with_a_known_phone_returns_the_existing_account_instead_of_failing()
    {
        var existing = await fixture.CreateAsync(AccountsFixture.NewAccount());
        using var scope = fixture.App.Services.CreateScope();
        var api = scope.ServiceProvider.GetRequiredService<IAccountsApi>();

        var result = await api.CreateAccountAsync(new NewAccount("Someone else", Phone: existing.GetProperty("phone").GetString()));

        Assert.False(result.Created);
        Assert.Equal("phone", result.DuplicateMatchedOn);
        Assert.Equal(existing.GetProperty("id").GetGuid(), result.AccountId);
        Assert.Empty(result.ContactIds);
    }

    [Fact]
    public async Task CreateAccountAsync_with_invalid_data_throws_the_validation_error()
    {
        using var scope = fixture.App.Services.CreateScope();
        var api = scope.ServiceProvider.GetRequiredService<IAccountsApi>();

        var error = await Assert.ThrowsAsync<ValidationException>(() => api.CreateAccountAsync(new NewAccount("", Kind: "Robot")));

        Assert.Contains(error.Errors, e => e.PropertyName == "Name");
        Assert.Contains(error.Errors, e => e.PropertyName == "Kind");
    }

    [Fact]
    public async Task AddContactAsync_adds_once_and_matches_an_existing_contact_by_email()
    {
        var account = await fixture.CreateAsync(AccountsFixture.NewAccount());
        var id = account.GetProperty("id").GetGuid();
        using var scope = fixture.App.Services.CreateScope();
        var api = scope.ServiceProvider.GetRequiredService<IAccountsApi>();

        var first = await api.AddContactAsync(id, new NewContact("Wu Fang", "Buyer", "wu.fang@contact.test"));
        var again = await api.AddContactAsync(id, new NewContact("Fang Wu", Email: "WU.FANG@contact.test"));

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.ContactId, again.ContactId);
        await Assert.ThrowsAsync<Crm.BuildingBlocks.Application.NotFoundException>(() => api.AddContactAsync(Guid.NewGuid(), new NewContact("Nobody")));
    }

    [Fact]
    public async Task ListSummariesAsync_lists_active_accounts_of_an_owner_by_name()
    {
        var owner = Guid.NewGuid();
        await fixture.CreateAsync(AccountsFixture.NewAccount(name: "Beta " + AccountsFixture.Next(), ownerId: owner));
        var archived = await fixture.CreateAsync(AccountsFixture.NewAccount(name: "Alpha " + AccountsFixture.Next(), ownerId: owner));
        await fixture.CreateAsync(AccountsFixture.NewAccount(name: "Aardvark " + AccountsFixture.Next(), ownerId: owner));
        await (await fixture.Client.PostAsJsonAsync($"/api/accounts/{archived.GetProperty("id").GetGuid()}/archive", new { })).ShouldHave(HttpStatusCode.OK);
        using var scope = fixture.App.Services.CreateScope();
        var api = scope.ServiceProvider.GetRequiredService<IAccountsApi>();

        var list = await api.ListSummariesAsync(10, owner);

        Assert.Equal(2, list.Count);
        Assert.StartsWith("Aardvark", list[0].Name);
        Assert.StartsWith("Beta", list[1].Name);
    }

    [Fact]
    public async Task ListSummariesAsync_finds_accounts_by_every_word_typed()
    {
        var word = "Zephyr" + AccountsFixture.Next();
        await fixture.CreateAsync(AccountsFixture.NewAccount(name: word + " Logistics"));
        await fixture.CreateAsync(AccountsFixture.NewAccount(name: word + " Bakery"));
        using var scope = fixture.App.Services.CreateScope();
        var api = scope.ServiceProvider.GetRequiredService<IAccountsApi>();

        var both = await api.ListSummariesAsync(10, search: word.ToUpperInvariant());
        var one = await api.ListSummariesAsync(10, search: $"{word} logis");

        Assert.Equal([word + " Bakery", word + " Logistics"], both.Select(a => a.Name));
        Assert.Equal(word + " Logistics", Assert.Single(one).Name);
    }

    [Fact]
    public async Task ListSummariesAsync_offers_a_salesperson_only_their_own_accounts()
    {
        var word = "Quokka" + AccountsFixture.Next();
        var salesperson = Guid.NewGuid();
        await fixture.CreateAsync(AccountsFixture.NewAccount(name: word + " Mine", ownerId: salesperson));
        await fixture.CreateAsync(AccountsFixture.NewAccount(name: word + " Theirs", ownerId: Guid.NewGuid()));
        IReadOnlyList<AccountSummary> asSystem, asSalesperson;
        using (var scope = fixture.App.Services.CreateScope())
        {
            asSystem = await scope.ServiceProvider.GetRequiredService<IAccountsApi>().ListSummariesAsync(10, search: word);
        }

        // The scope is worked out once per request, so the salesperson gets a scope of their own.
        using (var scope = fixture.App.Services.CreateScope())
        {
            var http = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
            http.HttpContext = new DefaultHttpContext
            {
                User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, salesperson.ToString()), new Claim(ClaimTypes.Role, "Sales")], "test")),
            };
            try
            {
                asSalesperson = await scope.ServiceProvider.GetRequiredService<IAccountsApi>().ListSummariesAsync(10, search: word);
            }
            finally
            {
                http.HttpContext = null;
            }
        }

        Assert.Equal(2, asSystem.Count);
        Assert.Equal(word + " Mine", Assert.Single(asSalesperson).Name);
    }
}
