using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace DramaGen.Tests.Dramas;

/// <summary>The fields a cut reads from the drama are checked like every other: a bad one is a 422 naming its path.</summary>
public sealed class DramaCutFieldsTests
{
    [Fact]
    public async Task An_unknown_transition_or_a_scene_duration_out_of_range_is_a_422_by_path()
    {
        await using var app = new DramaGenApplication();
        var document = SampleDramas.Document("drama_cutfields");
        document["transition"] = "explode";
        var scene = document["episodes"]![0]!["scenes"]![0]!.AsObject();
        scene["transition"] = "spin";
        scene["durationSeconds"] = 0;

        var response = await app.CreateClient().PostAsJsonAsync("/dramas", document);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Contains("cut, fade, dissolve, wipe", errors["transition"]![0]!.GetValue<string>());
        Assert.True(errors.ContainsKey("episodes[0].scenes[0].transition"));
        Assert.True(errors.ContainsKey("episodes[0].scenes[0].durationSeconds"));
    }

    [Fact]
    public async Task A_known_transition_and_a_scene_duration_are_stored()
    {
        await using var app = new DramaGenApplication();
        var client = app.CreateClient();
        var document = SampleDramas.Document("drama_cutok");
        document["transition"] = "fade";
        document["episodes"]![0]!["scenes"]![0]!["durationSeconds"] = 3.5;

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", document)).StatusCode);

        var stored = (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_cutok"))!;
        Assert.Equal("fade", stored["transition"]!.GetValue<string>());
        Assert.Equal(3.5, stored["episodes"]![0]!["scenes"]![0]!["durationSeconds"]!.GetValue<double>());
    }
}
