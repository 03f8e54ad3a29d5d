using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Tests.Providers.Local;

namespace DramaGen.Tests.Generation.Cuts;

/// <summary>Episodes cut into films by real ffmpeg from the local providers' media, checked with ffprobe.</summary>
public sealed class EpisodeCutTests
{
    internal static DramaGenApplication App(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["EPISODE_CUTS"] = "true", ["DEFAULT_VIDEO_DURATION"] = "2", ["LOCAL_MEDIA_SIZE"] = "96",
            ["CUT_SIZE"] = "144", ["CUT_FPS"] = "12", ["CUT_TITLE_SECONDS"] = "1", ["CUT_X264_PRESET"] = "ultrafast",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        return new DramaGenApplication(settings);
    }

    internal static object Document(string id) => new
    {
        id,
        title = "The Lantern",
        premise = "A lighthouse keeper's daughter finds a lantern that shows the future.",
        aspectRatio = "9:16",
        transition = "dissolve",
        characters = new[] { new { id = "c001", name = "Mara", description = "The keeper's daughter." } },
        episodes = new[]
        {
            Episode("e001", "Storm"),
            Episode("e002", "Calm"),
        },
    };

    private static object Episode(string id, string title) => new
    {
        id,
        title,
        scenes = new object[]
        {
            new
            {
                id = "s001", title = "The rocks", description = "Night, storm.", transition = "cut", characters = new[] { "c001" },
                assets = new[] { Clip() },
                lines = new[]
                {
                    new { id = "l001", speaker = "c001", text = $"The storm of {title} is coming." },
                    new { id = "l002", speaker = "narrator", text = "She climbs the stairs." },
                },
            },
            new
            {
                id = "s002", title = "The lamp room", description = "The lantern glows.", characters = new[] { "c001" },
                assets = new[] { Clip() },
                lines = new[] { new { id = "l001", speaker = "c001", text = "It shows me tomorrow." } },
            },
        },
    };

    private static object Clip() => new { id = "a001", type = "video", tag = "clip", prompt = "waves on the rocks", durationSeconds = 2 };

    internal static async Task<JsonObject> GenerateAsync(HttpClient client, string dramaId)
    {
        var response = await client.PostAsJsonAsync($"/dramas/{dramaId}/generate", new { });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await client.WaitForJobAsync(response);
    }

    internal static async Task<string> DownloadAsync(HttpClient client, string url, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dramagen-cut-test-{Guid.NewGuid():N}.{extension}");
        await File.WriteAllBytesAsync(path, await client.GetByteArrayAsync(url));
        return path;
    }

    [Fact]
    public async Task A_generated_episode_is_cut_into_one_film_of_the_timelines_length_size_and_rate_with_a_poster()
    {
        await using var app = App();
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", Document("drama_cut1"))).StatusCode);

        var run = await GenerateAsync(client, "drama_cut1");

        Assert.Equal("completed", run["status"]!.GetValue<string>());
        var drama = (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_cut1"))!;
        var episode = drama["episodes"]![0]!;
        var timeline = (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_cut1/episodes/e001/timeline"))!;
        var expected = timeline["durationSeconds"]!.GetValue<double>();
        var segments = timeline["segments"]!.AsArray().Select(segment => segment!.AsObject()).ToList();
        Assert.Equal(["title", "clip", "clip"], segments.Select(segment => segment["kind"]!.GetValue<string>()));
        // The title dissolves into s001 (0.5 s), s001 cuts to s002; spoken scenes outlast their 2 s clips and hold.
        Assert.Equal(segments.Sum(segment => segment["duration"]!.GetValue<double>() - segment["transitionSeconds"]!.GetValue<double>()), expected, 3);
        Assert.True(segments[1]["holdSeconds"]!.GetValue<double>() > 0);
        Assert.Equal(expected, episode["durationSeconds"]!.GetValue<double>(), 3);
        Assert.EndsWith("/assets/cut_e001.mp4", episode["cutUrl"]!.GetValue<string>());

        var cut = await DownloadAsync(client, episode["cutUrl"]!.GetValue<string>(), "mp4");
        try
        {
            var probe = await FfprobeReport.StreamsAsync(cut);
            var video = Assert.Single(probe.OfType("video"));
            Assert.Equal("h264", video.CodecName);
            Assert.Equal((144, 256), (video.Width, video.Height));
            Assert.Equal("12/1", video.FrameRate);
            Assert.Equal("aac", Assert.Single(probe.OfType("audio")).CodecName);
            Assert.Equal("mov_text", Assert.Single(probe.OfType("subtitle")).CodecName);
            Assert.InRange(probe.DurationSeconds, expected - 0.1, expected + 0.1);
            Assert.InRange(await FfprobeReport.IntegratedLoudnessAsync(cut), -17, -15);
            // The first line is heard where the timeline puts it, over the silent title card before it.
            var line = segments[1]["lines"]![0]!;
            var (start, length) = (line["start"]!.GetValue<double>(), line["duration"]!.GetValue<double>());
            var speech = await FfprobeReport.RmsDecibelsAsync(cut, start + 0.1, Math.Min(1, length - 0.2));
            var silence = await FfprobeReport.RmsDecibelsAsync(cut, 0.1, 0.5);
            Assert.True(speech > silence + 20, $"speech {speech:F1} dB against silence {silence:F1} dB");
            // +faststart: the index (moov) comes before the media data (mdat).
            var head = System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(cut))[..4096]);
            Assert.Contains("moov", head);
        }
        finally
        {
            File.Delete(cut);
        }
        var poster = await client.GetByteArrayAsync(episode["posterUrl"]!.GetValue<string>());
        Assert.Equal([0xFF, 0xD8, 0xFF], poster[..3]);
    }

    [Fact]
    public async Task A_preview_with_missing_clips_renders_storyboards_and_cards_and_is_marked_as_a_preview()
    {
        await using var app = App(new Dictionary<string, string?> { ["EPISODE_CUTS"] = "false" });
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", Document("drama_prev"))).StatusCode);
        // Only s001's storyboard exists: s001 shows it held, s002 a card with its title.
        var storyboard = await client.PostAsJsonAsync("/dramas/drama_prev/episodes/e001/scenes/s001/generate", new { });
        await client.WaitForJobAsync(storyboard);

        var response = await client.PostAsync("/dramas/drama_prev/episodes/e001/cut?preview=true", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(preview["preview"]!.GetValue<bool>());
        Assert.EndsWith("/assets/cut_e001_preview.mp4", preview["url"]!.GetValue<string>());
        var kinds = preview["timeline"]!["segments"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()).ToList();
        Assert.Equal("title", kinds[0]);
        Assert.Contains("placeholder", kinds);
        var drama = (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_prev"))!;
        Assert.Equal(preview["url"]!.GetValue<string>(), drama["episodes"]![0]!["previewUrl"]!.GetValue<string>());
        Assert.Null(drama["episodes"]![0]!["cutUrl"]);
        var file = await DownloadAsync(client, preview["url"]!.GetValue<string>(), "mp4");
        try
        {
            var probe = await FfprobeReport.StreamsAsync(file);
            Assert.InRange(probe.DurationSeconds, preview["durationSeconds"]!.GetValue<double>() - 0.1, preview["durationSeconds"]!.GetValue<double>() + 0.1);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_corrupt_clip_fails_the_cut_with_ffmpegs_reason_and_leaves_the_previous_cut_in_place()
    {
        await using var app = App();
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", Document("drama_bad"))).StatusCode);
        await GenerateAsync(client, "drama_bad");
        var before = (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_bad"))!["episodes"]![0]!;
        var cutUrl = before["cutUrl"]!.GetValue<string>();
        var previous = await client.GetByteArrayAsync(cutUrl);
        var clipUrl = before["scenes"]![0]!["assets"]![0]!["url"]!.GetValue<string>();
        await File.WriteAllBytesAsync(Path.Combine(app.StorageDir, clipUrl["/files/".Length..]), "not a video at all"u8.ToArray());
        // A new transition changes the cut's timeline but not the clip, so only the cut runs, on the corrupt file.
        var patch = new HttpRequestMessage(HttpMethod.Patch, "/dramas/drama_bad/episodes/e001/scenes/s001")
        {
            Content = JsonContent.Create(new { transition = "fade" }),
        };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(patch)).StatusCode);

        var run = await GenerateAsync(client, "drama_bad");

        var cutJob = run["jobs"]!.AsArray().Single(child => child!["asset_id"]!.GetValue<string>() == "cut_e001")!;
        Assert.Equal("failed", cutJob["status"]!.GetValue<string>());
        Assert.Contains("ffmpeg failed", cutJob["error"]!.GetValue<string>());
        Assert.Contains("Invalid data", cutJob["error"]!.GetValue<string>());
        var after = (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_bad"))!["episodes"]![0]!;
        Assert.Equal(cutUrl, after["cutUrl"]!.GetValue<string>());
        Assert.Equal(previous, await client.GetByteArrayAsync(cutUrl));
    }

    [Fact]
    public async Task Asking_for_an_unknown_episode_or_a_cut_with_cuts_turned_off_is_a_problem_not_a_crash()
    {
        await using var app = App(new Dictionary<string, string?> { ["EPISODE_CUTS"] = "false" });
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", Document("drama_off"))).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dramas/drama_off/episodes/e404/timeline")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/dramas/drama_off/episodes/e404/cut?preview=true", null)).StatusCode);
        var off = await client.PostAsync("/dramas/drama_off/episodes/e001/cut", null);
        Assert.Equal(HttpStatusCode.Conflict, off.StatusCode);
        Assert.Equal("application/problem+json", off.Content.Headers.ContentType!.MediaType);
    }
}
