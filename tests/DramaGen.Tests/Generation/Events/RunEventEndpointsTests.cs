using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Generation.Events;
using DramaGen.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace DramaGen.Tests.Generation.Events;

/// <summary>The SSE route through the real pipeline, with the engine's publishing played by the test.</summary>
public sealed class RunEventEndpointsTests
{
    private static string EventsUrl(JobRecord parent) => $"/dramas/{parent.DramaId}/jobs/{parent.JobId}/events";

    private static (IJobStore Store, IRunEventPublisher Publisher) Parts(DramaGenApplication app) =>
        (app.Services.GetRequiredService<IJobStore>(), app.Services.GetRequiredService<IRunEventPublisher>());

    [Fact]
    public async Task Stream_sends_the_run_so_far_then_live_events_in_order_and_ends_with_the_parents_final_counts()
    {
        await using var app = new DramaGenApplication();
        var (store, publisher) = Parts(app);
        var parent = await RunJobs.CreateAsync(store, "drama_a", "char_c001", "ep_e001", "scene_e001_s001");
        await RunJobs.SetAsync(store, publisher, parent, "char_c001", JobStatus.Running);
        var client = app.CreateClient();
        await using var stream = await SseReader.OpenAsync(client, EventsUrl(parent));

        var first = await stream.NextEventAsync();
        Assert.Equal("node", first.Event);
        await RunJobs.SetAsync(store, publisher, parent, "char_c001", JobStatus.Completed, "/files/c1.png");
        await RunJobs.SetAsync(store, publisher, parent, "ep_e001", JobStatus.Completed);
        await RunJobs.SetAsync(store, publisher, parent, "scene_e001_s001", JobStatus.Running);
        await RunJobs.SetAsync(store, publisher, parent, "scene_e001_s001", JobStatus.Completed, "/files/s1.png");
        await RunJobs.EndAsync(store, publisher, parent);
        var events = new[] { first }.Concat(await stream.ReadToEndAsync()).ToList();

        Assert.Equal(events.Select(e => e.Sequence).Order(), events.Select(e => e.Sequence));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.Equal("end", events[^1].Event);
        Assert.Single(events, e => e.Event == "end");
        var completed = events.Where(e => e.Event == "progress").Select(e => (int)e.Json["completed_jobs"]!).ToList();
        Assert.Equal(completed.Order(), completed);
        Assert.Equal(3, completed[^1]);
        var sceneStates = events.Where(e => e.Event == "node" && (string?)e.Json["node_id"] == "scene_e001_s001").Select(e => (string?)e.Json["status"]);
        Assert.Equal(["pending", "running", "completed"], sceneStates);
        Assert.Equal("/files/s1.png", (string?)events.Last(e => e.Event == "node").Json["url"]);

        var poll = (await client.GetFromJsonAsync<JsonObject>($"/dramas/drama_a/jobs/{parent.JobId}"))!;
        var end = events[^1].Json;
        foreach (var count in new[] { "status", "total_jobs", "completed_jobs", "failed_jobs", "running_jobs", "pending_jobs", "skipped_jobs" })
        {
            Assert.Equal(poll[count]!.ToJsonString(), end[count]!.ToJsonString());
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Reconnecting_with_the_last_event_id_sends_exactly_the_missed_events(bool asHeader)
    {
        await using var app = new DramaGenApplication();
        var (store, publisher) = Parts(app);
        var parent = await RunJobs.CreateAsync(store, "drama_a", "char_c001", "char_c002");
        var client = app.CreateClient();
        string lastSeen;
        await using (var stream = await SseReader.OpenAsync(client, EventsUrl(parent)))
        {
            await RunJobs.SetAsync(store, publisher, parent, "char_c001", JobStatus.Running);
            SseMessage message;
            do message = await stream.NextEventAsync(); while (message.Event != "progress" || (int)message.Json["running_jobs"]! != 1);
            lastSeen = message.Id!;
        }

        await RunJobs.SetAsync(store, publisher, parent, "char_c001", JobStatus.Completed, "/files/c1.png");
        await RunJobs.SetAsync(store, publisher, parent, "char_c002", JobStatus.Failed, error: "provider said no");
        await RunJobs.EndAsync(store, publisher, parent, JobStatus.Failed);

        await using var resumed = asHeader
            ? await SseReader.OpenAsync(client, EventsUrl(parent), lastEventId: lastSeen)
            : await SseReader.OpenAsync(client, EventsUrl(parent) + "?lastEventId=" + Uri.EscapeDataString(lastSeen));
        var missed = await resumed.ReadToEndAsync();
        await using var everything = await SseReader.OpenAsync(client, EventsUrl(parent));
        var all = await everything.ReadToEndAsync();

        Assert.Equal(all.SkipWhile(e => e.Id != lastSeen).Skip(1).Select(e => e.Id), missed.Select(e => e.Id));
        Assert.Equal(["node", "progress", "node", "progress", "end"], missed.Select(e => e.Event));
        Assert.Equal("provider said no", (string?)missed[2].Json["error"]);
    }

    [Fact]
    public async Task Reconnecting_after_the_end_gets_204_so_event_source_stops()
    {
        await using var app = new DramaGenApplication();
        var (store, publisher) = Parts(app);
        var parent = await RunJobs.CreateAsync(store, "drama_a", "char_c001");
        await RunJobs.SetAsync(store, publisher, parent, "char_c001", JobStatus.Completed);
        await RunJobs.EndAsync(store, publisher, parent);
        var client = app.CreateClient();
        await using var stream = await SseReader.OpenAsync(client, EventsUrl(parent));
        var end = (await stream.ReadToEndAsync())[^1];

        using var request = new HttpRequestMessage(HttpMethod.Get, EventsUrl(parent));
        request.Headers.Add("Last-Event-ID", end.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Run_not_in_memory_is_replayed_from_its_job_files()
    {
        await using var app = new DramaGenApplication();
        var store = app.Services.GetRequiredService<IJobStore>();
        var parent = await RunJobs.CreateAsync(store, "drama_a", "char_c001", "char_c002");
        await store.UpdateAsync(RunJobs.ChildId(parent.JobId, "char_c001"), job => { job.Status = JobStatus.Completed; job.R2Url = "/files/c1.png"; });
        await store.UpdateAsync(RunJobs.ChildId(parent.JobId, "char_c002"), job => { job.Status = JobStatus.Skipped; });
        await store.UpdateAsync(parent.JobId, job => job.Status = JobStatus.Completed);

        await using var stream = await SseReader.OpenAsync(app.CreateClient(), EventsUrl(parent));
        var events = await stream.ReadToEndAsync();

        Assert.Equal(["node", "node", "progress", "end"], events.Select(e => e.Event));
        Assert.Equal("/files/c1.png", (string?)events[0].Json["url"]);
        Assert.Equal(1, (int)events[3].Json["skipped_jobs"]!);
    }

    [Theory]
    [InlineData("/dramas/drama_a/jobs/job_missing/events", HttpStatusCode.NotFound)]
    [InlineData("/dramas/drama_other/jobs/{job}/events", HttpStatusCode.NotFound)]
    [InlineData("/dramas/bad.id/jobs/{job}/events", HttpStatusCode.BadRequest)]
    [InlineData("/dramas/drama_a/jobs/job%20x/events", HttpStatusCode.BadRequest)]
    [InlineData("/dramas/drama_a/jobs/{job}/events?lastEventId=notanid", HttpStatusCode.BadRequest)]
    public async Task Bad_requests_get_problem_details(string url, HttpStatusCode expected)
    {
        await using var app = new DramaGenApplication();
        var parent = await RunJobs.CreateAsync(app.Services.GetRequiredService<IJobStore>(), "drama_a", "char_c001");

        var response = await app.CreateClient().GetAsync(url.Replace("{job}", parent.JobId));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
