using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.BuildingBlocks.Records;
using Crm.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Branches.Tests.Permissions;

/// <summary>
/// The generated data-permission check (issue 14.7, ADR 0130): for every <see cref="OwnedRecordKind"/> the host has
/// registered, it seeds one record per owner of the <see cref="TestOrganisation"/> — manager.sh's own ("mine"), their
/// report's ("seller", in the team below), a Beijing salesperson's ("beijing") and one nobody owns in manager.sh's unit
/// ("unowned") — and asks, as manager.sh, every endpoint kind the kind exposes (list, search, export, get, update) which
/// of them exist. Returns one line per disagreement; empty means the kind obeys the level.
/// </summary>
internal static class PermissionSweep
{
    public static readonly string[] Owners = ["mine", "seller", "beijing", "unowned"];

    /// <summary>How each kind's record is made; a registered kind without one is itself a failure, so a new module is noticed.</summary>
    private static readonly Dictionary<string, Func<TestOrganisation, HttpClient, string, Guid?, Task<Guid>>> Seeds = new()
    {
        ["accounts"] = (org, admin, name, owner) => CreateAsync(admin, "/api/accounts", new { name, ownerId = owner, branchId = org.Units["SH"] }),
        ["leads"] = (org, admin, name, owner) => CreateAsync(admin, "/api/funnel/leads", new
        {
            name, company = name, email = $"{Guid.NewGuid():N}@example.cn", ownerId = owner, branchId = org.Units["SH"],
        }),
        ["opportunities"] = async (org, admin, name, owner) =>
        {
            var account = await CreateAsync(admin, "/api/accounts", new { name = "For " + name, branchId = org.Units["SH"] });
            return await CreateAsync(admin, "/api/funnel/opportunities", new
            {
                name, accountId = account, amount = 1000, expectedCloseDate = "2030-06-30", ownerId = owner, branchId = org.Units["SH"],
            });
        },
        ["campaigns"] = (org, admin, name, owner) => CreateAsync(admin, "/api/funnel/campaigns", new
        {
            name, type = "Seminar", startsAt = "2030-05-01T01:00:00Z", endsAt = "2030-05-01T09:00:00Z", budget = 100, ownerId = owner, branchId = org.Units["SH"],
        }),
        ["gadgets"] = (org, admin, name, owner) => CreateAsync(admin, "/api/forgetful/gadgets", new
        {
            name, ownerId = owner, branchId = owner is { } o ? org.UnitOf(o) : org.Units["SH"],
        }),
    };

    public static IReadOnlyList<OwnedRecordKind> Kinds(TestOrganisation org) =>
        org.App.Services.GetServices<OwnedRecordKind>().ToList();

    /// <param name="visible">Which of <see cref="Owners"/> manager.sh sees at the level under test, for a scoped kind.</param>
    public static async Task<IReadOnlyList<string>> RunAsync(TestOrganisation org, IReadOnlyCollection<string> visible, Func<OwnedRecordKind, bool>? only = null)
    {
        var failures = new List<string>();
        using var admin = org.App.CreateClient();
        using var viewer = org.ClientOf("manager.sh");
        var owners = new Dictionary<string, Guid?>
        {
            ["mine"] = org.People["manager.sh"], ["seller"] = org.People["sales.sh"], ["beijing"] = org.People["sales.bj"], ["unowned"] = null,
        };

        foreach (var kind in Kinds(org).Where(only ?? (_ => true)))
        {
            if (!Seeds.TryGetValue(kind.Kind, out var seed))
            {
                failures.Add($"{kind.Module}/{kind.Kind}: no seed in {nameof(PermissionSweep)}; add one so the kind is swept");
                continue;
            }

            var tag = $"{kind.Kind[..3]}{Guid.NewGuid():N}"[..14];
            var records = new Dictionary<string, Guid>();
            foreach (var (name, owner) in owners)
            {
                records[name] = await seed(org, admin, $"{name} {tag}", owner);
            }

            var expected = kind.Audience == OwnedRecordAudience.Company
                ? Owners.ToHashSet()
                : visible.Concat(kind.UnownedVisibleToAll ? ["unowned"] : []).ToHashSet();

            void Compare(string endpoint, ICollection<Guid> seen)
            {
                var shown = records.Where(r => seen.Contains(r.Value)).Select(r => r.Key).ToHashSet();
                if (!shown.SetEquals(expected))
                {
                    failures.Add($"{kind.Module}/{kind.Kind} {endpoint}: shows [{string.Join(", ", shown.Order())}], expected [{string.Join(", ", expected.Order())}]");
                }
            }

            Compare("list", await IdsAsync(viewer, $"{kind.Collection}?pageSize=100"));
            if (kind.SearchParameter is { } search)
            {
                Compare("search", await IdsAsync(viewer, $"{kind.Collection}?{search}={tag}&pageSize=100"));
            }

            if (kind.ExportPath is { } export)
            {
                var csv = await (await (await viewer.GetAsync(export)).ShouldHave(HttpStatusCode.OK)).Content.ReadAsStringAsync();
                Compare("export", records.Values.Where(id => csv.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase)).ToList());
            }

            var found = new List<Guid>();
            foreach (var id in records.Values)
            {
                var status = (await viewer.GetAsync(kind.ItemPath(id))).StatusCode;
                if (status == HttpStatusCode.OK)
                {
                    found.Add(id);
                }
                else if (status != HttpStatusCode.NotFound)
                {
                    failures.Add($"{kind.Module}/{kind.Kind} get: {status} for a record, neither 200 nor 404");
                }
            }

            Compare("get", found);
            if (kind.Updatable)
            {
                Compare("update", await UpdatableAsync(admin, viewer, kind, records.Values));
            }
        }

        return failures;
    }

    /// <summary>
    /// The records an update does not answer 404 for: each is read as administrator and sent back unchanged with its
    /// ETag, so only visibility can refuse it (a 403 or 422 would still mean the record exists for the caller).
    /// </summary>
    private static async Task<List<Guid>> UpdatableAsync(HttpClient admin, HttpClient viewer, OwnedRecordKind kind, IEnumerable<Guid> ids)
    {
        var reachable = new List<Guid>();
        foreach (var id in ids)
        {
            using var current = await (await admin.GetAsync(kind.ItemPath(id))).ShouldHave(HttpStatusCode.OK);
            var body = await current.Content.ReadAsStringAsync();
            using var request = new HttpRequestMessage(HttpMethod.Put, kind.ItemPath(id)) { Content = new StringContent(body, MediaTypeHeaderValue.Parse("application/json")) };
            if (current.Headers.ETag is { } etag)
            {
                request.Headers.IfMatch.Add(etag);
            }

            if ((await viewer.SendAsync(request)).StatusCode != HttpStatusCode.NotFound)
            {
                reachable.Add(id);
            }
        }

        return reachable;
    }

    private static async Task<Guid> CreateAsync(HttpClient admin, string path, object body) =>
        (await (await (await admin.PostAsJsonAsync(path, body)).ShouldHave(HttpStatusCode.Created)).ReadJson()).GetProperty("id").GetGuid();

    private static async Task<List<Guid>> IdsAsync(HttpClient client, string url)
    {
        var json = await (await (await client.GetAsync(url)).ShouldHave(HttpStatusCode.OK)).ReadJson();
        var items = json.ValueKind == JsonValueKind.Array ? json : json.GetProperty("items");
        return items.EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
    }
}
