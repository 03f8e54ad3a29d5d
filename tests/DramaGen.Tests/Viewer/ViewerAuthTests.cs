using System.Net;
using System.Net.Http.Json;
using DramaGen.Tests.Dramas;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DramaGen.Tests.Viewer;

/// <summary>With API_KEYS set the viewer asks for a key, keeps it for the tab only and then works.</summary>
public sealed class ViewerAuthTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string Key = "viewer-test-key";

    [BrowserFact]
    public async Task Page_asks_for_the_api_key_rejects_a_wrong_one_and_works_with_the_right_one()
    {
        await using var server = new ViewerServer(new Dictionary<string, string?> { ["API_KEYS"] = Key });
        using var api = server.CreateClient(Key);
        var created = await api.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_keyed"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(server.ViewerUrl);
        var dialog = page.GetByTestId("api-key-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(page.GetByTestId("api-key-reason")).ToHaveTextAsync("This service needs an API key.");
        await Screenshots.SaveAsync(page, "api-key-prompt");

        await page.GetByTestId("api-key-input").FillAsync("wrong-key");
        await page.GetByTestId("api-key-submit").ClickAsync();
        await Expect(page.GetByTestId("api-key-reason")).ToHaveTextAsync("That key was not accepted. Try another one.");
        await Expect(dialog).ToBeVisibleAsync();

        await page.GetByTestId("api-key-input").FillAsync(Key);
        await page.GetByTestId("api-key-submit").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.GetByTestId("drama-link-drama_keyed")).ToHaveTextAsync("The Last Lantern");
        Assert.Equal(Key, await page.EvaluateAsync<string>("sessionStorage.getItem('dramagen.apiKey')"));
        Assert.Equal(0, await page.EvaluateAsync<int>("localStorage.length"));

        await page.GetByTestId("drama-link-drama_keyed").ClickAsync();
        await Expect(page.GetByTestId("drama-title")).ToHaveTextAsync("The Last Lantern");
        await Expect(page.GetByTestId("character-c001")).ToContainTextAsync("Mara");
    }
}
