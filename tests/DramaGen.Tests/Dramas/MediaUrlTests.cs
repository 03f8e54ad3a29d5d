using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace DramaGen.Tests.Dramas;

/// <summary>A drama's URL fields take only http(s) URLs or this service's paths: a javascript: URL would run in every viewer.</summary>
public sealed class MediaUrlTests
{
    public static TheoryData<string> Hostile => new()
    {
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)", "//evil.example/x.png", "/\\evil.example/x.png", "https:evil.example", "file:///etc/passwd", "ftp://host/x.png",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_url_is_422_by_json_path_and_nothing_is_stored(string url)
    {
        await using var app = new DramaGenApplication();
        var client = app.CreateClient();
        var document = SampleDramas.Document("drama_urls");
        document["characters"]![0]!["imageUrl"] = url;
        document["episodes"]![0]!["scenes"]![0]!["imageUrl"] = url;
        document["episodes"]![0]!["scenes"]![0]!["assets"]![0]!["url"] = url;

        var response = await client.PostAsJsonAsync("/dramas", document);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Contains("characters[0].imageUrl", errors.Select(e => e.Key));
        Assert.Contains("episodes[0].scenes[0].imageUrl", errors.Select(e => e.Key));
        Assert.Contains("episodes[0].scenes[0].assets[0].url", errors.Select(e => e.Key));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dramas/drama_urls")).StatusCode);
    }

    [Fact]
    public async Task A_patch_to_a_javascript_url_is_422_and_the_drama_keeps_its_url()
    {
        await using var app = new DramaGenApplication();
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_urls"))).StatusCode);

        var patch = await client.PatchAsync("/dramas/drama_urls/characters/c001",
            new StringContent("{\"imageUrl\":\"javascript:alert(1)\"}", Encoding.UTF8, "application/merge-patch+json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, patch.StatusCode);
        Assert.Contains("imageUrl", (await patch.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key).Single());
        Assert.Null((await client.GetFromJsonAsync<JsonObject>("/dramas/drama_urls/characters/c001"))!["imageUrl"]);
    }

    [Theory]
    [InlineData("https://media.example.com/u/p/assets/a.png?X-Amz-Signature=abc")]
    [InlineData("http://localhost:8000/files/10000/p/assets/a.png")]
    [InlineData("/files/10000/p/assets/a.png")]
    public async Task Http_urls_and_this_services_paths_are_kept(string url)
    {
        await using var app = new DramaGenApplication();
        var client = app.CreateClient();
        var document = SampleDramas.Document("drama_urls");
        document["characters"]![0]!["imageUrl"] = url;
        document["episodes"]![0]!["scenes"]![0]!["assets"]![0]!["url"] = url;

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", document)).StatusCode);
        Assert.Equal(url, (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_urls"))!["characters"]![0]!["imageUrl"]!.GetValue<string>());
    }
}
