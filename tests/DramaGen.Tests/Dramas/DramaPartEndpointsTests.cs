using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace DramaGen.Tests.Dramas;

public sealed class DramaPartEndpointsTests
{
    private static async Task<HttpClient> ClientWithDramaAsync(DramaGenApplication app)
    {
        var client = app.CreateClient();
        var response = await client.PostAsync("/dramas", new StringContent(SampleDramas.Document("drama_p").ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return client;
    }

    private static Task<HttpResponseMessage> PatchAsync(HttpClient client, string url, string json) =>
        client.PatchAsync(url, new StringContent(json, Encoding.UTF8, "application/merge-patch+json"));

    [Theory]
    [InlineData("/dramas/drama_p/characters", 2)]
    [InlineData("/dramas/drama_p/episodes", 1)]
    [InlineData("/dramas/drama_p/episodes/e001/scenes", 2)]
    [InlineData("/dramas/drama_p/episodes/e001/scenes/s001/assets", 1)]
    public async Task Lists_return_the_parts(string url, int count)
    {
        await using var app = new DramaGenApplication();
        var client = await ClientWithDramaAsync(app);
        Assert.Equal(count, (await client.GetFromJsonAsync<JsonArray>(url))!.Count);
    }

    [Theory]
    [InlineData("/dramas/drama_p/characters/c002", "name", "Tobias")]
    [InlineData("/dramas/drama_p/episodes/e001", "title", "The Storm")]
    [InlineData("/dramas/drama_p/episodes/e001/scenes/s002", "title", "Scene 2")]
    [InlineData("/dramas/drama_p/episodes/e001/scenes/s001/assets/a001", "tag", "clip")]
    public async Task Get_one_part_by_id(string url, string field, string expected)
    {
        await using var app = new DramaGenApplication();
        var client = await ClientWithDramaAsync(app);
        Assert.Equal(expected, (await client.GetFromJsonAsync<JsonObject>(url))![field]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/dramas/drama_p/characters/c404")]
    [InlineData("/dramas/drama_p/episodes/e404")]
    [InlineData("/dramas/drama_p/episodes/e001/scenes/s404")]
    [InlineData("/dramas/drama_p/episodes/e001/scenes/s001/assets/a404")]
    public async Task Unknown_part_returns_404_on_get_and_patch(string url)
    {
        await using var app = new DramaGenApplication();
        var client = await ClientWithDramaAsync(app);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PatchAsync(client, url, """{"title":"x"}""")).StatusCode);
    }

    [Fact]
    public async Task Patch_scene_asset_prompt_is_stored_and_other_fields_kept()
    {
        await using var app = new DramaGenApplication();
        var client = await ClientWithDramaAsync(app);
        var response = await PatchAsync(client, "/dramas/drama_p/episodes/e001/scenes/s001/assets/a001", """{"prompt":"A new prompt"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        var asset = await client.GetFromJsonAsync<JsonObject>("/dramas/drama_p/episodes/e001/scenes/s001/assets/a001");
        Assert.Equal("A new prompt", asset!["prompt"]!.GetValue<string>());
        Assert.Equal(8, asset["durationSeconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task Patch_character_cannot_change_its_id()
    {
        await using var app = new DramaGenApplication();
        var client = await ClientWithDramaAsync(app);
        var response = await PatchAsync(client, "/dramas/drama_p/characters/c001", """{"id":"c777"}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Patch_scene_with_unknown_character_returns_422_and_keeps_scene()
    {
        await using var app = new DramaGenApplication();
        var client = await ClientWithDramaAsync(app);
        var response = await PatchAsync(client, "/dramas/drama_p/episodes/e001/scenes/s001", """{"characters":["c001","ghost"]}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var scene = await client.GetFromJsonAsync<JsonObject>("/dramas/drama_p/episodes/e001/scenes/s001");
        Assert.Equal(["c001"], scene!["characters"]!.AsArray().Select(c => c!.GetValue<string>()));
    }
}
