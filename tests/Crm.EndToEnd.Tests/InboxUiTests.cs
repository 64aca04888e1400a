using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.TestKit;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Tests;

/// <summary>
/// The inbox in a real browser: a workflow puts a task in the demo administrator's inbox; the home page lists it, the
/// inbox opens it, a missing required form field is reported, and completing it with an outcome continues the workflow.
/// </summary>
public sealed class InboxUiTests(UiFixture fx) : IClassFixture<UiFixture>
{
    /// <summary>The demo "admin" user (Demo:Seed).</summary>
    private static readonly Guid AdminId = Guid.Parse("5a1e0000-0000-4000-8000-0000000000a1");

    [UiFact]
    public async Task Completing_a_task_in_the_inbox_continues_its_workflow()
    {
        var title = "Approve the spring discount " + Guid.NewGuid().ToString("N")[..6];
        using var api = Api();
        var definitionId = await PublishAsync(api, title);
        var instanceId = await StartAsync(api, definitionId);
        Assert.Equal("Suspended", (await InstanceAsync(api, instanceId)).GetProperty("subStatus").GetString());

        // The home page lists it under "My open tasks".
        var ui = await fx.OpenAsync("/");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        await Expect(page.GetByTestId("widget-my-tasks")).ToContainTextAsync(title);

        // The inbox shows it in "My tasks"; open it.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Inbox" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/inbox$"));
        await ui.ScreenshotAsync("ui-inbox-list");
        await page.GetByTestId("task-link").Filter(new() { HasText = title }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        await ui.WaitInteractiveAsync();

        // Approving without the required discount is refused, with the field named.
        await page.GetByTestId("outcome-Approve").ClickAsync();
        await Expect(page.GetByTestId("complete-form")).ToContainTextAsync("Discount %");
        await Expect(page.GetByTestId("form-discount").Locator("xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' mud-input-control ')][1]"))
            .ToContainTextAsync("required", new() { IgnoreCase = true });
        Assert.Equal("Suspended", (await InstanceAsync(api, instanceId)).GetProperty("subStatus").GetString());

        await page.GetByTestId("form-discount").FillAsync("12.5");
        await page.GetByTestId("task-comment").FillAsync("Fine for this customer");
        await page.GetByTestId("outcome-Approve").ClickAsync();

        await Expect(page.GetByTestId("workflow-continued")).ToContainTextAsync("finished");
        await Expect(page.GetByTestId("task-status")).ToHaveTextAsync("Completed");
        await Expect(page.GetByTestId("task-history")).ToContainTextAsync("Fine for this customer");
        await ui.ScreenshotAsync("ui-inbox-task");

        var instance = await InstanceAsync(api, instanceId);
        Assert.Equal("Finished", instance.GetProperty("subStatus").GetString());
        var outputs = instance.GetProperty("workflowState").GetProperty("activityOutputs").GetProperty("task");
        Assert.Equal("Approve", outputs.GetProperty("outcome").GetString());
        Assert.Equal(AdminId.ToString(), outputs.GetProperty("completedBy").GetString());
        ui.AssertNoErrors();
    }

    [UiFact]
    public async Task Out_of_office_is_set_and_listed()
    {
        var ui = await fx.OpenAsync("/inbox/out-of-office", user: "sales.sh");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        var form = page.GetByTestId("ooo-form");

        await form.GetByRole(AriaRole.Button, new() { Name = "Set out of office" }).ClickAsync();
        await Expect(form).ToContainTextAsync("Enter a date and time.");

        await form.GetByLabel("From", new() { Exact = true }).FillAsync("2030-03-02T08:00");
        await form.GetByLabel("To", new() { Exact = true }).FillAsync("2030-03-06T18:00");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Proxy" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Xu Ting" }).ClickAsync();
        await form.GetByLabel("Note", new() { Exact = true }).FillAsync("Trade fair");
        await form.GetByRole(AriaRole.Button, new() { Name = "Set out of office" }).ClickAsync();

        var rules = page.GetByTestId("ooo-rules");
        await Expect(rules).ToContainTextAsync("Xu Ting");
        await Expect(rules).ToContainTextAsync("2030-03-02 08:00");
        ui.AssertNoErrors();
    }

    /// <summary>The API as the demo administrator, through the test kit's header sign-in.</summary>
    private HttpClient Api()
    {
        var client = new HttpClient { BaseAddress = new Uri(fx.BaseUrl) };
        client.DefaultRequestHeaders.Add(TestAuthentication.UserHeader, AdminId.ToString());
        client.DefaultRequestHeaders.Add(TestAuthentication.RolesHeader, "Administrator");
        return client;
    }

    private static JsonObject Wrapped(string type, JsonNode? value, string? typeName = null) => new()
    {
        ["typeName"] = typeName,
        ["expression"] = new JsonObject { ["type"] = type, ["value"] = value },
        ["memoryReference"] = null,
    };

    private static JsonObject Activity(string id, string type, int x, params (string Name, JsonNode Value)[] inputs)
    {
        var activity = new JsonObject
        {
            ["id"] = id, ["name"] = id, ["type"] = type, ["version"] = 1,
            ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = x, ["y"] = 100 } } },
        };
        foreach (var (name, value) in inputs)
        {
            activity[name] = value;
        }

        return activity;
    }

    private static JsonObject Connection(string source, string port, string target) => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
    };

    /// <summary>Start → a human task for the administrator (Approve/Reject, a required number field) → a line per outcome.</summary>
    private static async Task<string> PublishAsync(HttpClient api, string title)
    {
        var definitionId = "e2e-inbox-" + Guid.NewGuid().ToString("N")[..8];
        const string form = """[{"name":"discount","label":"Discount %","type":"number","required":true,"min":0,"max":50}]""";
        var model = new JsonObject
        {
            ["definitionId"] = definitionId,
            ["name"] = "E2E inbox " + definitionId,
            ["root"] = new JsonObject
            {
                ["id"] = "root1",
                ["type"] = "Elsa.Flowchart",
                ["version"] = 1,
                ["activities"] = new JsonArray(
                    Activity("start", "Elsa.Start", 0),
                    Activity("task", "Crm.HumanTask", 200,
                        ("title", Wrapped("Literal", title)),
                        ("assignee", Wrapped("Literal", AdminId.ToString())),
                        ("outcomes", Wrapped("Object", """["Approve","Reject"]""", "String[]")),
                        ("formFields", Wrapped("Object", form, "Object"))),
                    Activity("approved", "Elsa.WriteLine", 400, ("text", Wrapped("Literal", "approved"))),
                    Activity("rejected", "Elsa.WriteLine", 400, ("text", Wrapped("Literal", "rejected")))),
                ["connections"] = new JsonArray(
                    Connection("start", "Done", "task"),
                    Connection("task", "Approve", "approved"),
                    Connection("task", "Reject", "rejected")),
            },
        };
        var response = await api.PostAsync("/elsa/api/workflow-definitions", JsonContent.Create(new JsonObject { ["model"] = model, ["publish"] = true }));
        Assert.True(response.IsSuccessStatusCode, $"Publishing failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return definitionId;
    }

    private static async Task<string> StartAsync(HttpClient api, string definitionId)
    {
        var response = await api.PostAsync($"/elsa/api/workflow-definitions/{definitionId}/execute", JsonContent.Create(new JsonObject { ["input"] = new JsonObject() }));
        Assert.True(response.IsSuccessStatusCode, $"Starting failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.GetValues("x-elsa-workflow-instance-id").Single();
    }

    private static async Task<JsonElement> InstanceAsync(HttpClient api, string instanceId) =>
        await api.GetFromJsonAsync<JsonElement>($"/elsa/api/workflow-instances/{instanceId}");
}
