using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Tests.Dramas;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DramaGen.Tests.Viewer;

/// <summary>Continuity in a real browser: each character's sheet, each scene's keyframes, the mode each clip was made in.</summary>
public sealed class ViewerContinuityTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions LongWait = new() { Timeout = 180_000 };
    private static readonly PageWaitForFunctionOptions MediaWait = new() { Timeout = 60_000 };

    /// <summary>
    /// s001 ends on a frame its first_last clip reaches and bridges to s002 with a transition frame; s002 starts from
    /// s001's end and takes Mara's sheet as references; s003 has nobody in it, so its reference clip has no references
    /// and the local provider falls back to the first frame, saying why.
    /// </summary>
    private static JsonObject Document()
    {
        var document = SampleDramas.Document("drama_sheets", scenes: 3);
        var scenes = document["episodes"]![0]!["scenes"]!.AsArray();
        foreach (var scene in scenes) scene!["assets"]![0]!["durationSeconds"] = 2;
        scenes[0]!["endFrame"] = new JsonObject { ["prompt"] = "Mara closes the lighthouse door behind her." };
        scenes[0]!["transitionFrame"] = new JsonObject { ["prompt"] = "The beam sweeps over the harbour." };
        scenes[0]!["assets"]![0]!["mode"] = "first_last";
        scenes[1]!["startFrom"] = "previous_end";
        scenes[1]!["assets"]![0]!["mode"] = "reference";
        scenes[2]!["characters"] = new JsonArray();
        scenes[2]!["assets"]![0]!["mode"] = "reference";
        scenes[2]!["assets"]![0]!["dependsOn"] = new JsonArray();
        return document;
    }

    [BrowserFact]
    public async Task Each_character_shows_its_sheet_each_scene_its_keyframes_and_each_clip_the_mode_it_was_made_in()
    {
        await using var server = new ViewerServer(new Dictionary<string, string?>
        {
            ["CHARACTER_VIEWS"] = "side,full_body", ["LOCAL_MEDIA_SIZE"] = "96",
        });
        using var api = server.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/dramas", Document())).StatusCode);
        await using var context = await chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(server.ViewerUrl + "#/dramas/drama_sheets");

        // Before any media, the plan says which views and keyframes there will be.
        await Expect(page.GetByTestId("frame-char_view_c002_side")).ToContainTextAsync("side");
        await Expect(page.GetByTestId("frame-char_view_c001_full_body")).ToContainTextAsync("full body");
        await Expect(page.GetByTestId("frame-scene_trans_e001_s001")).ToContainTextAsync("to Scene 2");
        await Expect(page.GetByTestId("starts-from-e001-s002")).ToContainTextAsync("end frame of Scene 1");
        await Expect(page.GetByTestId("node-scene_end_e001_s001")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("mode-scene_asset_e001_s003_a001")).ToHaveAttributeAsync("data-used", "");
        await page.GetByTestId("generate-drama").ClickAsync();
        await Expect(page.GetByTestId("run-status")).ToHaveAttributeAsync("data-status", "completed", LongWait);

        foreach (var node in new[] { "char_view_c001_side", "char_view_c001_full_body", "char_view_c002_side", "scene_end_e001_s001", "scene_trans_e001_s001" })
        {
            await page.WaitForFunctionAsync(
                "id => { const i = document.querySelector(`img[data-testid='image-${id}']`); return i && i.complete && i.naturalWidth > 0; }",
                node, MediaWait);
        }
        Assert.Equal(2, await page.GetByTestId("sheet-c001").Locator("img").CountAsync());
        Assert.Equal(2, await page.GetByTestId("keyframes-e001-s001").Locator("img").CountAsync());
        await Expect(page.GetByTestId("mode-scene_asset_e001_s001_a001")).ToHaveAttributeAsync("data-used", "first_last", LongWait);
        await Expect(page.GetByTestId("mode-scene_asset_e001_s001_a001")).ToHaveTextAsync("first_last");
        await Expect(page.GetByTestId("mode-scene_asset_e001_s002_a001")).ToHaveAttributeAsync("data-used", "reference");
        await Expect(page.GetByTestId("mode-note-scene_asset_e001_s002_a001")).ToHaveCountAsync(0);
        var replaced = page.GetByTestId("mode-scene_asset_e001_s003_a001");
        await Expect(replaced).ToHaveAttributeAsync("data-asked", "reference");
        await Expect(replaced).ToHaveAttributeAsync("data-used", "first_frame");
        await Expect(replaced).ToContainTextAsync("reference → first_frame");
        await Expect(page.GetByTestId("mode-note-scene_asset_e001_s003_a001"))
            .ToHaveTextAsync("local: asked mode reference, used first_frame (no reference images were given)");
        await Screenshots.SaveAsync(page, "continuity");
    }
}
