using System.Net;

namespace DramaGen.Tests.Viewer;

/// <summary>The viewer's static files: served at /viewer without an API key, nothing else of the folder exposed.</summary>
public sealed class ViewerFilesTests
{
    [Fact]
    public async Task Viewer_is_served_without_a_key_even_when_auth_is_on()
    {
        await using var app = new DramaGenApplication(new Dictionary<string, string?> { ["API_KEYS"] = "secret" });
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var bare = await client.GetAsync("/viewer");
        Assert.Equal(HttpStatusCode.MovedPermanently, bare.StatusCode);
        Assert.EndsWith("/viewer/", bare.Headers.Location!.ToString());

        var index = await client.GetAsync("/viewer/");
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        Assert.Contains("js/app.js", await index.Content.ReadAsStringAsync());
        Assert.Equal("no-cache", index.Headers.CacheControl?.ToString());

        foreach (var module in new[] { "app", "api", "dom", "list", "drama", "tree", "dag", "board", "live", "nodes" })
        {
            var script = await client.GetAsync($"/viewer/js/{module}.js");
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/viewer/styles.css")).StatusCode);
    }

    [Theory]
    [InlineData("/viewer/ViewerExtensions.cs")]
    [InlineData("/viewer/../appsettings.json")]
    [InlineData("/viewer/%2e%2e/appsettings.json")]
    public async Task Only_the_viewer_files_are_reachable(string url)
    {
        await using var app = new DramaGenApplication();
        var response = await app.CreateClient().GetAsync(url);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}
