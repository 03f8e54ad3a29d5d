using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Generation.Runs;
using DramaGen.Providers;
using DramaGen.Tests.Dramas;
using DramaGen.Tests.Generation.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace DramaGen.Tests.Generation.Events;

/// <summary>
/// A client that waits for completed + failed == total (the Python frontend) must see every run finish, so the
/// parent's counts always add up to its total, and an up-to-date node counts as completed.
/// </summary>
public sealed class RunCountsInvariantTests
{
    private static readonly string[] Counted = ["completed_jobs", "failed_jobs", "running_jobs", "pending_jobs", "skipped_jobs"];

    [Fact]
    public async Task Counts_add_up_after_every_progress_event_of_a_run_with_up_to_date_failed_and_skipped_nodes()
    {
        var sequence = new CallSequence();
        var image = new FakeImageProvider(TimeProvider.System, sequence);
        var video = new FakeVideoProvider(TimeProvider.System, sequence);
        await using var app = new DramaGenApplication(services: services =>
        {
            services.AddSingleton<IImageProvider>(image);
            services.AddSingleton<IVideoProvider>(video);
        });
        var client = app.CreateClient();
        var runs = app.Services.GetRequiredService<GenerationRuns>();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_counts"))).StatusCode);
        await runs.WhenFinishedAsync(await StartAsync(client));

        // A new image model redraws every image; the fake draws the same bytes, so the videos turn out up to date,
        // except the first scene's clip: that scene changed and its storyboard is refused, so its clip is skipped.
        image.Model = "fake-image-2";
        var patched = await client.PatchAsJsonAsync("/dramas/drama_counts/episodes/e001/scenes/s001", new { description = "Night. The storm breaks." });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        image.Instrument.FailIf = prompt => prompt.Contains("The storm breaks.") ? "refused by the fake" : null;
        var jobId = await StartAsync(client);
        await using var stream = await SseReader.OpenAsync(client, $"/dramas/drama_counts/jobs/{jobId}/events");
        var events = await stream.ReadToEndAsync();

        var progress = events.Where(e => e.Event is "progress" or "end").Select(e => e.Json).ToList();
        Assert.NotEmpty(progress);
        Assert.All(progress, counts => Assert.Equal((int)counts["total_jobs"]!, Counted.Sum(field => (int)counts[field]!)));
        var end = progress[^1];
        Assert.Equal((int)end["total_jobs"]!, (int)end["completed_jobs"]! + (int)end["failed_jobs"]! + (int)end["skipped_jobs"]!);
        Assert.True((int)end["failed_jobs"]! >= 1 && (int)end["skipped_jobs"]! >= 1, end.ToJsonString());

        var job = (await client.GetFromJsonAsync<JsonObject>($"/dramas/drama_counts/jobs/{jobId}"))!;
        var children = job["jobs"]!.AsArray().Select(child => child!.AsObject()).ToList();
        var upToDate = children.Where(child => child["metadata"]?["up_to_date"] is not null).ToList();
        Assert.NotEmpty(upToDate);
        Assert.All(upToDate, child =>
        {
            Assert.Equal("completed", (string?)child["status"]);
            Assert.False(string.IsNullOrEmpty((string?)child["r2_url"]));
        });
        Assert.Equal("failed", (string?)children.Single(child => (string?)child["asset_id"] == "scene_e001_s001")["status"]);
        Assert.Contains(children, child => (string?)child["status"] == "skipped");
    }

    private static async Task<string> StartAsync(HttpClient client)
    {
        var started = await client.PostAsync("/dramas/drama_counts/generate", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        return (string)(await started.Content.ReadFromJsonAsync<JsonObject>())!["jobId"]!;
    }
}
