using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DramaGen.Tests.Generation.Runs;

/// <summary>
/// The service is SIGKILLed in the middle of a run and started again on the same disk: the run completes,
/// every node's provider is paid exactly once in total (the local providers log each call to LOCAL_CALL_LOG;
/// a video already submitted is polled again as "video.resume", not submitted), and no job file is corrupt.
/// </summary>
public sealed class CrashResumeProcessTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dramagen-crash-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["JOBS_DIR"] = Path.Combine(_root, "jobs"),
        ["STORAGE_DIR"] = Path.Combine(_root, "storage"),
        ["LOCAL_CALL_LOG"] = Path.Combine(_root, "calls.log"),
        ["LOCAL_IMAGE_LATENCY_MS"] = "100",
        ["LOCAL_VIDEO_LATENCY_MS"] = "2500",
        ["LOCAL_MEDIA_SIZE"] = "64",
        ["TEXT_PROVIDER"] = "local",
        ["IMAGE_PROVIDER"] = "local",
        ["VIDEO_PROVIDER"] = "local",
        ["IMAGE_MAX_CONCURRENCY"] = "4",
        ["VIDEO_MAX_CONCURRENCY"] = "2",
        ["API_KEYS"] = "",
        ["ENVIRONMENT"] = "development",
        // Priced as a drill, so the cost after a crash can be compared with the cost of the run without one.
        ["PRICES__local__*__per_image"] = "0.01",
        ["PRICES__local__*__per_video_second"] = "0.25",
    };

    internal static JsonObject Drama() => new()
    {
        ["id"] = "drama_crash",
        ["title"] = "Crash",
        ["premise"] = "A run interrupted.",
        ["style"] = "plain",
        ["aspectRatio"] = "9:16",
        ["characters"] = new JsonArray([.. Enumerable.Range(1, 3).Select(c => (JsonNode)new JsonObject
        {
            ["id"] = $"c{c}", ["name"] = $"Person {c}", ["description"] = $"Person number {c}.",
            ["assets"] = new JsonArray(new JsonObject { ["id"] = "a1", ["type"] = "video", ["tag"] = "audition", ["prompt"] = $"Person {c} says hello", ["durationSeconds"] = 1 }),
        })]),
        ["episodes"] = new JsonArray(new JsonObject
        {
            ["id"] = "e1", ["title"] = "One",
            ["scenes"] = new JsonArray([.. Enumerable.Range(1, 4).Select(s => (JsonNode)new JsonObject
            {
                ["id"] = $"s{s}", ["title"] = $"Scene {s}", ["description"] = $"Things happen, part {s}.", ["location"] = "Here",
                ["characters"] = new JsonArray($"c{s % 3 + 1}"),
                ["assets"] = new JsonArray(new JsonObject { ["id"] = "a1", ["type"] = "video", ["tag"] = "clip", ["prompt"] = $"Clip {s}", ["durationSeconds"] = 1 }),
            })]),
        }),
    };

    [Fact]
    public async Task A_run_killed_mid_way_completes_after_a_restart_paying_each_node_once()
    {
        string parentLocation;
        decimal uninterrupted;
        await using (var first = await ServiceProcess.StartAsync(Environment()))
        {
            Assert.Equal(HttpStatusCode.Created, (await first.Client.PostAsJsonAsync("/dramas", Drama())).StatusCode);
            // What the run costs without a crash: every node once, as the local providers bill (7 images, 7 one-second videos).
            uninterrupted = (decimal)(await first.Client.GetFromJsonAsync<JsonObject>("/dramas/drama_crash/plan"))!["cost"]!["totalUsd"]!;
            Assert.Equal(7 * 0.01m + 7 * 0.25m, uninterrupted);
            var accepted = await first.Client.PostAsync("/dramas/drama_crash/generate", null);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            parentLocation = accepted.Headers.Location!.OriginalString;

            // Kill once every image is done and videos are being made, but not all of them are finished.
            await first.Client.WaitForJobAsync(parentLocation, until: parent =>
            {
                var children = parent["jobs"]!.AsArray().Select(child => child!.AsObject()).ToList();
                var images = children.Where(child => child["job_type"]!.GetValue<string>() == "image").ToList();
                var videos = children.Where(child => child["job_type"]!.GetValue<string>() == "video").ToList();
                return images.Count == 7 && images.All(child => JobWaiting.Status(child) == "completed")
                    && videos.Any(child => child["metadata"]!["operation_id"] is not null)
                    && videos.Any(child => JobWaiting.Status(child) != "completed");
            });
            first.Kill();
        }
        AssertJobFilesAreWhole();

        await using var second = await ServiceProcess.StartAsync(Environment());
        var finished = await second.Client.WaitForJobAsync(parentLocation);

        Assert.Equal("completed", JobWaiting.Status(finished));
        Assert.All(finished["jobs"]!.AsArray(), child => Assert.Equal("completed", JobWaiting.Status(child!.AsObject())));
        var calls = File.ReadAllLines(Path.Combine(_root, "calls.log")).Select(line => line.Split('\t')).ToList();
        var paid = calls.Where(call => call[1] is "image" or "video").GroupBy(call => (call[1], call[2])).ToList();
        Assert.All(paid, call => Assert.Single(call));
        Assert.Equal(7, paid.Count(call => call.Key.Item1 == "image"));
        Assert.Equal(7, paid.Count(call => call.Key.Item1 == "video"));
        Assert.Contains(calls, call => call[1] == "video.resume");
        AssertJobFilesAreWhole();
        // No video operation paid twice, no cost counted twice: the crash changed nothing in what the run cost.
        Assert.Equal(uninterrupted, (decimal)finished["cost_usd"]!);
        Assert.Equal(uninterrupted, finished["jobs"]!.AsArray().Sum(child => (decimal?)child!["cost_usd"] ?? 0m));
        Assert.Equal(uninterrupted, (decimal)(await second.Client.GetFromJsonAsync<JsonObject>("/dramas/drama_crash/costs"))!["total_usd"]!);

        var drama = (await second.Client.GetFromJsonAsync<JsonObject>("/dramas/drama_crash"))!;
        var urls = drama["characters"]!.AsArray().Select(c => c!["imageUrl"]).Concat(drama["characters"]!.AsArray().Select(c => c!["assets"]![0]!["url"]))
            .Concat(drama["episodes"]![0]!["scenes"]!.AsArray().SelectMany(s => new[] { s!["imageUrl"], s["assets"]![0]!["url"] }))
            .Select(url => url?.GetValue<string>()).ToList();
        Assert.Equal(14, urls.Count);
        foreach (var url in urls)
        {
            Assert.NotNull(url);
            Assert.Equal(HttpStatusCode.OK, (await second.Client.GetAsync(url)).StatusCode);
        }
    }

    [Fact]
    public async Task A_SIGTERM_lets_the_image_calls_in_flight_finish_and_the_restart_does_not_pay_them_again()
    {
        var environment = Environment();
        environment["LOCAL_IMAGE_LATENCY_MS"] = "4000";
        environment["IMAGE_MAX_CONCURRENCY"] = "2";
        environment["SHUTDOWN_GRACE_SECONDS"] = "25";
        string parentLocation;
        List<string> runningAtStop;
        await using (var first = await ServiceProcess.StartAsync(environment))
        {
            Assert.Equal(HttpStatusCode.Created, (await first.Client.PostAsJsonAsync("/dramas", Drama())).StatusCode);
            var accepted = await first.Client.PostAsync("/dramas/drama_crash/generate", null);
            parentLocation = accepted.Headers.Location!.OriginalString;
            var parent = await first.Client.WaitForJobAsync(parentLocation, until: job => job["jobs"]!.AsArray()
                .Any(child => child!["job_type"]!.GetValue<string>() == "image" && JobWaiting.Status(child.AsObject()) == "running"));
            runningAtStop = [.. parent["jobs"]!.AsArray().Select(child => child!.AsObject())
                .Where(child => child["job_type"]!.GetValue<string>() == "image" && JobWaiting.Status(child) == "running")
                .Select(child => child["job_id"]!.GetValue<string>())];

            await first.StopAsync();

            Assert.Contains("Shutting down", first.Output);
        }
        AssertJobFilesAreWhole();
        // The calls in flight at the SIGTERM finished and were recorded before the process exited; the run is left resumable.
        var onDisk = Directory.GetFiles(Path.Combine(_root, "jobs"), "*.json")
            .Select(file => JsonNode.Parse(File.ReadAllText(file))!.AsObject())
            .ToDictionary(job => job["job_id"]!.GetValue<string>(), JobWaiting.Status);
        Assert.All(runningAtStop, jobId => Assert.Equal("completed", onDisk[jobId]));
        Assert.NotEqual("completed", onDisk[parentLocation.Split('/')[^1]]);

        await using var second = await ServiceProcess.StartAsync(environment);
        var finished = await second.Client.WaitForJobAsync(parentLocation);

        Assert.Equal("completed", JobWaiting.Status(finished));
        var paid = File.ReadAllLines(Path.Combine(_root, "calls.log")).Select(line => line.Split('\t'))
            .Where(call => call[1] is "image" or "video").GroupBy(call => (call[1], call[2])).ToList();
        Assert.All(paid, call => Assert.Single(call));
        Assert.Equal(7, paid.Count(call => call.Key.Item1 == "image"));
    }

    private void AssertJobFilesAreWhole()
    {
        var files = Directory.GetFiles(Path.Combine(_root, "jobs"), "*.json");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            Assert.Equal(Path.GetFileNameWithoutExtension(file), document.RootElement.GetProperty("job_id").GetString());
        }
    }

}
