using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Dramas;
using DramaGen.Generation.Media;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Runs;
using DramaGen.Generation.State;
using DramaGen.Jobs;
using DramaGen.Tests.Dramas;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DramaGen.Tests.Generation.Runs;

/// <summary>A clip's job and its asset say which mode made it and, when the provider used another, why (local providers).</summary>
public sealed class ClipModeJobsTests
{
    [Fact]
    public async Task Each_clip_job_records_the_mode_asked_and_used_and_a_replaced_mode_names_its_reason_in_the_job_and_the_drama()
    {
        await using var app = new DramaGenApplication(new Dictionary<string, string?> { ["CHARACTER_VIEWS"] = "side", ["LOCAL_MEDIA_SIZE"] = "96" });
        var client = app.CreateClient();
        var document = SampleDramas.Document("drama_modes");
        var scenes = document["episodes"]![0]!["scenes"]!.AsArray();
        foreach (var scene in scenes) scene!["assets"]![0]!["durationSeconds"] = 2;
        scenes[0]!["endFrame"] = new JsonObject { ["prompt"] = "Mara closes the door." };
        scenes[0]!["assets"]![0]!["mode"] = "first_last";
        // Nobody is in s002 and its clip names no one: a reference clip with no references to send.
        scenes[1]!["characters"] = new JsonArray();
        scenes[1]!["assets"]![0]!["mode"] = "reference";
        scenes[1]!["assets"]![0]!["dependsOn"] = new JsonArray();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", document)).StatusCode);

        var parent = await client.WaitForJobAsync(await client.PostAsJsonAsync("/dramas/drama_modes/generate", new { }));

        Assert.Equal("completed", JobWaiting.Status(parent));
        var jobs = parent["jobs"]!.AsArray().ToDictionary(job => job!["asset_id"]!.GetValue<string>(), job => job!["metadata"]!);
        var interpolated = jobs["scene_asset_e001_s001_a001"];
        Assert.Equal(("first_last", "first_last"), (interpolated["clip_mode"]!.GetValue<string>(), interpolated["clip_mode_used"]!.GetValue<string>()));
        Assert.Null(interpolated["provider_notes"]);
        // What the engine leader learns the latency from when another instance made the clip.
        Assert.True(interpolated["call_seconds"]!.GetValue<double>() >= 0);
        var replaced = jobs["scene_asset_e001_s002_a001"];
        Assert.Equal(("reference", "first_frame"), (replaced["clip_mode"]!.GetValue<string>(), replaced["clip_mode_used"]!.GetValue<string>()));
        const string reason = "local: asked mode reference, used first_frame (no reference images were given)";
        Assert.Equal([reason], replaced["provider_notes"]!.AsArray().Select(note => note!.GetValue<string>()));
        var stored = (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_modes"))!["episodes"]![0]!["scenes"]!.AsArray();
        Assert.Equal("first_last", stored[0]!["assets"]![0]!["modeUsed"]!.GetValue<string>());
        Assert.Null(stored[0]!["assets"]![0]!["modeNote"]);
        Assert.Equal(("first_frame", reason), (stored[1]!["assets"]![0]!["modeUsed"]!.GetValue<string>(), stored[1]!["assets"]![0]!["modeNote"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_clip_taken_from_its_job_record_keeps_its_mode_used_and_fallback_note_in_the_drama()
    {
        // How the leader applies a clip another instance made (WORK_DISTRIBUTION=hangfire), and how a resumed run restores one.
        await using var app = new DramaGenApplication();
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_remote_clip"))).StatusCode);
        var dramas = app.Services.GetRequiredService<DramaRepository>();
        var drama = (await dramas.GetAsync("drama_remote_clip"))!.Drama;
        Assert.True(DramaGraph.TryBuild(drama, out var graph, out _));
        var clip = graph.Find("scene_asset_e001_s002_a001")!;
        const string reason = "local: asked mode reference, used first_frame (no reference images were given)";
        var child = new JobRecord
        {
            JobId = "job_clip", DramaId = "drama_remote_clip", AssetId = clip.Id, JobType = "video", Status = JobStatus.Completed,
            CreatedAt = DateTimeOffset.UtcNow, R2Url = "https://media.example/clip.mp4",
            Metadata = new JsonObject
            {
                ["clip_mode"] = "reference", ["clip_mode_used"] = "first_frame", ["provider_notes"] = new JsonArray(reason),
            },
        };
        var writeback = new DramaWriteback(dramas, "drama_remote_clip", NullLogger.Instance);

        RunPreparer.RestoreState(new DramaState("drama_remote_clip"), writeback, clip, child);
        await writeback.FlushAsync();

        var asset = (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_remote_clip"))!["episodes"]![0]!["scenes"]![1]!["assets"]![0]!;
        Assert.Equal("https://media.example/clip.mp4", asset["url"]!.GetValue<string>());
        Assert.Equal(("first_frame", reason), (asset["modeUsed"]!.GetValue<string>(), asset["modeNote"]!.GetValue<string>()));
    }
}
