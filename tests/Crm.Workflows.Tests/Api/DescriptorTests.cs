using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.TestKit;
using Crm.Workflows.Api;
using Crm.Workflows.Descriptors;
using Crm.Workflows.Definitions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Workflows.Tests.Api.WorkflowApiFixture;

namespace Crm.Workflows.Tests.Api;

/// <summary>The designer's lookups: activity descriptors, expression types, strategies, variable types, options.</summary>
public sealed class DescriptorTests(WorkflowApiFixture fx) : IClassFixture<WorkflowApiFixture>
{
    [Fact]
    public async Task Activities_include_the_hidden_Flowchart_container()
    {
        var list = await fx.GetJsonAsync($"{ApiBase}/descriptors/activities?Refresh=True");

        Assert.Equal(list.GetProperty("items").GetArrayLength(), list.GetProperty("count").GetInt32());
        var flowchart = Single(list, "Elsa.Flowchart");
        Assert.True(flowchart.GetProperty("isContainer").GetBoolean());
        Assert.False(flowchart.GetProperty("isBrowsable").GetBoolean());
        Assert.Equal("Flow", flowchart.Str("category"));
    }

    [Fact]
    public async Task An_SDK_activity_has_Studios_descriptor_shape()
    {
        var list = await fx.GetJsonAsync($"{ApiBase}/descriptors/activities");

        var approval = Single(list, "Tests.RequestApproval");
        Assert.Equal("Tests", approval.Str("namespace"));
        Assert.Equal("RequestApproval", approval.Str("name"));
        Assert.Equal("CRM Approvals", approval.Str("category"));
        Assert.Equal("Request approval", approval.Str("displayName"));
        Assert.Equal("Task", approval.Str("kind"));
        Assert.Equal(["Approved", "Rejected"], approval.GetProperty("ports").EnumerateArray().Select(p => p.Str("name")));
        Assert.All(approval.GetProperty("ports").EnumerateArray(), p => Assert.Equal("Flow", p.Str("type")));

        var inputs = approval.GetProperty("inputs").EnumerateArray().ToList();
        Assert.Equal(["approver", "amount", "channel"], inputs.Select(i => i.Str("name")));
        Assert.All(inputs, i => Assert.True(i.GetProperty("isWrapped").GetBoolean()));
        Assert.All(inputs, i => Assert.Equal("Literal", i.Str("defaultSyntax")));
        Assert.Equal("Decimal", inputs[1].Str("typeName"));
        Assert.Equal("singleline", inputs[1].Str("uiHint"));
        Assert.Equal("dropdown", inputs[2].Str("uiHint"));
        var items = inputs[2].GetProperty("uiSpecifications").GetProperty("dropdown").GetProperty("selectList").GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["E-mail", "SMS", "In-app"], items.Select(i => i.Str("text")));
        Assert.Equal(["email", "sms", "inapp"], items.Select(i => i.Str("value")));
        Assert.Equal(JsonValueKind.Null, inputs[0].GetProperty("uiSpecifications").ValueKind);

        var output = Assert.Single(approval.GetProperty("outputs").EnumerateArray());
        Assert.Equal("decision", output.Str("name"));
    }

    [Fact]
    public async Task Input_editors_follow_the_property_types()
    {
        var notification = Single(await fx.GetJsonAsync($"{ApiBase}/descriptors/activities"), "Test.SendNotification");

        var hints = notification.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.Str("name"), i => (i.Str("typeName"), i.Str("uiHint")));
        Assert.Equal(("String", "multiline"), hints["body"]);
        Assert.Equal(("Boolean", "checkbox"), hints["urgent"]);
        Assert.Equal(("Int32", "singleline"), hints["retries"]);
        Assert.Empty(notification.GetProperty("ports").EnumerateArray());
    }

    [Fact]
    public async Task One_descriptor_by_type_name()
    {
        var descriptor = await fx.GetJsonAsync($"{ApiBase}/descriptors/activities/Test.SendNotification");

        Assert.Equal("Send test notification", descriptor.Str("displayName"));
        await (await fx.Client.GetAsync($"{ApiBase}/descriptors/activities/Crm.Nope")).ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Expression_descriptors_include_JavaScript_next_to_the_built_in_types()
    {
        var list = await fx.GetJsonAsync($"{ApiBase}/descriptors/expression-descriptors");

        var types = list.GetProperty("items").EnumerateArray().ToDictionary(i => i.Str("type"));
        Assert.Equal(["Literal", "Object", "Variable", "JavaScript"], types.Keys);
        Assert.Equal("javascript", types["JavaScript"].GetProperty("properties").GetProperty("MonacoLanguage").GetString());
        Assert.True(types["JavaScript"].GetProperty("isBrowsable").GetBoolean());
        Assert.True(types["JavaScript"].GetProperty("isSerializable").GetBoolean());

        // Studio's expression editor throws (NoElements) unless a type other than these is listed.
        Assert.Contains(types.Keys, t => t is not ("Literal" or "Object" or "Variable" or "Input"));
    }

    [Theory]
    [InlineData("workflow-activation-strategies", "typeName")]
    [InlineData("log-persistence-strategies", "typeName")]
    [InlineData("incident-strategies", "typeName")]
    public async Task Strategy_lists_have_items_and_count(string route, string key)
    {
        var list = await fx.GetJsonAsync($"{ApiBase}/descriptors/{route}");

        Assert.True(list.GetProperty("count").GetInt32() > 0);
        Assert.All(list.GetProperty("items").EnumerateArray(), i =>
        {
            Assert.False(string.IsNullOrEmpty(i.Str(key)));
            Assert.False(string.IsNullOrEmpty(i.Str("displayName")));
        });
    }

    [Theory]
    [InlineData("commit-strategies/workflows")]
    [InlineData("commit-strategies/activities")]
    public async Task Commit_strategy_lists_are_empty(string route)
    {
        var list = await fx.GetJsonAsync($"{ApiBase}/descriptors/{route}");

        Assert.Equal(0, list.GetProperty("count").GetInt32());
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Variable_types_are_the_ones_the_runtime_converts()
    {
        var list = await fx.GetJsonAsync($"{ApiBase}/descriptors/variables");

        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, i => i.Str("typeName") == "String" && i.Str("category") == "Primitives");
        Assert.All(items, i => Assert.NotNull(TypeNames.ClrType(i.Str("typeName"))));
    }

    [Fact]
    public async Task Storage_drivers_and_installed_features()
    {
        var drivers = await fx.GetJsonAsync($"{ApiBase}/descriptors/storage-drivers");
        var features = await fx.GetJsonAsync($"{ApiBase}/features/installed");

        Assert.Contains(drivers.GetProperty("items").EnumerateArray(), d => d.Str("displayName") == "Workflow Instance" && !d.GetProperty("deprecated").GetBoolean());
        Assert.Empty(features.GetProperty("items").EnumerateArray());
        Assert.Equal(0, features.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task JavaScript_type_definitions_answer_so_the_code_editor_opens()
    {
        var response = await (await fx.Client.PostAsync($"{ApiBase}/scripting/javascript/type-definitions/any", Json(new JsonObject()))).ShouldHave(HttpStatusCode.OK);

        Assert.Equal("application/x-typescript", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Input_options_route_returns_the_fixed_options_as_uiSpecifications()
    {
        var response = await fx.Client.PostAsync($"{ApiBase}/descriptors/activities/Tests.RequestApproval/options/channel",
            Json(new JsonObject { ["context"] = new JsonObject { ["approver"] = "alice" } }));

        var body = await (await response.ShouldHave(HttpStatusCode.OK)).ReadJson();
        var items = body.GetProperty("items").GetProperty("dropdown").GetProperty("selectList").GetProperty("items");
        Assert.Equal(3, items.GetArrayLength());
    }

    [Fact]
    public async Task Input_options_route_returns_404_for_an_unknown_type_or_input()
    {
        await (await fx.Client.PostAsync($"{ApiBase}/descriptors/activities/Crm.Nope/options/channel", Json(new JsonObject()))).ShouldHave(HttpStatusCode.NotFound);
        await (await fx.Client.PostAsync($"{ApiBase}/descriptors/activities/Tests.RequestApproval/options/Channel", Json(new JsonObject()))).ShouldHave(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_registered_options_provider_wins_over_the_fixed_options()
    {
        using var app = new CrmApp(enabledModules: [], services: s =>
        {
            s.AddActivityDescriptors(() => SdkActivityDescriber.DescribeAll(typeof(DescriptorTests).Assembly, "Tests"));
            s.AddSingleton<IActivityInputOptionsProvider, ApproverChannelsProvider>();
        });

        var body = await (await (await app.CreateClient().PostAsync($"{ApiBase}/descriptors/activities/Tests.RequestApproval/options/channel",
            Json(new JsonObject { ["context"] = new JsonObject { ["approver"] = "alice" } }))).ShouldHave(HttpStatusCode.OK)).ReadJson();

        var item = Assert.Single(body.GetProperty("items").GetProperty("dropdown").GetProperty("selectList").GetProperty("items").EnumerateArray());
        Assert.Equal("Pager of alice", item.Str("text"));
    }

    [Fact]
    public void The_registry_holds_exactly_the_activities_of_the_given_assemblies()
    {
        // How a disabled module's activities leave the toolbox: the host passes only enabled modules' assemblies.
        var with = Registry([(typeof(DescriptorTests).Assembly, "Tests")]);
        var without = Registry([]);

        Assert.Equal("Tests", with.Find("Tests.RequestApproval")?.Source);
        Assert.Null(without.Find("Tests.RequestApproval"));
        Assert.NotNull(without.Find("Elsa.Flowchart"));
    }

    [Fact]
    public void The_registry_holds_the_core_activities_and_refuses_a_second_source_for_one_type()
    {
        var services = new ServiceCollection();
        services.AddCrmWorkflows(new ConfigurationBuilder().Build(), []);
        Assert.NotNull(services.BuildServiceProvider().GetRequiredService<ActivityRegistry>().Find("Elsa.WriteLine"));

        var clash = new ActivityDescriptor { TypeName = "Elsa.WriteLine", Namespace = "Elsa", Name = "WriteLine", Category = "X", DisplayName = "X", Source = "Other" };
        services.AddActivityDescriptors(() => [clash]);
        var ex = Assert.Throws<InvalidOperationException>(() => services.BuildServiceProvider().GetRequiredService<ActivityRegistry>());
        Assert.Contains("Other", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enums_are_written_as_strings()
    {
        var json = JsonSerializer.Serialize(new { kind = Abstractions.ActivityKind.Trigger }, ElsaJson.Options);

        Assert.Equal("{\"kind\":\"Trigger\"}", json);
    }

    private static ActivityRegistry Registry(IEnumerable<(System.Reflection.Assembly, string)> sources)
    {
        var services = new ServiceCollection();
        services.AddCrmWorkflows(new ConfigurationBuilder().Build(), sources);
        return services.BuildServiceProvider().GetRequiredService<ActivityRegistry>();
    }

    private static JsonElement Single(JsonElement list, string typeName) =>
        Assert.Single(list.GetProperty("items").EnumerateArray(), i => i.Str("typeName") == typeName);

    private sealed class ApproverChannelsProvider : IActivityInputOptionsProvider
    {
        public ValueTask<IDictionary<string, object?>?> GetOptionsAsync(ActivityDescriptor activity, InputDescriptor input, JsonObject? context, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IDictionary<string, object?>?>(input.Name != "channel"
                ? null
                : new Dictionary<string, object?>
                {
                    ["dropdown"] = new SelectListSpecification(new SelectList([new SelectListItem($"Pager of {(string?)context?["approver"]}", "pager")], false)),
                });
    }
}
