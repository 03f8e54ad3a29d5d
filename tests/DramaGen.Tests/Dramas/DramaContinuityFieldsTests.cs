using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace DramaGen.Tests.Dramas;

/// <summary>The continuity fields (clip modes, end and transition frames, previous_end starts) are checked like every other.</summary>
public sealed class DramaContinuityFieldsTests
{
    private static JsonObject Scene(JsonObject document, int index) => document["episodes"]![0]!["scenes"]![index]!.AsObject();

    [Fact]
    public async Task A_cycle_through_keyframes_is_a_422_naming_every_node_on_it()
    {
        await using var app = new DramaGenApplication();
        var document = SampleDramas.Document("drama_keycycle");
        // s001 ends where s002's clip goes, and s002's clip starts where s001 ends.
        Scene(document, 0)["endFrame"] = new JsonObject { ["prompt"] = "the door closes", ["dependsOn"] = new JsonArray("scene_asset_e001_s002_a001") };
        Scene(document, 1)["startFrom"] = "previous_end";

        var response = await app.CreateClient().PostAsJsonAsync("/dramas", document);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject()
            .SelectMany(error => error.Value!.AsArray().Select(message => message!.GetValue<string>()))
            .Single(message => message.StartsWith("dependency cycle: ", StringComparison.Ordinal));
        var cycle = problem["dependency cycle: ".Length..problem.IndexOf(" (", StringComparison.Ordinal)].Split(" -> ");
        Assert.Equal(cycle[0], cycle[^1]);
        Assert.Equal(["scene_asset_e001_s002_a001", "scene_end_e001_s001"], cycle.Skip(1).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_unknown_mode_or_start_is_a_422_by_path()
    {
        await using var app = new DramaGenApplication();
        var document = SampleDramas.Document("drama_badmodes");
        Scene(document, 0)["assets"]![0]!["mode"] = "morph";
        Scene(document, 1)["startFrom"] = "the_beginning";

        var response = await app.CreateClient().PostAsJsonAsync("/dramas", document);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Contains("first_last", errors["episodes[0].scenes[0].assets[0].mode"]![0]!.GetValue<string>());
        Assert.Contains("previous_end", errors["episodes[0].scenes[1].startFrom"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_first_last_clip_without_an_end_frame_is_a_422_naming_the_clip()
    {
        await using var app = new DramaGenApplication();
        var document = SampleDramas.Document("drama_noend");
        Scene(document, 1)["assets"]![0]!["mode"] = "first_last";

        var response = await app.CreateClient().PostAsJsonAsync("/dramas", document);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("scene_asset_e001_s002_a001 is a first_last clip but scene 'e001/s002' has no endFrame",
            (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["dependsOn"]!.AsArray().Single()!.GetValue<string>());
    }

    [Fact]
    public async Task Keyframes_modes_and_starts_are_stored_beside_the_cut_transition()
    {
        await using var app = new DramaGenApplication();
        var client = app.CreateClient();
        var document = SampleDramas.Document("drama_keyframes");
        Scene(document, 0)["endFrame"] = new JsonObject { ["prompt"] = "the door closes" };
        Scene(document, 0)["transitionFrame"] = new JsonObject { ["prompt"] = "the tide comes in" };
        Scene(document, 0)["transition"] = "fade";
        Scene(document, 0)["assets"]![0]!["mode"] = "first_last";
        Scene(document, 1)["startFrom"] = "previous_end";

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", document)).StatusCode);

        var stored = (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_keyframes"))!;
        var first = stored["episodes"]![0]!["scenes"]![0]!;
        Assert.Equal("the door closes", first["endFrame"]!["prompt"]!.GetValue<string>());
        Assert.Equal("the tide comes in", first["transitionFrame"]!["prompt"]!.GetValue<string>());
        Assert.Equal("fade", first["transition"]!.GetValue<string>());
        Assert.Equal("first_last", first["assets"]![0]!["mode"]!.GetValue<string>());
        Assert.Equal("previous_end", stored["episodes"]![0]!["scenes"]![1]!["startFrom"]!.GetValue<string>());
    }
}
