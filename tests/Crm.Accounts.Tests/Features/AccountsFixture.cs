using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.TestKit;

namespace Crm.Accounts.Tests.Features;

/// <summary>One host (own SQLite files) per test class; tests isolate their data with unique owners and keys.</summary>
public sealed class AccountsFixture : IDisposable
{
    private static int _sequence;

    public AccountsFixture()
    {
        App = new CrmApp();
        Client = App.CreateClient();
    }

    public CrmApp App { get; }

    public HttpClient Client { get; }

    /// <summary>A number unique in this test run, for e-mails, phones and tax ids that must not collide.</summary>
    public static int Next() => Interlocked.Increment(ref _sequence);

    public static object NewAccount(string? name = null, Guid? ownerId = null, string? stage = null, Guid? branchId = null, string? source = null, string? industry = null, IEnumerable<string>? tags = null)
    {
        var n = Next();
        return new
        {
            name = name ?? $"Company {n}",
            kind = "Company",
            type = "Customer",
            source = source ?? "Website",
            industry = industry ?? "wholesale-retail",
            taxId = $"TAX{n:000000}",
            email = $"buyer{n}@example.test",
            phone = $"+86 21 7{n:0000000}",
            city = "Shanghai",
            creditLimit = 5000.50m,
            creditStatus = "Good",
            tags = tags ?? ["golden"],
            stage,
            ownerId,
            branchId,
        };
    }

    public async Task<JsonElement> CreateAsync(object body)
    {
        var response = await Client.PostAsJsonAsync("/api/accounts", body);
        await response.ShouldHave(HttpStatusCode.Created);
        return await response.ReadJson();
    }

    public void Dispose()
    {
        Client.Dispose();
        App.Dispose();
    }
}
