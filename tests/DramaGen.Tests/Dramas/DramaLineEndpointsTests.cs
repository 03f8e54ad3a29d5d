using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace DramaGen.Tests.Dramas;

public sealed class DramaLineEndpointsTests
{
    /// <summary>The sample drama with two lines in scene s001: one by Mara, one by the narrator.</summary>
    public static JsonObject DocumentWithLines(string id)
    {
        var document = SampleDramas.Document(id);
        document["episodes"]![0]!["scenes"]![0]!["lines"] = new JsonArray(
            new JsonObject { ["id"] = "l001", ["speaker"] = "c001", ["text"] = "The lantern never lies.", ["direction"] = "whispered" },
            new JsonObject { ["id"] = "l002", ["speaker"] = "narrator", ["text"] = "The storm came at dusk." });
        return document;
    }

    private static async Task<HttpClient> ClientWithDramaAsync(DramaGenApplication app, JsonObject document)
    {
        var client = app.CreateClient();
        var response = await client.PostAsync("/dramas", new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return client;
    }

    private static Task<HttpResponseMessage> PatchAsync(HttpClient client, string url, string json) =>
        client.PatchAsync(url, new StringContent(json, Encoding.UTF8, "application/merge-patch+json"));

    [Fact]
    public async Task Lines_are_listed_in_order_and_read_one_by_one()
    {
        await using var app = new DramaGenApplication();
        var client = await ClientWithDramaAsync(app, DocumentWithLines("drama_l"));
        var lines = await client.GetFromJsonAsync<JsonArray>("/dramas/drama_l/episodes/e001/scenes/s001/lines");
        Assert.Equal(["l001", "l002"], lines!.Select(l => l!["id"]!.GetValue<string>()));
        var line = await client.GetFromJsonAsync<JsonObject>("/dramas/drama_l/episodes/e001/scenes/s001/lines/l002");
        Assert.Equal("narrator", line!["speaker"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dramas/drama_l/episodes/e001/scenes/s001/lines/l404")).StatusCode);
    }

    [Fact]
    public async Task Patch_of_a_line_changes_its_text_and_keeps_its_direction()
    {
        await using var app = new DramaGenApplication();
        var client = await ClientWithDramaAsync(app, DocumentWithLines("drama_l"));
        var response = await PatchAsync(client, "/dramas/drama_l/episodes/e001/scenes/s001/lines/l001", """{"text":"It lies tonight."}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = await client.GetFromJsonAsync<JsonObject>("/dramas/drama_l/episodes/e001/scenes/s001/lines/l001");
        Assert.Equal("It lies tonight.", line!["text"]!.GetValue<string>());
        Assert.Equal("whispered", line["direction"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_giving_a_line_to_someone_not_in_the_scene_returns_422_by_path()
    {
        await using var app = new DramaGenApplication();
        var client = await ClientWithDramaAsync(app, DocumentWithLines("drama_l"));
        var response = await PatchAsync(client, "/dramas/drama_l/episodes/e001/scenes/s001/lines/l001", """{"speaker":"c002"}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("episodes[0].scenes[0].lines[0].speaker"), errors.ToJsonString());
    }

    [Fact]
    public async Task A_drama_with_bad_lines_lists_every_problem_by_path()
    {
        var errors = await ProblemsOfBadLinesAsync(maxLinesPerScene: 3);
        Assert.True(errors.ContainsKey("episodes[0].scenes[0].lines[2].id"), errors.ToJsonString());
        Assert.True(errors.ContainsKey("episodes[0].scenes[0].lines[2].speaker"), errors.ToJsonString());
        Assert.True(errors.ContainsKey("episodes[0].scenes[0].lines[2].text"), errors.ToJsonString());
    }

    [Fact]
    public async Task Too_many_lines_is_one_problem_and_their_items_are_not_walked()
    {
        var errors = await ProblemsOfBadLinesAsync(maxLinesPerScene: 2);
        Assert.Equal(["episodes[0].scenes[0].lines"], errors.Select(error => error.Key));
    }

    private static async Task<JsonObject> ProblemsOfBadLinesAsync(int maxLinesPerScene)
    {
        await using var app = new DramaGenApplication(new Dictionary<string, string?>
        {
            ["MAX_LINE_LENGTH"] = "20", ["MAX_LINES_PER_SCENE"] = maxLinesPerScene.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var document = DocumentWithLines("drama_bad");
        var lines = document["episodes"]![0]!["scenes"]![0]!["lines"]!.AsArray();
        lines.Add(new JsonObject { ["id"] = "l001", ["speaker"] = "ghost", ["text"] = new string('x', 21) });
        var response = await app.CreateClient().PostAsync("/dramas", new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
    }

    [Fact]
    public async Task An_audio_asset_without_text_to_speak_is_refused()
    {
        await using var app = new DramaGenApplication();
        var document = SampleDramas.Document("drama_a");
        document["episodes"]![0]!["scenes"]![0]!["assets"]!.AsArray().Add(new JsonObject { ["id"] = "a002", ["type"] = "audio", ["prompt"] = " ", ["dependsOn"] = new JsonArray() });
        var response = await app.CreateClient().PostAsync("/dramas", new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("episodes[0].scenes[0].assets[1].prompt"), errors.ToJsonString());
    }
}
