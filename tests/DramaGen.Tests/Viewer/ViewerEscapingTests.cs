using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Tests.Dramas;
using static Microsoft.Playwright.Assertions;

namespace DramaGen.Tests.Viewer;

/// <summary>Text from dramas reaches the page as text: markup in a title or a description is shown, never run.</summary>
public sealed class ViewerEscapingTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string Markup = "<img src=x onerror=\"window.__injected=1\"><b>bold</b>";

    [BrowserFact]
    public async Task Markup_in_drama_text_is_displayed_literally_and_never_executed()
    {
        await using var server = new ViewerServer();
        using var api = server.CreateClient();
        var drama = SampleDramas.Document("drama_markup");
        drama["title"] = "Title " + Markup;
        drama["characters"]![0]!["description"] = "Description " + Markup;
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/dramas", drama)).StatusCode);
        // The API refuses a javascript: URL now (422); a drama stored before that rule may still hold one.
        var stored = Path.Combine(server.StorageDir, "dramas", "drama_markup", "drama.json");
        var document = JsonNode.Parse(await File.ReadAllTextAsync(stored))!;
        document["characters"]![0]!["imageUrl"] = "javascript:window.__injected=2";
        await File.WriteAllTextAsync(stored, document.ToJsonString());
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(server.ViewerUrl);
        await Expect(page.GetByTestId("drama-link-drama_markup")).ToHaveTextAsync("Title " + Markup);
        await page.GetByTestId("drama-link-drama_markup").ClickAsync();
        await Expect(page.GetByTestId("drama-title")).ToHaveTextAsync("Title " + Markup);
        await Expect(page.GetByTestId("character-c001")).ToContainTextAsync("Description " + Markup);

        Assert.Equal(0, await page.Locator("b").CountAsync());
        Assert.Equal(0, await page.Locator("img[src='x']").CountAsync());
        Assert.Equal(0, await page.Locator("[src^='javascript:']").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("window.__injected ?? null"));
    }
}
