using System.Net;
using System.Net.Http.Json;
using DramaGen.Tests.Dramas;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DramaGen.Tests.Viewer;

/// <summary>Lines in a real browser: speaker portraits, a play button per line, a scene played in sequence over its clip.</summary>
public sealed class ViewerLinesTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions LongWait = new() { Timeout = 120_000 };
    private static readonly PageWaitForFunctionOptions MediaWait = new() { Timeout = 30_000 };

    [BrowserFact]
    public async Task A_scene_shows_its_lines_with_portraits_and_plays_them_one_after_another_over_its_clip()
    {
        await using var server = new ViewerServer(new Dictionary<string, string?> { ["DEFAULT_VIDEO_DURATION"] = "4", ["LOCAL_MEDIA_SIZE"] = "128" });
        using var api = server.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/dramas", DramaLineEndpointsTests.DocumentWithLines("drama_lines"))).StatusCode);
        await using var context = await chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(server.ViewerUrl + "#/dramas/drama_lines");

        await Expect(page.GetByTestId("node-line_e001_s001_l001")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("speaker-name-line_e001_s001_l001")).ToHaveTextAsync("Mara");
        await Expect(page.GetByTestId("speaker-name-line_e001_s001_l002")).ToHaveTextAsync("Narrator");
        await page.GetByTestId("generate-drama").ClickAsync();
        await Expect(page.GetByTestId("run-status")).ToHaveAttributeAsync("data-status", "completed", LongWait);
        await Expect(page.GetByTestId("node-line_e001_s001_l002")).ToHaveAttributeAsync("data-status", "completed");

        // The speaker's portrait is shown beside the line once it exists.
        await page.WaitForFunctionAsync(
            "() => { const i = document.querySelector('[data-testid=\"speaker-line_e001_s001_l001\"] img'); return i && i.complete && i.naturalWidth > 0; }",
            null, MediaWait);
        await Screenshots.SaveAsync(page, "scene-lines");

        await page.GetByTestId("play-line_e001_s001_l002").ClickAsync();
        await page.WaitForFunctionAsync(
            "() => document.querySelector('[data-testid=\"lines-e001-s001\"]').dataset.current === 'line_e001_s001_l002'", null, MediaWait);

        await page.GetByTestId("play-scene-e001-s001").ClickAsync();
        var list = page.GetByTestId("lines-e001-s001");
        await page.WaitForFunctionAsync(
            "() => document.querySelector('[data-testid=\"lines-e001-s001\"]').dataset.current === 'line_e001_s001_l001'", null, MediaWait);
        var clipPlaying = await page.Locator("[data-testid='scene-e001-s001'] video").First.EvaluateAsync<bool>("v => !v.paused || v.currentTime > 0");
        Assert.True(clipPlaying, "the scene's clip plays under its lines");
        await page.WaitForFunctionAsync(
            "() => document.querySelector('[data-testid=\"lines-e001-s001\"]').dataset.current === 'line_e001_s001_l002'", null, MediaWait);
        await Expect(list).ToHaveAttributeAsync("data-played", "2", new() { Timeout = 30_000 });
    }
}
