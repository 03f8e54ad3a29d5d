using System.Net;
using System.Net.Http.Json;
using DramaGen.Tests.Dramas;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DramaGen.Tests.Viewer;

/// <summary>The whole flow in a real browser: premise, drama, generation followed live, media that render and play.</summary>
public sealed class ViewerGenerationTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions LongWait = new() { Timeout = 120_000 };
    private static readonly PageWaitForFunctionOptions MediaWait = new() { Timeout = 30_000 };

    private async Task<IPage> OpenAsync(IBrowserContext context, string url)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        return page;
    }

    private Task<IBrowserContext> NewContextAsync() =>
        chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });

    [BrowserFact]
    public async Task Premise_becomes_a_drama_whose_nodes_complete_live_with_rendered_storyboards_and_playable_clips()
    {
        // Clips are held until the page has shown storyboards arriving while the run is still going.
        var clips = new HeldVideos();
        await using var server = new ViewerServer(services: clips.Install);
        await using var releaseClips = clips; // released before the server stops
        using var api = server.CreateClient();
        await using var context = await NewContextAsync();
        // The service's Content-Security-Policy refuses inline script and style: the viewer must need neither.
        var violations = new List<string>();
        context.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) lock (violations) violations.Add(message.Text);
        };
        var page = await OpenAsync(context, server.ViewerUrl);

        await page.GetByTestId("premise-input").FillAsync("A night ferry captain hears her late brother on the radio.");
        await page.GetByTestId("episodes-input").FillAsync("1");
        await page.GetByTestId("scenes-input").FillAsync("2");
        var creating = await ClickAndCatchPostAsync(page, "create-drama", "/dramas");
        // The writing job is followed through the API (however long a loaded machine takes); the page then only
        // has to notice that the job it watches finished.
        var writing = await api.WaitForJobAsync(await creating.HeaderValueAsync("location") ?? throw new InvalidOperationException("no Location"));
        Assert.Equal("completed", JobWaiting.Status(writing));
        var dramaId = writing["result"]!["dramaId"]!.GetValue<string>();
        await WaitForDramaPageAsync(page, dramaId);
        await Expect(page.GetByTestId("dag").Locator(".node").First).ToBeVisibleAsync();
        var nodeCount = await page.GetByTestId("dag").Locator(".node").CountAsync();
        Assert.True(nodeCount >= 6, $"a 1-episode, 2-scene drama has portraits, an episode, storyboards and clips; the DAG shows {nodeCount}");
        // The tree's media ratio is set through CSSOM, which the policy allows (an inline style attribute it would refuse).
        Assert.Equal("9 / 16", (await page.GetByTestId("drama-tree").EvaluateAsync<string>("tree => getComputedStyle(tree).getPropertyValue('--media-ratio')")).Trim());
        await Screenshots.SaveAsync(page, "drama-before-generation");

        await page.EvaluateAsync("window.__sameDocument = true");
        var generating = await ClickAndCatchPostAsync(page, "generate-drama", $"/dramas/{dramaId}/generate");

        await page.WaitForFunctionAsync(
            "() => document.querySelector('img[data-testid^=\"image-scene_\"]') && document.querySelector('[data-testid=run-status]').dataset.status === 'running'"
            // Every live progress event carries the run's ETA, which the page shows while it runs.
            + " && /^about \\d+ (s|min|h \\d+ min) left$/.test(document.querySelector('[data-testid=progress-eta]').textContent)",
            null, new PageWaitForFunctionOptions { Timeout = 120_000 });
        await Screenshots.SaveAsync(page, "drama-generating");
        clips.Release();

        Assert.Equal("completed", JobWaiting.Status(await api.WaitForJobAsync(await generating.HeaderValueAsync("location") ?? "")));
        await Expect(page.GetByTestId("run-status")).ToHaveAttributeAsync("data-status", "completed", LongWait);
        await Expect(page.GetByTestId("progress-eta")).ToHaveTextAsync("");
        var statuses = await page.GetByTestId("dag").Locator(".node").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.dataset.status)");
        Assert.Equal(nodeCount, statuses.Length);
        Assert.All(statuses, status => Assert.Equal("completed", status));
        await Expect(page.GetByTestId("progress-text")).ToContainTextAsync($"{nodeCount} of {nodeCount} completed");

        var storyboards = await WaitForImagesAsync(page, "image-scene_");
        Assert.Equal(2, storyboards);
        Assert.True(await WaitForImagesAsync(page, "image-char_") >= 1);
        await page.WaitForFunctionAsync(
            "() => { const v = [...document.querySelectorAll('video[data-testid^=\"video-scene_asset_\"]')]; return v.length > 0 && v.every(x => x.readyState >= 1); }",
            null, MediaWait);
        var clip = page.Locator("video[data-testid^='video-scene_asset_']").First;
        Assert.True(await clip.EvaluateAsync<double>("v => v.duration") > 0);
        var played = await clip.EvaluateAsync<bool>(
            "async v => { v.muted = true; await v.play(); await new Promise(r => setTimeout(r, 400)); return v.currentTime > 0; }");
        Assert.True(played, "the clip plays in place");
        Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"), "the page never reloaded");
        await Screenshots.SaveAsync(page, "drama-generated");

        await page.GetByTestId("home-link").ClickAsync();
        await Expect(page.Locator("[data-testid^='drama-link-']")).ToHaveCountAsync(1);
        await Screenshots.SaveAsync(page, "drama-list");

        lock (violations) Assert.Empty(violations);
    }

    /// <summary>
    /// The page polls the finished writing job once a second; a loaded machine may slow it, so the wait is generous
    /// and a miss says what the page was showing.
    /// </summary>
    private static async Task WaitForDramaPageAsync(IPage page, string dramaId)
    {
        try
        {
            await page.WaitForURLAsync($"**/viewer/#/dramas/{dramaId}", new PageWaitForURLOptions { Timeout = 120_000 });
        }
        catch (TimeoutException e)
        {
            var shown = await page.GetByTestId("create-status").TextContentAsync();
            throw new TimeoutException($"The page did not open drama {dramaId}; it shows \"{shown}\" at {page.Url}", e);
        }
    }

    [BrowserFact]
    public async Task Failed_node_shows_its_error_and_resume_starts_a_new_run()
    {
        await using var server = new ViewerServer(new Dictionary<string, string?> { ["LOCAL_FAILURE_RATE"] = "1" });
        using var api = server.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_failing", scenes: 1))).StatusCode);
        await using var context = await NewContextAsync();
        var page = await OpenAsync(context, server.ViewerUrl + "#/dramas/drama_failing");
        await Expect(page.GetByTestId("drama-title")).ToHaveTextAsync("The Last Lantern");

        var generating = await ClickAndCatchPostAsync(page, "generate-drama", "/dramas/drama_failing/generate");

        Assert.Equal("failed", JobWaiting.Status(await api.WaitForJobAsync(await generating.HeaderValueAsync("location") ?? "")));
        await Expect(page.GetByTestId("run-status")).ToHaveAttributeAsync("data-status", "failed", LongWait);
        var portrait = page.GetByTestId("node-char_c001");
        await Expect(portrait).ToHaveAttributeAsync("data-status", "failed");
        await Expect(page.GetByTestId("node-error-char_c001")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("node-error-char_c001")).ToContainTextAsync("simulated failure");
        await Expect(page.GetByTestId("resume-char_c001")).ToBeVisibleAsync();
        // The scene needs Mara's portrait, so it never ran.
        await Expect(page.GetByTestId("node-scene_e001_s001")).ToHaveAttributeAsync("data-status", "skipped");
        await Expect(page.GetByTestId("status-char_c001").First).ToHaveTextAsync("failed");
        await Expect(page.GetByTestId("progress-text")).ToContainTextAsync("failed");
        await Screenshots.SaveAsync(page, "node-failed");

        var firstRun = await page.GetByTestId("progress").GetAttributeAsync("data-job");
        await page.GetByTestId("resume-char_c001").ClickAsync();
        await Expect(page.GetByTestId("progress")).Not.ToHaveAttributeAsync("data-job", firstRun!);
        var secondRun = await page.GetByTestId("progress").GetAttributeAsync("data-job");
        var resumed = await api.WaitForJobAsync("drama_failing", secondRun!);
        Assert.Equal("failed", JobWaiting.Status(resumed));
        await Expect(page.GetByTestId("run-status")).ToHaveAttributeAsync("data-status", "failed", LongWait);
        await Expect(page.GetByTestId("node-error-char_c001")).ToContainTextAsync("simulated failure");
    }

    /// <summary>Clicks the button and returns the answer to the POST it makes (a 202 naming the job to wait for).</summary>
    private static async Task<IResponse> ClickAndCatchPostAsync(IPage page, string testId, string path)
    {
        var answer = await page.RunAndWaitForResponseAsync(() => page.GetByTestId(testId).ClickAsync(),
            response => response.Request.Method == "POST" && new Uri(response.Url).AbsolutePath == path);
        Assert.Equal(202, answer.Status);
        return answer;
    }

    /// <summary>Waits until every image whose test id starts with the prefix has loaded with real pixels; returns how many there are.</summary>
    private static async Task<int> WaitForImagesAsync(IPage page, string prefix)
    {
        await page.WaitForFunctionAsync(
            "prefix => { const imgs = [...document.querySelectorAll(`img[data-testid^='${prefix}']`)]; return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0); }",
            prefix, MediaWait);
        return await page.Locator($"img[data-testid^='{prefix}']").CountAsync();
    }
}
