using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Generation.Runs;
using DramaGen.Jobs;
using DramaGen.Jobs.Files;
using DramaGen.Tests.VirtualTime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Jobs;

/// <summary>
/// JOBS_DIR stops being writable in the middle of a run (the directory is swapped for a file: that fails for root
/// too, which CI runs as): the run stops starting nodes and ends failed in memory, routes that write jobs answer a 503
/// problem saying so, /health names the jobs directory; once it is back the failed run reaches its file within a
/// second of virtual time, without a restart.
/// </summary>
public sealed class UnwritableJobsDirectoryTests
{
    private static JsonObject Drama() => new()
    {
        ["id"] = "drama_unwritable",
        ["title"] = "Unwritable",
        ["premise"] = "A disk fills up.",
        ["characters"] = new JsonArray(
            new JsonObject { ["id"] = "c1", ["name"] = "Ann", ["description"] = "A clerk." },
            new JsonObject { ["id"] = "c2", ["name"] = "Bo", ["description"] = "A porter." }),
        ["episodes"] = new JsonArray(new JsonObject
        {
            ["id"] = "e1", ["title"] = "One",
            ["scenes"] = new JsonArray(new JsonObject { ["id"] = "s1", ["title"] = "Full", ["description"] = "The disk is full.", ["characters"] = new JsonArray("c1", "c2") }),
        }),
    };

    [Fact]
    public async Task A_run_whose_jobs_cannot_be_written_ends_failed_routes_answer_503_and_the_failure_lands_once_the_directory_is_back()
    {
        var time = new WatchedTimeProvider(new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T10:00:00Z")));
        await using var app = new DramaGenApplication(
            new Dictionary<string, string?> { ["LOCAL_IMAGE_LATENCY_MS"] = "60000", ["IMAGE_MAX_CONCURRENCY"] = "1" },
            services => services.AddSingleton<TimeProvider>(time));
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", Drama())).StatusCode);
        var accepted = await client.PostAsync("/dramas/drama_unwritable/generate", null);
        var location = accepted.Headers.Location!.OriginalString;
        var parentJobId = location.Split('/')[^1];
        await client.WaitForJobAsync(location, until: parent => parent["jobs"]!.AsArray().Any(child => JobWaiting.Status(child!.AsObject()) == "running"));

        var away = app.JobsDir + ".away";
        Directory.Move(app.JobsDir, away);
        File.WriteAllText(app.JobsDir, "a file where the jobs directory was");
        await new VirtualTimeDriver(time.Clock, time).RunUntilAsync(app.Services.GetRequiredService<GenerationRuns>().WhenFinishedAsync(parentJobId));

        var failed = await client.GetFromJsonAsync<JsonObject>(location);
        Assert.Equal("failed", JobWaiting.Status(failed!));
        Assert.Contains("JOBS_DIR", failed!["error"]!.GetValue<string>());
        Assert.DoesNotContain(failed["jobs"]!.AsArray(), child => JobWaiting.Status(child!.AsObject()) is "pending" or "running");
        // Nothing new started: the second portrait never called the provider.
        Assert.Contains(failed["jobs"]!.AsArray(), child => JobWaiting.Status(child!.AsObject()) == "failed");

        var refused = await client.PostAsync("/dramas/drama_unwritable/generate", null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Jobs directory unavailable", problem["title"]!.GetValue<string>());
        Assert.Contains("JOBS_DIR", problem["detail"]!.GetValue<string>());
        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var report = (await health.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("unwritable", report["jobs_dir"]!["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(report["jobs_dir"]!["error"]!.GetValue<string>()));
        Assert.Equal("running", ParentStatusOnDisk(away, parentJobId));

        File.Delete(app.JobsDir);
        Directory.Move(away, app.JobsDir);
        var restoredAt = time.GetUtcNow();
        await new VirtualTimeDriver(time.Clock, time).RunUntilAsync(app.Services.GetRequiredService<JobsDirectoryHealth>().WhenWritableAsync());

        Assert.True(time.GetUtcNow() - restoredAt <= JobsDirectoryRecovery.RetryInterval);
        Assert.Equal("failed", ParentStatusOnDisk(app.JobsDir, parentJobId));
        var healthy = await client.GetFromJsonAsync<JsonObject>("/health");
        Assert.Equal("ok", healthy!["jobs_dir"]!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/dramas/drama_unwritable/resume", null)).StatusCode);
    }

    private static string ParentStatusOnDisk(string jobsDir, string parentJobId) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(jobsDir, parentJobId + ".json")))!["status"]!.GetValue<string>();
}
