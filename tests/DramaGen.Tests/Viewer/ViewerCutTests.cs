using System.Net;
using System.Net.Http.Json;
using DramaGen.Tests.Generation.Cuts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DramaGen.Tests.Viewer;

/// <summary>An episode's film in a real browser: it plays, its subtitle track has cues, its timeline is under it.</summary>
public sealed class ViewerCutTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions LongWait = new() { Timeout = 180_000 };
    private static readonly PageWaitForFunctionOptions MediaWait = new() { Timeout = 60_000 };

    [BrowserFact]
    public async Task A_cut_episode_plays_with_a_subtitle_track_that_has_cues_and_shows_its_timeline()
    {
        await using var server = new ViewerServer(new Dictionary<string, string?>
        {
            ["EPISODE_CUTS"] = "true", ["DEFAULT_VIDEO_DURATION"] = "2", ["LOCAL_MEDIA_SIZE"] = "96", ["CUT_SIZE"] = "144",
            ["CUT_FPS"] = "12", ["CUT_TITLE_SECONDS"] = "1", ["CUT_X264_PRESET"] = "ultrafast",
        });
        using var api = server.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/dramas", EpisodeCutTests.Document("drama_film"))).StatusCode);
        await using var context = await chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(server.ViewerUrl + "#/dramas/drama_film");

        // Before any media: the timeline is there, the player is not.
        await Expect(page.GetByTestId("segment-e001-0")).ToContainTextAsync("title");
        await Expect(page.GetByTestId("cut-missing-e001")).ToBeVisibleAsync();
        await page.GetByTestId("generate-drama").ClickAsync();
        await Expect(page.GetByTestId("run-status")).ToHaveAttributeAsync("data-status", "completed", LongWait);

        var player = page.GetByTestId("cut-player-e001");
        await Expect(player).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("cut-e001")).ToHaveAttributeAsync("data-preview", "false");
        await Expect(page.GetByTestId("segment-e001-1")).ToContainTextAsync("Mara");
        await player.EvaluateAsync("v => v.play()");
        await page.WaitForFunctionAsync(
            "() => { const v = document.querySelector('[data-testid=\"cut-player-e001\"]'); return v.readyState >= 2 && v.currentTime > 0.5; }",
            null, MediaWait);
        await page.WaitForFunctionAsync(
            "() => { const t = document.querySelector('[data-testid=\"cut-player-e001\"]').textTracks[0]; return t && t.cues && t.cues.length > 0; }",
            null, MediaWait);
        var cues = await player.EvaluateAsync<string[]>("v => [...v.textTracks[0].cues].map(c => c.text)");
        Assert.Contains(cues, cue => cue.Contains("It shows me tomorrow."));
        await Screenshots.SaveAsync(page, "episode-cut");
    }
}
