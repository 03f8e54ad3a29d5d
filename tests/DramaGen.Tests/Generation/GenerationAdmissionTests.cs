using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Generation.Runs;
using DramaGen.Jobs;
using DramaGen.Providers;
using DramaGen.Tests.Api;
using DramaGen.Tests.Dramas;
using DramaGen.Tests.Generation.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace DramaGen.Tests.Generation;

/// <summary>GENERATION_QUEUE_CAPACITY bounds the runs accepted and unfinished; a drama has one active run at a time.</summary>
public sealed class GenerationAdmissionTests
{
    [Fact]
    public async Task A_full_queue_is_503_with_retry_after_and_a_second_run_of_a_drama_is_409_naming_the_first()
    {
        await using var service = GatedService.Start("GENERATION_QUEUE_CAPACITY", "2");
        var (app, gate) = (service.App, service.Gate);
        var client = app.CreateClient();
        foreach (var id in new[] { "drama_q1", "drama_q2", "drama_q3" })
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", SampleDramas.Document(id))).StatusCode);
        }

        var first = await client.PostAsync("/dramas/drama_q1/generate", null);
        var second = await client.PostAsync("/dramas/drama_q2/generate", null);
        var full = await client.PostAsync("/dramas/drama_q3/generate", null);
        var again = await client.PostAsync("/dramas/drama_q1/generate", null);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, second.StatusCode));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
        Assert.NotNull(full.Headers.RetryAfter);
        Assert.Equal("application/problem+json", full.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var firstJobId = (await first.Content.ReadFromJsonAsync<JsonObject>())!["jobId"]!.GetValue<string>();
        Assert.Equal(firstJobId, (await again.Content.ReadFromJsonAsync<JsonObject>())!["jobId"]!.GetValue<string>());
        Assert.Equal("[]", (await client.GetFromJsonAsync<JsonNode>("/dramas/drama_q3/jobs"))!.ToJsonString());

        gate.TrySetResult();
        Assert.Equal("completed", (await client.WaitForJobAsync(first.Headers.Location!.OriginalString))["status"]!.GetValue<string>());
        Assert.Equal("completed", (await client.WaitForJobAsync(second.Headers.Location!.OriginalString))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/dramas/drama_q3/generate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/dramas/drama_q1/generate", null)).StatusCode);
    }

    [Fact]
    public async Task Execute_and_cut_while_the_drama_runs_are_409_naming_the_running_job()
    {
        await using var service = GatedService.Start("EPISODE_CUTS", "true");
        var app = service.App;
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_busy"))).StatusCode);
        var running = await client.PostAsync("/dramas/drama_busy/generate", null);
        var runningJobId = (await running.Content.ReadFromJsonAsync<JsonObject>())!["jobId"]!.GetValue<string>();

        foreach (var path in new[] { "/dramas/drama_busy/execute", "/dramas/drama_busy/episodes/e001/cut" })
        {
            var refused = await client.PostAsync(path, null);

            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal(runningJobId, (await refused.Content.ReadFromJsonAsync<JsonObject>())!["jobId"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_run_whose_end_is_written_frees_its_drama_and_its_room_before_its_lane_lets_go()
    {
        await using var service = GatedService.Start("GENERATION_QUEUE_CAPACITY", "1");
        var (app, gate) = (service.App, service.Gate);
        var client = app.CreateClient();
        foreach (var id in new[] { "drama_end1", "drama_end2" })
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", SampleDramas.Document(id))).StatusCode);
        }
        var jobs = app.Services.GetRequiredService<IJobStore>();
        var queue = app.Services.GetRequiredService<RunQueue>();
        // A run admitted and running whose lane has not let go: only its end, written by RunOutcomes, may free it.
        Assert.Null(queue.TryAdmit("drama_end1", "job_first"));
        var first = await jobs.CreateAsync(new JobRecord
        {
            JobId = "job_first", DramaId = "drama_end1", AssetId = "drama_end1", JobType = GenerationWorker.DagJobType,
            Status = JobStatus.Running, CreatedAt = DateTimeOffset.UtcNow,
        });
        var refused = await client.PostAsync("/dramas/drama_end1/generate", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.PostAsync("/dramas/drama_end2/generate", null)).StatusCode);

        await app.Services.GetRequiredService<RunOutcomes>().FinishAsync(first, JobStatus.Failed, "a clip failed");

        var next = await client.PostAsync("/dramas/drama_end1/generate", null);
        Assert.Equal(HttpStatusCode.Accepted, next.StatusCode);
        var nextJobId = (await next.Content.ReadFromJsonAsync<JsonObject>())!["jobId"]!.GetValue<string>();
        // The lane letting go of the first run later frees nothing of the next one.
        queue.Finished("drama_end1", "job_first");
        var again = await client.PostAsync("/dramas/drama_end1/generate", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(nextJobId, (await again.Content.ReadFromJsonAsync<JsonObject>())!["jobId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.PostAsync("/dramas/drama_end2/generate", null)).StatusCode);
        gate.TrySetResult();
        var ended = await client.WaitForJobAsync(next.Headers.Location!.OriginalString);
        Assert.True(ended["status"]!.GetValue<string>() == "completed", ended.ToJsonString());
    }

    /// <summary>The service whose image calls wait at a gate until the test opens it (or ends: the gate opens before the app stops).</summary>
    private sealed class GatedService : IAsyncDisposable
    {
        private GatedService(DramaGenApplication app, TaskCompletionSource gate) => (App, Gate) = (app, gate);

        public DramaGenApplication App { get; }

        public TaskCompletionSource Gate { get; }

        public static GatedService Start(string setting, string value)
        {
            var sequence = new CallSequence();
            var image = new FakeImageProvider(TimeProvider.System, sequence);
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            image.Instrument.OnCall = _ => gate.Task;
            return new GatedService(new DramaGenApplication(new Dictionary<string, string?> { [setting] = value }, services =>
            {
                services.AddSingleton<IImageProvider>(image);
                services.AddSingleton<IVideoProvider>(new FakeVideoProvider(TimeProvider.System, sequence));
            }), gate);
        }

        public async ValueTask DisposeAsync()
        {
            Gate.TrySetResult();
            await App.DisposeAsync();
        }
    }
}
