using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crm.TestKit;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Tests;

/// <summary>
/// The pipeline settings page in a real browser (issue 6: stages configurable per pipeline, with probability): the
/// module's messages under the stage fields, a new stage that the board then shows, and a save over someone else's.
/// </summary>
public sealed class PipelineUiTests(FunnelUiFixture fx) : IClassFixture<FunnelUiFixture>
{
    /// <summary>The demo "admin" user (Demo:Seed).</summary>
    private static readonly Guid AdminId = Guid.Parse("5a1e0000-0000-4000-8000-0000000000a1");

    [UiFact]
    public async Task A_stage_is_refused_with_its_messages_then_added_and_moved_and_the_board_shows_it_and_a_stale_save_is_refused()
    {
        using var api = Api();
        var pipeline = (await api.GetFromJsonAsync<JsonElement>("/api/funnel/pipelines")).EnumerateArray().First(p => p.GetProperty("isDefault").GetBoolean());
        var pipelineName = pipeline.GetProperty("name").GetString()!;
        var stageName = "Site visit " + Guid.NewGuid().ToString("N")[..4];

        var ui = await fx.OpenAsync("/funnel/pipelines");
        var page = ui.Page;
        await ui.WaitInteractiveAsync();
        var card = page.Locator($"[data-testid='pipeline'][data-pipeline='{pipelineName}']");
        await Expect(card).ToContainTextAsync("Qualification");
        await card.GetByTestId("edit-pipeline").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/funnel/pipelines/[0-9a-f-]{36}/edit$"));
        await ui.WaitInteractiveAsync();

        // A bad stage: added without a name and with 150 %. Each message is shown under its own field; nothing is saved.
        var rows = page.GetByTestId("stage-row");
        var before = await rows.CountAsync();
        await page.GetByTestId("add-stage").ClickAsync();
        await Expect(rows).ToHaveCountAsync(before + 1);
        // Inserted after the last open stage: Won and Lost stay last.
        var added = rows.Nth(before - 2);
        await added.GetByTestId("stage-probability").FillAsync("150");
        await page.GetByTestId("save").ClickAsync();
        await Expect(FieldOf(added.GetByTestId("stage-name"))).ToContainTextAsync("Stage name is required.");
        await Expect(FieldOf(added.GetByTestId("stage-probability"))).ToContainTextAsync("Probability is between 0 and 100 percent.");
        await Expect(page).ToHaveURLAsync(new Regex("/edit$"));
        // The cursor is put in the first field with a problem.
        await Expect(added.GetByTestId("stage-name")).ToBeFocusedAsync();
        await ui.ScreenshotAsync("ui-pipeline-errors");

        // Fixed: the messages go as the fields are put right; the stage moves up before the last open one and is saved.
        await added.GetByTestId("stage-name").FillAsync(stageName);
        await added.GetByTestId("stage-probability").FillAsync("60");
        await Expect(page.GetByTestId("pipeline-form")).Not.ToContainTextAsync("Stage name is required.");
        await Expect(page.GetByTestId("pipeline-form")).Not.ToContainTextAsync("Probability is between");
        await added.GetByTestId("stage-up").ClickAsync();
        await page.GetByTestId("save").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/funnel/pipelines$"));
        await Expect(card.GetByTestId("stage-row").Nth(before - 3)).ToContainTextAsync(stageName);
        await Expect(card.GetByTestId("stage-row").Nth(before - 3)).ToContainTextAsync("60");

        var saved = await api.GetFromJsonAsync<JsonElement>($"/api/funnel/pipelines/{pipeline.GetProperty("id").GetGuid()}");
        var stages = saved.GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(before + 1, stages.Count);
        Assert.Equal(stageName, stages[before - 3].GetProperty("name").GetString());
        Assert.Equal(60, stages[before - 3].GetProperty("probability").GetInt32());
        Assert.Equal("Won", stages[^2].GetProperty("kind").GetString());

        // The board of the default pipeline has a column for it.
        await page.GotoAsync(fx.BaseUrl + "/funnel/board");
        await Expect(page.Locator($"[data-testid='column'][data-stage='{stageName}']")).ToBeVisibleAsync();

        // Someone else saves while the form is open: the save is refused with a clear message, nothing is overwritten.
        await page.GotoAsync(fx.BaseUrl + $"/funnel/pipelines/{saved.GetProperty("id").GetGuid()}/edit");
        await ui.WaitInteractiveAsync();
        var update = await api.PutAsJsonAsync($"/api/funnel/pipelines/{saved.GetProperty("id").GetGuid()}", new
        {
            stages = stages.Select(s => new { id = s.GetProperty("id").GetGuid(), name = s.GetProperty("name").GetString(), probability = s.GetProperty("probability").GetInt32(), kind = s.GetProperty("kind").GetString() }),
            version = saved.GetProperty("version").GetInt64(),
        });
        Assert.True(update.IsSuccessStatusCode, await update.Content.ReadAsStringAsync());
        await page.GetByTestId("name").FillAsync(pipelineName + " (renamed)");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId("conflict")).ToContainTextAsync("Someone else saved this pipeline after you opened it.");
        await Expect(page).ToHaveURLAsync(new Regex("/edit$"));
        var after = await api.GetFromJsonAsync<JsonElement>($"/api/funnel/pipelines/{saved.GetProperty("id").GetGuid()}");
        Assert.Equal(pipelineName, after.GetProperty("name").GetString());
        ui.AssertNoErrors();
    }

    private static ILocator FieldOf(ILocator input) =>
        input.Locator("xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' mud-input-control ')][1]");

    private HttpClient Api()
    {
        var client = new HttpClient { BaseAddress = new Uri(fx.BaseUrl) };
        client.DefaultRequestHeaders.Add(TestAuthentication.UserHeader, AdminId.ToString());
        client.DefaultRequestHeaders.Add(TestAuthentication.RolesHeader, "Administrator");
        return client;
    }
}
