using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.TestKit;
using Microsoft.Playwright;

namespace Crm.EndToEnd.Tests;

/// <summary>
/// The genuine Elsa Studio (npm package) in Chromium against our API: the pages load, the designer renders our
/// activities, and its own buttons save and publish through our routes. A Studio rendering failure shows up as an
/// "Unhandled exception rendering component" console error and the error bar, which every test checks.
/// </summary>
public sealed class DesignerTests(DesignerFixture fx) : IClassFixture<DesignerFixture>
{
    private const int BootTimeoutMs = 60_000;

    [BrowserFact]
    public async Task Editor_renders_a_saved_workflow_with_our_activities_and_publishes_it()
    {
        var definitionId = "e2e-" + Guid.NewGuid().ToString("N")[..10];
        await SaveAsync(definitionId);
        var (page, errors) = await OpenAsync($"/designer/editor.html?definitionId={definitionId}");

        // Toolbox category and the two nodes on the canvas.
        await page.GetByText("CRM Approvals").First.WaitForAsync(new() { Timeout = BootTimeoutMs });
        await page.Locator("elsa-activity-wrapper, .activity-wrapper, [data-shape]").First.WaitForAsync(new() { Timeout = BootTimeoutMs });
        Assert.Contains("RequestApproval1", await page.ContentAsync(), StringComparison.Ordinal);
        await ScreenshotAsync(page, "editor");

        // The designer is editable only with the publish link: its Publish button (the primary icon button) is there.
        var publish = page.Locator("button.mud-icon-button.mud-primary-text").First;
        await publish.ClickAsync();
        await page.GetByText("published", new() { Exact = false }).First.WaitForAsync(new() { Timeout = 20_000 });

        var latest = await fx.Api.GetFromJsonAsync<JsonElement>($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest", HttpAssertions.Json);
        Assert.True(latest.GetProperty("isPublished").GetBoolean());
        await AssertNoStudioErrorsAsync(page, errors);
    }

    [BrowserFact]
    public async Task Definition_list_creates_a_workflow_and_opens_it_in_the_editor()
    {
        var (page, errors) = await OpenAsync("/designer");

        var (definitionId, name) = await CreateWorkflowInUiAsync(page);

        await page.GetByText("CRM Approvals").First.WaitForAsync(new() { Timeout = BootTimeoutMs });
        var created = await fx.Api.GetFromJsonAsync<JsonElement>($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}", HttpAssertions.Json);
        Assert.Equal(name, created.GetProperty("name").GetString());
        await AssertNoStudioErrorsAsync(page, errors);
    }

    [BrowserFact]
    public async Task Designer_builds_publishes_and_runs_a_workflow_then_shows_the_finished_instance()
    {
        var (page, errors) = await OpenAsync("/designer");
        var (definitionId, _) = await CreateWorkflowInUiAsync(page);
        await page.GetByText("CRM Approvals").First.WaitForAsync(new() { Timeout = BootTimeoutMs });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        // Toolbox → canvas by HTML5 drag and drop: Start (category Flow) and Write Line (category Console).
        var canvas = page.Locator(".x6-graph-svg").First;
        await DragFromToolboxAsync(page, "Flow", "Start", canvas, 150, 150);
        var start = page.Locator("g.x6-node", new() { HasText = "Start1" });
        await start.WaitForAsync(new() { Timeout = 10_000 });
        await DragFromToolboxAsync(page, "Console", "Write Line", canvas, 450, 150);
        var writeLine = page.Locator("g.x6-node", new() { HasText = "WriteLine1" });
        await writeLine.WaitForAsync(new() { Timeout = 10_000 });

        // Connect Start's Done port to Write Line's In port by dragging between the port handles X6 renders.
        var from = await start.Locator(".x6-port-out .elsa-designer-port-hit-area").BoundingBoxAsync();
        var to = await writeLine.Locator(".x6-port-in .elsa-designer-port-hit-area").BoundingBoxAsync();
        Assert.NotNull(from);
        Assert.NotNull(to);
        await page.Mouse.MoveAsync(from.X + from.Width / 2, from.Y + from.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + to.Height / 2, new() { Steps = 20 });
        await page.Mouse.UpAsync();
        await page.Locator("g.x6-edge").First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 10_000 });

        // Select Write Line and type its Text in the input panel.
        var text = "Hello from the designer " + Guid.NewGuid().ToString("N")[..8];
        await writeLine.ClickAsync(new() { Force = true }); // X6's selection box sits over a selected node
        var textInput = page.Locator(".mud-input-control:has(legend:text-is('Text')) input.mud-input-root").First;
        await textInput.FillAsync(text, new() { Timeout = 10_000 });
        await textInput.PressAsync("Tab");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await ScreenshotAsync(page, "wf-1-built");

        // Publish with the designer's Publish button (the primary icon button).
        await page.Locator("button.mud-icon-button.mud-primary-text").First.ClickAsync();
        await page.GetByText("published", new() { Exact = false }).First.WaitForAsync(new() { Timeout = 20_000 });
        var published = await fx.Api.GetFromJsonAsync<JsonElement>($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Published", HttpAssertions.Json);
        Assert.True(published.GetProperty("isPublished").GetBoolean());
        var json = published.GetRawText();
        Assert.Contains("Elsa.Start", json, StringComparison.Ordinal);
        Assert.Contains("Elsa.WriteLine", json, StringComparison.Ordinal);
        Assert.Contains(text, json, StringComparison.Ordinal);
        Assert.Equal(1, published.GetProperty("root").GetProperty("connections").GetArrayLength());
        await AssertNoStudioErrorsAsync(page, errors);

        // Run with the editor's Run button (the green play button); the instance id comes back in the response header.
        var run = await page.RunAndWaitForResponseAsync(
            async () => await page.Locator("button.mud-icon-button.mud-success-text").Last.ClickAsync(),
            r => r.Url.EndsWith($"/workflow-definitions/{definitionId}/execute", StringComparison.Ordinal) && r.Request.Method == "POST",
            new() { Timeout = 20_000 });
        Assert.True(run.Ok, $"Run answered {run.Status}");
        var instanceId = await run.HeaderValueAsync("x-elsa-workflow-instance-id");
        Assert.False(string.IsNullOrEmpty(instanceId));

        var instance = await fx.Api.GetFromJsonAsync<JsonElement>($"/elsa/api/workflow-instances/{instanceId}", HttpAssertions.Json);
        Assert.Equal("Finished", instance.GetProperty("status").GetString());
        var journal = await fx.Api.GetStringAsync($"/elsa/api/workflow-instances/{instanceId}/journal");
        Assert.Contains(text, journal, StringComparison.Ordinal);

        // The instance viewer shows the finished run.
        var (viewer, viewerErrors) = await OpenAsync($"/designer/instance.html?instanceId={instanceId}");
        await viewer.GetByText("Finished", new() { Exact = true }).First.WaitForAsync(new() { Timeout = BootTimeoutMs });
        await viewer.Locator("g.x6-node", new() { HasText = "WriteLine1" }).WaitForAsync(new() { Timeout = 20_000 });
        await ScreenshotAsync(viewer, "wf-2-instance");
        await AssertNoStudioErrorsAsync(viewer, viewerErrors);
    }

    [BrowserFact]
    public async Task The_process_templates_open_in_the_designer_with_every_connection_drawn()
    {
        // The host imported them at start-up. A connection from a port Studio does not draw (e.g. a human task's
        // process-owner outcome such as "Transfer") would be missing from the canvas, so edges are counted.
        foreach (var (definitionId, node) in new[] { ("crm-discount-approval", "Approve the discount"), ("crm-leave-of-absence", "Route tasks to the proxy"), ("crm-leaver-transfer", "Manager confirms") })
        {
            var definition = await fx.Api.GetFromJsonAsync<JsonElement>($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest", HttpAssertions.Json);
            var (page, errors) = await OpenAsync($"/designer/editor.html?definitionId={definitionId}");

            await page.Locator("g.x6-node", new() { HasText = node }).First.WaitForAsync(new() { Timeout = BootTimeoutMs });
            // Studio adds nodes and edges to the canvas one by one after the first appears (and the network is idle
            // long before it finishes on a busy machine): wait for the full count rather than reading it at once.
            var drawn = new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 };
            await Assertions.Expect(page.Locator("g.x6-node")).ToHaveCountAsync(definition.GetProperty("root").GetProperty("activities").GetArrayLength(), drawn);
            await Assertions.Expect(page.Locator("g.x6-edge")).ToHaveCountAsync(definition.GetProperty("root").GetProperty("connections").GetArrayLength(), drawn);
            await ScreenshotAsync(page, "template-" + definitionId);
            await AssertNoStudioErrorsAsync(page, errors);
            await page.Context.CloseAsync();
        }
    }

    [BrowserFact]
    public async Task Instance_list_page_loads()
    {
        // The instance routes come with the runtime; until then the list shows its error state, but the page and
        // the WebAssembly runtime load from /designer/ (base href, .dat and .wasm types, brotli).
        var (page, _) = await OpenAsync("/designer/instances");

        await page.Locator("elsa-workflow-instance-list").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var booted = await page.WaitForFunctionAsync("() => window.Blazor !== undefined", null, new() { Timeout = BootTimeoutMs });
        Assert.NotNull(booted);
    }

    [BrowserFact]
    public async Task An_anonymous_browser_is_sent_to_the_sign_in_page_and_the_designer_API_answers_401()
    {
        var context = await fx.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(fx.BaseUrl + "/designer/editor?definitionId=x");
        var api = await context.APIRequest.GetAsync(fx.BaseUrl + "/elsa/api/workflow-definitions");

        Assert.StartsWith(fx.BaseUrl + "/login?returnUrl=%2Fdesigner%2Feditor", page.Url, StringComparison.Ordinal);
        Assert.Equal(401, api.Status);
        await context.CloseAsync();
    }

    private static async Task DragFromToolboxAsync(IPage page, string category, string activity, ILocator canvas, float x, float y)
    {
        var item = page.Locator("div[draggable=true]", new() { HasText = activity }).First;
        if (!await item.IsVisibleAsync())
        {
            await page.GetByText(category, new() { Exact = true }).First.ClickAsync();
        }

        await item.DragToAsync(canvas, new() { TargetPosition = new() { X = x, Y = y }, Timeout = 10_000 });
    }

    /// <summary>"Create workflow" on the definition list, a name in its dialog, and on to the editor.</summary>
    private static async Task<(string DefinitionId, string Name)> CreateWorkflowInUiAsync(IPage page)
    {
        var create = page.GetByText("Create workflow", new() { Exact = false }).First;
        await create.WaitForAsync(new() { Timeout = BootTimeoutMs });
        var name = $"E2E {Guid.NewGuid():N}"[..16];

        // Studio re-renders the list (and its dialog) while its first queries return, and fills the dialog's name
        // ("Workflow 1") after a name check: wait for each step to settle, and retry the dialog if it was torn down.
        var editorUrl = new System.Text.RegularExpressions.Regex(@"editor\.html\?definitionId=");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                await create.ClickAsync();
                var input = page.Locator(".mud-dialog input").First;
                await Assertions.Expect(input).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(".+"), new() { Timeout = 10_000 });
                await input.FillAsync(name, new() { Timeout = 10_000 });
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                await page.Locator(".mud-dialog button", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("ok|create", System.Text.RegularExpressions.RegexOptions.IgnoreCase) })
                    .Last.ClickAsync(new() { Timeout = 10_000 });
                await page.WaitForURLAsync(editorUrl, new() { Timeout = 20_000 });
                break;
            }
            catch (Exception ex) when (attempt < 3 && ex is TimeoutException or PlaywrightException)
            {
                await page.Keyboard.PressAsync("Escape");
            }
        }

        return (new Uri(page.Url).Query.Split('=')[1], name);
    }

    private async Task SaveAsync(string definitionId)
    {
        static JsonObject Literal(string value) => new() { ["typeName"] = null, ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value } };
        var model = new JsonObject
        {
            ["definitionId"] = definitionId,
            ["name"] = "E2E approval",
            ["root"] = new JsonObject
            {
                ["id"] = "root1",
                ["type"] = "Elsa.Flowchart",
                ["version"] = 1,
                ["activities"] = new JsonArray(
                    new JsonObject
                    {
                        ["id"] = "a1", ["name"] = "RequestApproval1", ["type"] = "Tests.RequestApproval", ["version"] = 1,
                        ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 100, ["y"] = 100 } } },
                        ["approver"] = Literal("alice@example.test"),
                    },
                    new JsonObject
                    {
                        ["id"] = "a2", ["name"] = "SendNotification1", ["type"] = "Test.SendNotification", ["version"] = 1,
                        ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 450, ["y"] = 100 } } },
                        ["recipient"] = Literal("bob@example.test"),
                    }),
                ["connections"] = new JsonArray(new JsonObject
                {
                    ["source"] = new JsonObject { ["activity"] = "a1", ["port"] = "Approved" },
                    ["target"] = new JsonObject { ["activity"] = "a2", ["port"] = "In" },
                }),
            },
        };
        var response = await fx.Api.PostAsync("/elsa/api/workflow-definitions", new StringContent(new JsonObject { ["model"] = model }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    private async Task<(IPage Page, List<string> Errors)> OpenAsync(string path)
    {
        var context = await fx.SignedInContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Unhandled exception", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(fx.BaseUrl + path);
        return (page, errors);
    }

    /// <summary>Set CRM_E2E_SCREENSHOTS to a folder to see what the browser saw.</summary>
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("CRM_E2E_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png") });
        }
    }

    private static async Task AssertNoStudioErrorsAsync(IPage page, List<string> errors)
    {
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync(), "Studio's error bar is shown.");
    }
}
