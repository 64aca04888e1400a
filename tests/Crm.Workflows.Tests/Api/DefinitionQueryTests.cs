using System.Net;
using System.Text.Json;
using Crm.TestKit;
using static Crm.Workflows.Tests.Api.WorkflowApiFixture;

namespace Crm.Workflows.Tests.Api;

/// <summary>The read routes: by definition id, by version id, the list with Studio's PascalCase query, name check.</summary>
public sealed class DefinitionQueryTests(WorkflowApiFixture fx) : IClassFixture<WorkflowApiFixture>
{
    [Fact]
    public async Task Unknown_definition_returns_404_problem_details()
    {
        var response = await fx.Client.GetAsync($"{ApiBase}/workflow-definitions/by-definition-id/{NewDefinitionId()}?versionOptions=Latest");

        await response.ShouldHave(HttpStatusCode.NotFound);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_version_that_does_not_exist_returns_404()
    {
        var definitionId = NewDefinitionId();
        await fx.SaveAsync(Model(definitionId));

        await (await fx.Client.GetAsync($"{ApiBase}/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Published")).ShouldHave(HttpStatusCode.NotFound);
        await (await fx.Client.GetAsync($"{ApiBase}/workflow-definitions/by-definition-id/{definitionId}?versionOptions=7")).ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_versionOptions_returns_400_naming_the_parameter()
    {
        var response = await fx.Client.GetAsync($"{ApiBase}/workflow-definitions/by-definition-id/x?versionOptions=Newest");

        var errors = await (await response.ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors();
        Assert.Contains("versionOptions", errors.Keys);
    }

    [Fact]
    public async Task Short_route_and_by_id_return_the_same_version()
    {
        var definitionId = NewDefinitionId();
        var saved = await fx.SaveAsync(Model(definitionId));

        var shortRoute = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions/{definitionId}");
        var byId = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions/by-id/{saved.Str("id")}");

        Assert.Equal(saved.Str("id"), shortRoute.Str("id"));
        Assert.Equal(definitionId, byId.Str("definitionId"));
        Assert.Contains(byId.GetProperty("links").EnumerateArray(), l => l.Str("rel") == "publish");
        await (await fx.Client.GetAsync($"{ApiBase}/workflow-definitions/by-id/nope")).ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Many_by_id_returns_the_listed_versions()
    {
        var a = await fx.SaveAsync(Model(NewDefinitionId()));
        var b = await fx.SaveAsync(Model(NewDefinitionId()));

        var list = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions/many-by-id?ids={a.Str("id")}&ids={b.Str("id")}&ids=missing");

        Assert.Equal(2, list.GetProperty("count").GetInt32());
        Assert.Equal(new[] { a.Str("id"), b.Str("id") }.Order(), list.GetProperty("items").EnumerateArray().Select(i => i.Str("id")).Order());
    }

    [Fact]
    public async Task List_reads_Studios_PascalCase_query_and_returns_summaries_with_the_bulk_publish_link()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        for (var i = 1; i <= 3; i++)
        {
            await fx.SaveAsync(Model(NewDefinitionId(), name: $"Paged {tag} {i}"));
        }

        var page = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions?versionOptions=Latest&Page=1&PageSize=2&SearchTerm={tag}&IsSystem=False&OrderDirection=Ascending");

        Assert.Equal(3, page.GetProperty("totalCount").GetInt32());
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal($"Paged {tag} 3", item.Str("name"));
        Assert.Equal("Json", item.Str("materializerName"));
        Assert.True(item.GetProperty("isMaterializerAvailable").GetBoolean());
        Assert.True(item.GetProperty("isLatest").GetBoolean());
        foreach (var property in new[] { "id", "definitionId", "description", "version", "isPublished", "createdAt" })
        {
            Assert.True(item.TryGetProperty(property, out _), property);
        }

        var link = Assert.Single(page.GetProperty("links").EnumerateArray());
        Assert.Equal("bulk-publish", link.Str("rel"));
        Assert.Equal("/bulk-actions/publish/workflow-definitions/by-definition-ids", link.Str("href"));
    }

    [Fact]
    public async Task Query_names_match_in_any_case()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await fx.SaveAsync(Model(NewDefinitionId(), name: $"Case {tag} a"));
        await fx.SaveAsync(Model(NewDefinitionId(), name: $"Case {tag} b"));

        var pascal = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions?SearchTerm={tag}&PageSize=1&OrderBy=Name&OrderDirection=Descending");
        var lower = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions?searchterm={tag}&pagesize=1&orderby=name&orderdirection=descending");

        Assert.Equal($"Case {tag} b", pascal.GetProperty("items")[0].Str("name"));
        Assert.Equal($"Case {tag} b", lower.GetProperty("items")[0].Str("name"));
        Assert.Equal(2, lower.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task List_filters_by_repeated_DefinitionIds_and_by_version_Ids()
    {
        var a = NewDefinitionId();
        var b = NewDefinitionId();
        await fx.SaveAsync(Model(a), publish: true);
        var bDraft = await fx.SaveAsync(Model(b));
        await fx.SaveAsync(Model(NewDefinitionId()), publish: true);

        // The list's second call: which of the shown definitions have a published version.
        var published = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions?versionOptions=Published&DefinitionIds={a}&DefinitionIds={b}");
        Assert.Equal([a], published.GetProperty("items").EnumerateArray().Select(i => i.Str("definitionId")));

        // The instance list asks by version ids with an empty versionOptions.
        var byIds = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions?versionOptions=&Ids={bDraft.Str("id")}");
        Assert.Equal([b], byIds.GetProperty("items").EnumerateArray().Select(i => i.Str("definitionId")));
    }

    [Fact]
    public async Task Version_history_lists_all_versions_by_version_descending()
    {
        var definitionId = NewDefinitionId();
        await fx.SaveAsync(Model(definitionId), publish: true);
        await fx.SaveAsync(Model(definitionId), publish: true);
        await fx.SaveAsync(Model(definitionId));

        var history = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions?versionOptions=AllVersions&Page=0&PageSize=10&DefinitionIds={definitionId}&OrderBy=Version&OrderDirection=Descending");

        Assert.Equal([3, 2, 1], history.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task Bad_paging_values_return_400()
    {
        var errors = await (await (await fx.Client.GetAsync($"{ApiBase}/workflow-definitions?PageSize=lots")).ShouldHave(HttpStatusCode.BadRequest)).ReadFieldErrors();
        Assert.Contains("PageSize", errors.Keys);
        await (await fx.Client.GetAsync($"{ApiBase}/workflow-definitions?OrderBy=Colour")).ShouldHave(HttpStatusCode.BadRequest);
        await (await fx.Client.GetAsync($"{ApiBase}/workflow-definitions?IsSystem=maybe")).ShouldHave(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Is_name_unique_ignores_case_and_the_definition_itself()
    {
        var definitionId = NewDefinitionId();
        var name = $"Unique {Guid.NewGuid():N}";
        await fx.SaveAsync(Model(definitionId, name: name));

        var taken = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions/validation/is-name-unique?name={Uri.EscapeDataString(name.ToUpperInvariant())}");
        var own = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions/validation/is-name-unique?name={Uri.EscapeDataString(name)}&definitionId={definitionId}");
        var free = await fx.GetJsonAsync($"{ApiBase}/workflow-definitions/validation/is-name-unique?name=Nobody%20uses%20this%20{Guid.NewGuid():N}");

        Assert.False(taken.GetProperty("isUnique").GetBoolean());
        Assert.True(own.GetProperty("isUnique").GetBoolean());
        Assert.True(free.GetProperty("isUnique").GetBoolean());
        await (await fx.Client.GetAsync($"{ApiBase}/workflow-definitions/validation/is-name-unique")).ShouldHave(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Count_counts_workflows_not_versions()
    {
        var before = (await fx.GetJsonAsync($"{ApiBase}/workflow-definitions/query/count")).GetProperty("count").GetInt32();
        var definitionId = NewDefinitionId();
        await fx.SaveAsync(Model(definitionId), publish: true);
        await fx.SaveAsync(Model(definitionId));

        var after = (await fx.GetJsonAsync($"{ApiBase}/workflow-definitions/query/count")).GetProperty("count").GetInt32();

        Assert.Equal(before + 1, after);
    }

    [Fact]
    public async Task Responses_are_camelCase_JSON()
    {
        var saved = await fx.SaveAsync(Model(NewDefinitionId()));
        var raw = await (await fx.Client.GetAsync($"{ApiBase}/workflow-definitions/by-definition-id/{saved.Str("definitionId")}")).Content.ReadAsStringAsync();

        using var document = JsonDocument.Parse(raw);
        Assert.All(document.RootElement.EnumerateObject(), p => Assert.True(char.IsLower(p.Name[0]), p.Name));
    }
}
