using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Tests.Dramas;

namespace DramaGen.Tests.Generation.Events;

/// <summary>The event stream of a real run: the engine on the local providers, watched through the API.</summary>
public sealed class RunEventGenerationTests
{
    [Fact]
    public async Task Small_run_streams_each_nodes_states_in_order_and_ends_with_the_parent_jobs_final_counts()
    {
        await using var app = new DramaGenApplication(new Dictionary<string, string?> { ["LOCAL_IMAGE_LATENCY_MS"] = "50" });
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_sse", scenes: 2))).StatusCode);
        var plan = (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_sse/plan"))!;
        var nodeIds = plan["nodes"]!.AsArray().Select(node => (string)node!["id"]!).ToHashSet();

        var started = await client.PostAsJsonAsync("/dramas/drama_sse/generate", new { force = false });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var jobId = (string)(await started.Content.ReadFromJsonAsync<JsonObject>())!["jobId"]!;
        await using var stream = await SseReader.OpenAsync(client, $"/dramas/drama_sse/jobs/{jobId}/events");
        var events = await stream.ReadToEndAsync();

        Assert.Equal(events.Select(e => e.Sequence).Order(), events.Select(e => e.Sequence));
        Assert.Equal("end", events[^1].Event);
        Assert.Single(events, e => e.Event == "end");
        var nodeEvents = events.Where(e => e.Event == "node").Select(e => e.Json).ToList();
        Assert.Equal(nodeIds, nodeEvents.Select(e => (string)e["node_id"]!).ToHashSet());
        foreach (var node in nodeIds)
        {
            var states = nodeEvents.Where(e => (string)e["node_id"]! == node).Select(e => (string)e["status"]!).ToList();
            Assert.Equal("completed", states[^1]);
            // A node never goes back: pending, then running, then completed (some states may be skipped over, none repeated out of order).
            var ranks = states.Select(s => Array.IndexOf(["pending", "running", "completed"], s)).ToList();
            Assert.Equal(ranks.Order(), ranks);
        }
        var completed = events.Where(e => e.Event == "progress").Select(e => (int)e.Json["completed_jobs"]!).ToList();
        Assert.Equal(completed.Order(), completed);

        var poll = (await client.GetFromJsonAsync<JsonObject>($"/dramas/drama_sse/jobs/{jobId}"))!;
        var end = events[^1].Json;
        Assert.Equal("completed", (string?)poll["status"]);
        foreach (var field in new[] { "status", "total_jobs", "completed_jobs", "failed_jobs", "running_jobs", "pending_jobs", "skipped_jobs" })
        {
            Assert.Equal(poll[field]!.ToJsonString(), end[field]!.ToJsonString());
        }
        Assert.Equal(nodeIds.Count, (int)end["completed_jobs"]!);
    }
}
