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

    [Fact]
    public async Task A_transition_object_is_stored_as_the_effect_and_a_transition_frame_and_planned()
    {
        await using var app = new DramaGenApplication();
        var client = app.CreateClient();
        var document = SampleDramas.Document("drama_transobj", scenes: 3);
        Scene(document, 0)["transition"] = new JsonObject { ["effect"] = "fade", ["frame"] = true, ["prompt"] = "the tide comes in" };
        Scene(document, 1)["transition"] = new JsonObject { ["frame"] = true };

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", document)).StatusCode);

        var scenes = (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_transobj"))!["episodes"]![0]!["scenes"]!;
        Assert.Equal("fade", scenes[0]!["transition"]!.GetValue<string>());
        Assert.Equal("the tide comes in", scenes[0]!["transitionFrame"]!["prompt"]!.GetValue<string>());
        Assert.Null(scenes[1]!["transition"]);
        Assert.Equal("", scenes[1]!["transitionFrame"]!["prompt"]!.GetValue<string>());
        var plan = (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_transobj/plan"))!["nodes"]!.AsArray()
            .Select(node => node!["id"]!.GetValue<string>()).ToList();
        Assert.Contains("scene_trans_e001_s001", plan);
        Assert.Contains("scene_trans_e001_s002", plan);
    }

    [Fact]
    public async Task A_scene_patch_with_a_transition_object_keeps_an_absent_effect_and_frame_false_drops_the_frame()
    {
        await using var app = new DramaGenApplication();
        var client = app.CreateClient();
        var document = SampleDramas.Document("drama_transpatch");
        Scene(document, 0)["transition"] = "dissolve";
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", document)).StatusCode);
        const string url = "/dramas/drama_transpatch/episodes/e001/scenes/s001";

        var asked = await client.PatchAsJsonAsync(url, new JsonObject { ["transition"] = new JsonObject { ["frame"] = true, ["prompt"] = "dawn" } });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var scene = (await asked.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("dissolve", scene["transition"]!.GetValue<string>());
        Assert.Equal("dawn", scene["transitionFrame"]!["prompt"]!.GetValue<string>());

        var dropped = await client.PatchAsJsonAsync(url, new JsonObject { ["transition"] = new JsonObject { ["effect"] = "wipe", ["frame"] = false } });
        Assert.Equal(HttpStatusCode.OK, dropped.StatusCode);
        var stored = (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_transpatch"))!["episodes"]![0]!["scenes"]![0]!.AsObject();
        Assert.Equal("wipe", stored["transition"]!.GetValue<string>());
        Assert.False(stored.ContainsKey("transitionFrame"));
    }

    [Fact]
    public async Task A_drama_patch_of_episodes_reads_the_transition_object_of_each_scene()
    {
        await using var app = new DramaGenApplication();
        var client = app.CreateClient();
        var document = SampleDramas.Document("drama_transdoc");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", document)).StatusCode);
        var episodes = document["episodes"]!.DeepClone().AsArray();
        episodes[0]!["scenes"]![0]!["transition"] = new JsonObject { ["effect"] = "cut", ["frame"] = true };

        var response = await client.PatchAsJsonAsync("/dramas/drama_transdoc", new JsonObject { ["episodes"] = episodes });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var scene = (await response.Content.ReadFromJsonAsync<JsonObject>())!["episodes"]![0]!["scenes"]![0]!;
        Assert.Equal("cut", scene["transition"]!.GetValue<string>());
        Assert.NotNull(scene["transitionFrame"]);
    }

    [Fact]
    public async Task An_episode_patch_of_scenes_reads_the_transition_object_and_names_a_bad_one_by_its_patch_path()
    {
        await using var app = new DramaGenApplication();
        var client = app.CreateClient();
        var document = SampleDramas.Document("drama_transep");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", document)).StatusCode);
        var scenes = document["episodes"]![0]!["scenes"]!.DeepClone().AsArray();
        scenes[1]!["transition"] = new JsonObject { ["frame"] = "yes" };
        const string url = "/dramas/drama_transep/episodes/e001";

        var bad = await client.PatchAsJsonAsync(url, new JsonObject { ["scenes"] = scenes.DeepClone() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal(["scenes[1].transition.frame"], (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(error => error.Key));

        scenes[1]!["transition"] = "wipe";
        scenes[0]!["transition"] = new JsonObject { ["effect"] = "dissolve", ["frame"] = true, ["prompt"] = "the fog lifts" };
        var good = await client.PatchAsJsonAsync(url, new JsonObject { ["scenes"] = scenes });
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var stored = (await good.Content.ReadFromJsonAsync<JsonObject>())!["scenes"]!;
        Assert.Equal(("dissolve", "the fog lifts", "wipe"), (stored[0]!["transition"]!.GetValue<string>(),
            stored[0]!["transitionFrame"]!["prompt"]!.GetValue<string>(), stored[1]!["transition"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_badly_shaped_transition_object_is_a_422_naming_each_path()
    {
        await using var app = new DramaGenApplication();
        var client = app.CreateClient();
        var document = SampleDramas.Document("drama_transbad");
        Scene(document, 0)["transition"] = new JsonObject { ["frame"] = "yes" };
        Scene(document, 1)["transition"] = new JsonObject { ["effect"] = "morph", ["frame"] = true, ["colour"] = "red" };

        var response = await client.PostAsJsonAsync("/dramas", document);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["episodes[0].scenes[0].transition.frame", "episodes[0].scenes[1].transition.colour", "episodes[0].scenes[1].transition.effect"],
            errors.Select(error => error.Key).Order(StringComparer.Ordinal));
        Assert.Contains("dissolve", errors["episodes[0].scenes[1].transition.effect"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dramas/drama_transbad")).StatusCode);
    }

    [Theory]
    [InlineData("""{"transition": 5}""", "transition")]
    [InlineData("""{"transition": {"frame": true, "prompt": 7}}""", "transition.prompt")]
    [InlineData("""{"transition": {"frame": false, "prompt": "dawn"}}""", "transition.prompt")]
    [InlineData("""{"transition": {"effect": "fade"}}""", "transition.frame")]
    [InlineData("""{"transition": {"frame": true}, "transitionFrame": {"prompt": "dawn"}}""", "transition")]
    public async Task A_scene_patch_with_a_bad_transition_shape_is_a_422_naming_the_path_and_changes_nothing(string patch, string path)
    {
        await using var app = new DramaGenApplication();
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_transbadpatch"))).StatusCode);
        var before = await client.GetStringAsync("/dramas/drama_transbadpatch");

        var response = await client.PatchAsync("/dramas/drama_transbadpatch/episodes/e001/scenes/s001",
            new StringContent(patch, System.Text.Encoding.UTF8, "application/merge-patch+json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal([path], (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(error => error.Key));
        Assert.Equal(before, await client.GetStringAsync("/dramas/drama_transbadpatch"));
    }
}
