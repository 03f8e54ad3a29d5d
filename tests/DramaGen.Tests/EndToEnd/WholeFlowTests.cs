using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace DramaGen.Tests.EndToEnd;

/// <summary>Premise to drama to media through the HTTP API, on the local providers, as a user would do it.</summary>
public sealed class WholeFlowTests
{
    private static async Task<string> StartAsync(HttpClient client, string url, object? body = null)
    {
        var response = await client.PostAsJsonAsync(url, body ?? new { });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    private static IEnumerable<(string What, string? Url)> MediaOf(JsonObject drama)
    {
        foreach (var character in drama["characters"]!.AsArray())
        {
            yield return ($"portrait {character!["id"]}", character["imageUrl"]?.GetValue<string>());
            foreach (var asset in character["assets"]!.AsArray()) yield return ($"character asset {asset!["id"]}", asset["url"]?.GetValue<string>());
        }
        foreach (var episode in drama["episodes"]!.AsArray())
        foreach (var scene in episode!["scenes"]!.AsArray())
        {
            yield return ($"storyboard {scene!["id"]}", scene["imageUrl"]?.GetValue<string>());
            foreach (var asset in scene["assets"]!.AsArray()) yield return ($"scene asset {asset!["id"]}", asset["url"]?.GetValue<string>());
            foreach (var line in scene["lines"]!.AsArray()) yield return ($"line {scene["id"]}/{line!["id"]}", line["audioUrl"]?.GetValue<string>());
        }
    }

    [Fact]
    public async Task Premise_becomes_a_drama_whose_every_portrait_storyboard_and_clip_is_a_real_file_and_a_second_generate_does_nothing()
    {
        var callLog = Path.Combine(Path.GetTempPath(), $"dramagen-calls-{Guid.NewGuid():N}.log");
        await using var app = new DramaGenApplication(new Dictionary<string, string?>
        {
            ["LOCAL_CALL_LOG"] = callLog, ["DEFAULT_VIDEO_DURATION"] = "2", ["LOCAL_MEDIA_SIZE"] = "128",
        });
        var client = app.CreateClient();

        var writing = await client.WaitForJobAsync(await StartAsync(client, "/dramas",
            new { premise = "A night-shift nurse discovers the hospital's ghost is her future self.", episodes = 1, scenesPerEpisode = 2 }));
        Assert.Equal("completed", writing["status"]!.GetValue<string>());
        var dramaId = writing["result"]!["dramaId"]!.GetValue<string>();

        var run = await client.WaitForJobAsync(await StartAsync(client, $"/dramas/{dramaId}/generate"));
        Assert.Equal("completed", run["status"]!.GetValue<string>());
        Assert.Equal(run["total_jobs"]!.GetValue<int>(), run["completed_jobs"]!.GetValue<int>());

        var drama = (await client.GetFromJsonAsync<JsonObject>($"/dramas/{dramaId}"))!;
        var media = MediaOf(drama).ToList();
        Assert.Contains(media, item => item.What.StartsWith("line "));
        Assert.All(media, item => Assert.False(string.IsNullOrEmpty(item.Url), $"{item.What} has no url"));
        foreach (var (what, url) in media)
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{what}: GET {url} gave {response.StatusCode}");
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var type = response.Content.Headers.ContentType!.MediaType;
            if (type == "image/png") Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            else if (type == "audio/wav") Assert.Equal("RIFF"u8.ToArray(), bytes[..4]);
            else Assert.Equal("video/mp4", type);
        }
        foreach (var episode in drama["episodes"]!.AsArray())
        {
            var subtitles = episode!["subtitlesUrl"]?.GetValue<string>();
            Assert.False(string.IsNullOrEmpty(subtitles), $"episode {episode["id"]} has no subtitles");
            var vtt = await client.GetAsync(subtitles);
            Assert.Equal(HttpStatusCode.OK, vtt.StatusCode);
            Assert.Equal("text/vtt", vtt.Content.Headers.ContentType!.MediaType);
            var text = await vtt.Content.ReadAsStringAsync();
            Assert.StartsWith("WEBVTT", text);
            var lines = episode["scenes"]!.AsArray().Sum(scene => scene!["lines"]!.AsArray().Count);
            Assert.Equal(lines, text.Split(" --> ").Length - 1);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(subtitles![..^4] + ".srt")).StatusCode);
        }
        var library = (await client.GetFromJsonAsync<JsonArray>($"/asset-library/list?project_name={dramaId}"))!;
        Assert.Equal(media.Count, library.Count);
        Assert.All(library, asset => Assert.Equal("ai_generation", asset!["metadata"]!["source"]!.GetValue<string>()));
        var callsAfterFirstRun = File.ReadAllLines(callLog).Length;

        var again = await client.WaitForJobAsync(await StartAsync(client, $"/dramas/{dramaId}/generate"));
        Assert.Equal("completed", again["status"]!.GetValue<string>());
        Assert.Equal(callsAfterFirstRun, File.ReadAllLines(callLog).Length);
        File.Delete(callLog);
    }

    [Fact]
    public async Task A_drama_with_an_audio_asset_and_no_speech_provider_fails_that_node_with_a_clear_reason()
    {
        await using var app = new DramaGenApplication(new Dictionary<string, string?>
        {
            ["ESPEAK_NG_PATH"] = "/nonexistent/espeak-ng", ["DEFAULT_VIDEO_DURATION"] = "1", ["LOCAL_MEDIA_SIZE"] = "64",
        });
        var client = app.CreateClient();
        var document = DramaGen.Tests.Dramas.SampleDramas.Document("drama_mute", scenes: 1);
        document["episodes"]![0]!["scenes"]![0]!["assets"]!.AsArray()
            .Add(new JsonObject { ["id"] = "a002", ["type"] = "audio", ["tag"] = "voiceover", ["prompt"] = "Years later.", ["dependsOn"] = new JsonArray() });
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", document)).StatusCode);

        var run = await client.WaitForJobAsync(await StartAsync(client, "/dramas/drama_mute/generate"));

        var node = run["jobs"]!.AsArray().Single(child => child!["asset_id"]!.GetValue<string>() == "scene_asset_e001_s001_a002")!;
        Assert.Equal("failed", node["status"]!.GetValue<string>());
        Assert.Contains("espeak-ng could not be started", node["error"]!.GetValue<string>());
        Assert.Contains("ESPEAK_NG_PATH", node["error"]!.GetValue<string>());
        var asset = (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_mute/episodes/e001/scenes/s001/assets/a002"))!;
        Assert.Equal("failed", asset["status"]!.GetValue<string>());
        Assert.Null(asset["url"]?.GetValue<string>());
    }

    [Fact]
    public async Task Deleting_a_drama_removes_media_filed_under_another_user_and_project()
    {
        await using var app = new DramaGenApplication(new Dictionary<string, string?> { ["DEFAULT_VIDEO_DURATION"] = "1", ["LOCAL_MEDIA_SIZE"] = "64" });
        var client = app.CreateClient();
        var writing = await client.WaitForJobAsync(await StartAsync(client, "/dramas",
            new { premise = "A lighthouse that only shines for ghosts.", episodes = 1, scenesPerEpisode = 1 }));
        var dramaId = writing["result"]!["dramaId"]!.GetValue<string>();
        var run = await client.WaitForJobAsync(await StartAsync(client, $"/dramas/{dramaId}/generate",
            new { user_id = "studio7", project_name = "pilot" }));
        Assert.Equal("completed", run["status"]!.GetValue<string>());
        var filed = await client.GetFromJsonAsync<JsonArray>("/asset-library/list?user_id=studio7&project_name=pilot");
        Assert.NotEmpty(filed!);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/dramas/{dramaId}")).StatusCode);

        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/asset-library/list?user_id=studio7&project_name=pilot"))!);
    }
}
