using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DramaGen.Tests.Dramas;

namespace DramaGen.Tests.EndToEnd;

public sealed class CrashResumeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dramagen-crash-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["STORAGE_DIR"] = Path.Combine(_root, "storage"),
        ["JOBS_DIR"] = Path.Combine(_root, "jobs"),
        ["LOCAL_CALL_LOG"] = Path.Combine(_root, "calls.log"),
        ["TEXT_PROVIDER"] = "local", ["IMAGE_PROVIDER"] = "local", ["VIDEO_PROVIDER"] = "local",
        ["LOCAL_VIDEO_LATENCY_MS"] = "600", ["VIDEO_MAX_CONCURRENCY"] = "1", ["IMAGE_MAX_CONCURRENCY"] = "2",
        ["LOCAL_MEDIA_SIZE"] = "64", ["API_KEYS"] = "", ["ENVIRONMENT"] = "production",
    };

    private static JsonObject ThreeByThreeDrama()
    {
        var drama = SampleDramas.Document("drama_crash", scenes: 3);
        var characters = drama["characters"]!.AsArray();
        characters.Add(new JsonObject
        {
            ["id"] = "c003", ["name"] = "Iris", ["description"] = "The harbour pilot.",
            ["assets"] = new JsonArray(new JsonObject { ["id"] = "a001", ["type"] = "video", ["tag"] = "audition", ["prompt"] = "Iris at the helm", ["durationSeconds"] = 1, ["dependsOn"] = new JsonArray() }),
        });
        characters[1]!["assets"] = new JsonArray(new JsonObject { ["id"] = "a001", ["type"] = "video", ["tag"] = "audition", ["prompt"] = "Tobias lights the lamp", ["durationSeconds"] = 1, ["dependsOn"] = new JsonArray() });
        characters[0]!["assets"]![0]!["durationSeconds"] = 1;
        var scenes = drama["episodes"]![0]!["scenes"]!.AsArray();
        for (var s = 0; s < scenes.Count; s++)
        {
            scenes[s]!["description"] = $"Scene {s + 1}: waves hit the rocks.";
            scenes[s]!["assets"]![0]!["prompt"] = $"The lantern flickers, take {s + 1}";
            scenes[s]!["assets"]![0]!["durationSeconds"] = 1;
        }
        return drama;
    }

    private static async Task<JsonObject> ParentAsync(HttpClient client, string location) =>
        (await client.GetFromJsonAsync<JsonObject>(location))!;

    private static IEnumerable<JsonObject> Children(JsonObject parent) =>
        parent["jobs"]?.AsArray().Select(job => job!.AsObject()) ?? [];

    [Fact]
    public async Task A_run_killed_mid_flight_completes_after_restart_with_every_provider_called_once()
    {
        var port = ServiceProcess.FreePort();
        string location;
        await using (var first = await ServiceProcess.StartAsync(port, Environment()))
        {
            var created = await first.Client.PostAsJsonAsync("/dramas", ThreeByThreeDrama());
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var started = await first.Client.PostAsJsonAsync("/dramas/drama_crash/generate", new { });
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            location = started.Headers.Location!.OriginalString;

            // Kill once every image is done and a video is half way: no image call is lost, one paid video is in flight.
            for (var attempt = 0; ; attempt++)
            {
                Assert.True(attempt < 600, "the run never reached the point to kill it");
                var parent = await ParentAsync(first.Client, location);
                var children = Children(parent).ToList();
                var images = children.Where(job => job["job_type"]!.GetValue<string>() == "image").ToList();
                var videos = children.Where(job => job["job_type"]!.GetValue<string>() == "video").ToList();
                if (images.Count == 6 && images.All(job => job["status"]!.GetValue<string>() == "completed")
                    && videos.Any(job => job["status"]!.GetValue<string>() == "completed")
                    && videos.Any(job => job["status"]!.GetValue<string>() == "running"))
                {
                    break;
                }
                await Task.Delay(50);
            }
            await first.KillAsync();
        }

        await using var second = await ServiceProcess.StartAsync(port, Environment());
        JsonObject finished;
        for (var attempt = 0; ; attempt++)
        {
            Assert.True(attempt < 600, "the resumed run never finished");
            finished = await ParentAsync(second.Client, location);
            if (finished["status"]!.GetValue<string>() is "completed" or "failed") break;
            await Task.Delay(50);
        }
        Assert.Equal("completed", finished["status"]!.GetValue<string>());
        Assert.Equal(finished["total_jobs"]!.GetValue<int>(), finished["completed_jobs"]!.GetValue<int>());

        var calls = File.ReadAllLines(Environment()["LOCAL_CALL_LOG"]).Select(line => line.Split('\t')).ToList();
        var submissions = calls.Where(call => call[1] is "image" or "video").GroupBy(call => (call[1], call[2])).ToList();
        Assert.Equal(6, submissions.Count(group => group.Key.Item1 == "image"));
        Assert.Equal(6, submissions.Count(group => group.Key.Item1 == "video"));
        Assert.All(submissions, group => Assert.Single(group));
        var resumed = calls.Where(call => call[1] == "video.resume").Select(call => call[2]).ToList();
        Assert.NotEmpty(resumed);
        Assert.All(resumed, hash => Assert.Contains(submissions, group => group.Key == ("video", hash)));

        foreach (var file in Directory.EnumerateFiles(Environment()["JOBS_DIR"], "*.json"))
        {
            Assert.NotNull(JsonNode.Parse(File.ReadAllText(file)));
        }
        var drama = (await second.Client.GetFromJsonAsync<JsonObject>("/dramas/drama_crash"))!;
        Assert.All(drama["characters"]!.AsArray(), character => Assert.NotNull(character!["imageUrl"]?.GetValue<string>()));
        Assert.All(drama["episodes"]![0]!["scenes"]!.AsArray(), scene =>
        {
            Assert.NotNull(scene!["imageUrl"]?.GetValue<string>());
            Assert.NotNull(scene["assets"]![0]!["url"]?.GetValue<string>());
        });
    }
}
