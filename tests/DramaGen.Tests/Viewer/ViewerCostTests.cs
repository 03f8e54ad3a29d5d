using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Tests.Dramas;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DramaGen.Tests.Viewer;

/// <summary>The viewer shows what a run will cost before "Generate", and what it cost as it runs and after.</summary>
public sealed class ViewerCostTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions LongWait = new() { Timeout = 120_000 };

    [BrowserFact]
    public async Task The_estimate_shows_before_generating_and_the_spend_during_and_after_the_run()
    {
        await using var server = new ViewerServer(new Dictionary<string, string?>
        {
            ["PRICES:local:*:per_image"] = "0.01", ["PRICES:local:*:per_video_second"] = "0.02", ["LOCAL_MEDIA_SIZE"] = "64",
        });
        using var api = server.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_priced", scenes: 1))).StatusCode);
        var planned = (decimal)(await api.GetFromJsonAsync<JsonObject>("/dramas/drama_priced/plan"))!["cost"]!["totalUsd"]!;
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(server.ViewerUrl + "#/dramas/drama_priced");

        await Expect(page.GetByTestId("cost-estimate")).ToHaveAttributeAsync("data-usd", planned.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("cost-estimate")).ToContainTextAsync($"Estimate: ${planned:0.00}");

        var generating = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("generate-drama").ClickAsync(),
            response => response.Request.Method == "POST" && response.Url.EndsWith("/generate", StringComparison.Ordinal));
        var parent = await api.WaitForJobAsync(await generating.HeaderValueAsync("location") ?? "");
        var spent = ((decimal)parent["cost_usd"]!).ToString(System.Globalization.CultureInfo.InvariantCulture);

        await Expect(page.GetByTestId("run-status")).ToHaveAttributeAsync("data-status", "completed", LongWait);
        await Expect(page.GetByTestId("run-cost")).ToHaveAttributeAsync("data-usd", spent);
        await Expect(page.GetByTestId("drama-spend")).ToHaveAttributeAsync("data-usd", spent);
        await Expect(page.GetByTestId("cost-estimate")).ToContainTextAsync("nothing to generate");
    }
}
